import { stat } from "node:fs/promises";
import type { Actor } from "../../../shared/actor.ts";
import {
  DIMENSIONS,
  type Dimension,
  LEVELS,
  type Level,
} from "../../../shared/budget/budget-fields.ts";
import {
  addTotals,
  type ChunkResult,
  type ChunkSettings,
  MAX_EXAMPLES,
  type PliegoSums,
  type StageTotals,
  zeroTotals,
} from "../../../shared/budget/import-chunk.ts";
import { mapHeaders } from "../../../shared/budget/mef-headers.ts";
import { isReconstructionNotice } from "../../../shared/budget/source-notice.ts";
import {
  REJECTION_REASONS,
  type RejectionReason,
} from "../../../shared/budget/validate-budget-row.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { countUbigeo, loadUbigeoReference } from "../territory/territory.service.ts";
import { findCurrentImports } from "./budget.repository.ts";
import {
  copyLineText,
  copyReviewText,
  copyTagText,
  deleteImportData,
  finishImport,
  insertImport,
  insertLabels,
  insertPliegoTotals,
  type LabelRow,
  loadUbigeoCodes,
  makeImportCurrent,
  pliegoTotalsOfImport,
} from "./budget-import.repository.ts";
import {
  inProcessParts,
  type PartSource,
  resolveImportWorkers,
  workerParts,
} from "./budget-import-workers.service.ts";
import { loadTaggers } from "./budget-rules.service.ts";
import { openBudgetSource, openCsvLayout } from "./budget-source.service.ts";

export type { StageTotals };

/**
 * Import of a MEF budget file (CSV or XLSX). The file is streamed: rows are parsed, validated,
 * tagged and written in batches inside ONE transaction, so memory holds a batch, not the file,
 * and a failure leaves the database as it was. Rejection policy (ADR 0008): any invalid row
 * refuses the whole file, unless `skipInvalid`, which imports the valid rows and reports the
 * others. Importing a year again replaces it and reports the difference.
 */

export interface ImportProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
  done: boolean;
}

