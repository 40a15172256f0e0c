import type { Executor } from "../../db/connect.ts";
import { copyRows } from "../../db/copy-rows.ts";
import type { StatCaseMilestone } from "../../db/schema.generated.ts";

/**
 * SQL of the pseudonymous records: cases with their milestones, victims and suspects, in
 * separate tables (ADR 0019). No query here joins victims with suspects.
 */

// Rows per statement: the multi-row INSERT of cases stays under PostgreSQL's 65,535 bind
// parameters (7 a row), and an IN list of record ids under the same limit.
const CHUNK = 5000;

/**
 * Cases in multi-row INSERTs of a few thousand, each returning the ids it assigned, keyed by the
 * source's record id (unique per source), which milestones, victims and suspects point to.
 */
export async function insertCaseRecords(
  tx: Executor,
  rows: readonly {
    sourceCode: string;
    sourceRecordId: string;
    openedOn: string | null;
    ubigeo: string | null;
    statuteInitial: string | null;
    exploitationForm: string | null;
    importId: number;
  }[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const inserted = await tx
      .insertInto("statCaseRecord")
      .values(rows.slice(i, i + CHUNK))
      .returning(["id", "sourceRecordId"])
      .execute();
    for (const r of inserted) ids.set(r.sourceRecordId, Number(r.id));
  }
  return ids;
}

/*
 * Milestones, victims and suspects by COPY in the caller's transaction: a source's export is
 * hundreds of thousands of records, and row-by-row or multi-row INSERTs cost several times what
 * COPY does (src/server/db/copy-rows.ts). Constraints, foreign keys and checks apply as usual.
 */

export async function insertMilestones(
  tx: Executor,
  rows: readonly Omit<StatCaseMilestone, "id">[],
) {
  await copyRows(
    tx,
    "stat_case_milestone",
    ["case_id", "milestone", "occurred_on", "statute", "sentence_years"],
    rows.map((m) => [m.caseId, m.milestone, m.occurredOn, m.statute, m.sentenceYears]),
  );
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
  await copyRows(
    tx,
    "stat_victim_record",
    [
      "source_code",
      "source_record_id",
      "case_id",
      "identified_on",
      "ubigeo",
      "sex",
      "age_band",
      "nationality",
      "exploitation_form",
      "import_id",
    ],
    rows.map((v) => [
      v.sourceCode,
      v.sourceRecordId,
      v.caseId,
      v.identifiedOn,
      v.ubigeo,
      v.sex,
      v.ageBand,
      v.nationality,
      v.exploitationForm,
      v.importId,
    ]),
  );
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
  await copyRows(
    tx,
    "stat_suspect_record",
    [
      "source_code",
      "source_record_id",
      "case_id",
      "sex",
      "age_band",
      "nationality",
      "is_public_official",
      "official_institution",
      "import_id",
    ],
    rows.map((s) => [
      s.sourceCode,
      s.sourceRecordId,
      s.caseId,
      s.sex,
      s.ageBand,
      s.nationality,
      s.isPublicOfficial ? "true" : "false",
      s.officialInstitution,
      s.importId,
    ]),
  );
}

export async function existingRecordIds(
  db: Executor,
  table: "statCaseRecord" | "statVictimRecord" | "statSuspectRecord",
  sourceCode: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom(table)
      .select("sourceRecordId")
      .where("sourceCode", "=", sourceCode)
      .where("sourceRecordId", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.sourceRecordId);
  }
  return found;
}

export async function findCaseIds(db: Executor, sourceCode: string, ids: readonly string[]) {
  const found = new Map<string, number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("statCaseRecord")
      .select(["id", "sourceRecordId"])
      .where("sourceCode", "=", sourceCode)
      .where("sourceRecordId", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.set(r.sourceRecordId, Number(r.id));
  }
  return found;
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
