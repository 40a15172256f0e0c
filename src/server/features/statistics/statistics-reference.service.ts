import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Actor } from "../../../shared/actor.ts";
import { formatPath } from "../../../shared/catalogue/parse-catalogue.ts";
import { FIGURE_FIELDS, type FigureField } from "../../../shared/statistics/figure-fields.ts";
import { parsePeriod } from "../../../shared/statistics/period.ts";
import {
  type ReferenceFile,
  ReferenceFileSchema,
} from "../../../shared/statistics/statistics-files.schema.ts";
import {
  type Cell,
  createFigureRowValidator,
  type FigureInput,
  figureKey,
} from "../../../shared/statistics/validate-figure-row.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import {
  type FigureRow,
  listAllCauses,
  listCurrentFigures,
  listOverlaps,
  listUbigeoCodes,
} from "./statistics.repository.ts";
import {
  ensureStatisticsSetup,
  loadCodeIndex,
  STATISTICS_DIR,
} from "./statistics-code-lists.service.ts";
import {
  type FigureValues,
  finishStatImport,
  insertCauses,
  insertFigures,
  insertOverlaps,
  insertStatImport,
} from "./statistics-import.repository.ts";

/**
 * The reference figures TRANSCRIBED from the seed documents (reference/statistics/
 * seed-figures.json): loaded as figures of origin `transcripcion`, each with its seed and line
 * citation as provenance, with the causes of their differences and the declared overlaps the
 * documents give, and the totals the documents print checked against the parts. Loading the
 * file again changes nothing; a figure the file corrects becomes its next version.
 */

export const SEED_FIGURES_FILE = join(STATISTICS_DIR, "seed-figures.json");

export interface ReferenceCheck {
  description: string;
  parts: number[];
  sum: number;
  total: number;
  ok: boolean;
  citation: string;
}

export interface ReferenceImportReport {
  file: string;
  sha256: string;
  version: number;
  label: string;
  outcome: "importado" | "sin cambios";
  importId: number | null;
  setup: string[];
  figures: number;
  figuresNew: number;
  figuresRestated: number;
  figuresUnchanged: number;
  causesNew: number;
  overlapsNew: number;
  checks: ReferenceCheck[];
}

const keyOfRow = (row: FigureRow) =>
  figureKey(row.sourceCode, {
    concept: row.conceptCode,
    period: { type: row.periodType, start: row.periodStart, end: row.periodEnd },
    ubigeo: row.ubigeo,
    unit: row.unit,
    reportedVia: row.reportedVia,
    sex: row.sex,
    ageBand: row.ageBand,
    nationality: row.nationality,
    exploitationForm: row.exploitationForm,
    statute: row.statute,
  });

