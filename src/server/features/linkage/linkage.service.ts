import { createHash } from "node:crypto";
import type { Actor } from "../../../shared/actor.ts";
import type {
  LinkageBatch,
  LinkagePair,
  LinkageRunResult,
  LinkageRunSummary,
} from "../../../shared/contracts/linkage.contract.ts";
import { base64IntoWords } from "../../../shared/linkage/bloom-encoding.ts";
import type { EncodingsFile } from "../../../shared/linkage/encodings-file.ts";
import {
  candidatePairs,
  clusterPairs,
  packSources,
  type ScoredPairs,
  scoreCandidates,
} from "../../../shared/linkage/link-encodings.ts";
import {
  DEFAULT_THRESHOLD,
  type ScoreHistogram,
  scoreHistogram,
  valleyThreshold,
} from "../../../shared/linkage/score-threshold.ts";
import { hasPermission, type Permission } from "../../../shared/permissions.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { forbidden, invalid, notFound } from "../../errors.ts";
import { findSource } from "../statistics/statistics.repository.ts";
import { ensureStatisticsSetup } from "../statistics/statistics-code-lists.service.ts";
import {
  type BatchRow,
  clusterSources,
  findMember,
  findPair,
  findRun,
  insertBatch,
  insertEncodings,
  insertMembers,
  insertPairs,
  insertRun,
  listBatches,
  listRuns,
  maxClusterNo,
  moveCluster,
  moveMember,
  nextRunVersion,
  type PairRow,
  selectEncodings,
  selectPairs,
  setPairDecision,
} from "./linkage.repository.ts";
import { copyPairs, selectRunMembers } from "./linkage-increment.repository.ts";
import { presentRun, readLinkageResult } from "./linkage-results.service.ts";

/**
 * Record linkage in Vigía (docs/linkage.md, ADR 0029). Vigía receives only what `vigia linkage
 * encode` wrote at each institution: pseudonymous ids, keyed Bloom filters and keyed blocking
 * keys. Encodings, clusters and pairs are record-level data: linkage.manage reads them, every
 * read writes an audit row in the same transaction, the audit rows carry counts and ids of runs
 * (never a record), and none of it reaches a public route or a log line.
 */

/** Pairs within this distance of the threshold go to clerical review. */
export const BORDERLINE_BAND = 0.05;
/** The closest pairs to the threshold, at most: a review list longer than this is not read. */
const MAX_BORDERLINE_PAIRS = 500;

function assertPermission(actor: Actor, permission: Permission, what: string) {
  if (actor.user && !hasPermission(actor.user.role, permission)) throw forbidden(what);
}

const iso = (d: Date | string) => new Date(d).toISOString();

const presentBatch = (b: BatchRow): LinkageBatch => ({
  id: b.id,
  source: b.sourceCode,
  year: b.year,
  schemaHash: b.schemaHash,
  records: b.recordCount,
  uploadedAt: iso(b.uploadedAt),
});

/**
 * An institution's encodings for a year. A focal point uploads only the sources of its
 * entities; every batch of a year must share one schema, or their encodings cannot be compared.
 */
