import { linkageContract as c } from "../../../shared/contracts/linkage.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import {
  decidePair,
  listBorderlinePairs,
  listLinkageBatches,
  listLinkageRuns,
  runLinkage,
  uploadEncodings,
} from "./linkage.service.ts";
import { publishLinkageCounts, readLinkageResult } from "./linkage-results.service.ts";

/** Record-linkage API handlers; who may call each route, and its shapes, are in linkage.contract.ts. */
export const linkageRoutes = [
  bindRoute(c.upload, ({ db, actor, params, query, body }) =>
    uploadEncodings(db, actor, { sourceCode: params.code, year: query.year, file: body }),
  ),
  bindRoute(c.batches, ({ db, actor, query }) => listLinkageBatches(db, actor, query)),
  bindRoute(c.run, ({ db, actor, body }) => runLinkage(db, actor, body)),
  bindRoute(c.runs, ({ db, actor, query }) => listLinkageRuns(db, actor, query)),
  bindRoute(c.result, ({ db, actor, params }) => readLinkageResult(db, actor, params)),
  bindRoute(c.publish, ({ db, actor, params }) => publishLinkageCounts(db, actor, params)),
  bindRoute(c.pairs, ({ db, actor, params }) => listBorderlinePairs(db, actor, params)),
  bindRoute(c.decide, ({ db, actor, params, body }) =>
    decidePair(db, actor, { id: params.id, ...body }),
  ),
];
