import { publicationContract } from "../../../shared/contracts/publication.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { getPublishedEvaluation } from "../evaluation/evaluation.service.ts";
import { fileResponse } from "../reports/reports.routes.ts";
import {
  getPublishedFile,
  listPublications,
  publishEvaluation,
  withdrawPublication,
} from "./publication.service.ts";

/**
 * Publication handlers; who may call each route (publishing and withdrawing are the
 * conductor's, reading is public), and its shapes, are in publication.contract.ts.
 */

export const publicationRoutes = [
  bindRoute(publicationContract.publish, ({ db, actor, params, body }) =>
    publishEvaluation(db, actor, { policyCode: params.code, year: body.year }),
  ),
  bindRoute(publicationContract.list, ({ db, actor, params }) =>
    listPublications(db, actor, { policyCode: params.code }),
  ),
  bindRoute(publicationContract.read, ({ db, actor, params }) =>
    getPublishedEvaluation(db, actor, { policyCode: params.code, year: params.year }),
  ),
  bindRoute(publicationContract.report, async ({ db, actor, params }) =>
    fileResponse(
      await getPublishedFile(db, actor, {
        policyCode: params.code,
        year: params.year,
        kind: "informe",
      }),
    ),
  ),
  bindRoute(publicationContract.package, async ({ db, actor, params }) =>
    fileResponse(
      await getPublishedFile(db, actor, {
        policyCode: params.code,
        year: params.year,
        kind: "paquete",
      }),
    ),
  ),
  bindRoute(publicationContract.withdraw, ({ db, actor, params, body }) =>
    withdrawPublication(db, actor, {
      policyCode: params.code,
      year: params.year,
      reason: body.reason,
    }),
  ),
];
