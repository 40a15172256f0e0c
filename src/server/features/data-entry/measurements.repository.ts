import { sql } from "kysely";
import type {
  DisaggregationDimension,
  PeriodKind,
} from "../../../shared/schemas/catalogue.schema.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";
import { isLatestRevision } from "../../db/sql-fragments.ts";

/** SQL of reported values, their workflow, notes and evidence. */

export async function findEntityId(db: Executor, code: string): Promise<number | null> {
  const row = await db
    .selectFrom("entity")
    .select("id")
    .where("code", "=", code)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findLatestRevision(
  db: Executor,
  indicatorId: number,
  year: number,
  period: PeriodKind,
) {
  return db
    .selectFrom("measurement")
    .select(["id", "revision", "status", "position"])
    .where("indicatorId", "=", indicatorId)
    .where("year", "=", year)
    .where("period", "=", period)
    .orderBy("revision", "desc")
    .limit(1)
    .executeTakeFirst();
}

export interface MeasurementFields {
  value: number | null;
  valueDerived: boolean;
  numerator: number | null;
  denominator: number | null;
  logros: string | null;
  dificultades: string | null;
  medidas: string | null;
  sourceSystem: string | null;
  justification: string | null;
}

export async function insertMeasurement(
  db: Executor,
  row: MeasurementFields & {
    indicatorId: number;
    indicatorVersionId: number;
    year: number;
    period: PeriodKind;
    revision: number;
    reportingEntityId: number;
    reportedForEntityId: number;
    correctionReason: string | null;
    createdBy: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("measurement")
    .values({
      ...row,
      status: "borrador",
      position: 0,
      reportingUnitId: null,
      reference: null,
      note: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function replaceDisaggregations(
  db: Executor,
  measurementId: number,
  parts: readonly {
    dimension: DisaggregationDimension;
    category: string;
    label: string | null;
    value: number;
  }[],
): Promise<void> {
  await db
    .deleteFrom("measurementDisaggregation")
    .where("measurementId", "=", measurementId)
    .execute();
  if (parts.length) {
    await db
      .insertInto("measurementDisaggregation")
      .values(parts.map((p, position) => ({ measurementId, ...p, position })))
      .execute();
  }
}

/**
 * Writes fields and/or a new status only if nobody wrote since `lockVersion` was read.
 * Returns false on a stale write, which the service turns into a 409.
 */
export async function updateMeasurementIfCurrent(
  db: Executor,
  id: number,
  lockVersion: number,
  patch: Partial<MeasurementFields> & {
    status?: MeasurementStatus;
    submittedAt?: Date;
    submittedBy?: string;
    validatedAt?: Date;
    validatedBy?: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("measurement")
    .set((eb) => ({ ...patch, lockVersion: eb("lockVersion", "+", 1), updatedAt: sql`now()` }))
    .where("id", "=", id)
    .where("lockVersion", "=", lockVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A value with its indicator, version, policy and entities: what a view of it starts from. */
function measurementRows(db: Executor) {
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .innerJoin("indicatorVersion as v", "v.id", "m.indicatorVersionId")
    .innerJoin("policy as p", "p.id", "i.policyId")
    .innerJoin("entity as re", "re.id", "m.reportingEntityId")
    .innerJoin("entity as fe", "fe.id", "m.reportedForEntityId")
    .selectAll("m")
    .select([
      "i.code as indicatorCode",
      "i.policyId",
      "v.name as indicatorName",
      "v.unit",
      "v.isCumulative",
      "v.direction",
      "v.version as indicatorVersion",
      "p.code as policyCode",
      "re.code as reportingEntity",
      "fe.code as reportedForEntity",
    ]);
}

export async function findMeasurementRow(db: Executor, id: number) {
  return measurementRows(db).where("m.id", "=", id).executeTakeFirst();
}

export interface MeasurementListFilters {
  year?: number;
  period?: PeriodKind;
  status?: MeasurementStatus;
  entityIds: number[] | null;
}

function filteredMeasurements(db: Executor, policyId: number, filters: MeasurementListFilters) {
  let q = measurementRows(db).where("i.policyId", "=", policyId);
  if (filters.year !== undefined) q = q.where("m.year", "=", filters.year);
  if (filters.period) q = q.where("m.period", "=", filters.period);
  if (filters.status) q = q.where("m.status", "=", filters.status);
  if (filters.entityIds) q = q.where("m.reportedForEntityId", "in", filters.entityIds);
  return q;
}

/**
 * The review queue: the values of a policy matching the filters, newest year first. With a
 * page, only that page (the route always asks for one, so a request's work is bounded and one
 * long list cannot hold the PGlite connection for seconds, ADR 0036); without, every row: the
 * offline snapshot and the register proposals need them all, and nothing is cut silently.
 */
export async function listMeasurementRows(
  db: Executor,
  policyId: number,
  filters: MeasurementListFilters,
  page?: { limit: number; offset: number },
) {
  if (filters.entityIds?.length === 0) return [];
  let q = filteredMeasurements(db, policyId, filters)
    .orderBy("m.year", "desc")
    .orderBy("i.position")
    .orderBy("m.revision", "desc")
    .orderBy("m.id");
  if (page) q = q.limit(page.limit).offset(page.offset);
  return q.execute();
}

/** How many values match the filters: the list's total beside its page. */
export async function countMeasurementRows(
  db: Executor,
  policyId: number,
  filters: MeasurementListFilters,
): Promise<number> {
  if (filters.entityIds?.length === 0) return 0;
  let q = db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("i.policyId", "=", policyId);
  if (filters.year !== undefined) q = q.where("m.year", "=", filters.year);
  if (filters.period) q = q.where("m.period", "=", filters.period);
  if (filters.status) q = q.where("m.status", "=", filters.status);
  if (filters.entityIds) q = q.where("m.reportedForEntityId", "in", filters.entityIds);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The disaggregations of the given values, in their entered order. */
export async function listDisaggregations(db: Executor, measurementIds: readonly number[]) {
  if (measurementIds.length === 0) return [];
  return db
    .selectFrom("measurementDisaggregation")
    .select(["measurementId", "dimension", "category", "label", "value"])
    .where("measurementId", "in", measurementIds)
    .orderBy("measurementId")
    .orderBy("position")
    .execute();
}

/** Notes of the given values, oldest first: a conversation reads from the top. */
export async function listNotes(db: Executor, measurementIds: readonly number[]) {
  if (measurementIds.length === 0) return [];
  return db
    .selectFrom("measurementNote")
    .select(["id", "measurementId", "kind", "field", "comment", "author", "createdAt"])
    .where("measurementId", "in", measurementIds)
    .orderBy("id")
    .execute();
}

export async function insertNotes(
  db: Executor,
  measurementId: number,
  notes: readonly {
    kind: "observacion" | "comentario";
    field: string | null;
    comment: string;
    author: string;
  }[],
): Promise<void> {
  await db
    .insertInto("measurementNote")
    .values(notes.map((n) => ({ measurementId, ...n })))
    .execute();
}

/** Evidence files of the given values, in upload order. */
export async function listEvidence(db: Executor, measurementIds: readonly number[]) {
  if (measurementIds.length === 0) return [];
  return db
    .selectFrom("evidenceFile")
    .select([
      "id",
      "measurementId",
      "fileName",
      "mediaType",
      "sizeBytes",
      "sha256",
      "uploadedBy",
      "uploadedAt",
    ])
    .where("measurementId", "in", measurementIds)
    .orderBy("id")
    .execute();
}

export async function insertEvidence(
  db: Executor,
  row: {
    measurementId: number;
    fileName: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
    uploadedBy: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("evidenceFile")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function findEvidence(db: Executor, id: number) {
  return db.selectFrom("evidenceFile").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Every revision of the same indicator, year and period as each of the given values (their
 * history), newest revision first.
 */
export async function listRevisions(db: Executor, measurementIds: readonly number[]) {
  if (measurementIds.length === 0) return [];
  return db
    .selectFrom("measurement as r")
    .select([
      "r.id",
      "r.indicatorId",
      "r.year",
      "r.period",
      "r.revision",
      "r.status",
      "r.value",
      "r.valueDerived",
      "r.correctionReason",
      "r.createdBy",
      "r.createdAt",
    ])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("measurement as m")
          .select("m.id")
          .where("m.id", "in", measurementIds)
          .whereRef("m.indicatorId", "=", "r.indicatorId")
          .whereRef("m.year", "=", "r.year")
          .whereRef("m.period", "=", "r.period"),
      ),
    )
    .orderBy("r.revision", "desc")
    .execute();
}

/** One step of a value's workflow, with the figures it had then (append-only table). */
export async function appendHistory(
  db: Executor,
  row: {
    measurementId: number;
    action: "create" | "submit" | "observe" | "validate";
    status: MeasurementStatus;
    value: number | null;
    valueDerived: boolean;
    numerator: number | null;
    denominator: number | null;
    actor: string;
  },
): Promise<void> {
  await db.insertInto("measurementHistory").values(row).execute();
}

/** The workflow steps of the given values, newest first. */
export async function listHistory(db: Executor, measurementIds: readonly number[]) {
  if (measurementIds.length === 0) return [];
  return db
    .selectFrom("measurementHistory")
    .select(["id", "measurementId", "action", "status", "value", "valueDerived", "actor", "at"])
    .where("measurementId", "in", measurementIds)
    .orderBy("id", "desc")
    .execute();
}

/** An evidence file of the value with the same content, if any. */
export async function findEvidenceBySha(db: Executor, measurementId: number, sha256: string) {
  return db
    .selectFrom("evidenceFile")
    .select(["id", "fileName"])
    .where("measurementId", "=", measurementId)
    .where("sha256", "=", sha256)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/** Latest revision per indicator for the given periods, with submission time. */
export async function listLatestForPeriods(
  db: Executor,
  policyId: number,
  periods: readonly { year: number; period: PeriodKind }[],
) {
  if (periods.length === 0) return [];
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select([
      "m.id",
      "m.indicatorId",
      "m.year",
      "m.period",
      "m.status",
      "m.submittedAt",
      "m.reportedForEntityId",
    ])
    .where("i.policyId", "=", policyId)
    .where((eb) =>
      eb.or(periods.map((p) => eb.and([eb("m.year", "=", p.year), eb("m.period", "=", p.period)]))),
    )
    .where(isLatestRevision("m"))
    .execute();
}

/** Years with at least one annual value (in the given statuses, or any): a trend chart's axis. */
export async function listYearsWithAnnualValues(
  db: Executor,
  policyId: number,
  statuses?: readonly MeasurementStatus[],
): Promise<number[]> {
  const rows = await db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select("m.year")
    .distinct()
    .where("i.policyId", "=", policyId)
    .where("m.period", "=", "ANUAL")
    .$if(statuses !== undefined, (q) => q.where("m.status", "in", statuses ?? []))
    .orderBy("m.year")
    .execute();
  return rows.map((r) => r.year);
}
