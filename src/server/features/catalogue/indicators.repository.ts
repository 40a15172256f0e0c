import type { Executor } from "../../db/connect.ts";
import { versionInForce } from "../../db/sql-fragments.ts";

/**
 * The indicator reads every feature shares: an indicator with its ficha técnica version, its
 * objective, service and responsible entity. Which version counts is the caller's question:
 * the one in force in a year (evaluation, data entry, to-do list, dashboard) or the latest
 * (catalogue maintenance).
 */

/** What every reader of an indicator gets, whichever version it reads. */
const INDICATOR_COLUMNS = [
  "i.id",
  "i.code",
  "i.level",
  "o.code as objective",
  "s.code as service",
  "v.name",
  "v.unit",
  "v.version",
  "e.code as responsible",
] as const;

function indicatorsWithVersions(db: Executor, policyId: number) {
  return db
    .selectFrom("indicator as i")
    .innerJoin("indicatorVersion as v", "v.indicatorId", "i.id")
    .innerJoin("objective as o", "o.id", "i.objectiveId")
    .leftJoin("service as s", "s.id", "i.serviceId")
    .innerJoin("entity as e", "e.id", "v.responsibleEntityId")
    .where("i.policyId", "=", policyId);
}

function indicatorsInForce(db: Executor, policyId: number, year: number) {
  return indicatorsWithVersions(db, policyId)
    .select([
      ...INDICATOR_COLUMNS,
      "v.id as versionId",
      "v.direction",
      "v.isCumulative",
      "v.baselineValue",
      "e.id as responsibleEntityId",
    ])
    .where(versionInForce("v", year));
}

/** The policy's indicators with the version in force in `year` (replaced ones drop out). */
export async function listIndicatorsInForce(db: Executor, policyId: number, year: number) {
  return indicatorsInForce(db, policyId, year).orderBy("i.position").execute();
}

/** One indicator by code with the version in force in `year`. */
export async function findIndicatorInForce(
  db: Executor,
  policyId: number,
  code: string,
  year: number,
) {
  return indicatorsInForce(db, policyId, year).where("i.code", "=", code).executeTakeFirst();
}

/** The policy's indicators with their latest version, whatever year it is valid in. */
export async function listIndicatorsLatestVersion(db: Executor, policyId: number) {
  return indicatorsWithVersions(db, policyId)
    .select(INDICATOR_COLUMNS)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("indicatorVersion as later")
            .select("later.id")
            .whereRef("later.indicatorId", "=", "i.id")
            .whereRef("later.version", ">", "v.version"),
        ),
      ),
    )
    .orderBy("i.position")
    .execute();
}
