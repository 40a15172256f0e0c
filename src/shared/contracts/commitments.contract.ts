import { CommitmentStatus } from "../schemas/catalogue.schema.ts";
import {
  ActorUserSchema,
  CodeSchema,
  IdParamsSchema,
  IsoDateSchema,
  PolicyParamsSchema,
  YearQuerySchema,
  YearSchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * The Matriz de compromisos followed to compliance (issue 17, item 3; ADR 0035): commitments
 * per entity with a dated deadline, the metas they set (meta revisions whose source is the
 * commitment), evidence of compliance, the history of their status, overdue flags and the
 * compliance table per entity.
 */

const text = (max: number, label: string) =>
  z.string().trim().min(1, `Escriba ${label}.`).max(max, `${label}: máximo ${max} caracteres.`);
const optionalText = (max: number) => z.string().trim().max(max).nullable().default(null);

export const CommitmentMetaSchema = z.object({ year: YearSchema, value: z.number().finite() });

export const CommitmentViewSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  periodYear: z.number().int(),
  aspect: z.string(),
  indicator: z.string().nullable(),
  service: z.string().nullable(),
  entity: z
    .string()
    .nullable()
    .describe("Responsible entity: the commitment's, else its indicator's"),
  recommendation: z.string(),
  keyAction: z.string().nullable(),
  verificationMeans: z.string().nullable(),
  responsibleUnit: z.string().nullable(),
  dueOn: z.string().nullable().describe("Deadline, AAAA-MM-DD"),
  deadlineNote: z
    .string()
    .nullable()
    .describe("The deadline as printed (e.g. «2 años»), kept as a note"),
  status: CommitmentStatus,
  comment: z.string().nullable(),
  overdue: z.boolean().describe("Deadline passed (Lima day) and not closed"),
  closedAt: z.string().nullable(),
  newMetas: z.array(z.object({ year: z.number().int(), value: z.number() })),
  evidenceCount: z.number().int(),
});
export type CommitmentView = z.infer<typeof CommitmentViewSchema>;

export const CommitmentDetailSchema = CommitmentViewSchema.extend({
  history: z.array(
    z.object({
      fromStatus: CommitmentStatus.nullable(),
      toStatus: CommitmentStatus,
      comment: z.string().nullable(),
      changedBy: z.string(),
      changedByUser: ActorUserSchema,
      changedAt: z.string(),
    }),
  ),
  evidence: z.array(
    z.object({
      id: z.number().int(),
      fileName: z.string(),
      mediaType: z.string(),
      sizeBytes: z.number().int(),
      sha256: z.string(),
      uploadedAt: z.string(),
    }),
  ),
  metaRevisions: z
    .array(
      z.object({
        indicator: z.string(),
        year: z.number().int(),
        value: z.number(),
        revision: z.number().int(),
        inForce: z.boolean(),
      }),
    )
    .describe("The meta revisions whose source is this commitment"),
});
export type CommitmentDetail = z.infer<typeof CommitmentDetailSchema>;

export const CommitmentCreateSchema = z
  .object({
    periodYear: YearSchema,
    aspect: text(400, "el aspecto de mejora"),
    indicator: CodeSchema.nullable().default(null),
    entity: CodeSchema.nullable().default(null),
    recommendation: text(4000, "la recomendación"),
    keyAction: optionalText(4000),
    verificationMeans: optionalText(4000),
    responsibleUnit: optionalText(400),
    dueOn: IsoDateSchema,
    deadlineNote: optionalText(100),
    newMetas: z.array(CommitmentMetaSchema).max(20).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.indicator === null && c.entity === null) {
      ctx.addIssue({
        code: "custom",
        path: ["entity"],
        message: "Indique la entidad responsable o el indicador del compromiso.",
      });
    }
    if (c.newMetas.length > 0 && c.indicator === null) {
      ctx.addIssue({
        code: "custom",
        path: ["indicator"],
        message: "Las metas que fija un compromiso son de un indicador: indíquelo.",
      });
    }
    const seen = new Set<number>();
    c.newMetas.forEach((m, i) => {
      if (m.year < c.periodYear) {
        ctx.addIssue({
          code: "custom",
          path: ["newMetas", i, "year"],
          message: `La meta de ${m.year} es anterior al periodo del compromiso (${c.periodYear}).`,
        });
      }
      if (seen.has(m.year)) {
        ctx.addIssue({
          code: "custom",
          path: ["newMetas", i, "year"],
          message: `La meta de ${m.year} está repetida.`,
        });
      }
      seen.add(m.year);
    });
  });

