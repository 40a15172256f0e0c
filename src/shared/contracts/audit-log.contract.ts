import { ActorUserSchema, InstantQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/** The append-only audit log, read by administrators. */

export const AuditQuerySchema = z.object({
  actor: z
    .string()
    .max(200)
    .optional()
    .describe("An actor id (user:2, cli:maria), or part of a user's name or e-mail"),
  action: z.string().max(100).optional(),
  objectType: z.string().max(100).optional(),
  from: InstantQuerySchema.optional(),
  to: InstantQuerySchema.optional(),
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
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const auditLogContract = {
  list: defineContract({
    method: "get",
    path: "/api/audit",
    summary: "Registro de auditoría (solo lectura)",
    tags: ["administración"],
    access: "audit.read",
    query: AuditQuerySchema,
    response: z.array(AuditEventSchema),
  }),
};
