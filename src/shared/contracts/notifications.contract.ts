import { IdParamsSchema, PeriodCodeSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * A signed-in person's notifications (ADR 0028): a value of theirs observed or validated, a
 * period opened, a deadline in 7 days or 1 day, a deadline passed; an access-to-information
 * request due within 3 días hábiles or overdue (issue 16). Everyone sees only their
 * own; the texts are built in the browser from the kind and the facts, in the reader's
 * language.
 */

export const NOTIFICATION_KINDS = [
  "valor_observado",
  "valor_validado",
  "periodo_abierto",
  "plazo_7_dias",
  "plazo_1_dia",
  "vencido",
  "solicitud_por_vencer",
  "solicitud_vencida",
] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

export const NotificationSchema = z.object({
  id: z.number().int(),
  kind: NotificationKindSchema,
  /** Null for an access request's notice, which belongs to no policy or period. */
  policy: z.string().nullable(),
  year: z.number().int().nullable(),
  period: PeriodCodeSchema.nullable(),
  /**
   * The period's deadline as it is now (it may have been moved since), or the access
   * request's, computed in días hábiles with its extension.
   */
  deadline: z.string().nullable(),
  indicator: z.object({ code: z.string(), name: z.string() }).nullable(),
  entity: z.string().nullable(),
  measurementId: z.number().int().nullable(),
  pendingCount: z.number().int().nullable(),
  accessRequestId: z.number().int().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  unread: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NotificationCountSchema = z.object({ unread: z.number().int() });

export const NotificationListSchema = z.object({
  unread: z.number().int(),
  items: z.array(NotificationSchema),
});

export const notificationsContract = {
  list: defineContract({
    method: "get",
    path: "/api/notifications",
    summary: "Mis notificaciones, las más recientes primero, con el número de no leídas",
    tags: ["notificaciones"],
    access: "signed-in",
    query: NotificationListQuerySchema,
    response: NotificationListSchema,
  }),
  count: defineContract({
    method: "get",
    path: "/api/notifications/unread-count",
    summary: "Número de notificaciones no leídas (la campana del encabezado)",
    tags: ["notificaciones"],
    access: "signed-in",
    response: NotificationCountSchema,
  }),
  markRead: defineContract({
    method: "post",
    path: "/api/notifications/:id/read",
    summary: "Marcar una notificación propia como leída",
    tags: ["notificaciones"],
    access: "signed-in",
    params: IdParamsSchema,
    response: NotificationCountSchema,
  }),
  markAllRead: defineContract({
    method: "post",
    path: "/api/notifications/read-all",
    summary: "Marcar todas mis notificaciones como leídas",
    tags: ["notificaciones"],
    access: "signed-in",
    response: NotificationCountSchema,
  }),
};
