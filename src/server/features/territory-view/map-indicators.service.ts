import type { Actor } from "../../../shared/actor.ts";
import type { Database } from "../../db/connect.ts";
import { listIndicatorsLatestVersion } from "../catalogue/indicators.repository.ts";
import { listDistrictIndicators } from "../territory/territory-areas.service.ts";

/** Indicators that can be drawn on a map: those with validated district values, by year. */
export async function listMapIndicators(
  db: Database,
  actor: Actor,
  input: { policy: string; year?: number | undefined },
) {
  const { policyId, years } = await listDistrictIndicators(db, actor, { policyCode: input.policy });
  const indicators = await listIndicatorsLatestVersion(db, policyId);
  return indicators
    .filter((i) => {
      const y = years.get(i.code);
      return y !== undefined && (input.year === undefined || y.includes(input.year));
    })
    .map((i) => ({ code: i.code, name: i.name, unit: i.unit, years: years.get(i.code) ?? [] }));
}
