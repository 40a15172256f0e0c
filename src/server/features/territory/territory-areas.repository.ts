import { type Expression, type SqlBool, sql } from "kysely";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";
import { isLatestRevision } from "../../db/sql-fragments.ts";

/**
 * Figures grouped by area (department, province or district: the first 2, 4 or 6 digits of an
 * INEI code), within a department or province (a code prefix). The registers store each row's
 * own ubigeo at whatever level it was given; a row given at a level above the one asked (a
 * regional space on a province map) has no area there and is returned with `area` null, so
 * the map can say how much it could not place.
 */

type Length = 2 | 4 | 6;

// A district ubigeo: six digits whose last two are not 00 (territory.repository.ts says why).
const DISTRICT_CODE = "^[0-9]{4}(0[1-9]|[1-9][0-9])$";

/** `left(code, n)` when the code is at least that deep, else null. */
function areaOf(ref: string, length: Length) {
  const code = sql.ref(ref);
  return sql<
    string | null
  >`case when length(${code}) >= ${sql.lit(length)} then left(${code}, ${sql.lit(length)}) end`;
}

function within(ref: string, prefix: string | undefined): Expression<SqlBool> {
  return prefix ? sql<SqlBool>`${sql.ref(ref)} like ${`${prefix}%`}` : sql<SqlBool>`true`;
}

/** The places of a level within a prefix, with validity: the map's rows, figures or not. */
export async function listAreas(db: Executor, level: string, prefix: string | undefined) {
  return db
    .selectFrom("ubigeo")
    .select(["code", "name", "validFrom", "validTo"])
    .where("level", "=", level as "departamento")
    .where(within("code", prefix))
    .orderBy("code")
    .execute();
}

export async function findArea(db: Executor, code: string) {
  return db
    .selectFrom("ubigeo")
    .select(["code", "name", "level"])
    .where("code", "=", code)
    .executeTakeFirst();
}

/** Coordination spaces by area and level; a space not placed by its source has no code. */
export async function countSpacesByArea(db: Executor, length: Length, prefix?: string) {
  const area = areaOf("s.ubigeoCode", length);
  return db
    .selectFrom("coordinationSpace as s")
    .select((eb) => [area.as("area"), "s.level", eb.fn.countAll<string>().as("n")])
    .where("s.ubigeoCode", "is not", null)
    .where(within("s.ubigeoCode", prefix))
    .groupBy([area, "s.level"])
    .execute();
}

/** Trainings that ended in [from, to], by area: how many, participants, women and men. */
export async function sumTrainingsByArea(
  db: Executor,
  length: Length,
  f: { prefix?: string | undefined; from?: string | undefined; to?: string | undefined },
) {
  const area = areaOf("t.ubigeoCode", length);
  let q = db
    .selectFrom("training as t")
    .select((eb) => [
      area.as("area"),
      eb.fn.countAll<string>().as("trainings"),
      eb.fn.sum<string>("t.participants").as("participants"),
      eb.fn.sum<string>(eb.fn.coalesce("t.participantsWomen", eb.val(0))).as("women"),
      eb.fn.sum<string>(eb.fn.coalesce("t.participantsMen", eb.val(0))).as("men"),
    ])
    .where(within("t.ubigeoCode", f.prefix));
  if (f.from) q = q.where("t.endedOn", ">=", f.from);
  if (f.to) q = q.where("t.endedOn", "<=", f.to);
  return q.groupBy(area).execute();
}

/**
 * Technical assistances held in [from, to] by the area assisted: the government's ubigeo,
 * else the ubigeo of the space assisted.
 */
export async function countAssistancesByArea(
  db: Executor,
  length: Length,
  f: { prefix?: string | undefined; from?: string | undefined; to?: string | undefined },
) {
  const place = "place";
  let inner = db
    .selectFrom("technicalAssistance as a")
    .leftJoin("coordinationSpace as s", "s.id", "a.spaceId")
    .select((eb) => [
      "a.id",
      "a.heldOn",
      "a.topic",
      eb.fn.coalesce("a.governmentUbigeo", "s.ubigeoCode").as(place),
      eb.fn.coalesce("s.name", "a.governmentUbigeo").as("to"),
    ]);
  if (f.from) inner = inner.where("a.heldOn", ">=", f.from);
  if (f.to) inner = inner.where("a.heldOn", "<=", f.to);
  return db
    .selectFrom(inner.as("x"))
    .select(["x.id", "x.heldOn", "x.topic", "x.to", areaOf("x.place", length).as("area")])
    .where("x.place", "is not", null)
    .where(within("x.place", f.prefix))
    .orderBy("x.heldOn")
    .orderBy("x.id")
    .execute();
}

