import { DisaggregationDimension } from "../schemas/catalogue.schema.ts";
import { PolicyParamsSchema, YearQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";
import { EvaluationSchema } from "./evaluation.contract.ts";
import { PublishedYearSchema, WithdrawalSchema } from "./publication.contract.ts";

/**
 * The Tablero de Control of a policy-year, for signed-in readers: the evaluation, reporting
 * and coverage by entity, the data-quality alerts, the trends by objective and by indicator,
 * the year's disaggregations and the publication state.
 */

export const DashboardQuerySchema = z.object({
  year: YearQuerySchema,
  preview: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const ReportingStatusSchema = z.object({
  entity: z.string(),
  expected: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int().describe("Not sent and the deadline has passed"),
  pending: z.number().int().describe("Not sent yet, deadline still ahead"),
  validated: z.number().int(),
});

export const TrendPointSchema = z.object({
  year: z.number().int(),
  objective: z.string(),
  tipo1: z.union([z.number(), z.literal("ND")]),
  tipo2: z.union([z.number(), z.literal("ND")]),
});

const count = z.number().int().nonnegative();

/** How many of an entity's indicators in force have a value for the year. */
export const EntityCoverageSchema = z.object({
  entity: z.string(),
  indicators: count.describe("Indicators in force the year that the entity is responsible for"),
  reported: count.describe("With an annual value sent, observed or validated"),
  validated: count.describe("With a validated annual value"),
  pending: count.describe("Without a reported annual value"),
});

export const CoverageSchema = z.object({
  year: z.number().int(),
  indicators: count,
  reported: count,
  validated: count,
  byEntity: z.array(EntityCoverageSchema),
});

/** One indicator's value per year, on the evaluation's basis (validated, or the preview's). */
export const IndicatorTrendSchema = z.object({
  indicator: z.string(),
  points: z.array(z.object({ year: z.number().int(), value: z.number().nullable() })),
});

/**
 * The parts of an indicator's value for the year by dimension. Region parts are summed to their
 * department (the first two digits of the ubigeo), so a value reported by district stays a table
 * of at most 25 rows.
 */
export const IndicatorDisaggregationSchema = z.object({
  indicator: z.string(),
  dimension: DisaggregationDimension,
  label: z.string().nullable().describe("Name of a free dimension (otro)"),
  parts: z.array(
    z.object({
      category: z.string().describe("As reported; for region the department's 2-digit code"),
      value: z.number(),
    }),
  ),
});

/** A value the data-quality rules flag, with the entity that reported it. */
export const FlaggedSchema = z.object({
  indicator: z.string(),
  entity: z.string(),
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string(),
});

export const DashboardSchema = z.object({
  evaluation: EvaluationSchema,
  reporting: z.array(ReportingStatusSchema),
  flagged: z.array(FlaggedSchema),
  trend: z.array(TrendPointSchema),
  coverage: CoverageSchema,
  indicatorTrends: z.array(IndicatorTrendSchema),
  disaggregations: z.array(IndicatorDisaggregationSchema),
  published: PublishedYearSchema.nullable(),
  withdrawn: WithdrawalSchema.nullable(),
});
export type ReportingStatus = z.infer<typeof ReportingStatusSchema>;
export type TrendPoint = z.infer<typeof TrendPointSchema>;
export type EntityCoverage = z.infer<typeof EntityCoverageSchema>;
export type Coverage = z.infer<typeof CoverageSchema>;
export type IndicatorTrend = z.infer<typeof IndicatorTrendSchema>;
export type IndicatorDisaggregation = z.infer<typeof IndicatorDisaggregationSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;

export const dashboardContract = {
  read: defineContract({
    method: "get",
    path: "/api/policies/:code/dashboard",
    summary: "Tablero: evaluación, reporte por entidad, alertas y tendencias",
    tags: ["tablero"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: DashboardQuerySchema,
    response: DashboardSchema,
  }),
};
