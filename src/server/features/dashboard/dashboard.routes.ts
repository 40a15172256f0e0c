import { dashboardContract } from "../../../shared/contracts/dashboard.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { getDashboard } from "./dashboard.service.ts";

/** Dashboard API handler; who may call it, and its shapes, are in dashboard.contract.ts. */

export const dashboardRoutes = [
  bindRoute(dashboardContract.read, ({ db, actor, params, query }) =>
    getDashboard(db, actor, { policyCode: params.code, ...query }),
  ),
];
