import { periodsContract } from "../../../shared/contracts/periods.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { listPeriods, openPeriod, updatePeriod } from "./periods.service.ts";

export const periodRoutes = [
  bindRoute(periodsContract.list, ({ db, actor, params }) =>
    listPeriods(db, actor, { policyCode: params.code }),
  ),
  bindRoute(periodsContract.open, ({ db, actor, params, body }) =>
    openPeriod(db, actor, { policyCode: params.code, ...body }),
  ),
  bindRoute(periodsContract.update, ({ db, actor, params, body }) =>
    updatePeriod(db, actor, { id: params.id, patch: body }),
  ),
];
