import {
  EvaluationQuerySchema,
  EvaluationSchema,
  PolicyParamsSchema,
} from "../../../shared/schemas/api.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { evaluatePolicyYear } from "./evaluation.service.ts";

export const evaluationRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies/:code/evaluation",
    summary: "Evaluación de un año: avances tipo 1 y 2, índice de gestión y valoración",
    tags: ["evaluación"],
    params: PolicyParamsSchema,
    query: EvaluationQuerySchema,
    response: EvaluationSchema,
    handle: ({ db, actor, params, query }) =>
      evaluatePolicyYear(db, actor, {
        policyCode: params.code,
        year: query.year,
        preview: query.preview,
      }),
  }),
];
