import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";

/** SQL of the dashboard's reporting figures (publishing is in features/publication/). */

export async function listPeriodsOfYear(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("reportingPeriod")
    .select(["year", "period", "deadline"])
    .where("policyId", "=", policyId)
    .where("year", "=", year)
    .execute();
}

/**
 * The disaggregations of every annual value of a policy-year summed per category, region parts
 * to their department (first two ubigeo digits): a national year reported by district is some
 * 80,000 rows (data-entry's listDisaggregations returns them all); summed here they are a few
 * hundred. Each value apart (any revision and status), with the position each category was
 * first entered at. A validation changes which
 * values the dashboard shows, not their rows, so this is cached under the year's district rows
 * (ADR 0043) and the dashboard picks its values' sums from it.
 */
export async function sumDisaggregationsOfYear(db: Executor, policyCode: string, year: number) {
  const category = sql<string>`case when ${sql.ref("md.dimension")} = 'region'
    then left(${sql.ref("md.category")}, 2) else ${sql.ref("md.category")} end`;
  const rows = await db
    .selectFrom("measurementDisaggregation as md")
    .innerJoin("measurement as m", "m.id", "md.measurementId")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .innerJoin("policy as p", "p.id", "i.policyId")
    .select((eb) => [
      "md.measurementId",
      "m.indicatorId",
      "md.dimension",
      "md.label",
      category.as("category"),
      eb.fn.sum<string>("md.value").as("value"),
      eb.fn.min<number>("md.position").as("position"),
    ])
    .where("p.code", "=", policyCode)
    .where("m.period", "=", "ANUAL")
    .where("m.year", "=", year)
    .groupBy(["md.measurementId", "m.indicatorId", "md.dimension", "md.label", category])
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value), position: Number(r.position) }));
}
