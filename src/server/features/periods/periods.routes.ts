import { type Period, periodsContract } from "../../../shared/contracts/periods.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { listPeriods, openPeriod, updatePeriod } from "./periods.service.ts";

const present = (
  p: { period: string; status: string } & Omit<Period, "period" | "status">,
): Period => ({
  ...p,
  period: p.period as Period["period"],
  status: p.status as Period["status"],
});

export const periodRoutes = [
  bindRoute(periodsContract.list, async ({ db, actor, params }) =>
    (await listPeriods(db, actor, { policyCode: params.code })).map(present),
  ),
  bindRoute(periodsContract.open, async ({ db, actor, params, body }) =>
    present(await openPeriod(db, actor, { policyCode: params.code, ...body })),
  ),
  bindRoute(periodsContract.update, async ({ db, actor, params, body }) =>
    present(await updatePeriod(db, actor, { id: params.id, patch: body })),
  ),
];
