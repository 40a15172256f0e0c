import { ROLES } from "../permissions.ts";
import { ActorUserSchema, YearQuerySchema } from "./common.schema.ts";
import { z } from "./zod-locale.ts";

/**
 * Requests and responses of the Tablero de Control not yet in a contract: accounts, the
 * dashboard, administration. Data entry is in contracts/data-entry.contract.ts.
 */

const code = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/)
  .max(40);
const year = YearQuerySchema;

export const PASSWORD_MIN_LENGTH = 12;

/** Password policy: 12+ characters with letters and digits (argon2id stores it). */
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `La contraseña debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`)
  .max(200)
  .refine(
    (p) => /[A-Za-zÁÉÍÓÚÑáéíóúñ]/.test(p) && /\d/.test(p),
    "La contraseña debe combinar letras y números.",
  );

export const LoginSchema = z.object({
  email: z.string().trim().toLowerCase().email("Correo electrónico inválido.").max(200),
  password: z.string().min(1, "Ingrese su contraseña.").max(200),
});

export const SessionUserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  entities: z.array(
    z.object({ id: z.number().int(), code: z.string(), grant: z.enum(["propia", "delegada"]) }),
  ),
  permissions: z.array(z.string()),
  isDemo: z.boolean(),
});

export const SessionSchema = z.object({
  user: SessionUserSchema,
  csrfToken: z.string().describe("Send back as the X-CSRF-Token header on every mutating request"),
  expiresAt: z.string(),
});

export const UserCreateSchema = z.object({
  email: z.string().trim().toLowerCase().email("Correo electrónico inválido.").max(200),
  displayName: z.string().trim().min(2).max(200),
  role: z.enum(ROLES),
  entities: z.array(code).default([]).describe("Entity codes the user reports for (punto focal)"),
  proxyEntities: z
    .array(code)
    .default([])
    .describe("Entities the user may report for by proxy grant"),
  password: PasswordSchema,
});

export const UserUpdateSchema = z.object({
  displayName: z.string().trim().min(2).max(200).optional(),
  role: z.enum(ROLES).optional(),
  isActive: z.boolean().optional(),
  entities: z.array(code).optional(),
  proxyEntities: z.array(code).optional(),
});

export const UserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  isActive: z.boolean(),
  isDemo: z.boolean(),
  lockedUntil: z.string().nullable(),
  entities: z.array(z.object({ code: z.string(), grant: z.enum(["propia", "delegada"]) })),
  createdAt: z.string(),
});

export const DashboardQuerySchema = z.object({
  year,
  preview: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const ReportingStatusSchema = z.object({
  entity: z.string(),
  expected: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int().describe("Not sent and the deadline has passed"),
  pending: z.number().int().describe("Not sent yet, deadline still ahead"),
  validated: z.number().int(),
});

export const TrendPointSchema = z.object({
  year: z.number().int(),
  objective: z.string(),
  tipo1: z.union([z.number(), z.literal("ND")]),
  tipo2: z.union([z.number(), z.literal("ND")]),
});

export const MetaRevisionSchema = z.object({
  year,
  value: z.number().finite(),
  reason: z
    .string()
    .trim()
    .min(10, "Explique el motivo del cambio (mínimo 10 caracteres).")
    .max(4000),
});

export const CommitmentUpdateSchema = z.object({
  status: z.enum(["pendiente", "en_proceso", "cumplido", "no_cumplido"]),
  comment: z.string().max(4000).nullable().default(null),
});

export const AuditQuerySchema = z.object({
  actor: z
    .string()
    .max(200)
    .optional()
    .describe("An actor id (user:2, cli:maria), or part of a user's name or e-mail"),
  action: z.string().max(100).optional(),
  objectType: z.string().max(100).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().describe("Actor id as recorded: the provenance"),
  actorUser: ActorUserSchema,
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export { IdParamsSchema } from "./common.schema.ts";
export const PolicyYearSchema = z.object({ code, year });
