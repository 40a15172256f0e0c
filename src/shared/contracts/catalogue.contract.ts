import { IndicatorUnit } from "../schemas/catalogue.schema.ts";
import {
  IndicatorParamsSchema,
  PolicyParamsSchema,
  YearQuerySchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/** The policies loaded, and the conductor's upkeep of indicators and metas (commitments: commitments.contract.ts). */

export const PolicySummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  approvalNorm: z.string().nullable(),
  horizonYear: z.number().int(),
  conductor: z.string(),
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
};
