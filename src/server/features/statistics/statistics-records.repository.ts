import type { Executor } from "../../db/connect.ts";
import type { StatCaseMilestone } from "../../db/schema.generated.ts";

/**
 * SQL of the pseudonymous records: cases with their milestones, victims and suspects, in
 * separate tables (ADR 0019). No query here joins victims with suspects.
 */

export async function insertCaseRecord(
  tx: Executor,
  values: {
    sourceCode: string;
    sourceRecordId: string;
    openedOn: string | null;
    ubigeo: string | null;
    statuteInitial: string | null;
    exploitationForm: string | null;
    importId: number;
  },
): Promise<number> {
  const row = await tx
    .insertInto("statCaseRecord")
    .values(values)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMilestones(
  tx: Executor,
  rows: readonly Omit<StatCaseMilestone, "id">[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto("statCaseMilestone")
    .values([...rows])
    .execute();
}

export async function insertVictimRecords(
  tx: Executor,
  rows: readonly {
    sourceCode: string;
    sourceRecordId: string;
    caseId: number | null;
    identifiedOn: string | null;
    ubigeo: string | null;
    sex: string | null;
    ageBand: string | null;
    nationality: string | null;
    exploitationForm: string | null;
    importId: number;
  }[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto("statVictimRecord")
    .values([...rows])
    .execute();
}

export async function insertSuspectRecords(
  tx: Executor,
  rows: readonly {
    sourceCode: string;
    sourceRecordId: string;
    caseId: number | null;
    sex: string | null;
    ageBand: string | null;
    nationality: string | null;
    isPublicOfficial: boolean;
    officialInstitution: string | null;
    importId: number;
  }[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto("statSuspectRecord")
    .values([...rows])
    .execute();
}

export async function existingRecordIds(
  db: Executor,
  table: "statCaseRecord" | "statVictimRecord" | "statSuspectRecord",
  sourceCode: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select("sourceRecordId")
    .where("sourceCode", "=", sourceCode)
    .where("sourceRecordId", "in", [...ids])
    .execute();
  return new Set(rows.map((r) => r.sourceRecordId));
}

export async function findCaseIds(db: Executor, sourceCode: string, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom("statCaseRecord")
    .select(["id", "sourceRecordId"])
    .where("sourceCode", "=", sourceCode)
    .where("sourceRecordId", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.sourceRecordId, r.id]));
}

export async function selectCaseRecords(
  db: Executor,
  filter: { sourceCode?: string; limit: number },
) {
  let q = db
    .selectFrom("statCaseRecord as c")
    .select([
      "c.id",
      "c.sourceCode",
      "c.sourceRecordId",
      "c.openedOn",
      "c.ubigeo",
      "c.statuteInitial",
      "c.exploitationForm",
    ]);
  if (filter.sourceCode) q = q.where("c.sourceCode", "=", filter.sourceCode);
  const cases = await q.orderBy("c.id").limit(filter.limit).execute();
  const ids = cases.map((c) => c.id);
  const milestones = ids.length
    ? await db
        .selectFrom("statCaseMilestone")
        .select(["caseId", "milestone", "occurredOn", "statute", "sentenceYears"])
        .where("caseId", "in", ids)
        .orderBy("caseId")
        .orderBy("occurredOn")
        .orderBy("id")
        .execute()
    : [];
  return { cases, milestones };
}

export async function selectVictimRecords(
  db: Executor,
  filter: { sourceCode?: string; limit: number },
) {
  let q = db
    .selectFrom("statVictimRecord as v")
    .leftJoin("statCaseRecord as c", "c.id", "v.caseId")
    .select([
      "v.id",
      "v.sourceCode",
      "v.sourceRecordId",
      "c.sourceRecordId as caseRecordId",
      "v.identifiedOn",
      "v.ubigeo",
      "v.sex",
      "v.ageBand",
      "v.nationality",
      "v.exploitationForm",
    ]);
  if (filter.sourceCode) q = q.where("v.sourceCode", "=", filter.sourceCode);
  return q.orderBy("v.id").limit(filter.limit).execute();
}

export async function selectSuspectRecords(
  db: Executor,
  filter: { sourceCode?: string; limit: number },
) {
  let q = db
    .selectFrom("statSuspectRecord as s")
    .leftJoin("statCaseRecord as c", "c.id", "s.caseId")
    .select([
      "s.id",
      "s.sourceCode",
      "s.sourceRecordId",
      "c.sourceRecordId as caseRecordId",
      "s.sex",
      "s.ageBand",
      "s.nationality",
      "s.isPublicOfficial",
      "s.officialInstitution",
    ]);
  if (filter.sourceCode) q = q.where("s.sourceCode", "=", filter.sourceCode);
  return q.orderBy("s.id").limit(filter.limit).execute();
}
