import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import type { Actor } from "../../../shared/actor.ts";
import { formatPath } from "../../../shared/catalogue/parse-catalogue.ts";
import { hasPermission } from "../../../shared/permissions.ts";
import { type FigureField, mapFigureHeaders } from "../../../shared/statistics/figure-fields.ts";
import { formatPeriod } from "../../../shared/statistics/period.ts";
import {
  type MappingFile,
  MappingFileSchema,
} from "../../../shared/statistics/statistics-files.schema.ts";
import {
  createFigureRowValidator,
  type FigureInput,
  figureKey,
  type RowProblem,
} from "../../../shared/statistics/validate-figure-row.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import type { CopyValue } from "../../db/copy-rows.ts";
import { DomainError, forbidden, invalid, notFound } from "../../errors.ts";
import { openBudgetSource } from "../budget/budget-source.service.ts";
import { findSource, listUbigeoCodes } from "./statistics.repository.ts";
import {
  ensureStatisticsSetup,
  loadCodeIndex,
  STATISTICS_DIR,
} from "./statistics-code-lists.service.ts";
import {
  analyzeFigures,
  type CurrentFigure,
  copyFigures,
  type FigureKeyValues,
  findCurrentFiguresByKey,
  finishStatImport,
  insertStatImport,
  sourceHasFigures,
} from "./statistics-import.repository.ts";

/**
 * Import of a source's figures from a CSV or XLSX file, read by the budget import's streaming
 * reader (budget-source.service.ts) and its header-mapping file. All or nothing: rows are
 * validated and written batch by batch inside one transaction, and any refused row refuses
 * the file, with every problem named by row and column. A figure whose key is already known
 * with another value (or definition) is a restatement: it is written as the next version and
 * the earlier one stays. The same value again is counted as unchanged and not written.
 */

export interface StatisticsImportProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
  done: boolean;
}

export interface ImportStatisticsInput {
  path: string;
  sourceCode: string;
  dryRun?: boolean;
  /** The name people know the file by, when `path` is a temporary copy (API upload). */
  fileName?: string;
  /** Today's date (AAAA-MM-DD): periods after it are refused. Tests fix it. */
  today?: string;
  onProgress?: (p: StatisticsImportProgress) => void;
}

export interface StatisticsImportReport {
  file: string;
  sha256: string;
  format: "csv" | "xlsx";
  source: string;
  mappingVersion: number;
  outcome: "importado" | "simulado" | "rechazado";
  importId: number | null;
  mapping: { used: { field: FigureField; header: string }[]; ignored: string[] };
  rowsRead: number;
  figuresNew: number;
  figuresRestated: number;
  figuresUnchanged: number;
  restatements: {
    row: number;
    figure: string;
    previousValue: number;
    value: number;
    version: number;
  }[];
  problems: { count: number; examples: RowProblem[] };
}

const MAX_EXAMPLES = 100;
const MAX_RESTATEMENTS_LISTED = 50;
// Rows per key lookup and COPY: large enough that a statement's round trip is noise, small
// enough that a batch's keys and COPY text stay a few megabytes.
const BATCH = 5000;
// Written figures from which an import refreshes stat_figure's planner statistics: a sampling
// pass costs well under a second at millions of rows, and a seed transcription need not pay it.
const ANALYZE_AFTER = 10_000;

const todayIso = () => new Date().toISOString().slice(0, 10);