export async function uploadEncodings(
  db: Database,
  actor: Actor,
  input: { sourceCode: string; year: number; file: EncodingsFile },
): Promise<LinkageBatch> {
  const { file, year } = input;
  await ensureStatisticsSetup(db, actor);
  const source = await findSource(db, input.sourceCode);
  if (!source) throw notFound(`No existe la fuente ${input.sourceCode}.`);
  if (source.retiredInVersion !== null) throw invalid(`La fuente ${source.code} fue retirada.`);
  const user = actor.user;
  if (user && !hasPermission(user.role, "linkage.manage")) {
    if (!hasPermission(user.role, "linkage.submit"))
      throw forbidden("Su rol no permite cargar codificaciones para el enlace.");
    if (source.entityCode === null || !user.entities.some((e) => e.code === source.entityCode))
      throw forbidden(
        `La fuente ${source.code} es de ${source.entityCode ?? "ninguna entidad"}; solo puede cargar las codificaciones de las fuentes de sus entidades.`,
      );
  }
  if (file.source !== source.code)
    throw invalid(
      `El archivo es de la fuente «${file.source}», no de ${source.code}: codifíquelo con --source ${source.code}.`,
      [{ path: "body.source", message: `se esperaba ${source.code}` }],
    );
  const others = await listBatches(db, year);
  const reference = others[0];
  if (reference && (reference.schemaHash !== file.schemaHash || reference.bits !== file.bits))
    throw invalid(
      `El archivo se codificó con el esquema ${file.schemaHash} (${file.bits} bits), distinto del de los demás lotes de ${year} (${reference.schemaHash}, ${reference.bits} bits, fuente ${reference.sourceCode}): sus codificaciones no se pueden comparar. Codifique con el mismo esquema.`,
      [{ path: "body.schemaHash", message: "distinto del esquema del año" }],
    );
  const problems: { path: string; message: string }[] = [];
  const words = new Uint32Array(file.bits / 32);
  const seen = new Map<string, number>();
  file.records.forEach((r, i) => {
    if (!base64IntoWords(r.clk, words))
      problems.push({
        path: `body.records.${i}.clk`,
        message: `registro ${i + 1}: codificación no válida para ${file.bits} bits`,
      });
    const earlier = seen.get(r.id);
    if (earlier !== undefined)
      problems.push({
        path: `body.records.${i}.id`,
        message: `registro ${i + 1}: el id repite el del registro ${earlier + 1}`,
      });
    seen.set(r.id, i);
  });
  if (file.records.length === 0)
    problems.push({ path: "body.records", message: "el archivo no tiene registros" });
  if (problems.length > 0)
    throw invalid(
      `El archivo de codificaciones de ${source.code} tiene ${problems.length} problema(s); no se cargó nada.`,
      problems.slice(0, 50),
    );
  return db.transaction().execute(async (tx) => {
    const batch = await insertBatch(tx, {
      sourceCode: source.code,
      year,
      schemaHash: file.schemaHash,
      bits: file.bits,
      recordCount: file.records.length,
      fileSha256: createHash("sha256").update(JSON.stringify(file)).digest("hex"),
      uploadedBy: actor.id,
    });
    await insertEncodings(tx, batch.id, file.records);
    // Counts only: the audit log must not become a second copy of the encodings.
    await recordAudit(tx, actor, {
      action: "linkage.upload",
      objectType: "linkage_batch",
      objectId: String(batch.id),
      after: {
        source: source.code,
        year,
        records: file.records.length,
        schemaHash: file.schemaHash,
      },
    });
    return presentBatch(batch);
  });
}

export async function listLinkageBatches(
  db: Database,
  actor: Actor,
  input: { year: number },
): Promise<LinkageBatch[]> {
  assertPermission(actor, "linkage.manage", "Su rol no permite ver el enlace de registros.");
  return (await listBatches(db, input.year)).map(presentBatch);
}

/** Two histograms of the same bins, added: the base run's pairs and the increment's. */
function addHistograms(a: ScoreHistogram, b: ScoreHistogram): ScoreHistogram {
  return { binWidth: a.binWidth, counts: a.counts.map((n, i) => n + (b.counts[i] ?? 0)) };
}

/**
 * Links every batch of a year: blocking, Dice on every candidate pair (for the histogram), the
 * threshold (given, or the histogram's valley), clustering without chaining, and the pairs near
 * the threshold kept for review. A new version each time; earlier runs stay as they were.
 *
 * Incremental (ADR 0038): built on the year's latest run, it keeps that run's clusters as they
 * are now (clerical decisions included), scores only the candidate pairs with a record of a
 * batch uploaded since, and lets a new record join an existing cluster under the same rules
 * (one record per source, average linkage). The threshold is the base run's unless given; the
 * histogram is the base's plus the new pairs'. Old clusters are never split or merged, so a
 * reviewed decision cannot be undone by new data; a full run re-links everything.
 */
