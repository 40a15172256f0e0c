import { z } from "zod";
import { EvaluationSchema, PolicyParamsSchema } from "../../../shared/schemas/api.schema.ts";
import {
  DashboardQuerySchema,
  ReportingStatusSchema,
  TrendPointSchema,
} from "../../../shared/schemas/tablero.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { getDashboard } from "./dashboard.service.ts";
import { publicationRoutes, WithdrawalSchema } from "./publication.routes.ts";

export const DashboardSchema = z.object({
  evaluation: EvaluationSchema,
  reporting: z.array(ReportingStatusSchema),
  flagged: z.array(
    z.object({
      indicator: z.string(),
      entity: z.string(),
      code: z.string(),
      severity: z.enum(["error", "warning"]),
      message: z.string(),
    }),
  ),
  trend: z.array(TrendPointSchema),
  published: z.object({ year: z.number().int(), publishedAt: z.string() }).nullable(),
  withdrawn: WithdrawalSchema.nullable(),
});

export const dashboardRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies/:code/dashboard",
    summary: "Tablero: evaluación, reporte por entidad, alertas y tendencias",
    tags: ["tablero"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: DashboardQuerySchema,
    response: DashboardSchema,
    handle: ({ db, actor, params, query }) =>
      getDashboard(db, actor, { policyCode: params.code, ...query }),
  }),
  ...publicationRoutes,
];
