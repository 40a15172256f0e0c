import { sql } from "kysely";
import type { PeriodKind } from "../../../shared/schemas/catalogue.schema.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";
import { isLatestRevision } from "../../db/sql-fragments.ts";

export interface UbigeoRow {
  code: string;
  level: "departamento" | "provincia" | "distrito";
  name: string;
  departmentCode: string;
  provinceCode: string | null;
}

// 5 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535-parameter limit.
const UPSERT_BATCH = 1000;

/**
 * Inserts or updates reference rows by code. Rows are written parents first (the caller's
 * order), as the table references itself. Unchanged rows are left alone, so a reload writes
 * nothing; codes missing from a newer file are kept, as values may still point at them.
 * Returns how many rows were inserted or changed.
 */
export async function upsertUbigeo(tx: Executor, rows: readonly UbigeoRow[]): Promise<number> {
  let changed = 0;
  for (let start = 0; start < rows.length; start += UPSERT_BATCH) {
    const result = await tx
      .insertInto("ubigeo")
      .values(rows.slice(start, start + UPSERT_BATCH))
      .onConflict((oc) =>
        oc
          .column("code")
          .doUpdateSet((eb) => ({
            level: eb.ref("excluded.level"),
            name: eb.ref("excluded.name"),
            departmentCode: eb.ref("excluded.departmentCode"),
            provinceCode: eb.ref("excluded.provinceCode"),
          }))
          .where(
            sql<boolean>`(ubigeo.level, ubigeo.name, ubigeo.department_code, ubigeo.province_code)
              is distinct from
              (excluded.level, excluded.name, excluded.department_code, excluded.province_code)`,
          ),
      )
      .executeTakeFirst();
    changed += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return changed;
}

export async function countUbigeoByLevel(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("ubigeo")
    .select((eb) => ["level", eb.fn.countAll<number>().as("n")])
    .groupBy("level")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
}

// A district ubigeo: six digits whose last two are not 00. Departments and provinces are often
// written padded to six digits (150000 is Lima, 150100 its province), as the INEI files and the
// data-entry form do; they must not be summed as if they were districts.
const DISTRICT_CODE = "^[0-9]{4}(0[1-9]|[1-9][0-9])$";

/**
 * Sums the district values (dimension 'region', category a district's INEI code) of each
 * indicator's measurement in force by department, the code's first two digits. In force: the
 * latest revision among the allowed statuses, the rule of the evaluation. Region rows that are
 * not district codes (a department total, padded or not; a name) are left out rather than
 * counted twice. A district code absent from the reference still counts; its department name
 * is then null.
 *
 * The measurements in force are settled first, in a materialized CTE: without table statistics
 * (PGlite never analyzes by itself, and a server may not have analyzed a fresh load yet) the
 * planner otherwise checks "no newer revision" once per district row, 40 times slower. The
 * sums are materialized too, or the planner, expecting one row, recomputes them per indicator.
 * Names are joined after the sum, once per department instead of once per district.
 */
export async function sumDistrictValuesByDepartment(
  db: Executor,
  input: {
    policyId: number;
    year: number;
    period: PeriodKind;
    statuses: readonly MeasurementStatus[];
  },
) {
  const department = sql<string>`left(${sql.ref("md.category")}, 2)`;
  return db
    .with(
      (cte) => cte("inForce").materialized(),
      (qb) =>
        qb
          .selectFrom("measurement as m")
          .innerJoin("indicator as i", "i.id", "m.indicatorId")
          .select(["m.id", "i.code", "i.position"])
          .where("i.policyId", "=", input.policyId)
          .where("m.year", "=", input.year)
          .where("m.period", "=", input.period)
          .where("m.status", "in", input.statuses)
          .where(isLatestRevision("m", input.statuses)),
    )
    .with(
      (cte) => cte("sums").materialized(),
      (qb) =>
        qb
          .selectFrom("measurementDisaggregation as md")
          .select((eb) => [
            "md.measurementId",
            department.as("departmentCode"),
            eb.fn.sum<number>("md.value").as("value"),
            eb.fn.countAll<number>().as("districts"),
          ])
          .where("md.measurementId", "in", (eb) => eb.selectFrom("inForce").select("inForce.id"))
          .where("md.dimension", "=", "region")
          .where(sql<boolean>`${sql.ref("md.category")} ~ ${sql.lit(DISTRICT_CODE)}`)
          .groupBy(["md.measurementId", department]),
    )
    .selectFrom("sums as s")
    .innerJoin("inForce as f", "f.id", "s.measurementId")
    .leftJoin("ubigeo as dep", "dep.code", "s.departmentCode")
    .select([
      "f.code as indicatorCode",
      "s.departmentCode",
      "dep.name as departmentName",
      "s.value",
      "s.districts",
    ])
    .orderBy("f.position")
    .orderBy("s.departmentCode")
    .execute();
}