export async function runLinkage(
  db: Database,
  actor: Actor,
  input: { year: number; threshold?: number | undefined; incremental?: boolean | undefined },
): Promise<LinkageRunResult> {
  assertPermission(actor, "linkage.manage", "Su rol no permite enlazar registros.");
  const batches = await listBatches(db, input.year);
  const sources = [...new Set(batches.map((b) => b.sourceCode))].sort();
  if (sources.length < 2)
    throw invalid(
      `Para enlazar ${input.year} se necesitan codificaciones de al menos dos fuentes; hay ${sources.length === 0 ? "ninguna" : `solo ${sources[0]}`}.`,
    );
  const base = input.incremental ? (await listRuns(db, input.year))[0] : undefined;
  if (input.incremental && !base)
    throw invalid(
      `No hay un enlace anterior de ${input.year} al cual agregar registros: ejecute primero un enlace completo.`,
      [{ path: "body.incremental", message: "no hay versión anterior" }],
    );
  const baseCluster = new Map(
    (base ? await selectRunMembers(db, base.id) : []).map((m) => [m.encodingId, m.clusterNo]),
  );
  const first = batches[0] as BatchRow;
  const encodings = await selectEncodings(
    db,
    batches.map((b) => b.id),
  );
  const sourceOfBatch = new Map(batches.map((b) => [b.id, b.sourceCode]));
  const width = first.bits / 32;
  // Records packed source by source; encodingIds[r] is record r's row in linkage_encoding.
  const encodingIds: number[] = [];
  const packed = packSources(
    sources.map((source) => {
      const rows = encodings.filter((e) => sourceOfBatch.get(e.batchId) === source);
      for (const e of rows) encodingIds.push(e.id);
      return {
        source,
        ids: rows.map((e) => String(e.id)),
        blocks: rows.map((e) => e.blockingKeys.split(" ").filter(Boolean)),
        encodings: rows.map((e) => {
          const words = new Uint32Array(width);
          base64IntoWords(e.clk, words);
          return words;
        }),
      };
    }),
  );
  const isNew = Uint8Array.from(encodingIds, (id) => (baseCluster.has(id) ? 0 : 1));
  const newRecords = isNew.reduce((n, x) => n + x, 0);
  if (base && newRecords === 0)
    throw invalid(
      `No hay lotes cargados después de la versión ${base.version} de ${input.year}: no hay registros nuevos que enlazar.`,
      [{ path: "body.incremental", message: "sin registros nuevos" }],
    );
  let pairs = candidatePairs(packed);
  if (base) {
    // Only pairs with a new record: the base's pairs are already in its clusters and histogram.
    const keep: number[] = [];
    for (let i = 0; i < pairs.left.length; i++)
      if (isNew[pairs.left[i] ?? 0] || isNew[pairs.right[i] ?? 0]) keep.push(i);
    pairs = {
      left: Uint32Array.from(keep, (i) => pairs.left[i] ?? 0),
      right: Uint32Array.from(keep, (i) => pairs.right[i] ?? 0),
      oversizedBlocks: pairs.oversizedBlocks,
    };
  }
  const all = scoreCandidates(packed.matrix, pairs, 0);
  const increment = scoreHistogram(all.score);
  const histogram = base ? addHistograms(base.histogram, increment) : increment;
  const chosen =
    input.threshold !== undefined
      ? { threshold: input.threshold, origin: "indicado" as const }
      : base
        ? { threshold: base.threshold, origin: base.thresholdOrigin }
        : {
            // Capped at the default: above it the count of people degrades as recall falls
            // (bench:linkage-run, docs/linkage.md), while the clustering's one-record-per-source
            // and average-linkage checks reject most false pairs below it.
            threshold: Math.min(valleyThreshold(histogram).threshold, DEFAULT_THRESHOLD),
            origin: "distribucion" as const,
          };
  const threshold = chosen.threshold;
  const keep: number[] = [];
  for (let i = 0; i < all.score.length; i++) if ((all.score[i] ?? 0) >= threshold) keep.push(i);
  const above: ScoredPairs = {
    left: Uint32Array.from(keep, (i) => all.left[i] ?? 0),
    right: Uint32Array.from(keep, (i) => all.right[i] ?? 0),
    score: Float32Array.from(keep, (i) => all.score[i] ?? 0),
  };
  const initial = new Map<number, number[]>();
  encodingIds.forEach((id, r) => {
    const c = baseCluster.get(id);
    if (c === undefined) return;
    const list = initial.get(c);
    if (list) list.push(r);
    else initial.set(c, [r]);
  });
  const { clusters, withinSource } = clusterPairs(packed, above, threshold, [...initial.values()]);
  const clusterOf = new Int32Array(encodingIds.length);
  clusters.forEach((members, c) => {
    for (const r of members) clusterOf[r] = c + 1;
  });
  const borderline: { left: number; right: number; score: number; linked: boolean }[] = [];
  for (let i = 0; i < all.score.length; i++) {
    const a = all.left[i] ?? 0;
    const b = all.right[i] ?? 0;
    const score = all.score[i] ?? 0;
    if (packed.sourceOf[a] === packed.sourceOf[b]) continue;
    if (Math.abs(score - threshold) > BORDERLINE_BAND) continue;
    borderline.push({
      left: encodingIds[a] ?? 0,
      right: encodingIds[b] ?? 0,
      score: Math.round(score * 10000) / 10000,
      linked: clusterOf[a] === clusterOf[b],
    });
  }
  borderline.sort((x, y) => Math.abs(x.score - threshold) - Math.abs(y.score - threshold));
  const review = borderline.slice(0, MAX_BORDERLINE_PAIRS);

  const run = await db.transaction().execute(async (tx) => {
    const row = await insertRun(tx, {
      year: input.year,
      version: await nextRunVersion(tx, input.year),
      threshold,
      thresholdOrigin: chosen.origin,
      schemaHash: first.schemaHash,
      sources,
      histogram,
      recordCount: encodingIds.length,
      candidatePairs: (base?.candidatePairs ?? 0) + pairs.left.length,
      pairsAboveThreshold: (base?.pairsAboveThreshold ?? 0) + above.score.length,
      withinSourcePairs: (base?.withinSourcePairs ?? 0) + withinSource.length,
      oversizedBlocks: pairs.oversizedBlocks,
      baseRunId: base?.id ?? null,
      newRecords: base ? newRecords : null,
      createdBy: actor.id,
    });
    await insertMembers(
      tx,
      row.id,
      encodingIds.map((encodingId, r) => ({ encodingId, clusterNo: clusterOf[r] ?? 0 })),
    );
    const carried = base ? await copyPairs(tx, base.id, row.id) : 0;
    await insertPairs(tx, row.id, review);
    await recordAudit(tx, actor, {
      action: "linkage.run",
      objectType: "linkage_run",
      objectId: String(row.id),
      after: {
        year: input.year,
        version: row.version,
        threshold,
        records: encodingIds.length,
        clusters: clusters.length,
        batches: batches.map((b) => b.id),
        ...(base ? { baseRun: base.id, newRecords, pairsCarried: carried } : {}),
      },
    });
    return row;
  });
  return readLinkageResult(db, actor, { id: run.id });
}

