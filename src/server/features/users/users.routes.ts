import { z } from "zod";
import {
  IdParamsSchema,
  UserCreateSchema,
  UserSchema,
  UserUpdateSchema,
} from "../../../shared/schemas/tablero.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { createUser, listEntities, listUsers, updateUser } from "./users.service.ts";

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const presentUser = (u: Awaited<ReturnType<typeof listUsers>>[number]) => ({
  ...u,
  role: u.role as z.infer<typeof UserSchema>["role"],
  lockedUntil: iso(u.lockedUntil),
  createdAt: new Date(u.createdAt).toISOString(),
});

export const userRoutes = [
  defineRoute({
    method: "get",
    path: "/api/users",
    summary: "Usuarios",
    tags: ["administración"],
    access: "user.manage",
    response: z.array(UserSchema),
    handle: async ({ db, actor }) => (await listUsers(db, actor)).map(presentUser),
  }),
  defineRoute({
    method: "post",
    path: "/api/users",
    summary: "Crear usuario",
    tags: ["administración"],
    access: "user.manage",
    body: UserCreateSchema,
    response: UserSchema,
    status: 201,
    handle: async ({ db, actor, body }) => {
      const { id } = await createUser(db, actor, body);
      const created = (await listUsers(db, actor)).find((u) => u.id === id);
      if (!created) throw new Error("user vanished after creation");
      return presentUser(created);
    },
  }),
  defineRoute({
    method: "patch",
    path: "/api/users/:id",
    summary: "Modificar usuario (rol, entidades, activo)",
    tags: ["administración"],
    access: "user.manage",
    params: IdParamsSchema,
    body: UserUpdateSchema,
    response: UserSchema,
    handle: async ({ db, actor, params, body }) =>
      presentUser(await updateUser(db, actor, { id: params.id, patch: body })),
  }),
  defineRoute({
    method: "get",
    path: "/api/entities",
    summary: "Entidades",
    tags: ["catálogo"],
    access: "signed-in",
    response: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.string(),
        parent: z.string().nullable(),
      }),
    ),
    handle: ({ db, actor }) => listEntities(db, actor),
  }),
];