/** Edit: any of the texts, the deadline, the status and its comment; closing has its own route. */
export const CommitmentUpdateSchema = z
  .object({
    aspect: text(400, "el aspecto de mejora").optional(),
    recommendation: text(4000, "la recomendación").optional(),
    keyAction: z.string().trim().max(4000).nullable().optional(),
    verificationMeans: z.string().trim().max(4000).nullable().optional(),
    responsibleUnit: z.string().trim().max(400).nullable().optional(),
    dueOn: IsoDateSchema.optional(),
    deadlineNote: z.string().trim().max(100).nullable().optional(),
    status: z
      .enum(["pendiente", "en_proceso"], {
        error: "Para cerrar el compromiso use «Cerrar» (cumplido o no cumplido).",
      })
      .optional(),
    comment: z.string().max(4000).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Indique al menos un campo a cambiar.");

export const CommitmentCloseSchema = z.object({
  status: z.enum(["cumplido", "no_cumplido"], {
    error: "Un compromiso se cierra como «cumplido» o «no cumplido».",
  }),
  comment: z.string().trim().min(10, "Explique el cierre (mínimo 10 caracteres).").max(4000),
});

export const ComplianceRowSchema = z.object({
  entity: z.string(),
  entityName: z.string(),
  total: z.number().int(),
  byStatus: z.object({
    pendiente: z.number().int(),
    en_proceso: z.number().int(),
    cumplido: z.number().int(),
    no_cumplido: z.number().int(),
  }),
  overdue: z.number().int(),
});

export const ComplianceSchema = z.object({
  today: z.string().describe("The Lima day overdue is judged on"),
  periodYear: z.number().int().nullable(),
  entities: z.array(ComplianceRowSchema),
  total: ComplianceRowSchema,
});
export type Compliance = z.infer<typeof ComplianceSchema>;

export const ComplianceQuerySchema = z.object({ periodYear: YearQuerySchema.optional() });

export const commitmentsContract = {
  list: defineContract({
    method: "get",
    path: "/api/policies/:code/commitments",
    summary: "Matriz de compromisos, con plazo, estado y vencidos",
    tags: ["compromisos"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: z.array(CommitmentViewSchema),
  }),
  compliance: defineContract({
    method: "get",
    path: "/api/policies/:code/commitments/compliance",
    summary: "Cumplimiento de los compromisos por entidad (conteos por estado, vencidos)",
    tags: ["compromisos"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: ComplianceQuerySchema,
    response: ComplianceSchema,
  }),
  create: defineContract({
    method: "post",
    path: "/api/policies/:code/commitments",
    summary: "Crear un compromiso (las metas que fija entran como revisiones de meta)",
    tags: ["compromisos"],
    access: "commitment.manage",
    params: PolicyParamsSchema,
    body: CommitmentCreateSchema,
    response: CommitmentDetailSchema,
    status: 201,
  }),
  get: defineContract({
    method: "get",
    path: "/api/commitments/:id",
    summary: "Un compromiso con su historial, evidencias y metas",
    tags: ["compromisos"],
    access: "evaluation.read",
    params: IdParamsSchema,
    response: CommitmentDetailSchema,
  }),
  update: defineContract({
    method: "patch",
    path: "/api/commitments/:id",
    summary: "Editar un compromiso o cambiar su estado (pendiente, en proceso)",
    tags: ["compromisos"],
    access: "commitment.manage",
    params: IdParamsSchema,
    body: CommitmentUpdateSchema,
    response: CommitmentDetailSchema,
  }),
  close: defineContract({
    method: "post",
    path: "/api/commitments/:id/close",
    summary: "Cerrar un compromiso como cumplido o no cumplido, con motivo",
    tags: ["compromisos"],
    access: "commitment.manage",
    params: IdParamsSchema,
    body: CommitmentCloseSchema,
    response: CommitmentDetailSchema,
  }),
  uploadEvidence: defineContract({
    method: "post",
    path: "/api/commitments/:id/evidence",
    summary: "Adjuntar una evidencia de cumplimiento (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB)",
    description: "multipart/form-data with `file`.",
    tags: ["compromisos"],
    access: "commitment.manage",
    params: IdParamsSchema,
    multipart: true,
    response: CommitmentDetailSchema,
    status: 201,
  }),
  downloadEvidence: defineContract({
    method: "get",
    path: "/api/commitment-evidence/:id",
    summary: "Descargar una evidencia de cumplimiento",
    tags: ["compromisos"],
    access: "evaluation.read",
    params: IdParamsSchema,
  }),
};