export async function listLinkageRuns(
  db: Database,
  actor: Actor,
  input: { year: number },
): Promise<LinkageRunSummary[]> {
  assertPermission(actor, "linkage.manage", "Su rol no permite ver el enlace de registros.");
  return (await listRuns(db, input.year)).map(presentRun);
}

const presentPair = (p: PairRow): LinkagePair => ({
  id: p.id,
  score: p.score,
  left: { source: p.leftSource, record: p.leftRecord },
  right: { source: p.rightSource, record: p.rightRecord },
  linked: p.linked,
  decision: p.decision,
  reason: p.reason,
  decidedAt: p.decidedAt === null ? null : iso(p.decidedAt),
});

/** The run's borderline pairs, with the sources' pseudonymous ids (audited). */
export async function listBorderlinePairs(
  db: Database,
  actor: Actor,
  input: { id: number },
): Promise<LinkagePair[]> {
  assertPermission(actor, "linkage.manage", "Su rol no permite revisar el enlace de registros.");
  return db.transaction().execute(async (tx) => {
    const run = await findRun(tx, input.id);
    if (!run) throw notFound(`No existe el enlace ${input.id}.`);
    const pairs = await selectPairs(tx, run.id);
    await recordAudit(tx, actor, {
      action: "linkage.pairs.read",
      objectType: "linkage_run",
      objectId: String(run.id),
      after: { pairs: pairs.length },
    });
    return pairs.map(presentPair);
  });
}

/**
 * A clerical decision on a borderline pair. Accepting joins the two records' clusters, unless
 * that would put two records of one source together; rejecting takes the second record out of
 * the first's cluster. Counts and the overlap table follow, since they are read from membership.
 */
export async function decidePair(
  db: Database,
  actor: Actor,
  input: { id: number; decision: "aceptar" | "rechazar"; reason?: string | undefined },
): Promise<LinkagePair> {
  assertPermission(actor, "linkage.manage", "Su rol no permite revisar el enlace de registros.");
  return db.transaction().execute(async (tx) => {
    const pair = await findPair(tx, input.id);
    if (!pair) throw notFound(`No existe el par ${input.id}.`);
    if (pair.decision !== null)
      throw invalid(`El par ${pair.id} ya fue decidido («${pair.decision}»).`);
    const left = await findMember(tx, pair.runId, pair.leftEncodingId);
    const right = await findMember(tx, pair.runId, pair.rightEncodingId);
    if (!left || !right) throw notFound(`El par ${pair.id} ya no está en su enlace.`);
    if (input.decision === "aceptar" && left.clusterNo !== right.clusterNo) {
      const a = await clusterSources(tx, pair.runId, left.clusterNo);
      const b = await clusterSources(tx, pair.runId, right.clusterNo);
      const shared = a.filter((s) => b.includes(s));
      if (shared.length > 0)
        throw invalid(
          `Aceptar este par uniría dos registros de ${[...new Set(shared)].join(", ")} en una misma persona; rechace primero el otro par de esa fuente.`,
        );
      await moveCluster(tx, pair.runId, right.clusterNo, left.clusterNo);
    }
    if (input.decision === "rechazar" && left.clusterNo === right.clusterNo) {
      await moveMember(
        tx,
        pair.runId,
        pair.rightEncodingId,
        (await maxClusterNo(tx, pair.runId)) + 1,
      );
    }
    await setPairDecision(tx, pair.id, {
      decision: input.decision,
      reason: input.reason ?? null,
      decidedBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "linkage.pair_decision",
      objectType: "linkage_pair",
      objectId: String(pair.id),
      before: { linked: pair.linked },
      after: { run: pair.runId, decision: input.decision, score: pair.score },
    });
    const updated = await findPair(tx, pair.id);
    return presentPair(updated as PairRow);
  });
}
