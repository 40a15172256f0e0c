import { sql } from "kysely";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";
import { isLatestRevision } from "../../db/sql-fragments.ts";

/**
 * SQL that gathers what one policy-year evaluation needs besides the policy and its indicators
 * in force (catalogue/policy.repository.ts, catalogue/indicators.repository.ts).
 */

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
) {
  return db
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
}

/**
 * Each dimension's total per annual value of a policy-year, every revision and status: the sum
 * rule needs no more, and summing in SQL keeps a national-scale year (44 indicators × 1,892
 * districts) to a few rows instead of 80,000. Independent of a value's status, so a validation
 * does not make it stale (ADR 0043).
 */
export async function listAnnualPartSums(db: Executor, policyCode: string, year: number) {
  const parts = await db
    .selectFrom("measurementDisaggregation as d")
    .innerJoin("measurement as m", "m.id", "d.measurementId")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .innerJoin("policy as p", "p.id", "i.policyId")
    .select((eb) => [
      "d.measurementId",
      "d.dimension",
      "d.label",
      eb.fn.sum<number>("d.value").as("value"),
    ])
    .where("p.code", "=", policyCode)
    .where("m.period", "=", "ANUAL")
    .where("m.year", "=", year)
    .groupBy(["d.measurementId", "d.dimension", "d.label"])
    .execute();
  return parts.map((p) => ({ ...p, category: "total", value: Number(p.value) }));
}

/**
 * The year's latest publication, with the role of the account that published it. A withdrawn
 * one is returned too (with `withdrawnAt`): the year is published only if it is not withdrawn.
 */
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
      "p.withdrawnAt",
      "p.withdrawalReason",
      "u.role as publishedByRole",
    ])
    .where("p.policyId", "=", policyId)
    .where("p.year", "=", year)
    .orderBy("p.publishedAt", "desc")
    .orderBy("p.id", "desc")
    .limit(1)
    .executeTakeFirst();
}
