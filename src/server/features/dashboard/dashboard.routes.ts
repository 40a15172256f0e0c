import { z } from "zod";
import { EvaluationSchema, PolicyParamsSchema } from "../../../shared/schemas/api.schema.ts";
import {
  DashboardQuerySchema,
  ReportingStatusSchema,
  TrendPointSchema,
} from "../../../shared/schemas/tablero.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { getDashboard, publishEvaluation } from "./dashboard.service.ts";

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
  defineRoute({
    method: "post",
    path: "/api/policies/:code/publications",
    summary: "Publicar la evaluación validada de un año (lo que ve el público)",
    tags: ["tablero"],
    access: "evaluation.publish",
    params: PolicyParamsSchema,
    body: z.object({ year: z.number().int().min(1990).max(2100) }),
    response: z.object({ year: z.number().int(), publishedAt: z.string() }),
    status: 201,
    handle: ({ db, actor, params, body }) =>
      publishEvaluation(db, actor, { policyCode: params.code, year: body.year }),
  }),
];