export interface ImportBudgetInput {
  path: string;
  /** Import only this year; required when the file has no year column. */
  year?: number | null;
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Rows per part (and COPY) when the rows are processed in this thread. */
  batchSize?: number;
  /** Worker threads for a large CSV (default VIGIA_IMPORT_WORKERS); 0 = this thread only. */
  workers?: number;
  /** Files smaller than this stay in this thread (default 16 MiB): a worker takes time to start. */
  workersFromBytes?: number;
  /** Bytes per range handed to a worker (default 1 MiB, about 2,000 lines). */
  rangeBytes?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface YearImportReport {
  year: number;
  importId: number | null;
  replacedImportId: number | null;
  rowsLoaded: number;
  totals: StageTotals;
  byLevel: Record<Level, StageTotals>;
  diff: {
    previousImportId: number;
    linesBefore: number;
    byLevel: Record<Level, { before: StageTotals; after: StageTotals }>;
    pliegosAdded: number;
    pliegosRemoved: number;
    pliegosChanged: number;
    largestChanges: {
      pliego: string;
      name: string | null;
      pimBeforeCents: number;
      pimAfterCents: number;
    }[];
  } | null;
  labelConflicts: number;
}

export interface BudgetImportReport {
  file: string;
  sha256: string;
  format: "csv" | "xlsx";
  /** The file's leading "#" lines; a reconstruction from published totals says so here. */
  notice: string | null;
  reconstructed: boolean;
  outcome: "importado" | "simulado" | "rechazado";
  skipInvalid: boolean;
  /** Worker threads that applied the row rules (0: the import's own thread; ADR 0044). */
  workers: number;
  mapping: {
    used: { field: string; header: string }[];
    ignored: { header: string; reason: string }[];
  };
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsOtherYears: number;
  rejections: {
    byReason: Partial<Record<RejectionReason, number>>;
    examples: { row: number; reason: RejectionReason; message: string }[];
  };
  years: YearImportReport[];
  tagging: {
    policyId: number;
    ruleSetVersion: number;
    tagged: number;
    review: number;
    overAllocated: number;
  }[];
}

const zero = zeroTotals;
const add = addTotals;
const addStage = (to: StageTotals, from: StageTotals) => {
  to.lines += from.lines;
  to.piaCents += from.piaCents;
  to.pimCents += from.pimCents;
  to.devengadoCents += from.devengadoCents;
};
const fileSize = async (path: string) => {
  try {
    return (await stat(path)).size;
  } catch {
    // openBudgetSource names the missing file.
    return 0;
  }
};

interface YearState {
  year: number;
  importId: number | null;
  previous: { id: number; pliegos: Awaited<ReturnType<typeof pliegoTotalsOfImport>> } | null;
  totals: StageTotals;
  byLevel: Record<Level, StageTotals>;
  pliegos: Map<string, PliegoSums>;
  /** Name of each code, per dimension (in DIMENSIONS order). */
  labels: Map<string, string>[];
  labelConflicts: number;
}

/** The ubigeo reference is needed to validate codes; load the shipped one on first use. */
async function ensureUbigeo(db: Database, actor: Actor): Promise<Set<string>> {
  const counts = await countUbigeo(db, actor);
  if (counts.departamento === 0) await loadUbigeoReference(db, actor);
  return loadUbigeoCodes(db);
}

function diffOf(state: YearState): YearImportReport["diff"] {
  if (!state.previous) return null;
  const before = Object.fromEntries(LEVELS.map((l) => [l, zero()])) as Record<Level, StageTotals>;
  const old = new Map(state.previous.pliegos.map((p) => [p.pliegoCode, p]));
  let linesBefore = 0;
  for (const p of state.previous.pliegos) {
    add(
      before[p.nivel],
      { pia: p.piaCents, pim: p.pimCents, devengado: p.devengadoCents },
      p.lines,
    );
    linesBefore += p.lines;
  }
  let added = 0;
  let changed = 0;
  const changes: NonNullable<YearImportReport["diff"]>["largestChanges"] = [];
  for (const [code, p] of state.pliegos) {
    const o = old.get(code);
    if (!o) added += 1;
    else if (
      o.piaCents !== p.pia ||
      o.pimCents !== p.pim ||
      o.devengadoCents !== p.devengado ||
      o.lines !== p.lines
    )
      changed += 1;
    if (!o || o.pimCents !== p.pim)
      changes.push({
        pliego: code,
        name: p.name,
        pimBeforeCents: o?.pimCents ?? 0,
        pimAfterCents: p.pim,
      });
  }
  let removed = 0;
  for (const [code, o] of old) {
    if (state.pliegos.has(code)) continue;
    removed += 1;
    changes.push({
      pliego: code,
      name: o.pliegoName,
      pimBeforeCents: o.pimCents,
      pimAfterCents: 0,
    });
  }
  changes.sort(
    (a, b) =>
      Math.abs(b.pimAfterCents - b.pimBeforeCents) - Math.abs(a.pimAfterCents - a.pimBeforeCents) ||
      a.pliego.localeCompare(b.pliego),
  );
  return {
    previousImportId: state.previous.id,
    linesBefore,
    byLevel: Object.fromEntries(
      LEVELS.map((l) => [l, { before: before[l], after: state.byLevel[l] }]),
    ) as Record<Level, { before: StageTotals; after: StageTotals }>,
    pliegosAdded: added,
    pliegosRemoved: removed,
    pliegosChanged: changed,
    largestChanges: changes.slice(0, 10),
  };
}

export async function importBudgetFile(
  db: Database,
  actor: Actor,
  input: ImportBudgetInput,
): Promise<BudgetImportReport> {
  const workers = input.workers ?? resolveImportWorkers(process.env);
  // Large CSV files go to worker threads; XLSX is one zip stream, read in this thread.
  const useWorkers =
    workers > 0 &&
    /\.(csv|txt|tsv)$/i.test(input.path) &&
    (await fileSize(input.path)) >= (input.workersFromBytes ?? 16 << 20);
  const layout = useWorkers ? await openCsvLayout(input.path) : null;
  const source = layout ?? (await openBudgetSource(input.path));
  const yearGiven = input.year ?? null;
  const mapping = mapHeaders(source.header, { yearGiven: yearGiven !== null });
  if (mapping.errors.length > 0) {
    throw invalid(
      `No se puede importar ${source.fileName}: ${mapping.errors.join(" ")}`,
      mapping.errors.map((message) => ({ path: "encabezado", message })),
    );
  }
  const ubigeo = await ensureUbigeo(db, actor);
  const taggers = await loadTaggers(db);
  const current = new Map((await findCurrentImports(db)).map((i) => [i.year, i.id]));
  const batchSize = input.batchSize ?? 2000;
  const dryRun = input.dryRun ?? false;
  const skipInvalid = input.skipInvalid ?? false;

  const report: BudgetImportReport = {
    file: source.fileName,
    sha256: "",
    format: source.format,
    notice: source.notice,
    reconstructed: isReconstructionNotice(source.notice),
    outcome: dryRun ? "simulado" : "importado",
    skipInvalid,
    workers: layout ? workers : 0,
    mapping: { used: mapping.used, ignored: mapping.ignored },
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsOtherYears: 0,
    rejections: { byReason: {}, examples: [] },
    years: [],
    tagging: [],
  };
  const tally = new Map(
    taggers.map((t) => [t.policyId, { tagged: 0, review: 0, overAllocated: 0 }]),
  );

  const run = async (tx: Executor | null) => {
    const years = new Map<number, YearState>();
    const stateOf = async (year: number): Promise<YearState> => {
      let s = years.get(year);
      if (s) return s;
      const previousId = current.get(year) ?? null;
      s = {
        year,
        importId: tx
          ? await insertImport(tx, {
              year,
              fileName: source.fileName,
              fileSha256: "",
              notice: source.notice,
              format: source.format,
              importedBy: actor.id,
            })
          : null,
        previous:
          previousId === null
            ? null
            : { id: previousId, pliegos: await pliegoTotalsOfImport(tx ?? db, previousId) },
        totals: zero(),
        byLevel: Object.fromEntries(LEVELS.map((l) => [l, zero()])) as Record<Level, StageTotals>,
        pliegos: new Map(),
        labels: DIMENSIONS.map(() => new Map<string, string>()),
        labelConflicts: 0,
      };
      years.set(year, s);
      return s;
    };
    // Years appear as the parts are read (in whatever order the workers reach them): one
    // import row per year, however many parts ask at once.
    const ids = new Map<number, Promise<number>>();
    const importIdOf = (year: number) => {
      let id = ids.get(year);
      if (!id) {
        id = stateOf(year).then((s) => s.importId ?? 0);
        ids.set(year, id);
      }
      return id;
    };

    let tagText = "";
    let reviewText = "";
    let sideRows = 0;
    let labelRows: LabelRow[] = [];
    // Once a row is refused and the whole file will be, writing more is wasted work; the rows
    // are still read and checked so the report lists every problem.
    let writing = tx !== null;
    // Parts are written while the next ones are processed: on PostgreSQL the server inserts
    // while Node validates. Statements run one after another, in row order, on the
    // transaction's connection; up to two parts wait their turn, so a slow write does not stop
    // the reading at once.
    let queue: Promise<void> = Promise.resolve();
    let queued = 0;
    const settings: ChunkSettings = {
      columns: mapping.columns,
      year: yearGiven,
      ubigeo,
      taggers,
      write: writing,
    };
    const parts: PartSource = layout
      ? workerParts(input.path, layout, settings, importIdOf, {
          workers,
          rangeBytes: input.rangeBytes ?? 1 << 20,
        })
      : inProcessParts(
          source as Awaited<ReturnType<typeof openBudgetSource>>,
          settings,
          importIdOf,
          {
            batchSize,
            busy: () => queued > 0,
          },
        );
    // Tags, reviews and labels are few per part: they wait until there are enough for a COPY
    // of their own, so that most parts cost one statement.
    const write = async (lineText: string | Uint8Array, final: boolean) => {
      if (!tx || !writing) return;
      const side = final || sideRows + labelRows.length >= 5000;
      const batch = side ? { tagText, reviewText, labelRows } : null;
      if (side) {
        tagText = "";
        reviewText = "";
        sideRows = 0;
        labelRows = [];
      }
      if (queued >= 2) await queue;
      queued += 1;
      queue = queue.then(async () => {
        await copyLineText(tx, lineText);
        if (batch) {
          await copyTagText(tx, batch.tagText);
          await copyReviewText(tx, batch.reviewText);
          await insertLabels(tx, batch.labelRows);
        }
        queued -= 1;
      });
      // A failed write must fail the import, not an unhandled rejection.
      queue.catch(() => {});
    };

    const merge = (part: ChunkResult) => {
      report.rowsRead += part.rowsRead;
      report.rowsLoaded += part.rowsLoaded;
      report.rowsRejected += part.rowsRejected;
      report.rowsOtherYears += part.rowsOtherYears;
      const rejections = report.rejections;
      for (const [reason, n] of Object.entries(part.byReason) as [RejectionReason, number][])
        rejections.byReason[reason] = (rejections.byReason[reason] ?? 0) + n;
      for (const e of part.examples) {
        if (rejections.examples.length >= MAX_EXAMPLES) break;
        rejections.examples.push(e);
      }
      for (const [policyId, t] of part.tally) {
        const sum = tally.get(policyId);
        if (!sum) continue;
        sum.tagged += t.tagged;
        sum.review += t.review;
        sum.overAllocated += t.overAllocated;
      }
      for (const y of part.years) {
        const state = years.get(y.year) as YearState;
        addStage(state.totals, y.totals);
        for (const level of LEVELS) addStage(state.byLevel[level], y.byLevel[level]);
        for (const [code, p] of y.pliegos) {
          const sum = state.pliegos.get(code);
          if (!sum) {
            state.pliegos.set(code, { ...p });
            continue;
          }
          sum.lines += p.lines;
          sum.pia += p.pia;
          sum.pim += p.pim;
          sum.devengado += p.devengado;
        }
        for (let d = 0; d < DIMENSIONS.length; d++) {
          const names = state.labels[d] as Map<string, string>;
          for (const [code, seen] of y.labels[d] ?? []) {
            const known = names.get(code);
            if (known === undefined) {
              names.set(code, seen.name);
              state.labelConflicts += seen.total - seen.count;
              if (state.importId !== null) {
                labelRows.push({
                  importId: state.importId,
                  dimension: DIMENSIONS[d] as Dimension,
                  code,
                  name: seen.name,
                });
              }
            } else {
              const same = known === seen.name ? seen.count : (seen.others?.get(known) ?? 0);
              state.labelConflicts += seen.total - same;
            }
          }
        }
      }
    };

    let shown = 0;
    try {
      for await (const part of parts.parts) {
        merge(part);
        if (part.rowsRejected > 0 && !skipInvalid && writing) {
          writing = false;
          parts.stopWriting();
        }
        if (writing) {
          tagText += part.tagText;
          reviewText += part.reviewText;
          sideRows += part.tagRows + part.reviewRows;
          await write(part.lineText, false);
        }
        if (Math.floor(report.rowsRead / 10000) > shown) {
          shown = Math.floor(report.rowsRead / 10000);
          input.onProgress?.({
            rows: report.rowsRead,
            bytesRead: parts.bytesRead(),
            totalBytes: source.totalBytes,
            done: false,
          });
        }
      }
      await write("", true);
    } finally {
      // Whatever happened, no write may still be running when the transaction ends.
      await queue.catch(() => {});
    }
    await queue;
    input.onProgress?.({
      rows: report.rowsRead,
      bytesRead: source.totalBytes,
      totalBytes: source.totalBytes,
      done: true,
    });
    report.sha256 = parts.sha256();

    if (report.rowsRead === 0) throw invalid(`${source.fileName} no tiene filas de datos.`);
    for (const s of [...years.values()].sort((a, b) => a.year - b.year)) {
      report.years.push({
        year: s.year,
        importId: s.importId,
        replacedImportId: s.previous?.id ?? null,
        rowsLoaded: s.totals.lines,
        totals: s.totals,
        byLevel: s.byLevel,
        diff: diffOf(s),
        labelConflicts: s.labelConflicts,
      });
    }
    report.tagging = taggers.map((t) => ({
      policyId: t.policyId,
      ruleSetVersion: t.ruleSetVersion,
      ...(tally.get(t.policyId) ?? { tagged: 0, review: 0, overAllocated: 0 }),
    }));
    if (report.rowsRejected > 0 && !skipInvalid) {
      report.outcome = "rechazado";
      if (tx) throw refusal(report);
      return;
    }
    if (report.rowsLoaded === 0) {
      throw invalid(
        yearGiven !== null
          ? `${source.fileName} no tiene filas válidas del año ${yearGiven}; no se importó nada.`
          : `${source.fileName} no tiene filas válidas; no se importó nada.`,
      );
    }
    if (!tx) return;
    for (const s of years.values()) {
      const importId = s.importId as number;
      await insertPliegoTotals(
        tx,
        [...s.pliegos].map(([pliegoCode, p]) => ({
          importId,
          pliegoCode,
          pliegoName: p.name,
          ...p,
        })),
      );
      const yearReport = report.years.find((y) => y.year === s.year);
      await finishImport(tx, importId, {
        fileSha256: report.sha256,
        rowsRead: report.rowsRead,
        rowsLoaded: s.totals.lines,
        rowsRejected: report.rowsRejected,
        report: { ...report, years: yearReport ? [yearReport] : [] },
      });
      if (s.previous) await deleteImportData(tx, s.previous.id);
      await makeImportCurrent(tx, s.year, importId);
      await recordAudit(tx, actor, {
        action: "budget.import",
        objectType: "budget_import",
        objectId: String(importId),
        ...(s.previous ? { before: { importId: s.previous.id } } : {}),
        after: {
          year: s.year,
          file: source.fileName,
          sha256: report.sha256,
          rowsLoaded: s.totals.lines,
          rowsRejected: report.rowsRejected,
          totals: s.totals,
        },
      });
    }
  };

  if (dryRun) await run(null);
  else await db.transaction().execute((tx) => run(tx));
  return report;
}

/** The Spanish error of a refused file: counts by reason, then the first rows. */
function refusal(report: BudgetImportReport) {
  const reasons = (Object.entries(report.rejections.byReason) as [RejectionReason, number][])
    .map(([r, n]) => `${REJECTION_REASONS[r]}: ${n}`)
    .join("; ");
  return invalid(
    `${report.file}: ${report.rowsRejected} fila(s) inválida(s) de ${report.rowsRead} (${reasons}). No se importó nada. Corrija el archivo, o use --skip-invalid para importar solo las filas válidas.`,
    report.rejections.examples.map((e) => ({ path: `fila ${e.row}`, message: e.message })),
  );
}
