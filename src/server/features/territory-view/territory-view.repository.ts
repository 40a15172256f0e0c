import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";
import { isLatestRevision } from "../../db/sql-fragments.ts";

/**
 * The national value in force of each indicator of a policy-period (the figure the regional
 * view sets a region's district sum beside). Latest revision among the statuses, the
 * evaluation's rule.
 */
export async function listNationalValues(
  db: Executor,
  input: { policyId: number; year: number; period: string; statuses: readonly MeasurementStatus[] },
) {
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["i.code", "m.value"])
    .where("i.policyId", "=", input.policyId)
    .where("m.year", "=", input.year)
    .where("m.period", "=", input.period as "ANUAL")
    .where("m.status", "in", input.statuses)
    .where(isLatestRevision("m", input.statuses))
    .execute();
}
