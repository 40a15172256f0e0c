import { veeduriasContract as c } from "../../../shared/contracts/veedurias.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { createVeeduria, readSemaforo, recordAssessments } from "./veedurias.service.ts";

// The semáforo's files (CSV, JSON, data package) are open data: open-data/veeduria-files.*.
export const veeduriaRoutes = [
  bindRoute(c.semaforo, ({ db, actor, params, query }) =>
    readSemaforo(db, actor, { policyCode: params.code, period: query.period }),
  ),
  bindRoute(c.create, ({ db, actor, params, body }) =>
    createVeeduria(db, actor, { policyCode: params.code, ...body }),
  ),
  bindRoute(c.assess, ({ db, actor, params, body }) =>
    recordAssessments(db, actor, {
      policyCode: params.code,
      veeduria: params.veeduria,
      ...body,
    }),
  ),
];
