import type { Insertable } from "kysely";
import type { Executor } from "../../db/connect.ts";
import type { IndicatorVersion } from "../../db/schema.generated.ts";

/** SQL of the ficha técnica versions an administrator adds (issue 17, item 1). */

/** Every version of an indicator, oldest first, with its responsible entity and unit codes. */
export async function listVersions(db: Executor, indicatorId: number) {
  return db
    .selectFrom("indicatorVersion as v")
    .innerJoin("entity as e", "e.id", "v.responsibleEntityId")
    .leftJoin("orgUnit as u", "u.id", "v.responsibleUnitId")
    .selectAll("v")
    .select(["e.code as responsibleEntityCode", "u.code as responsibleUnitCode"])
    .where("v.indicatorId", "=", indicatorId)
    .orderBy("v.version")
    .execute();
}

/** The years with values of each version of an indicator (any status or revision). */
export async function listReportedYears(db: Executor, indicatorId: number) {
  return db
    .selectFrom("measurement")
    .select(["indicatorVersionId", "year"])
    .distinct()
    .where("indicatorId", "=", indicatorId)
    .orderBy("year")
    .execute();
}

export async function findIndicatorId(db: Executor, policyId: number, code: string) {
  const row = await db
    .selectFrom("indicator")
    .select("id")
    .where("policyId", "=", policyId)
    .where("code", "=", code)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Ends the validity of the versions that would overlap a version starting in `fromYear`. */
export async function closeVersionsBefore(db: Executor, indicatorId: number, fromYear: number) {
  await db
    .updateTable("indicatorVersion")
    .set({ validTo: fromYear - 1 })
    .where("indicatorId", "=", indicatorId)
    .where("validFrom", "<", fromYear)
    .where((eb) => eb.or([eb("validTo", "is", null), eb("validTo", ">=", fromYear)]))
    .execute();
}

export async function insertVersion(
  db: Executor,
  row: Insertable<IndicatorVersion>,
): Promise<number> {
  const { id } = await db
    .insertInto("indicatorVersion")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
