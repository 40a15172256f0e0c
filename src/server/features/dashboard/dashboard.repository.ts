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
