import type { PeriodKind } from "../../../shared/schemas/catalogue.schema.ts";
import type { Executor } from "../../db/connect.ts";
import type { ReportingPeriod } from "../../db/schema.generated.ts";

/** SQL of reporting periods. */

export async function listPeriods(db: Executor, policyId: number, onlyOpen = false) {
  let q = db
    .selectFrom("reportingPeriod")
    .select(["id", "year", "period", "opensOn", "deadline", "status"])
    .where("policyId", "=", policyId);
  if (onlyOpen) q = q.where("status", "=", "abierto");
  return q.orderBy("year", "desc").orderBy("period").execute();
}

export async function findPeriod(db: Executor, id: number) {
  return db.selectFrom("reportingPeriod").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findPeriodFor(
  db: Executor,
  policyId: number,
  year: number,
  period: PeriodKind,
) {
  return db
    .selectFrom("reportingPeriod")
    .selectAll()
    .where("policyId", "=", policyId)
    .where("year", "=", year)
    .where("period", "=", period)
    .executeTakeFirst();
}

export async function insertPeriod(
  db: Executor,
  row: {
    policyId: number;
    year: number;
    period: PeriodKind;
    opensOn: string;
    deadline: string;
    createdBy: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("reportingPeriod")
    .values({ ...row, status: "abierto" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updatePeriod(
  db: Executor,
  id: number,
  patch: { status?: ReportingPeriod["status"]; deadline?: string },
) {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable("reportingPeriod").set(patch).where("id", "=", id).execute();
}
