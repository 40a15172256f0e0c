import type { PeriodKind } from "../../../shared/schemas/catalogue.schema.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";

/**
 * SQL behind the validation rules' context, one query per kind of fact whatever the number of
 * indicators: the ficha versions, the metas and the candidate previous values. The choice
 * among them (version in force, meta in force, latest revision) is made by the pure code in
 * rule-context.service.ts.
 */

/** Every ficha version of the policy's indicators with these codes. */
export async function listIndicatorVersions(
  db: Executor,
  policyId: number,
  codes: readonly string[],
) {
  if (codes.length === 0) return [];
  return db
    .selectFrom("indicator as i")
    .innerJoin("indicatorVersion as v", "v.indicatorId", "i.id")
    .select([
      "i.id as indicatorId",
      "i.code",
      "v.id as versionId",
      "v.version",
      "v.unit",
      "v.isCumulative",
      "v.direction",
      "v.validFrom",
      "v.validTo",
    ])
    .where("i.policyId", "=", policyId)
    .where("i.code", "in", codes)
    .execute();
}

/** The entities responsible for an indicator in any of its ficha versions. */
export async function listResponsibleEntityIds(
  db: Executor,
  policyId: number,
  indicatorCode: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom("indicator as i")
    .innerJoin("indicatorVersion as v", "v.indicatorId", "i.id")
    .select("v.responsibleEntityId")
    .distinct()
    .where("i.policyId", "=", policyId)
    .where("i.code", "=", indicatorCode)
    .execute();
  return rows.map((r) => r.responsibleEntityId);
}

/** Every revision of the metas of these indicators for these years. */
export async function listMetaRevisions(
  db: Executor,
  indicatorIds: readonly number[],
  years: readonly number[],
) {
  if (indicatorIds.length === 0 || years.length === 0) return [];
  return db
    .selectFrom("meta")
    .select(["indicatorId", "year", "revision", "value"])
    .where("indicatorId", "in", indicatorIds)
    .where("year", "in", years)
    .execute();
}

/** Every revision in the given states of these indicators' values for these years and periods. */
export async function listValueRevisions(
  db: Executor,
  indicatorIds: readonly number[],
  years: readonly number[],
  periods: readonly PeriodKind[],
  statuses: readonly MeasurementStatus[],
) {
  if (indicatorIds.length === 0 || years.length === 0 || periods.length === 0) return [];
  return db
    .selectFrom("measurement")
    .select(["indicatorId", "year", "period", "revision", "value"])
    .where("indicatorId", "in", indicatorIds)
    .where("year", "in", years)
    .where("period", "in", periods)
    .where("status", "in", statuses)
    .execute();
}

/** The rule settings in force (highest version) of these indicators. */
export async function listRuleSettingsInForce(db: Executor, indicatorIds: readonly number[]) {
  if (indicatorIds.length === 0) return [];
  return db
    .selectFrom("indicatorRuleSetting as r")
    .select(["r.indicatorId", "r.settings"])
    .where("r.indicatorId", "in", indicatorIds)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("indicatorRuleSetting as n")
            .select("n.id")
            .whereRef("n.indicatorId", "=", "r.indicatorId")
            .whereRef("n.version", ">", "r.version"),
        ),
      ),
    )
    .execute();
}
