import { sql } from "kysely";
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

/** The year's latest publication, with the role of the account that published it. */
export async function findLatestPublication(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("publication as p")
    .leftJoin("appUser as u", (join) => join.on(sql<boolean>`p.published_by = 'user:' || u.id`))
    .select([
      "p.id",
      "p.year",
      "p.snapshot",
      "p.publishedAt",
      "p.publishedBy",
      "u.role as publishedByRole",
    ])
    .where("p.policyId", "=", policyId)
    .where("p.year", "=", year)
    .orderBy("p.publishedAt", "desc")
    .orderBy("p.id", "desc")
    .limit(1)
    .executeTakeFirst();
}
