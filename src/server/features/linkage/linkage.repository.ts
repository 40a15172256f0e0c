import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";
import { copyRows } from "../../db/copy-rows.ts";

/**
 * SQL of record linkage (db/migrations/0022_linkage.sql). Encodings and cluster memberships are
 * written with COPY: a year's batches hold tens of thousands of records.
 */

export interface BatchRow {
  id: number;
  sourceCode: string;
  year: number;
  schemaHash: string;
  bits: number;
  recordCount: number;
  uploadedAt: Date;
}

const batchColumns = [
  "id",
  "sourceCode",
  "year",
  "schemaHash",
  "bits",
  "recordCount",
  "uploadedAt",
] as const;

export async function listBatches(db: Executor, year: number): Promise<BatchRow[]> {
  const rows = await db
    .selectFrom("linkageBatch")
    .select(batchColumns)
    .where("year", "=", year)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function insertBatch(
  tx: Executor,
  batch: Omit<BatchRow, "id" | "uploadedAt"> & { fileSha256: string; uploadedBy: string },
): Promise<BatchRow> {
  const row = await tx
    .insertInto("linkageBatch")
    .values(batch)
    .returning(batchColumns)
    .executeTakeFirstOrThrow();
  return { ...row, id: Number(row.id) };
}

export async function insertEncodings(
  tx: Executor,
  batchId: number,
  records: readonly { id: string; clk: string; blocks: readonly string[] }[],
): Promise<void> {
  await copyRows(
    tx,
    "linkage_encoding",
    ["batch_id", "record_id", "clk", "blocking_keys"],
    records.map((r) => [batchId, r.id, r.clk, r.blocks.join(" ")]),
  );
}

export interface EncodingRow {
  id: number;
  batchId: number;
  recordId: string;
  clk: string;
  blockingKeys: string;
}

/** Every encoding of the given batches, in batch then insertion order. */
export async function selectEncodings(db: Executor, batchIds: number[]): Promise<EncodingRow[]> {
  if (batchIds.length === 0) return [];
  const rows = await db
    .selectFrom("linkageEncoding")
    .select(["id", "batchId", "recordId", "clk", "blockingKeys"])
    .where("batchId", "in", batchIds)
    .orderBy("batchId")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), batchId: Number(r.batchId) }));
}