/**
 * Sums the district values (dimension 'region', category a district's INEI code) of the
 * measurements in force of a policy, by area of the length asked, with history:
 * - every year and period unless given (one query gives an indicator's whole series);
 * - a district value counts only when the district existed on some day of the value's period
 *   (`ubigeo.valid_from`/`valid_to`, migration 0018); the others are counted apart
 *   (`outside`), never silently summed into a province that did not contain them yet.
 * Measurements in force are settled first, in a materialized CTE, with their period's first
 * and last day, as `sumDistrictValuesByDepartment` does and for the same reason.
 */
export async function sumDistrictValuesByArea(
  db: Executor,
  input: {
    policyId: number;
    length: Length;
    prefix?: string | undefined;
    indicatorCode?: string | undefined;
    year?: number | undefined;
    period?: string | undefined;
    statuses: readonly MeasurementStatus[];
  },
) {
  const area = sql<string>`left(${sql.ref("md.category")}, ${sql.lit(input.length)})`;
  const startMonth = sql`case m.period when 'S2' then 7 when 'T2' then 4 when 'T3' then 7 when 'T4' then 10 else 1 end`;
  const endMonth = sql`case m.period when 'S1' then 6 when 'T1' then 3 when 'T2' then 6 when 'T3' then 9 else 12 end`;
  const valid = sql<SqlBool>`(u.valid_from is null or u.valid_from <= f.period_end)
    and (u.valid_to is null or u.valid_to >= f.period_start)`;
  return db
    .with(
      (cte) => cte("f").materialized(),
      (qb) => {
        let q = qb
          .selectFrom("measurement as m")
          .innerJoin("indicator as i", "i.id", "m.indicatorId")
          .select([
            "m.id",
            "i.code",
            "i.position",
            "m.year",
            "m.period",
            sql<string>`make_date(m.year, ${startMonth}, 1)`.as("periodStart"),
            sql<string>`(make_date(m.year, ${endMonth}, 1) + interval '1 month' - interval '1 day')::date`.as(
              "periodEnd",
            ),
          ])
          .where("i.policyId", "=", input.policyId)
          .where("m.status", "in", input.statuses)
          .where(isLatestRevision("m", input.statuses));
        if (input.indicatorCode) q = q.where("i.code", "=", input.indicatorCode);
        if (input.year !== undefined) q = q.where("m.year", "=", input.year);
        if (input.period) q = q.where("m.period", "=", input.period as "ANUAL");
        return q;
      },
    )
    .selectFrom("measurementDisaggregation as md")
    .innerJoin("f", "f.id", "md.measurementId")
    .leftJoin("ubigeo as u", "u.code", "md.category")
    .select((eb) => [
      "f.code as indicatorCode",
      "f.year",
      "f.period",
      area.as("area"),
      sql<string | null>`sum(md.value) filter (where ${valid})`.as("value"),
      sql<string>`count(*) filter (where ${valid})`.as("districts"),
      sql<string>`count(*) filter (where not (${valid}))`.as("outside"),
      eb.fn.max("f.position").as("position"),
    ])
    .where("md.dimension", "=", "region")
    .where(sql<SqlBool>`${sql.ref("md.category")} ~ ${sql.lit(DISTRICT_CODE)}`)
    .where(within("md.category", input.prefix))
    .groupBy(["f.code", "f.year", "f.period", area])
    .orderBy("position")
    .orderBy("f.year")
    .orderBy("f.period")
    .orderBy("area")
    .execute();
}

/** Indicators of a policy with district values in force, and the years they have them. */
export async function listIndicatorsWithDistrictValues(
  db: Executor,
  policyId: number,
  statuses: readonly MeasurementStatus[],
) {
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["i.code", "m.year"])
    .where("i.policyId", "=", policyId)
    .where("m.status", "in", statuses)
    .where(isLatestRevision("m", statuses))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("measurementDisaggregation as md")
          .select("md.id")
          .whereRef("md.measurementId", "=", "m.id")
          .where("md.dimension", "=", "region")
          .where(sql<SqlBool>`${sql.ref("md.category")} ~ ${sql.lit(DISTRICT_CODE)}`),
      ),
    )
    .groupBy(["i.code", "i.position", "m.year"])
    .orderBy("i.position")
    .orderBy("m.year")
    .execute();
}
