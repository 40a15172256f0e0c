import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../../../shared/actor.ts";
import type {
  LinkageMse,
  LinkagePublication,
  LinkageRunResult,
  LinkageRunSummary,
} from "../../../shared/contracts/linkage.contract.ts";
import { countLinkedPeople, type LinkedCounts } from "../../../shared/linkage/linked-counts.ts";
import { existenceProgram } from "../../../shared/mse/existence-lp.ts";
import { estimateDarkFigure, MseInputError } from "../../../shared/mse/mse-estimate.ts";
import { hasPermission } from "../../../shared/permissions.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { forbidden, invalid, notFound } from "../../errors.ts";
import { loadLpSolver } from "../../lib/lp-solver.ts";
import { listOverlaps } from "../statistics/statistics.repository.ts";
import { insertOverlaps } from "../statistics/statistics-import.repository.ts";
import { importStatisticsFile } from "../statistics/statistics-import.service.ts";
import { findRun, type RunRow, reviewCounts, selectClusterSources } from "./linkage.repository.ts";
import { selectClusterAttributes } from "./linkage-increment.repository.ts";

/**
 * What a linkage gives (issue 15 §3): a run's deduplicated count, overlap table, dark-figure
 * estimate and counts of people by region, sex × age band and form of exploitation, read from
 * the memberships as they are now; and its publication into the statistical register, from
 * where the counts reach the reconciliation, the TIP data pack and (through disclosure control)
 * the public outputs. Reads are audited in their transaction (docs/linkage.md).
 */

/** The register's source and concept of the linkage's counts (code lists v2). */
export const LINKAGE_SOURCE = "MININTER-ENLACE";
export const LINKED_CONCEPT = "victim_linked";

function assertManage(actor: Actor, what: string) {
  if (actor.user && !hasPermission(actor.user.role, "linkage.manage")) throw forbidden(what);
}

const iso = (d: Date | string) => new Date(d).toISOString();

export const presentRun = (r: RunRow): LinkageRunSummary => ({
  id: r.id,
  year: r.year,
  version: r.version,
  threshold: r.threshold,
  thresholdOrigin: r.thresholdOrigin,
  sources: r.sources,
  records: r.recordCount,
  candidatePairs: r.candidatePairs,
  pairsAboveThreshold: r.pairsAboveThreshold,
  withinSourcePairs: r.withinSourcePairs,
  oversizedBlocks: r.oversizedBlocks,
  baseRunId: r.baseRunId,
  newRecords: r.newRecords,
  createdAt: iso(r.createdAt),
});

/** The overlap table as MSE reads it: one flag per list, then the count. */
async function estimate(sources: string[], overlap: { sources: string[]; count: number }[]) {
  const table = {
    lists: sources,
    histories: overlap.map((o) => ({
      on: sources.map((s) => o.sources.includes(s)),
      count: o.count,
    })),
  };
  let result: ReturnType<typeof estimateDarkFigure>;
  try {
    result = estimateDarkFigure(table, { existence: existenceProgram(await loadLpSolver()) });
  } catch (error) {
    if (error instanceof MseInputError) return { ok: false as const, message: error.message };
    throw error;
  }
  if (!result.ok) return { ok: false as const, message: result.message };
  const e = result.estimate;
  return {
    ok: true as const,
    observed: e.observed,
    darkFigure: e.darkFigure,
    total: e.total,
    interval: e.interval,
    method: e.method,
    interactions: e.interactions.map((i) => i.lists.join(":")),
  } satisfies LinkageMse;
}

/**
 * A run's deduplicated count, overlap table and MSE estimate, from the cluster memberships as
 * they are now (after any clerical decision). Aggregates, but computed from the records: the
 * read is audited.
 */
