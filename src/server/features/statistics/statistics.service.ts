import { access } from "node:fs/promises";
import { join } from "node:path";
import type { Actor } from "../../../shared/actor.ts";
import { formatPeriod, yearBounds } from "../../../shared/statistics/period.ts";
import {
  type ReconcileFigure,
  type Reconciliation,
  reconcile,
} from "../../../shared/statistics/reconcile.ts";
import type { Database } from "../../db/connect.ts";
import { notFound } from "../../errors.ts";
import {
  type FigureFilter,
  type FigureRow,
  listCauses,
  listCurrentFigures,
  listFigureVersions,
  listOverlaps,
  listSources,
} from "./statistics.repository.ts";
import { type CodeIndex, loadCodeIndex, STATISTICS_DIR } from "./statistics-code-lists.service.ts";

/**
 * Reads of the statistical register: its sources, its figures (the current version of each,
 * or every version of one), and a year's reconciliation. Aggregates only; the pseudonymous
 * records are read through statistics-records.service.ts, audited.
 */

export async function listStatisticsSources(db: Database, _actor: Actor) {
  const rows = await listSources(db);
  return Promise.all(
    rows.map(async (s) => ({
      code: s.code,
      institution: { code: s.institutionCode, name: s.institutionName },
      system: s.systemCode ? { code: s.systemCode, name: s.systemName ?? s.systemCode } : null,
      entity: s.entityCode,
      description: s.description,
      retired: s.retiredInVersion !== null,
      hasMapping: await access(join(STATISTICS_DIR, "mappings", `${s.code}.json`)).then(
        () => true,
        () => false,
      ),
    })),
  );
}

function toFigureView(row: FigureRow, codes: CodeIndex) {
  const period = { type: row.periodType, start: row.periodStart, end: row.periodEnd };
  return {
    id: row.id,
    source: row.sourceCode,
    sourceLabel: codes.sources.get(row.sourceCode)?.label ?? row.sourceCode,
    concept: row.conceptCode,
    reportedVia: row.reportedVia,
    period: { ...period, label: formatPeriod(period) },
    ubigeo: row.ubigeo,
    dimensions: {
      sex: row.sex,
      ageBand: row.ageBand,
      nationality: row.nationality,
      exploitationForm: row.exploitationForm,
      statute: row.statute,
    },
    value: row.value,
    unit: row.unit,
    definition: row.definition,
    extractionDate: row.extractionDate,
    provenance: { document: row.provenanceDocument, location: row.provenanceLocation },
    origin: row.origin,
    derivation: row.derivation,
    note: row.note,
    version: row.version,
    supersedesId: row.supersedesId,
    importId: row.importId,
    importedBy: row.importedBy,
    importedAt: new Date(row.importedAt).toISOString(),
  };
}
export type FigureView = ReturnType<typeof toFigureView>;

export async function listStatisticsFigures(
  db: Database,
  _actor: Actor,
  input: { year?: number; source?: string; concept?: string; periodType?: "anio" },
) {
  const filter: FigureFilter = {};
  if (input.periodType) filter.periodType = input.periodType;
  if (input.year !== undefined) filter.within = yearBounds(input.year);
  if (input.source) filter.source = input.source;
  if (input.concept) filter.concept = input.concept;
  const [rows, codes] = await Promise.all([listCurrentFigures(db, filter), loadCodeIndex(db)]);
  return rows.map((r) => toFigureView(r, codes));
}

/** Every version of a figure, oldest first: what was reported, and what restated it. */
export async function getStatisticsFigureVersions(
  db: Database,
  _actor: Actor,
  input: { id: number },
) {
  const rows = await listFigureVersions(db, input.id);
  if (rows.length === 0) throw notFound(`No existe la cifra ${input.id}.`);
  const codes = await loadCodeIndex(db);
  return rows.map((r, i) => ({
    ...toFigureView(r, codes),
    supersededById: rows[i + 1]?.id ?? null,
  }));
}

export type StatisticsReconciliation = Reconciliation & {
  year: number;
  transcribed: number;
  note: string;
};

/** The year's figures side by side, with their causes, de-duplication and flags. */
export async function reconcileStatisticsYear(
  db: Database,
  _actor: Actor,
  input: { year: number },
): Promise<StatisticsReconciliation> {
  const within = yearBounds(input.year);
  const [rows, causes, overlaps, codes] = await Promise.all([
    listCurrentFigures(db, { within }),
    listCauses(db, within),
    listOverlaps(db, within),
    loadCodeIndex(db),
  ]);
  const result = reconcile(
    rows.map((r) => toReconcileFigure(r, codes.sources.get(r.sourceCode)?.label ?? r.sourceCode)),
    causes.map((c) => ({
      concept: c.conceptCode,
      source: c.sourceCode,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      cause: c.cause,
      explanation: c.explanation,
      citation: c.citation,
    })),
    overlaps.map((o) => ({
      concept: o.conceptCode,
      periodStart: o.periodStart,
      periodEnd: o.periodEnd,
      sources: o.sourceCodes,
      method: o.method,
      overlap: o.overlap,
      basis: o.basis,
      citation: o.citation,
    })),
    {
      concepts: new Map(
        [...codes.concepts].map(([code, c]) => [code, { label: c.label, subsetOf: c.subsetOf }]),
      ),
      dimensions: codes.dimensions,
    },
  );
  const transcribed = rows.filter((r) => r.origin === "transcripcion").length;
  return {
    year: input.year,
    transcribed,
    note:
      transcribed > 0
        ? `${transcribed} de ${rows.length} cifras son TRANSCRITAS de documentos publicados (origen «transcripcion»), no exportaciones institucionales.`
        : "Todas las cifras provienen de archivos de las instituciones.",
    ...result,
  };
}

/** A stored figure as the reconciliation reads it (also used by bench:stats). */
export function toReconcileFigure(
  r: Awaited<ReturnType<typeof listCurrentFigures>>[number],
  sourceLabel: string,
): ReconcileFigure {
  return {
    id: r.id,
    source: r.sourceCode,
    sourceLabel: sourceLabel,
    concept: r.conceptCode,
    reportedVia: r.reportedVia,
    period: { type: r.periodType, start: r.periodStart, end: r.periodEnd },
    ubigeo: r.ubigeo,
    sex: r.sex,
    ageBand: r.ageBand,
    nationality: r.nationality,
    exploitationForm: r.exploitationForm,
    statute: r.statute,
    value: r.value,
    unit: r.unit,
    definition: r.definition,
    version: r.version,
    origin: r.origin,
    // A transcription's location names its document (002:326-330); a file's row does not.
    provenance:
      r.origin === "transcripcion" && r.provenanceLocation
        ? r.provenanceLocation
        : [r.provenanceDocument, r.provenanceLocation].filter(Boolean).join(", "),
    derivation: r.derivation,
  };
}
