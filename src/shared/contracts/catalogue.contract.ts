import { IndicatorUnit, IndicatorVersionSchema } from "../schemas/catalogue.schema.ts";
import {
  ActorUserSchema,
  IndicatorParamsSchema,
  PolicyParamsSchema,
  YearQuerySchema,
  YearSchema,
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

/**
 * A new ficha técnica version (issue 17, item 1): the fields of the catalogue format's version
 * that the conductor revises, valid from a year on, with the reason. The responsible entity and
 * unit carry over from the version before; the author is the signed-in account.
 */
export const FichaVersionCreateSchema = IndicatorVersionSchema.pick({
  name: true,
  unit: true,
  direction: true,
  isCumulative: true,
  numerator: true,
  denominator: true,
  dataSources: true,
  baseline: true,
}).extend({
  dataSources: IndicatorVersionSchema.shape.dataSources.min(
    1,
    "Indique al menos una fuente de datos.",
  ),
  validFrom: YearSchema.describe("First year the version is in force"),
  reason: z
    .string()
    .trim()
    .min(10, "Explique el motivo de la nueva versión (mínimo 10 caracteres).")
    .max(2000),
});
export type FichaVersionCreate = z.infer<typeof FichaVersionCreateSchema>;

/** A stored ficha version, every one of an indicator, oldest first. */
export const FichaVersionRowSchema = IndicatorVersionSchema.extend({
  createdBy: z.string(),
  createdByUser: ActorUserSchema,
  createdAt: z.string(),
  /** Years with values reported against this version. */
  reportedYears: z.array(z.number().int()),
});
export type FichaVersionRow = z.infer<typeof FichaVersionRowSchema>;

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
  fichaVersions: defineContract({
    method: "get",
    path: "/api/policies/:code/indicators/:indicator/versions",
    summary: "Versiones de la ficha técnica de un indicador (todas, con su vigencia)",
    tags: ["catálogo"],
    access: "signed-in",
    params: IndicatorParamsSchema,
    response: z.array(FichaVersionRowSchema),
  }),
  createFichaVersion: defineContract({
    method: "post",
    path: "/api/policies/:code/indicators/:indicator/versions",
    summary: "Nueva versión de la ficha técnica, vigente desde un año (con motivo)",
    description:
      "The version before stays in force for the earlier years (its validity ends the year before); refused when values of those years were already reported against it.",
    tags: ["catálogo"],
    access: "catalogue.manage",
    params: IndicatorParamsSchema,
    body: FichaVersionCreateSchema,
    response: z.array(FichaVersionRowSchema),
    status: 201,
  }),
};
