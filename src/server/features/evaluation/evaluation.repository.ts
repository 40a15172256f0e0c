import { sql } from "kysely";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";
import { isLatestRevision, versionInForce } from "../../db/sql-fragments.ts";

/** SQL that gathers what one policy-year evaluation needs, in four queries. */

export async function findPolicy(db: Executor, code: string) {
  return db
    .selectFrom("policy")
    .select(["id", "code", "name", "valoracion"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function listObjectives(db: Executor, policyId: number) {
  return db
    .selectFrom("objective")
    .select(["code", "name"])
    .where("policyId", "=", policyId)
    .orderBy("position")
    .execute();
}

/** Indicators with the ficha técnica version in force in `year` (replaced ones drop out). */
export async function listIndicatorsInForce(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("indicator as i")
    .innerJoin("indicatorVersion as v", "v.indicatorId", "i.id")
    .innerJoin("objective as o", "o.id", "i.objectiveId")
    .leftJoin("service as s", "s.id", "i.serviceId")
    .innerJoin("entity as e", "e.id", "v.responsibleEntityId")
    .select([
      "i.id",
      "i.code",
      "i.level",
      "o.code as objective",
      "s.code as service",
      "v.name",
      "v.unit",
      "v.direction",
      "v.isCumulative",
      "v.baselineValue",
      "e.code as responsible",
    ])
    .where("i.policyId", "=", policyId)
    .where(versionInForce("v", year))
    .orderBy("i.position")
    .execute();
}

/** The meta in force (highest revision) of each indicator for the given years. */
export async function listMetasInForce(db: Executor, policyId: number, years: number[]) {
  return db
    .selectFrom("meta as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["m.indicatorId", "m.year", "m.value"])
    .where("i.policyId", "=", policyId)
    .where("m.year", "in", years)
    .where(
      "m.revision",
      "=",
      sql<number>`(select max(r.revision) from meta r where r.indicator_id = m.indicator_id and r.year = m.year)`,
    )
    .execute();
}

/**
 * Annual values usable by the evaluation: the latest revision among the allowed statuses
 * (validated only, or validated and submitted for a preview).
 */
export async function listAnnualValues(
  db: Executor,
  policyId: number,
  years: number[],
  statuses: MeasurementStatus[],
  options: { withParts: boolean } = { withParts: true },
) {
  const rows = await db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select([
      "m.id",
      "m.indicatorId",
      "m.year",
      "m.value",
      "m.numerator",
      "m.denominator",
      "m.status",
    ])
    .where("i.policyId", "=", policyId)
    .where("m.period", "=", "ANUAL")
    .where("m.year", "in", years)
    .where("m.status", "in", statuses)
    .where(isLatestRevision("m", statuses))
    .execute();
  // The sum rule only needs each dimension's total: summing in SQL keeps a national-scale
  // year (44 indicators × 1,891 districts) to a few rows instead of 80,000.
  const ids = options.withParts
    ? rows.filter((r) => r.year === Math.max(...years)).map((r) => r.id)
    : [];
  const parts = ids.length
    ? await db
        .selectFrom("measurementDisaggregation")
        .select((eb) => [
          "measurementId",
          "dimension",
          "label",
          eb.fn.sum<number>("value").as("value"),
        ])
        .where("measurementId", "in", ids)
        .groupBy(["measurementId", "dimension", "label"])
        .execute()
    : [];
  return { rows, parts: parts.map((p) => ({ ...p, category: "total", value: Number(p.value) })) };
}
