import { z } from "zod";
import { AuditQuerySchema } from "../../../shared/schemas/tablero.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { listAuditEvents } from "./audit-log.service.ts";

export const auditLogRoutes = [
  defineRoute({
    method: "get",
    path: "/api/audit",
    summary: "Registro de auditoría (solo lectura)",
    tags: ["administración"],
    access: "audit.read",
    query: AuditQuerySchema,
    response: z.array(
      z.object({
        id: z.number().int(),
        at: z.string(),
        actor: z.string(),
        action: z.string(),
        objectType: z.string(),
        objectId: z.string(),
        before: z.unknown(),
        after: z.unknown(),
        ip: z.string().nullable(),
      }),
    ),
    handle: ({ db, actor, query }) => listAuditEvents(db, actor, query),
  }),
];