export async function readLinkageResult(
  db: Database,
  actor: Actor,
  input: { id: number },
): Promise<LinkageRunResult> {
  assertManage(actor, "Su rol no permite ver el enlace de registros.");
  return db.transaction().execute(async (tx) => {
    const run = await findRun(tx, input.id);
    if (!run) throw notFound(`No existe el enlace ${input.id}.`);
    const members = await selectClusterSources(tx, run.id);
    const byCluster = new Map<number, Set<string>>();
    for (const m of members) {
      const set = byCluster.get(m.clusterNo) ?? new Set<string>();
      set.add(m.sourceCode);
      byCluster.set(m.clusterNo, set);
    }
    const combos = new Map<string, { sources: string[]; count: number }>();
    for (const set of byCluster.values()) {
      const list = run.sources.filter((s) => set.has(s));
      const key = list.join("+");
      const row = combos.get(key) ?? { sources: list, count: 0 };
      row.count++;
      combos.set(key, row);
    }
    const overlap = [...combos.values()].sort(
      (a, b) =>
        a.sources.length - b.sources.length || a.sources.join().localeCompare(b.sources.join()),
    );
    const review = await reviewCounts(tx, run.id);
    const counts = await countRunPeople(tx, run);
    await recordAudit(tx, actor, {
      action: "linkage.results.read",
      objectType: "linkage_run",
      objectId: String(run.id),
    });
    return {
      ...presentRun(run),
      histogram: run.histogram,
      deduplicated: byCluster.size,
      overlap,
      mse: await estimate(run.sources, overlap),
      review,
      counts,
      provenance: `Enlace de registros ${run.year}, versión ${run.version}${run.baseRunId !== null ? ` (incremental: ${run.newRecords ?? 0} registro(s) nuevos enlazados con los grupos de la versión anterior)` : ""}: codificaciones cargadas por ${run.sources.join(", ")} (esquema ${run.schemaHash.slice(0, 19)}…), umbral Dice ${run.threshold} (${run.thresholdOrigin === "indicado" ? "indicado por el analista" : "valle del histograma de puntajes"}), calculado el ${iso(run.createdAt).slice(0, 10)}${review.accepted + review.rejected > 0 ? `, con ${review.accepted + review.rejected} decisión(es) de revisión` : ""}.`,
    };
  });
}

/**
 * Counts of people by attribute: each record's victim record (same source and record id) gives
 * its region, sex, age band and form; a person's value is the most frequent among its records.
 */
async function countRunPeople(db: Executor, run: RunRow): Promise<LinkedCounts> {
  const rank = new Map(run.sources.map((s, i) => [s, i]));
  const rows = await selectClusterAttributes(db, run.id);
  return countLinkedPeople(
    rows.map((r) => ({
      cluster: r.clusterNo,
      sourceRank: rank.get(r.sourceCode) ?? run.sources.length,
      hasVictimRecord: r.victimId !== null,
      department: r.departmentCode,
      sex: r.sex,
      ageBand: r.ageBand,
      exploitationForm: r.exploitationForm,
    })),
  );
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * Publishes a run's counts into the statistical register as figures of concept victim_linked,
 * source MININTER-ENLACE: the total, each sex × age band cell where both are known, and each
 * form of exploitation. They go through the register's own file import (same row rules; a
 * second publication of the year is a restatement, a new version of each figure), so the
 * reconciliation, the TIP data pack (points 15–17) and every public output read them as any
 * figure, the latter through disclosure control. The sources' overlap (their records less the
 * people) is recorded as a declared overlap of concept victim for the year, unless one is
 * already declared for those sources, which is reported and left as it is.
 */
