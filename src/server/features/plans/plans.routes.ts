import { plansContract as c } from "../../../shared/contracts/plans.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import {
  createMilestone,
  getPlanProgress,
  listMilestones,
  listPlans,
  summarizeRegionalPlanProgress,
  updateMilestone,
} from "./plans.service.ts";

// /api/plans/by-territory/:ubigeo comes before /api/plans/:code/… (different depth, same prefix).
export const planRoutes = [
  bindRoute(c.list, ({ db, actor, query }) => listPlans(db, actor, query)),
  bindRoute(c.byTerritory, ({ db, actor, params, query }) =>
    summarizeRegionalPlanProgress(db, actor, { ubigeo: params.ubigeo, ...query }),
  ),
  bindRoute(c.progress, ({ db, actor, params, query }) =>
    getPlanProgress(db, actor, { code: params.code, ...query }),
  ),
  bindRoute(c.milestones, ({ db, actor, params }) =>
    listMilestones(db, actor, { code: params.code }),
  ),
  bindRoute(c.createMilestone, ({ db, actor, params, body }) =>
    createMilestone(db, actor, { code: params.code, ...body }),
  ),
  bindRoute(c.updateMilestone, ({ db, actor, params, body }) =>
    updateMilestone(db, actor, { id: params.id, ...body }),
  ),
];