/** The mapping file of a source (reference/statistics/mappings/<CODE>.json). */
export async function readSourceMapping(sourceCode: string): Promise<MappingFile> {
  const path = join(STATISTICS_DIR, "mappings", `${sourceCode}.json`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw invalid(
      `No hay archivo de correspondencia para la fuente ${sourceCode} (reference/statistics/mappings/${sourceCode}.json).`,
    );
  }
  const parsed = MappingFileSchema.safeParse(json);
  if (!parsed.success)
    throw invalid(
      `La correspondencia de ${sourceCode} no es válida.`,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  if (parsed.data.source !== sourceCode)
    throw invalid(`La correspondencia ${sourceCode}.json es de la fuente ${parsed.data.source}.`);
  return parsed.data;
}

/**
 * Who may load a source's figures: the CLI and an administrator any; a focal point only a
 * source whose entity is one of its own (or held by proxy).
 */
export function assertCanSubmit(actor: Actor, source: { code: string; entityCode: string | null }) {
  const user = actor.user;
  if (!user) return;
  if (hasPermission(user.role, "statistics.manage")) return;
  if (!hasPermission(user.role, "statistics.submit"))
    throw forbidden("Su rol no permite cargar cifras estadísticas.");
  if (source.entityCode === null || !user.entities.some((e) => e.code === source.entityCode))
    throw forbidden(
      `La fuente ${source.code} es de ${source.entityCode ?? "ninguna entidad"}; solo puede cargar las fuentes de sus entidades.`,
    );
}

const sameFigure = (a: CurrentFigure, b: FigureInput) =>
  a.value === b.value && a.definition === b.definition;

/** A figure's key as the lookup of earlier versions takes it. */
const keyValues = (f: FigureInput): FigureKeyValues => ({
  concept: f.concept,
  via: f.reportedVia ?? "",
  start: f.period.start,
  end: f.period.end,
  ubigeo: f.ubigeo ?? "",
  sex: f.sex ?? "",
  ageBand: f.ageBand ?? "",
  nationality: f.nationality ?? "",
  form: f.exploitationForm ?? "",
  statute: f.statute ?? "",
  unit: f.unit,
});

/** The key fields of a stored figure, for figureKey (the period's type is not in the key). */
const figureOfRow = (r: CurrentFigure) => ({
  concept: r.conceptCode,
  period: { type: "rango" as const, start: r.periodStart, end: r.periodEnd },
  ubigeo: r.ubigeo,
  unit: r.unit,
  reportedVia: r.reportedVia,
  sex: r.sex,
  ageBand: r.ageBand,
  nationality: r.nationality,
  exploitationForm: r.exploitationForm,
  statute: r.statute,
});

export function describeFigure(source: string, f: FigureInput): string {
  const dims = [f.ubigeo, f.sex, f.ageBand, f.nationality, f.exploitationForm, f.statute]
    .filter((d) => d !== null)
    .join(", ");
  return `${source} ${f.concept} ${formatPeriod(f.period)}${dims ? ` (${dims})` : ""}${f.reportedVia ? ` vía ${f.reportedVia}` : ""}`;
}

export async function importStatisticsFile(
  db: Database,
  actor: Actor,
  input: ImportStatisticsInput,
): Promise<StatisticsImportReport> {
  const source = await findSource(db, input.sourceCode);
  if (!source) throw notFound(`No existe la fuente ${input.sourceCode}.`);
  if (source.retiredInVersion !== null) throw invalid(`La fuente ${source.code} fue retirada.`);
  assertCanSubmit(actor, source);
  const mappingFile = await readSourceMapping(source.code);
  await ensureStatisticsSetup(db, actor);
  const codes = await loadCodeIndex(db);
  const ubigeo = await listUbigeoCodes(db);
  const file = await openBudgetSource(input.path, input.fileName);
  const fileName = file.fileName;
  const mapping = mapFigureHeaders(file.header, mappingFile.headers);
  const present = (f: FigureField) =>
    mapping.columns[f] !== undefined || mappingFile.constants[f] !== undefined;
  if (!present("value")) mapping.errors.push("Falta la columna del valor («valor»).");
  if (!present("concept")) mapping.errors.push("Falta la columna del concepto («concepto»).");
  if (!present("period") && !present("year") && !(present("periodStart") && present("periodEnd")))
    mapping.errors.push("Falta la columna del periodo («periodo», «año» o «inicio» y «fin»).");
  if (mapping.errors.length > 0)
    throw invalid(
      `No se puede importar ${fileName}: ${mapping.errors.join(" ")}`,
      mapping.errors.map((message) => ({ path: "encabezado", message })),
    );

  const dryRun = input.dryRun ?? false;
  const report: StatisticsImportReport = {
    file: fileName,
    sha256: "",
    format: file.format,
    source: source.code,
    mappingVersion: mappingFile.version,
    outcome: dryRun ? "simulado" : "importado",
    importId: null,
    mapping: { used: mapping.used, ignored: mapping.ignored },
    rowsRead: 0,
    figuresNew: 0,
    figuresRestated: 0,
    figuresUnchanged: 0,
    restatements: [],
    problems: { count: 0, examples: [] },
  };
  const addProblems = (problems: readonly RowProblem[]) => {
    report.problems.count += problems.length;
    for (const p of problems)
      if (report.problems.examples.length < MAX_EXAMPLES) report.problems.examples.push(p);
  };

  const validate = createFigureRowValidator({
    columns: mapping.columns,
    header: file.header,
    constants: mappingFile.constants,
    recode: mappingFile.recode,
    concepts: codes.concepts,
    units: codes.units,
    dimensions: codes.dimensions,
    ubigeo,
    today: input.today ?? todayIso(),
    fileName,
  });

  const run = async (tx: Executor | null) => {
    const importId = tx
      ? await insertStatImport(tx, {
          kind: "archivo",
          sourceCode: source.code,
          fileName,
          format: file.format,
          mappingVersion: mappingFile.version,
          importedBy: actor.id,
        })
      : null;
    report.importId = importId;
    const seen = new Map<string, number>();
    // Rows after the first refused one are still read and checked, so the report lists every
    // problem, but no longer written: the transaction will be rolled back.
    let writing = tx !== null;
    // A first import of a source has no earlier versions to look up.
    const lookUp = await sourceHasFigures(tx ?? db, source.code);
    let batch: { rowNo: number; key: string; figure: FigureInput }[] = [];
    // A batch's earlier versions are found by key in one query, then its rows are classified
    // (new, restated, unchanged) in file order and the changed ones COPYed: memory holds one
    // batch, not the source's figures.
    const flush = async () => {
      if (batch.length === 0) return;
      const previousOf = new Map<string, CurrentFigure>();
      if (lookUp)
        for (const row of await findCurrentFiguresByKey(
          tx ?? db,
          source.code,
          batch.map((b) => keyValues(b.figure)),
        ))
          previousOf.set(figureKey(source.code, figureOfRow(row)), row);
      const rows: CopyValue[][] = [];
      for (const { rowNo, key, figure } of batch) {
        const previous = previousOf.get(key);
        if (previous && sameFigure(previous, figure)) {
          report.figuresUnchanged += 1;
          continue;
        }
        if (previous) {
          report.figuresRestated += 1;
          if (report.restatements.length < MAX_RESTATEMENTS_LISTED)
            report.restatements.push({
              row: rowNo,
              figure: describeFigure(source.code, figure),
              previousValue: previous.value,
              value: figure.value,
              version: previous.version + 1,
            });
        } else report.figuresNew += 1;
        if (!writing || importId === null) continue;
        // In FIGURE_COPY_COLUMNS order.
        rows.push([
          source.code,
          figure.concept,
          figure.reportedVia,
          figure.period.type,
          figure.period.start,
          figure.period.end,
          figure.ubigeo,
          figure.sex,
          figure.ageBand,
          figure.nationality,
          figure.exploitationForm,
          figure.statute,
          figure.value,
          figure.unit,
          figure.definition,
          figure.extractionDate,
          figure.document,
          figure.location,
          "exportacion",
          null,
          figure.note,
          previous ? previous.version + 1 : 1,
          previous ? previous.id : null,
          importId,
          actor.id,
        ]);
      }
      batch = [];
      if (tx && rows.length > 0) await copyFigures(tx, rows);
    };
    // The spreadsheet's numbering: the header is row 1, the first figure row 2.
    let rowNo = 1;
    for await (const rowsRead of file.batches) {
      for (const row of rowsRead) {
        rowNo += 1;
        if (row.every((c) => c === null || c === undefined || String(c).trim() === "")) continue;
        report.rowsRead += 1;
        if (report.rowsRead % 1000 === 0)
          input.onProgress?.({
            rows: report.rowsRead,
            bytesRead: file.bytesRead(),
            totalBytes: file.totalBytes,
            done: false,
          });
        const result = validate(row, rowNo);
        if (!result.ok) {
          addProblems(result.problems);
          writing = false;
          continue;
        }
        const figure = result.figure;
        const key = figureKey(source.code, figure);
        const first = seen.get(key);
        if (first !== undefined) {
          addProblems([
            {
              row: rowNo,
              column: "(fila)",
              message: `repite la cifra de la fila ${first} (misma fuente, concepto, periodo y desagregación)`,
            },
          ]);
          writing = false;
          continue;
        }
        seen.set(key, rowNo);
        batch.push({ rowNo, key, figure });
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();
    input.onProgress?.({
      rows: report.rowsRead,
      bytesRead: file.totalBytes,
      totalBytes: file.totalBytes,
      done: true,
    });
    report.sha256 = file.sha256();
    if (report.rowsRead === 0) throw invalid(`${fileName} no tiene filas de cifras.`);
    if (report.problems.count > 0) {
      report.outcome = "rechazado";
      report.importId = null;
      if (tx) throw refusal(report);
      return;
    }
    if (!tx || importId === null) return;
    if (report.figuresNew + report.figuresRestated >= ANALYZE_AFTER) await analyzeFigures(tx);
    await finishStatImport(tx, importId, {
      fileSha256: report.sha256,
      rowsRead: report.rowsRead,
      figuresNew: report.figuresNew,
      figuresRestated: report.figuresRestated,
      figuresUnchanged: report.figuresUnchanged,
      report,
    });
    await recordAudit(tx, actor, {
      action: "statistics.import",
      objectType: "stat_import",
      objectId: String(importId),
      after: {
        source: source.code,
        file: fileName,
        sha256: report.sha256,
        rowsRead: report.rowsRead,
        figuresNew: report.figuresNew,
        figuresRestated: report.figuresRestated,
        figuresUnchanged: report.figuresUnchanged,
      },
    });
  };

  if (dryRun) await run(null);
  else await db.transaction().execute((tx) => run(tx));
  return report;
}

function refusal(report: StatisticsImportReport): DomainError {
  return invalid(
    `${report.file}: ${report.problems.count} problema(s) en las filas; no se importó nada. Corrija el archivo y vuelva a importarlo.`,
    report.problems.examples.map((p) => ({
      path: `fila ${p.row}, columna «${p.column}»`,
      message: p.message,
    })),
  );
}

/** Largest upload accepted through the API: a source's figures for years, not a microdata dump. */
export const MAX_STATISTICS_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * An uploaded file (API), imported as if from disk: written to a private temporary directory
 * under its own extension (the reader picks CSV or XLSX by it), removed afterwards.
 */
export async function importStatisticsUpload(
  db: Database,
  actor: Actor,
  input: { sourceCode: string; fileName: string; bytes: Uint8Array; dryRun: boolean },
): Promise<StatisticsImportReport> {
  const ext = extname(input.fileName).toLowerCase();
  if (![".csv", ".xlsx", ".tsv", ".txt"].includes(ext))
    throw new DomainError(
      "unsupported_media_type",
      `Formato no admitido «${ext || input.fileName}»: use un archivo .csv o .xlsx.`,
    );
  if (input.bytes.byteLength > MAX_STATISTICS_UPLOAD_BYTES)
    throw new DomainError(
      "payload_too_large",
      `El archivo pesa más de ${MAX_STATISTICS_UPLOAD_BYTES / 1024 / 1024} MB.`,
    );
  // Scope before anything is written to disk.
  const source = await findSource(db, input.sourceCode);
  if (!source) throw notFound(`No existe la fuente ${input.sourceCode}.`);
  assertCanSubmit(actor, source);
  const dir = await mkdtemp(join(tmpdir(), "vigia-stats-"));
  try {
    const digest = createHash("sha256").update(input.bytes).digest("hex").slice(0, 16);
    const path = join(dir, `${digest}${ext}`);
    await writeFile(path, input.bytes, { mode: 0o600 });
    return await importStatisticsFile(db, actor, {
      path,
      sourceCode: input.sourceCode,
      dryRun: input.dryRun,
      fileName: basename(input.fileName),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
