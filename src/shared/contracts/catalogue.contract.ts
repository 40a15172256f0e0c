import { CommitmentStatus, IndicatorUnit } from "../schemas/catalogue.schema.ts";
import {
  IdParamsSchema,
  IndicatorParamsSchema,
  PolicyParamsSchema,
  YearQuerySchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/** The policies loaded, and the conductor's upkeep of indicators, metas and commitments. */

export const PolicySummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  approvalNorm: z.string().nullable(),
  horizonYear: z.number().int(),
  conductor: z.string(),
  territory: z
    .string()
    .nullable()
    .describe("Subnational plans: the ubigeo they cover; null for a national policy"),
  parentPolicy: z.string().nullable().describe("Subnational plans: the national policy they serve"),
});
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

/** A meta revision as stored: the latest revision of a year is the one in force. */
const MetaRowSchema = z.object({
  year: z.number().int(),
  value: z.number(),
  revision: z.number().int(),
  source: z.string(),
});

export const CatalogueIndicatorSchema = z.object({
  code: z.string(),
  level: z.string(),
  objective: z.string(),
  service: z.string().nullable(),
  name: z.string(),
  unit: IndicatorUnit,
  version: z.number().int(),
  responsible: z.string(),
  metas: z.array(MetaRowSchema),
});
export type CatalogueIndicator = z.infer<typeof CatalogueIndicatorSchema>;

export const MetaRevisionSchema = z.object({
  year: YearQuerySchema,
  value: z.number().finite(),
  reason: z
    .string()
    .trim()
    .min(10, "Explique el motivo del cambio (mínimo 10 caracteres).")
    .max(4000),
});

/** The revision just added, now in force. */
export const RevisedMetaSchema = z.object({ indicator: z.string(), ...MetaRowSchema.shape });

export const CommitmentRowSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  periodYear: z.number().int(),
  aspect: z.string(),
  indicator: z.string().nullable(),
  service: z.string().nullable(),
  recommendation: z.string(),
  keyAction: z.string().nullable(),
  responsibleUnit: z.string().nullable(),
  deadline: z.string().nullable(),
  status: CommitmentStatus,
  comment: z.string().nullable(),
  newMetas: z.unknown(),
});
export type CommitmentRow = z.infer<typeof CommitmentRowSchema>;

export const CommitmentUpdateSchema = z.object({
  status: CommitmentStatus,
  comment: z.string().max(4000).nullable().default(null),
});

export const UpdatedCommitmentSchema = z.object({
  id: z.number().int(),
  status: CommitmentStatus,
  comment: z.string().nullable(),
});

export const catalogueContract = {
  policies: defineContract({
    method: "get",
    path: "/api/policies",
    summary: "Políticas nacionales cargadas",
    tags: ["catálogo"],
    access: "public",
    response: z.array(PolicySummarySchema),
  }),
  indicators: defineContract({
    method: "get",
    path: "/api/policies/:code/indicators",
    summary: "Indicadores con su ficha vigente y sus metas (todas las revisiones)",
    tags: ["catálogo"],
    access: "signed-in",
    params: PolicyParamsSchema,
    response: z.array(CatalogueIndicatorSchema),
  }),
  reviseMeta: defineContract({
    method: "post",
    path: "/api/policies/:code/indicators/:indicator/metas",
    summary: "Cambiar una meta (nueva revisión con motivo)",
    tags: ["catálogo"],
    access: "catalogue.manage",
    params: IndicatorParamsSchema,
    body: MetaRevisionSchema,
    response: RevisedMetaSchema,
    status: 201,
  }),
  commitments: defineContract({
    method: "get",
    path: "/api/policies/:code/commitments",
    summary: "Matriz de compromisos",
    tags: ["catálogo"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: z.array(CommitmentRowSchema),
  }),
  updateCommitment: defineContract({
    method: "patch",
    path: "/api/commitments/:id",
    summary: "Actualizar el estado de un compromiso",
    tags: ["catálogo"],
    access: "commitment.manage",
    params: IdParamsSchema,
    body: CommitmentUpdateSchema,
    response: UpdatedCommitmentSchema,
  }),
};