export async function nextRunVersion(db: Executor, year: number): Promise<number> {
  const row = await db
    .selectFrom("linkageRun")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("year", "=", year)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

export interface RunRow {
  id: number;
  year: number;
  version: number;
  threshold: number;
  thresholdOrigin: "indicado" | "distribucion";
  schemaHash: string;
  sources: string[];
  histogram: { binWidth: number; counts: number[] };
  recordCount: number;
  candidatePairs: number;
  pairsAboveThreshold: number;
  withinSourcePairs: number;
  oversizedBlocks: number;
  baseRunId: number | null;
  newRecords: number | null;
  createdAt: Date;
}

const runColumns = [
  "id",
  "year",
  "version",
  "threshold",
  "thresholdOrigin",
  "schemaHash",
  "sources",
  "histogram",
  "recordCount",
  "candidatePairs",
  "pairsAboveThreshold",
  "withinSourcePairs",
  "oversizedBlocks",
  "baseRunId",
  "newRecords",
  "createdAt",
] as const;

const toRun = (r: Record<(typeof runColumns)[number], unknown>): RunRow =>
  ({
    ...r,
    id: Number(r.id),
    threshold: Number(r.threshold),
    baseRunId: r.baseRunId === null ? null : Number(r.baseRunId),
  }) as RunRow;

export async function insertRun(
  tx: Executor,
  run: Omit<RunRow, "id" | "createdAt"> & { createdBy: string },
): Promise<RunRow> {
  const row = await tx
    .insertInto("linkageRun")
    .values({
      ...run,
      sources: JSON.stringify(run.sources),
      histogram: JSON.stringify(run.histogram),
    })
    .returning(runColumns)
    .executeTakeFirstOrThrow();
  return toRun(row);
}

export async function findRun(db: Executor, id: number): Promise<RunRow | undefined> {
  const row = await db
    .selectFrom("linkageRun")
    .select(runColumns)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toRun(row) : undefined;
}

export async function listRuns(db: Executor, year: number): Promise<RunRow[]> {
  const rows = await db
    .selectFrom("linkageRun")
    .select(runColumns)
    .where("year", "=", year)
    .orderBy("version", "desc")
    .execute();
  return rows.map(toRun);
}

export async function insertMembers(
  tx: Executor,
  runId: number,
  members: readonly { encodingId: number; clusterNo: number }[],
): Promise<void> {
  await copyRows(
    tx,
    "linkage_cluster_member",
    ["run_id", "encoding_id", "cluster_no"],
    members.map((m) => [runId, m.encodingId, m.clusterNo]),
  );
}

/** Each cluster's sources, as the overlap table needs them: cluster → source codes. */
export async function selectClusterSources(
  db: Executor,
  runId: number,
): Promise<{ clusterNo: number; sourceCode: string }[]> {
  return db
    .selectFrom("linkageClusterMember as m")
    .innerJoin("linkageEncoding as e", "e.id", "m.encodingId")
    .innerJoin("linkageBatch as b", "b.id", "e.batchId")
    .select(["m.clusterNo", "b.sourceCode"])
    .where("m.runId", "=", runId)
    .execute();
}

export async function findMember(
  db: Executor,
  runId: number,
  encodingId: number,
): Promise<{ clusterNo: number; sourceCode: string } | undefined> {
  return db
    .selectFrom("linkageClusterMember as m")
    .innerJoin("linkageEncoding as e", "e.id", "m.encodingId")
    .innerJoin("linkageBatch as b", "b.id", "e.batchId")
    .select(["m.clusterNo", "b.sourceCode"])
    .where("m.runId", "=", runId)
    .where("m.encodingId", "=", encodingId)
    .executeTakeFirst();
}

export async function clusterSources(
  db: Executor,
  runId: number,
  clusterNo: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("linkageClusterMember as m")
    .innerJoin("linkageEncoding as e", "e.id", "m.encodingId")
    .innerJoin("linkageBatch as b", "b.id", "e.batchId")
    .select("b.sourceCode")
    .where("m.runId", "=", runId)
    .where("m.clusterNo", "=", clusterNo)
    .execute();
  return rows.map((r) => r.sourceCode);
}

export async function moveCluster(
  tx: Executor,
  runId: number,
  from: number,
  to: number,
): Promise<void> {
  await tx
    .updateTable("linkageClusterMember")
    .set({ clusterNo: to })
    .where("runId", "=", runId)
    .where("clusterNo", "=", from)
    .execute();
}

export async function moveMember(
  tx: Executor,
  runId: number,
  encodingId: number,
  to: number,
): Promise<void> {
  await tx
    .updateTable("linkageClusterMember")
    .set({ clusterNo: to })
    .where("runId", "=", runId)
    .where("encodingId", "=", encodingId)
    .execute();
}

export async function maxClusterNo(tx: Executor, runId: number): Promise<number> {
  const row = await tx
    .selectFrom("linkageClusterMember")
    .select((eb) => eb.fn.max("clusterNo").as("n"))
    .where("runId", "=", runId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertPairs(
  tx: Executor,
  runId: number,
  pairs: readonly { left: number; right: number; score: number; linked: boolean }[],
): Promise<void> {
  await copyRows(
    tx,
    "linkage_pair",
    ["run_id", "left_encoding_id", "right_encoding_id", "score", "linked"],
    pairs.map((p) => [runId, p.left, p.right, p.score, p.linked ? "t" : "f"]),
  );
}

export interface PairRow {
  id: number;
  runId: number;
  leftEncodingId: number;
  rightEncodingId: number;
  score: number;
  linked: boolean;
  decision: "aceptar" | "rechazar" | null;
  reason: string | null;
  decidedAt: Date | null;
  leftSource: string;
  leftRecord: string;
  rightSource: string;
  rightRecord: string;
}

function pairQuery(db: Executor) {
  return db
    .selectFrom("linkagePair as p")
    .innerJoin("linkageEncoding as le", "le.id", "p.leftEncodingId")
    .innerJoin("linkageBatch as lb", "lb.id", "le.batchId")
    .innerJoin("linkageEncoding as re", "re.id", "p.rightEncodingId")
    .innerJoin("linkageBatch as rb", "rb.id", "re.batchId")
    .select([
      "p.id",
      "p.runId",
      "p.leftEncodingId",
      "p.rightEncodingId",
      "p.score",
      "p.linked",
      "p.decision",
      "p.reason",
      "p.decidedAt",
      "lb.sourceCode as leftSource",
      "le.recordId as leftRecord",
      "rb.sourceCode as rightSource",
      "re.recordId as rightRecord",
    ]);
}

const toPair = (r: Record<string, unknown>): PairRow =>
  ({
    ...r,
    id: Number(r.id),
    runId: Number(r.runId),
    leftEncodingId: Number(r.leftEncodingId),
    rightEncodingId: Number(r.rightEncodingId),
    score: Number(r.score),
  }) as PairRow;

export async function selectPairs(db: Executor, runId: number): Promise<PairRow[]> {
  const rows = await pairQuery(db)
    .where("p.runId", "=", runId)
    .orderBy("p.score", "desc")
    .orderBy("p.id")
    .execute();
  return rows.map(toPair);
}

export async function findPair(db: Executor, id: number): Promise<PairRow | undefined> {
  const row = await pairQuery(db).where("p.id", "=", id).executeTakeFirst();
  return row ? toPair(row) : undefined;
}

export async function setPairDecision(
  tx: Executor,
  id: number,
  decision: { decision: "aceptar" | "rechazar"; reason: string | null; decidedBy: string },
): Promise<void> {
  await tx
    .updateTable("linkagePair")
    .set({ ...decision, decidedAt: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export async function reviewCounts(
  db: Executor,
  runId: number,
): Promise<{ pending: number; accepted: number; rejected: number }> {
  const rows = await db
    .selectFrom("linkagePair")
    .select(["decision", (eb) => eb.fn.countAll().as("n")])
    .where("runId", "=", runId)
    .groupBy("decision")
    .execute();
  const of = (d: string | null) => Number(rows.find((r) => r.decision === d)?.n ?? 0);
  return { pending: of(null), accepted: of("aceptar"), rejected: of("rechazar") };
}

/**
 * Deletes batches uploaded and runs made before `cutoff`; encodings, memberships and pairs go
 * with them (ON DELETE CASCADE). Runs first: a run may point at a batch not yet expired.
 */
export async function deleteLinkageBefore(
  tx: Executor,
  cutoff: Date,
): Promise<{ runs: number; batches: number; encodings: number }> {
  const encodings = await tx
    .selectFrom("linkageEncoding as e")
    .innerJoin("linkageBatch as b", "b.id", "e.batchId")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("b.uploadedAt", "<", cutoff)
    .executeTakeFirst();
  // A run built on an expiring batch would keep pointing at its deleted records: it goes too.
  const runs = await tx
    .deleteFrom("linkageRun")
    .where((eb) =>
      eb.or([
        eb("createdAt", "<", cutoff),
        eb(
          "id",
          "in",
          eb
            .selectFrom("linkageClusterMember as m")
            .innerJoin("linkageEncoding as e", "e.id", "m.encodingId")
            .innerJoin("linkageBatch as b", "b.id", "e.batchId")
            .select("m.runId")
            .where("b.uploadedAt", "<", cutoff),
        ),
      ]),
    )
    .executeTakeFirst();
  const batches = await tx
    .deleteFrom("linkageBatch")
    .where("uploadedAt", "<", cutoff)
    .executeTakeFirst();
  return {
    runs: Number(runs.numDeletedRows),
    batches: Number(batches.numDeletedRows),
    encodings: Number(encodings?.n ?? 0),
  };
}

/** Row counts of the linkage tables, for the purge's report and its test. */
export async function countLinkageRows(db: Executor) {
  const { rows } = await sql<{ t: string; n: string }>`
    select 'encodings' as t, count(*)::text as n from linkage_encoding
    union all select 'members', count(*)::text from linkage_cluster_member
    union all select 'pairs', count(*)::text from linkage_pair
    union all select 'batches', count(*)::text from linkage_batch
    union all select 'runs', count(*)::text from linkage_run`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)])) as Record<
    "encodings" | "members" | "pairs" | "batches" | "runs",
    number
  >;
}
