import { tipEntriesContract as c } from "../../../shared/contracts/tip-entries.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { enterTipValue, listTipEntryViews, reviewTipEntry } from "./tip-entries.service.ts";

/**
 * TIP entries' handlers; access and shapes are in tip-entries.contract.ts. The list of points
 * with their status (`c.points`) is bound in reports.routes.ts: it needs the pack's answers.
 */
export const tipEntriesRoutes = [
  bindRoute(c.entries, ({ db, actor, query }) =>
    listTipEntryViews(db, actor, {
      year: query.year,
      ...(query.point !== undefined ? { dataPointId: query.point } : {}),
      ...(query.entity !== undefined ? { entityCode: query.entity } : {}),
      history: query.history,
    }),
  ),
  bindRoute(c.create, ({ db, actor, body }) => enterTipValue(db, actor, body)),
  bindRoute(c.review, ({ db, actor, params, body }) =>
    reviewTipEntry(db, actor, { id: params.id, note: body.note }),
  ),
];
