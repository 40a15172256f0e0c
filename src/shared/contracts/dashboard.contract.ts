import { PolicyParamsSchema, YearQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";
import { EvaluationSchema } from "./evaluation.contract.ts";
import { PublishedYearSchema, WithdrawalSchema } from "./publication.contract.ts";

/**
 * The Tablero de Control of a policy-year, for signed-in readers: the evaluation, reporting
 * by entity, the data-quality alerts, the trend by objective and the publication state.
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
  published: PublishedYearSchema.nullable(),
  withdrawn: WithdrawalSchema.nullable(),
});
export type ReportingStatus = z.infer<typeof ReportingStatusSchema>;
export type TrendPoint = z.infer<typeof TrendPointSchema>;
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
