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
  /** The RENIEC code of the same place (unpadded), the crosswalk; null when it has none. */
  reniecCode: string | null;
}

// 6 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535-parameter limit.
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
            reniecCode: eb.ref("excluded.reniecCode"),
          }))
          .where(
            sql<boolean>`(ubigeo.level, ubigeo.name, ubigeo.department_code, ubigeo.province_code, ubigeo.reniec_code)
              is distinct from
              (excluded.level, excluded.name, excluded.department_code, excluded.province_code, excluded.reniec_code)`,
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

/** Every place with its RENIEC code, validity and ancestors' names: the crosswalk's input. */
export async function listCrosswalkRows(db: Executor) {
  return db
    .selectFrom("ubigeo as u")
    .leftJoin("ubigeo as p", (j) =>
      j.onRef("p.code", "=", "u.provinceCode").on("u.level", "=", "distrito"),
    )
    .innerJoin("ubigeo as d", "d.code", "u.departmentCode")
    .select([
      "u.code",
      "u.reniecCode",
      "u.level",
      "u.name",
      "u.validFrom",
      "u.validTo",
      "p.name as provinceName",
      "d.name as departmentName",
    ])
    .orderBy("u.code")
    .execute();
}

export async function findUbigeoValidity(db: Executor, code: string) {
  return db
    .selectFrom("ubigeo")
    .select(["code", "validFrom", "validTo"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function updateUbigeoValidity(
  tx: Executor,
  code: string,
  validity: { validFrom: string | null; validTo: string | null },
) {
  await tx.updateTable("ubigeo").set(validity).where("code", "=", code).execute();
}

export async function listGroupRows(db: Executor) {
  return db
    .selectFrom("territoryGroup as g")
    .leftJoin("territoryGroupMember as m", "m.groupId", "g.id")
    .leftJoin("ubigeo as u", "u.code", "m.ubigeoCode")
    .select([
      "g.code",
      "g.name",
      "g.source",
      "g.note",
      "m.ubigeoCode",
      "u.name as memberName",
      "m.note as memberNote",
    ])
    .orderBy("g.code")
    .orderBy("m.ubigeoCode")
    .execute();
}

/** Inserts a grouping, or replaces its name, source and members when its code exists. */
export async function upsertGroup(
  tx: Executor,
  group: { code: string; name: string; source: string; note: string | null },
  members: { ubigeoCode: string; note: string | null }[],
): Promise<number> {
  const { id } = await tx
    .insertInto("territoryGroup")
    .values(group)
    .onConflict((oc) =>
      oc.column("code").doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        source: eb.ref("excluded.source"),
        note: eb.ref("excluded.note"),
      })),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx.deleteFrom("territoryGroupMember").where("groupId", "=", id).execute();
  if (members.length > 0) {
    await tx
      .insertInto("territoryGroupMember")
      .values(members.map((m) => ({ groupId: id, ...m })))
      .execute();
  }
  return id;
}

/** A training of the place outside a validity span, or null: the id of the first found. */
export async function findTrainingOutsideValidity(
  db: Executor,
  code: string,
  span: { validFrom: string | null; validTo: string | null },
): Promise<number | null> {
  const row = await db
    .selectFrom("training")
    .select("id")
    .where("ubigeoCode", "=", code)
    .where((eb) =>
      eb.or([
        ...(span.validFrom ? [eb("startedOn", "<", span.validFrom)] : []),
        ...(span.validTo ? [eb("endedOn", ">", span.validTo)] : []),
        eb.val(false),
      ]),
    )
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}