export async function publishLinkageCounts(
  db: Database,
  actor: Actor,
  input: { id: number; today?: string },
): Promise<LinkagePublication> {
  assertManage(actor, "Su rol no permite publicar el enlace de registros.");
  const result = await readLinkageResult(db, actor, { id: input.id });
  const { counts } = result;
  if (counts.people === 0) throw invalid(`El enlace ${result.id} no tiene personas que publicar.`);
  const reviewed = result.review.accepted + result.review.rejected;
  const definition = `Personas distintas entre las víctimas registradas por ${result.sources.join(", ")} en ${result.year}, según el enlace de registros de Vigía (versión ${result.version}, umbral Dice ${result.threshold}${reviewed > 0 ? `, ${reviewed} par(es) revisado(s)` : ""}): cada persona se cuenta una vez aunque la registren varias fuentes. Sexo, edad y forma de explotación: el valor más frecuente entre sus registros (empate: la fuente listada primero).`;
  const header = [
    "concepto",
    "año",
    "sexo",
    "edad",
    "forma_explotacion",
    "valor",
    "unidad",
    "definicion",
  ];
  const rows: (string | number)[][] = [
    [LINKED_CONCEPT, result.year, "", "", "", counts.people, "persona", definition],
  ];
  for (const c of counts.bySexAndAge)
    if (c.sex !== null && c.ageBand !== null)
      rows.push([
        LINKED_CONCEPT,
        result.year,
        c.sex,
        c.ageBand,
        "",
        c.count,
        "persona",
        definition,
      ]);
  for (const c of counts.byExploitationForm)
    if (c.code !== null)
      rows.push([LINKED_CONCEPT, result.year, "", "", c.code, c.count, "persona", definition]);
  const csv = [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n");

  const periodStart = `${result.year}-01-01`;
  const periodEnd = `${result.year}-12-31`;
  const sources = [...result.sources].sort();
  const records = result.overlap.reduce((n, o) => n + o.count * o.sources.length, 0);
  const overlap = records - result.deduplicated;
  const declared = (await listOverlaps(db, { start: periodStart, end: periodEnd })).find(
    (o) =>
      o.conceptCode === "victim" &&
      o.periodStart === periodStart &&
      o.periodEnd === periodEnd &&
      [...o.sourceCodes].sort().join() === sources.join(),
  );

  const dir = await mkdtemp(join(tmpdir(), "vigia-enlace-"));
  const fileName = `enlace-${result.year}-v${result.version}.csv`;
  try {
    const path = join(dir, fileName);
    await writeFile(path, csv, "utf8");
    const report = await importStatisticsFile(db, actor, {
      path,
      fileName,
      sourceCode: LINKAGE_SOURCE,
      ...(input.today ? { today: input.today } : {}),
    });
    if (report.outcome !== "importado" || report.importId === null)
      throw invalid(
        `El registro estadístico rechazó los conteos del enlace ${result.id}: ${report.problems.examples.map((p) => p.message).join("; ")}`,
      );
    const importId = report.importId;
    // Its own transaction after the figures': the import owns its transaction, and the figures
    // stand without the overlap (they are the deduplicated count); the overlap only lets the
    // reconciliation subtract it from the sources' own totals.
    await db.transaction().execute(async (tx) => {
      if (!declared)
        await insertOverlaps(tx, [
          {
            conceptCode: "victim",
            periodStart,
            periodEnd,
            sourceCodes: sources,
            method: "declarada",
            overlap,
            basis: `Enlace de registros de Vigía ${result.year}, versión ${result.version}: ${records} registro(s) de ${sources.join(", ")} son ${result.deduplicated} persona(s) distintas.`,
            citation: `Vigía, enlace de registros ${result.year} v${result.version} (${iso(result.createdAt).slice(0, 10)})`,
            importId,
            recordedBy: actor.id,
          },
        ]);
      await recordAudit(tx, actor, {
        action: "linkage.publish",
        objectType: "linkage_run",
        objectId: String(result.id),
        after: {
          year: result.year,
          version: result.version,
          importId,
          people: counts.people,
          overlap: declared ? "ya_declarada" : overlap,
        },
      });
    });
    return {
      run: result.id,
      year: result.year,
      version: result.version,
      importId,
      figuresNew: report.figuresNew,
      figuresRestated: report.figuresRestated,
      figuresUnchanged: report.figuresUnchanged,
      overlap: {
        status: declared ? "ya_declarada" : "registrada",
        sources,
        overlap,
        message: declared
          ? `Ya hay una superposición declarada para ${sources.join(", ")} en ${result.year} (${declared.citation}); se deja como está.`
          : `Superposición de ${overlap} registrada para ${sources.join(", ")} en ${result.year}.`,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
