import type { Executor } from "../../db/connect.ts";

/**
 * SQL of the TIP entries (migration 0015): insert a version, insert a review, and read the
 * versions of a year with their entity, the version that supersedes each and its review.
 * Both tables are append-only (a trigger refuses updates and deletes).
 */

/** What a focal point enters for a data point: the value (a number or a text) and how it was counted. */
export interface TipEntryContent {
  valueNumber: number | null;
  valueText: string | null;
  unit: string;
  definition: string;
  disaggregation: string;
  comment: string | null;
}

export interface TipEntryRow extends TipEntryContent {
  id: number;
  dataPointId: number;
  year: number;
  entityCode: string;
  entityName: string;
  version: number;
  supersedesId: number | null;
  supersededById: number | null;
  enteredBy: string;
  enteredAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

export async function findEntityByCode(db: Executor, code: string) {
  return (
    (await db
      .selectFrom("entity")
      .select(["id", "code", "name"])
      .where("code", "=", code)
      .executeTakeFirst()) ?? null
  );
}

export async function listEntitiesByCode(db: Executor, codes: readonly string[] | null) {
  let q = db.selectFrom("entity").select(["code", "name"]).orderBy("code");
  if (codes !== null) {
    if (codes.length === 0) return [];
    q = q.where("code", "in", codes);
  }
  return q.execute();
}

function selectEntries(db: Executor) {
  return db
    .selectFrom("tipPointEntry as e")
    .innerJoin("entity as en", "en.id", "e.entityId")
    .leftJoin("tipPointEntry as next", "next.supersedesId", "e.id")
    .leftJoin("tipPointEntryReview as r", "r.entryId", "e.id")
    .select([
      "e.id",
      "e.dataPointId",
      "e.year",
      "en.code as entityCode",
      "en.name as entityName",
      "e.version",
      "e.supersedesId",
      "next.id as supersededById",
      "e.valueNumber",
      "e.valueText",
      "e.unit",
      "e.definition",
      "e.disaggregation",
      "e.comment",
      "e.enteredBy",
      "e.enteredAt",
      "r.reviewedBy",
      "r.reviewedAt",
      "r.note as reviewNote",
    ]);
}

/** A year's entries (optionally of one point and one entity); current ones only unless `history`. */
export async function listTipEntries(
  db: Executor,
  filter: { year: number; dataPointId?: number; entityCode?: string; history: boolean },
): Promise<TipEntryRow[]> {
  let q = selectEntries(db).where("e.year", "=", filter.year);
  if (filter.dataPointId !== undefined) q = q.where("e.dataPointId", "=", filter.dataPointId);
  if (filter.entityCode !== undefined) q = q.where("en.code", "=", filter.entityCode);
  if (!filter.history) q = q.where("next.id", "is", null);
  return q.orderBy("e.dataPointId").orderBy("en.code").orderBy("e.version").execute();
}

export async function findTipEntry(db: Executor, id: number): Promise<TipEntryRow | null> {
  return (await selectEntries(db).where("e.id", "=", id).executeTakeFirst()) ?? null;
}

/** The latest version of a point, year and entity, or null when none was entered. */
export async function findCurrentTipEntry(
  db: Executor,
  key: { dataPointId: number; year: number; entityId: number },
) {
  return (
    (await db
      .selectFrom("tipPointEntry")
      .select(["id", "version"])
      .where("dataPointId", "=", key.dataPointId)
      .where("year", "=", key.year)
      .where("entityId", "=", key.entityId)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export async function insertTipEntry(
  db: Executor,
  row: TipEntryContent & {
    dataPointId: number;
    year: number;
    entityId: number;
    version: number;
    supersedesId: number | null;
    enteredBy: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("tipPointEntry")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertTipEntryReview(
  db: Executor,
  row: { entryId: number; reviewedBy: string; note: string | null },
): Promise<void> {
  await db.insertInto("tipPointEntryReview").values(row).execute();
}
