import { z } from "zod";
import { AuditEventSchema, AuditQuerySchema } from "../../../shared/schemas/tablero.schema.ts";
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
    response: z.array(AuditEventSchema),
    handle: ({ db, actor, query }) => listAuditEvents(db, actor, query),
  }),
];
