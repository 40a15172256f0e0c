import { ROLES } from "../permissions.ts";
import { CodeSchema, IdParamsSchema, TerritoryCodeSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { EmailSchema, PasswordSchema } from "./auth.contract.ts";
import { defineContract } from "./contract.ts";

/** Accounts, their roles and the entities they report for; the list of entities. */

export const RoleSchema = z.enum(ROLES);

const DisplayNameSchema = z.string().trim().min(2).max(200);

export const UserCreateSchema = z.object({
  email: EmailSchema,
  displayName: DisplayNameSchema,
  role: RoleSchema,
  entities: z
    .array(CodeSchema)
    .default([])
    .describe("Entity codes the user reports for (punto focal)"),
  proxyEntities: z
    .array(CodeSchema)
    .default([])
    .describe("Entities the user may report for by proxy grant"),
  territory: TerritoryCodeSchema.nullable()
    .default(null)
    .describe(
      "Territorial scope (ubigeo): required for conductor_regional, optional for punto_focal, none for national roles",
    ),
  password: PasswordSchema,
});

export const UserUpdateSchema = z.object({
  displayName: DisplayNameSchema.optional(),
  role: RoleSchema.optional(),
  isActive: z.boolean().optional(),
  entities: z.array(CodeSchema).optional(),
  proxyEntities: z.array(CodeSchema).optional(),
  territory: TerritoryCodeSchema.nullable().optional(),
});

export const UserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  isActive: z.boolean(),
  isDemo: z.boolean(),
  mustChangePassword: z.boolean(),
  mfaEnrolled: z.boolean().describe("Has a confirmed authenticator (TOTP)"),
  lockedUntil: z.string().nullable(),
  entities: z.array(z.object({ code: z.string(), grant: z.enum(["propia", "delegada"]) })),
  territory: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

/** Filters of the account list; each one narrows it, none lists every account. */
export const UserListQuerySchema = z.object({
  role: RoleSchema.optional(),
  entity: CodeSchema.optional().describe("Accounts holding a grant (own or proxy) for the entity"),
  active: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
});

/** A reset: the temporary password, shown once to the administrator and never stored in clear. */
export const PasswordResetSchema = z.object({
  user: UserSchema,
  temporaryPassword: z.string(),
  sessionsEnded: z.number().int(),
});

export const MfaResetSchema = z.object({ user: UserSchema, sessionsEnded: z.number().int() });

/** An entity as the account forms list it. */
export const EntitySummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parent: z.string().nullable(),
});
export type Entity = z.infer<typeof EntitySummarySchema>;

export const usersContract = {
  list: defineContract({
    method: "get",
    path: "/api/users",
    summary: "Usuarios",
    tags: ["administración"],
    access: "user.manage",
    query: UserListQuerySchema,
    response: z.array(UserSchema),
  }),
  create: defineContract({
    method: "post",
    path: "/api/users",
    summary: "Crear usuario",
    tags: ["administración"],
    access: "user.manage",
    body: UserCreateSchema,
    response: UserSchema,
    status: 201,
  }),
  update: defineContract({
    method: "patch",
    path: "/api/users/:id",
    summary: "Modificar usuario (nombre, rol, entidades propias y delegadas, activo)",
    tags: ["administración"],
    access: "user.manage",
    params: IdParamsSchema,
    body: UserUpdateSchema,
    response: UserSchema,
  }),
  resetPassword: defineContract({
    method: "post",
    path: "/api/users/:id/password-reset",
    summary: "Restablecer contraseña (temporal, a cambiar al ingresar)",
    description:
      "Issues a random temporary password, returned once; the account must change it at its next sign-in. Ends the account's sessions and lifts a lockout.",
    tags: ["administración"],
    access: "user.manage",
    params: IdParamsSchema,
    response: PasswordResetSchema,
  }),
  resetMfa: defineContract({
    method: "delete",
    path: "/api/users/:id/mfa",
    summary: "Restablecer el segundo factor (perdió su aplicación de autenticación)",
    description:
      "Removes the account's authenticator and recovery codes and ends its sessions; at the next sign-in it enrols again. Audited. Not for one's own account.",
    tags: ["administración"],
    access: "user.manage",
    params: IdParamsSchema,
    response: MfaResetSchema,
  }),
  entities: defineContract({
    method: "get",
    path: "/api/entities",
    summary: "Entidades",
    tags: ["catálogo"],
    access: "signed-in",
    response: z.array(EntitySummarySchema),
  }),
};