async function readReferenceFile(path: string) {
  const bytes = await readFile(path).catch(() => {
    throw invalid(`No se encontró el archivo de referencia ${path}.`);
  });
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw invalid(`${basename(path)} no es JSON válido: ${(err as Error).message}`);
  }
  const parsed = ReferenceFileSchema.safeParse(json);
  if (!parsed.success)
    throw invalid(
      `El archivo de referencia ${basename(path)} no es válido.`,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  return { file: parsed.data, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The published totals of the documents, recomputed from their parts. */
function runChecks(file: ReferenceFile): ReferenceCheck[] {
  const byRef = new Map(file.figures.map((f) => [f.ref, f.value]));
  const figureValue = (ref: string) => {
    const v = byRef.get(ref);
    if (v === undefined) throw invalid(`La comprobación cita una cifra desconocida «${ref}».`);
    return v;
  };
  return file.checks.map((c) => {
    const parts = c.parts.map(figureValue);
    const sum = parts.reduce((s, v) => s + v, 0);
    const total = typeof c.total === "number" ? c.total : figureValue(c.total);
    return {
      description: c.description,
      parts,
      sum,
      total,
      ok: sum === total,
      citation: c.citation,
    };
  });
}

export async function importReferenceFigures(
  db: Database,
  actor: Actor,
  input: { path?: string } = {},
): Promise<ReferenceImportReport> {
  const path = input.path ?? SEED_FIGURES_FILE;
  const { file, sha256 } = await readReferenceFile(path);
  const setup = await ensureStatisticsSetup(db, actor);
  const codes = await loadCodeIndex(db);
  const ubigeo = await listUbigeoCodes(db);
  const today = new Date().toISOString().slice(0, 10);

  // Each figure goes through the same row validator as a file's rows: one "row" per figure.
  const header: string[] = [...FIGURE_FIELDS];
  const columns = Object.fromEntries(FIGURE_FIELDS.map((f, i) => [f, i])) as Record<
    FigureField,
    number
  >;
  const validate = createFigureRowValidator({
    columns,
    header,
    constants: {},
    recode: {},
    concepts: codes.concepts,
    units: codes.units,
    dimensions: codes.dimensions,
    ubigeo,
    today,
    fileName: basename(path),
  });
  const issues: { path: string; message: string }[] = [];
  const figures: {
    ref: string;
    source: string;
    input: FigureInput;
    raw: ReferenceFile["figures"][number];
  }[] = [];
  const refs = new Set<string>();
  for (const f of file.figures) {
    const where = `figura «${f.ref}»`;
    if (refs.has(f.ref)) issues.push({ path: where, message: "referencia repetida" });
    refs.add(f.ref);
    const document = file.documents[f.document];
    if (!document) issues.push({ path: where, message: `documento «${f.document}» desconocido` });
    const source = codes.sources.get(f.source);
    if (!source || source.retired)
      issues.push({ path: where, message: `fuente «${f.source}» desconocida` });
    const values: Partial<Record<FigureField, Cell>> = {
      concept: f.concept,
      period: f.period,
      ubigeo: f.ubigeo,
      sex: f.sex,
      ageBand: f.ageBand,
      nationality: f.nationality,
      exploitationForm: f.exploitationForm,
      statute: f.statute,
      value: f.value,
      unit: f.unit,
      definition: f.definition,
      reportedVia: f.reportedVia ?? document?.reportedVia,
      document: document ? `Seed ${f.document}: ${document.title} (${document.file})` : f.document,
      location: `${f.document}:${f.lines}`,
      note: f.note ? `«${f.quote}». ${f.note}` : `«${f.quote}»`,
    };
    const result = validate(
      header.map((h) => values[h as FigureField] ?? null),
      0,
    );
    if (!result.ok) {
      for (const p of result.problems)
        issues.push({ path: `${where}, ${p.column}`, message: p.message });
      continue;
    }
    figures.push({ ref: f.ref, source: f.source, input: result.figure, raw: f });
  }
  const parsePeriodOf = (where: string, text: string) => {
    const p = parsePeriod(text, today);
    if (!p.ok) {
      issues.push({ path: where, message: p.message });
      return null;
    }
    return p.period;
  };
  const causes = file.causes.flatMap((c, i) => {
    const where = `causas[${i}]`;
    if (!codes.concepts.has(c.concept))
      issues.push({ path: where, message: `concepto «${c.concept}» desconocido` });
    if (!codes.sources.has(c.source))
      issues.push({ path: where, message: `fuente «${c.source}» desconocida` });
    const period = parsePeriodOf(where, c.period);
    return period ? [{ ...c, period }] : [];
  });
  const overlaps = file.overlaps.flatMap((o, i) => {
    const where = `superposiciones[${i}]`;
    for (const s of o.sources)
      if (!codes.sources.has(s)) issues.push({ path: where, message: `fuente «${s}» desconocida` });
    if ((o.method === "declarada") !== (o.overlap !== undefined))
      issues.push({
        path: where,
        message: "«overlap» va con el método «declarada», y solo con él",
      });
    const period = parsePeriodOf(where, o.period);
    return period ? [{ ...o, sources: [...o.sources].sort(), period }] : [];
  });
  const checks = runChecks(file);
  if (issues.length > 0)
    throw invalid(`${basename(path)}: ${issues.length} problema(s); no se cargó nada.`, issues);

  const report: ReferenceImportReport = {
    file: basename(path),
    sha256,
    version: file.version,
    label: file.label,
    outcome: "sin cambios",
    importId: null,
    setup,
    figures: figures.length,
    figuresNew: 0,
    figuresRestated: 0,
    figuresUnchanged: 0,
    causesNew: 0,
    overlapsNew: 0,
    checks,
  };

  await db.transaction().execute(async (tx) => {
    const current = new Map((await listCurrentFigures(tx, {})).map((r) => [keyOfRow(r), r]));
    const knownCauses = new Set(
      (await listAllCauses(tx)).map((c) =>
        [c.conceptCode, c.sourceCode, c.periodStart, c.periodEnd, c.cause, c.explanation].join("|"),
      ),
    );
    const knownOverlaps = new Set(
      (await listOverlaps(tx)).map((o) =>
        [o.conceptCode, o.periodStart, o.periodEnd, [...o.sourceCodes].sort().join(",")].join("|"),
      ),
    );
    const toWrite: Omit<FigureValues, "importId">[] = [];
    for (const { source, input: f, raw } of figures) {
      const previous = current.get(figureKey(source, f));
      if (previous && previous.value === f.value && previous.definition === f.definition) {
        report.figuresUnchanged += 1;
        continue;
      }
      if (previous) report.figuresRestated += 1;
      else report.figuresNew += 1;
      toWrite.push({
        sourceCode: source,
        conceptCode: f.concept,
        reportedVia: f.reportedVia,
        periodType: f.period.type,
        periodStart: f.period.start,
        periodEnd: f.period.end,
        ubigeo: f.ubigeo,
        sex: f.sex,
        ageBand: f.ageBand,
        nationality: f.nationality,
        exploitationForm: f.exploitationForm,
        statute: f.statute,
        value: f.value,
        unit: f.unit,
        definition: f.definition,
        extractionDate: null,
        provenanceDocument: f.document,
        provenanceLocation: f.location,
        origin: "transcripcion",
        derivation: raw.derivation ?? null,
        note: f.note,
        version: previous ? previous.version + 1 : 1,
        supersedesId: previous ? previous.id : null,
        importedBy: actor.id,
      });
    }
    const newCauses = causes.filter(
      (c) =>
        !knownCauses.has(
          [c.concept, c.source, c.period.start, c.period.end, c.cause, c.explanation].join("|"),
        ),
    );
    const newOverlaps = overlaps.filter(
      (o) =>
        !knownOverlaps.has(
          [o.concept, o.period.start, o.period.end, o.sources.join(",")].join("|"),
        ),
    );
    if (toWrite.length === 0 && newCauses.length === 0 && newOverlaps.length === 0) return;
    const importId = await insertStatImport(tx, {
      kind: "referencia",
      sourceCode: null,
      fileName: basename(path),
      format: "json",
      mappingVersion: null,
      importedBy: actor.id,
    });
    await insertFigures(
      tx,
      toWrite.map((f) => ({ ...f, importId })),
    );
    await insertCauses(
      tx,
      newCauses.map((c) => ({
        conceptCode: c.concept,
        sourceCode: c.source,
        periodStart: c.period.start,
        periodEnd: c.period.end,
        cause: c.cause,
        explanation: c.explanation,
        citation: c.citation,
        importId,
        recordedBy: actor.id,
      })),
    );
    await insertOverlaps(
      tx,
      newOverlaps.map((o) => ({
        conceptCode: o.concept,
        periodStart: o.period.start,
        periodEnd: o.period.end,
        sourceCodes: o.sources,
        method: o.method,
        overlap: o.overlap ?? null,
        basis: o.basis,
        citation: o.citation,
        importId,
        recordedBy: actor.id,
      })),
    );
    report.causesNew = newCauses.length;
    report.overlapsNew = newOverlaps.length;
    report.outcome = "importado";
    report.importId = importId;
    await finishStatImport(tx, importId, {
      fileSha256: sha256,
      rowsRead: figures.length,
      figuresNew: report.figuresNew,
      figuresRestated: report.figuresRestated,
      figuresUnchanged: report.figuresUnchanged,
      report,
    });
    await recordAudit(tx, actor, {
      action: "statistics.reference",
      objectType: "stat_import",
      objectId: String(importId),
      after: {
        file: basename(path),
        sha256,
        version: file.version,
        figuresNew: report.figuresNew,
        figuresRestated: report.figuresRestated,
        causesNew: report.causesNew,
        overlapsNew: report.overlapsNew,
      },
    });
  });
  return report;
}
