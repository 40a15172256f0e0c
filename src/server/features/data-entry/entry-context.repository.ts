import type { Executor } from "../../db/connect.ts";
import { isLatestRevision, versionInForce } from "../../db/sql-fragments.ts";

/**
 * SQL behind the data-entry form's context: the ficha version in force for the year, the
 * indicator's metas and its earlier values. The choice among them is entry-context.service.ts.
 */

/** The indicator with the ficha version in force in `year`, or undefined. */
export async function findFichaInForce(db: Executor, policyId: number, code: string, year: number) {
  return db
    .selectFrom("indicator as i")
    .innerJoin("indicatorVersion as v", "v.indicatorId", "i.id")
    .select([
      "i.id as indicatorId",
      "i.code",
      "v.name",
      "v.version",
      "v.validFrom",
      "v.validTo",
      "v.unit",
      "v.direction",
      "v.isCumulative",
      "v.numeratorDef",
      "v.denominatorDef",
      "v.dataSources",
      "v.baselineValue",
      "v.baselineYear",
    ])
    .where("i.policyId", "=", policyId)
    .where("i.code", "=", code)
    .where(versionInForce("v", year))
    .executeTakeFirst();
}

/** Every revision of the indicator's metas up to `year`. */
export async function listMetasUpTo(db: Executor, indicatorId: number, year: number) {
  return db
    .selectFrom("meta")
    .select(["year", "revision", "value"])
    .where("indicatorId", "=", indicatorId)
    .where("year", "<=", year)
    .execute();
}

/**
 * The latest revision of each of the indicator's values before `year`, of the given entities
 * (null: every entity), newest first.
 */
export async function listEarlierValues(
  db: Executor,
  indicatorId: number,
  year: number,
  entityIds: readonly number[] | null,
) {
  if (entityIds?.length === 0) return [];
  let q = db
    .selectFrom("measurement as m")
    .select(["m.year", "m.period", "m.revision", "m.status", "m.value"])
    .where("m.indicatorId", "=", indicatorId)
    .where("m.year", "<", year)
    .where(isLatestRevision("m"));
  if (entityIds) q = q.where("m.reportedForEntityId", "in", entityIds);
  return q.orderBy("m.year", "desc").orderBy("m.period", "desc").execute();
}
