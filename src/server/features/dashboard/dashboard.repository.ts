import type { Executor } from "../../db/connect.ts";

/** SQL of the dashboard's reporting figures and of publications. */

export async function listPeriodsOfYear(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("reportingPeriod")
    .select(["year", "period", "deadline"])
    .where("policyId", "=", policyId)
    .where("year", "=", year)
    .execute();
}

export async function listYearsWithValues(db: Executor, policyId: number) {
  const rows = await db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select("m.year")
    .distinct()
    .where("i.policyId", "=", policyId)
    .where("m.period", "=", "ANUAL")
    .orderBy("m.year")
    .execute();
  return rows.map((r) => r.year);
}

export async function insertPublication(
  db: Executor,
  row: { policyId: number; year: number; snapshot: string; publishedBy: string },
) {
  return db
    .insertInto("publication")
    .values(row)
    .returning(["id", "publishedAt"])
    .executeTakeFirstOrThrow();
}

export async function findLatestPublication(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("publication")
    .select(["id", "year", "snapshot", "publishedAt", "publishedBy"])
    .where("policyId", "=", policyId)
    .where("year", "=", year)
    .orderBy("publishedAt", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}
