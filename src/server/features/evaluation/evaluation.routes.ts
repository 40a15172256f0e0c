import {
  EvaluationQuerySchema,
  EvaluationSchema,
  PolicyParamsSchema,
} from "../../../shared/schemas/api.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { getEvaluationFor } from "../dashboard/dashboard.service.ts";

export const evaluationRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies/:code/evaluation",
    summary:
      "Evaluación de un año: en vivo para usuarios con sesión, la versión publicada para el público",
    tags: ["evaluación"],
    access: "public",
    params: PolicyParamsSchema,
    query: EvaluationQuerySchema,
    response: EvaluationSchema,
    handle: ({ db, actor, params, query }) =>
      getEvaluationFor(db, actor, {
        policyCode: params.code,
        year: query.year,
        preview: query.preview,
      }),
  }),
];
