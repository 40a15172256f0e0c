import { evaluationContract } from "../../../shared/contracts/evaluation.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { getEvaluationFor } from "./evaluation.service.ts";

/** Evaluation API handler; who may call it, and its shapes, are in evaluation.contract.ts. */

export const evaluationRoutes = [
  bindRoute(evaluationContract.read, ({ db, actor, params, query }) =>
    getEvaluationFor(db, actor, {
      policyCode: params.code,
      year: query.year,
      preview: query.preview,
    }),
  ),
];
