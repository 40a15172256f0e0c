import { CodeSchema, IdParamsSchema, IsoDateSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";
import { COMPLIANCE_EXAMPLE } from "./public-examples.ts";

/**
 * The register of requests for public information (TUO de la Ley 27806, DS 021-2019-JUS) sent
 * to the policy's entities, with the deadline in días hábiles, the one extension of art. 11 g),
 * the answer and its documents, the reminders before each deadline and every entity's
 * compliance, which is public (docs/transparency.md).
 */

export const AccessRequestOutcomeSchema = z.enum([
  "pendiente",
  "respondida",
  "parcial",
  "no_respondida",
]);
export type AccessRequestOutcome = z.infer<typeof AccessRequestOutcomeSchema>;

/** Where a request stands today, derived from the dates and the outcome. */
export const AccessRequestStatusSchema = z.enum([
  "en_plazo",
  "vencida",
  "respondida_en_plazo",
  "respondida_fuera_de_plazo",
  "no_respondida",
]);
export type AccessRequestStatus = z.infer<typeof AccessRequestStatusSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const AccessRequestCreateSchema = z.object({
  entity: CodeSchema.describe("Code of the entity asked, e.g. MINEM"),
  requester: text(200).describe("The requesting organisation (never a person's name)"),
  reference: text(100).optional().describe("The entity's expediente or registry number"),
  questions: text(20000),
  sentOn: IsoDateSchema.describe("Day the entity received the request"),
  notes: text(4000).optional(),
});

export const AccessRequestExtensionSchema = z.object({
  notifiedOn: IsoDateSchema.describe("Day the entity notified the extension (art. 11 g)"),
  newDate: IsoDateSchema.describe("The date the entity committed to answer by"),
  reason: text(2000).optional(),
});

export const AccessRequestAnswerSchema = z.object({
  outcome: z.enum(["respondida", "parcial", "no_respondida"]),
  answeredOn: IsoDateSchema.optional().describe("Required for respondida and parcial"),
  notes: text(4000).optional(),
});

export const AccessRequestDocumentCreateSchema = z.object({
  kind: z.enum(["solicitud", "prorroga", "respuesta", "otro"]),
  title: text(200),
  link: text(1000).describe("A URL or the registry reference of the document"),
});

export const AccessRequestDocumentSchema = z.object({
  id: z.number().int(),
  kind: z.enum(["solicitud", "prorroga", "respuesta", "otro"]),
  title: z.string(),
  link: z.string().nullable(),
  fileName: z.string().nullable(),
  addedAt: z.string(),
});

export const AccessRequestSchema = z.object({
  id: z.number().int(),
  entity: z.object({ code: z.string(), name: z.string() }),
  requester: z.string(),
  reference: z.string().nullable(),
  questions: z.string(),
  sentOn: z.string(),
  legalDeadline: z.string().describe("10 días hábiles after sentOn (art. 11 b)"),
  deadline: z.string().describe("The extension's date when there is one, else the legal one"),
  extension: z
    .object({ notifiedOn: z.string(), newDate: z.string(), reason: z.string().nullable() })
    .nullable(),
  extensionNoticeLimit: z.string().describe("Last day the entity may notify an extension"),
  skippedDays: z
    .array(z.object({ date: z.string(), reason: z.string() }))
    .describe("Non-working days inside the legal plazo, to explain the date"),
  answeredOn: z.string().nullable(),
  outcome: AccessRequestOutcomeSchema,
  status: AccessRequestStatusSchema,
  workingDaysLeft: z
    .number()
    .int()
    .nullable()
    .describe("Open requests: días hábiles until the deadline (negative when overdue)"),
  workingDaysLate: z.number().int().nullable().describe("Answered late by this many días hábiles"),
  overdue: z.boolean(),
  notes: z.string().nullable(),
  documents: z.array(AccessRequestDocumentSchema),
  calendarVersion: z.string(),
});
export type AccessRequest = z.infer<typeof AccessRequestSchema>;

export const AccessRequestListQuerySchema = z.object({
  entity: CodeSchema.optional(),
  status: AccessRequestStatusSchema.optional(),
});

export const AccessRequestRemindersQuerySchema = z.object({
  withinWorkingDays: z.coerce.number().int().min(0).max(60).default(3),
});

export const AccessRequestReminderSchema = z.object({
  id: z.number().int(),
  entity: z.string(),
  requester: z.string(),
  deadline: z.string(),
  workingDaysLeft: z.number().int(),
  overdue: z.boolean(),
  message: z.string().describe("«Vence en N días hábiles» or «Vencida hace N días hábiles»"),
});

export const AccessComplianceRowSchema = z.object({
  entity: z.object({ code: z.string(), name: z.string() }),
  requests: z.number().int(),
  answeredInTime: z.number().int(),
  answeredLate: z.number().int(),
  unanswered: z.number().int().describe("no_respondida, or open past the deadline"),
  pending: z.number().int().describe("Open and still within the deadline"),
  partial: z.number().int().describe("Of the answered ones, answered only in part"),
});
export const AccessComplianceSchema = z.object({
  asOf: z.string(),
  legalBasis: z.string(),
  calendarVersion: z.string(),
  entities: z.array(AccessComplianceRowSchema),
});
export type AccessCompliance = z.infer<typeof AccessComplianceSchema>;

export const accessRequestsContract = {
  list: defineContract({
    method: "get",
    path: "/api/access-requests",
    summary: "Solicitudes de acceso a la información, con su plazo y estado",
    tags: ["transparencia"],
    access: "access_request.read",
    query: AccessRequestListQuerySchema,
    response: z.array(AccessRequestSchema),
  }),
  reminders: defineContract({
    method: "get",
    path: "/api/access-requests/reminders",
    summary: "Solicitudes abiertas que vencen pronto o ya vencieron",
    tags: ["transparencia"],
    access: "access_request.read",
    query: AccessRequestRemindersQuerySchema,
    response: z.array(AccessRequestReminderSchema),
  }),
  get: defineContract({
    method: "get",
    path: "/api/access-requests/:id",
    summary: "Una solicitud de acceso a la información",
    tags: ["transparencia"],
    access: "access_request.read",
    params: IdParamsSchema,
    response: AccessRequestSchema,
  }),
  create: defineContract({
    method: "post",
    path: "/api/access-requests",
    summary: "Registrar una solicitud de acceso a la información",
    tags: ["transparencia"],
    access: "access_request.manage",
    body: AccessRequestCreateSchema,
    response: AccessRequestSchema,
    status: 201,
  }),
  extend: defineContract({
    method: "post",
    path: "/api/access-requests/:id/extension",
    summary: "Registrar la prórroga comunicada por la entidad (una sola, art. 11 g)",
    tags: ["transparencia"],
    access: "access_request.manage",
    params: IdParamsSchema,
    body: AccessRequestExtensionSchema,
    response: AccessRequestSchema,
  }),
  answer: defineContract({
    method: "post",
    path: "/api/access-requests/:id/answer",
    summary: "Registrar la respuesta (o la falta de respuesta) de la entidad",
    tags: ["transparencia"],
    access: "access_request.manage",
    params: IdParamsSchema,
    body: AccessRequestAnswerSchema,
    response: AccessRequestSchema,
  }),
  addDocument: defineContract({
    method: "post",
    path: "/api/access-requests/:id/documents",
    summary: "Añadir un documento (enlace o referencia) a una solicitud",
    tags: ["transparencia"],
    access: "access_request.manage",
    params: IdParamsSchema,
    body: AccessRequestDocumentCreateSchema,
    response: AccessRequestSchema,
    status: 201,
  }),
  compliance: defineContract({
    method: "get",
    path: "/api/public/access-requests/compliance",
    summary: "Cumplimiento de cada entidad con las solicitudes de acceso a la información",
    tags: ["transparencia", "público"],
    access: "public",
    response: AccessComplianceSchema,
    example: COMPLIANCE_EXAMPLE,
  }),
};
