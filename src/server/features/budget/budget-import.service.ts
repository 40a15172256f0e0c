import type { Actor } from "../../../shared/actor.ts";
import {
  type BudgetLineInput,
  DIMENSIONS,
  type Dimension,
  LEVELS,
  type Level,
} from "../../../shared/budget/budget-fields.ts";
import { ChainIndex } from "../../../shared/budget/chain-index.ts";
import { detach } from "../../../shared/budget/csv-stream.ts";
import {
  LineTagger,
  type ReviewRow,
  type TagRow,
  toTaggable,
} from "../../../shared/budget/line-tagger.ts";
import { mapHeaders } from "../../../shared/budget/mef-headers.ts";
import { isReconstructionNotice } from "../../../shared/budget/source-notice.ts";
import {
  createRowValidator,
  REJECTION_REASONS,
  type RejectionReason,
} from "../../../shared/budget/validate-budget-row.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { countUbigeo, loadUbigeoReference } from "../territory/territory.service.ts";
import { findCurrentImports } from "./budget.repository.ts";
import {
  deleteImportData,
  finishImport,
  insertImport,
  insertLabels,
  insertLines,
  insertPliegoTotals,
  insertReviews,
  insertTags,
  type LabelRow,
  loadUbigeoCodes,
  makeImportCurrent,
  pliegoTotalsOfImport,
} from "./budget-import.repository.ts";
import { loadTaggers } from "./budget-rules.service.ts";
import { openBudgetSource } from "./budget-source.service.ts";

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
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface StageTotals {
  lines: number;
  piaCents: number;
  pimCents: number;
  devengadoCents: number;
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

const MAX_EXAMPLES = 100;

const zero = (): StageTotals => ({ lines: 0, piaCents: 0, pimCents: 0, devengadoCents: 0 });
const add = (t: StageTotals, l: { pia: number; pim: number; devengado: number }, lines = 1) => {
  t.lines += lines;
  t.piaCents += l.pia;
  t.pimCents += l.pim;
  t.devengadoCents += l.devengado;
};

interface YearState {
  year: number;
  importId: number | null;
  previous: { id: number; pliegos: Awaited<ReturnType<typeof pliegoTotalsOfImport>> } | null;
  totals: StageTotals;
  byLevel: Record<Level, StageTotals>;
  pliegos: Map<
    string,
    {
      nivel: Level;
      name: string | null;
      lines: number;
      pia: number;
      pim: number;
      devengado: number;
    }
  >;
  /** Name of each code, per dimension (in DIMENSIONS order). */
  labels: Map<string, string>[];
  labelConflicts: number;
  chains: ChainIndex;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  const source = await openBudgetSource(input.path);
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
    mapping: { used: mapping.used, ignored: mapping.ignored },
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsOtherYears: 0,
    rejections: { byReason: {}, examples: [] },
    years: [],
    tagging: [],
  };
  const reject = (row: number, reason: RejectionReason, message: string) => {
    report.rejections.byReason[reason] = (report.rejections.byReason[reason] ?? 0) + 1;
    if (report.rejections.examples.length < MAX_EXAMPLES)
      report.rejections.examples.push({ row, reason, message: detach(message) });
  };

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
        chains: new ChainIndex(),
      };
      years.set(year, s);
      return s;
    };

    let lines: BudgetLineInput[] = [];
    let tags: TagRow[] = [];
    let reviews: ReviewRow[] = [];
    let labelRows: LabelRow[] = [];
    const lineTagger = new LineTagger(taggers);
    // Once a row is refused and the whole file will be, writing more is wasted work; the rows
    // are still read and checked so the report lists every problem.
    let writing = tx !== null;
    // Batches are written while the next ones are parsed: on PostgreSQL the server inserts
    // while Node validates (two processes, two cores). Statements still run one after another
    // on the transaction's connection; up to two batches wait their turn, so a slow write does
    // not stop the parsing at once.
    let queue: Promise<void> = Promise.resolve();
    let queued = 0;
    // Tags, reviews and labels are few per batch of lines: they wait until there are enough
    // for a COPY of their own, so that most batches cost one statement.
    const flush = async (final = false) => {
      if (tx && writing) {
        const side = final || tags.length + reviews.length + labelRows.length >= 5000;
        const batch = { lines, tags, reviews, labelRows };
        if (queued >= 2) await queue;
        queued += 1;
        queue = queue.then(async () => {
          await insertLines(tx, (y) => years.get(y)?.importId ?? 0, batch.lines);
          if (side) {
            await insertTags(tx, batch.tags);
            await insertReviews(tx, batch.reviews);
            await insertLabels(tx, batch.labelRows);
          }
          queued -= 1;
        });
        // A failed batch must fail the import, not an unhandled rejection.
        queue.catch(() => {});
        lines = [];
        if (side) {
          tags = [];
          reviews = [];
          labelRows = [];
        }
        return;
      }
      lines = [];
      tags = [];
      reviews = [];
      labelRows = [];
    };

    const validateRow = createRowValidator({ columns: mapping.columns, year: yearGiven, ubigeo });
    let rowNo = 0;
    for await (const batch of source.batches) {
      for (const row of batch) {
        rowNo += 1;
        report.rowsRead += 1;
        // Let the writes' replies be handled: each batch is several statements, and each
        // statement starts only when this loop gives the event loop a turn.
        if ((rowNo & 255) === 0 && queued > 0) await yieldToEventLoop();
        if (rowNo % 10000 === 0) {
          input.onProgress?.({
            rows: rowNo,
            bytesRead: source.bytesRead(),
            totalBytes: source.totalBytes,
            done: false,
          });
        }
        const result = validateRow(row, rowNo);
        if (!result.ok) {
          if (result.problems.some((p) => p.reason === "anio_distinto")) {
            report.rowsOtherYears += 1;
            continue;
          }
          report.rowsRejected += 1;
          for (const p of result.problems) reject(rowNo, p.reason, p.message);
          if (!skipInvalid) writing = false;
          continue;
        }
        const line = result.line;
        const state = years.get(line.year) ?? (await stateOf(line.year));
        const first = state.chains.add(line, rowNo);
        if (first !== undefined) {
          report.rowsRejected += 1;
          reject(rowNo, "duplicada", `misma cadena presupuestal que la fila ${first}`);
          if (!skipInvalid) writing = false;
          continue;
        }
        add(state.totals, line);
        add(state.byLevel[line.nivel], line);
        const pliego = line.codes.pliego ?? "";
        let p = state.pliegos.get(pliego);
        if (!p) {
          p = {
            nivel: line.nivel,
            name: detach(line.names.pliego),
            lines: 0,
            pia: 0,
            pim: 0,
            devengado: 0,
          };
          state.pliegos.set(pliego, p);
        }
        p.lines += 1;
        p.pia += line.pia;
        p.pim += line.pim;
        p.devengado += line.devengado;
        for (let i = 0; i < DIMENSIONS.length; i++) {
          const d = DIMENSIONS[i] as Dimension;
          const code = line.codes[d];
          const name = line.names[d];
          if (!code || !name) continue;
          const names = state.labels[i] as Map<string, string>;
          const known = names.get(code);
          if (known === undefined) {
            const kept = detach(name);
            names.set(code, kept);
            if (state.importId !== null) {
              labelRows.push({ importId: state.importId, dimension: d, code, name: kept });
            }
          } else if (known !== name) state.labelConflicts += 1;
        }
        report.rowsLoaded += 1;
        lines.push(line);
        lineTagger.tag(state.importId ?? 0, rowNo, toTaggable(line), { tags, reviews });
        if (lines.length >= batchSize) await flush();
      }
    }
    await flush(true);
    await queue;
    input.onProgress?.({
      rows: rowNo,
      bytesRead: source.totalBytes,
      totalBytes: source.totalBytes,
      done: true,
    });
    report.sha256 = source.sha256();

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
      ...(lineTagger.tally.get(t.policyId) ?? { tagged: 0, review: 0, overAllocated: 0 }),
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
