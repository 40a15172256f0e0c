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
 * The disaggregations of the given values summed per category, region parts to their department
 * (first two ubigeo digits). A national year reported by district is some 80,000 rows
 * (data-entry's listDisaggregations returns them all); summed here they are a few hundred.
 */
export async function sumDisaggregations(db: Executor, measurementIds: readonly number[]) {
  if (measurementIds.length === 0) return [];
  const category = sql<string>`case when ${sql.ref("md.dimension")} = 'region'
    then left(${sql.ref("md.category")}, 2) else ${sql.ref("md.category")} end`;
  const rows = await db
    .selectFrom("measurementDisaggregation as md")
    .innerJoin("measurement as m", "m.id", "md.measurementId")
    .select((eb) => [
      "m.indicatorId",
      "md.dimension",
      "md.label",
      category.as("category"),
      eb.fn.sum<string>("md.value").as("value"),
    ])
    .where("md.measurementId", "in", measurementIds)
    .groupBy(["m.indicatorId", "md.dimension", "md.label", category])
    // The order they were entered in (departments are put in code order by the figures).
    .orderBy("m.indicatorId")
    .orderBy(sql`min(${sql.ref("md.position")})`)
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}
