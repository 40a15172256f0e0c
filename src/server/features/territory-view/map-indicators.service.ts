import type { Actor } from "../../../shared/actor.ts";
import type { Database } from "../../db/connect.ts";
import { listIndicatorsLatestVersion } from "../catalogue/indicators.repository.ts";
import { findPlanInScope } from "../plans/plans.service.ts";
import { listDistrictIndicators } from "../territory/territory-areas.service.ts";

/**
 * Indicators that can be drawn on a map: those with validated district values, by year; for a
 * regional or local plan every indicator (one without district values is drawn with its
 * territory's value), 403 for a plan outside the actor's scope.
 */
export async function listMapIndicators(
  db: Database,
  actor: Actor,
  input: { policy: string; year?: number | undefined },
) {
  const plan = await findPlanInScope(db, actor, input.policy);
  const { policyId, years } = await listDistrictIndicators(db, actor, { policyCode: input.policy });
  const indicators = await listIndicatorsLatestVersion(db, policyId);
  return indicators
    .filter((i) => {
      const y = years.get(i.code);
      if (plan) return true;
      return y !== undefined && (input.year === undefined || y.includes(input.year));
    })
    .map((i) => ({ code: i.code, name: i.name, unit: i.unit, years: years.get(i.code) ?? [] }));
}
