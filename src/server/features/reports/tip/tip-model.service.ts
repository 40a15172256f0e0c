import type { Actor } from "../../../../shared/actor.ts";
import type { TipEntryView } from "../../../../shared/contracts/tip-entries.contract.ts";
import type { Audience } from "../../../../shared/disclosure/disclosure-rules.ts";
import type { Database } from "../../../db/connect.ts";
import { evaluatePolicyYear } from "../../evaluation/evaluation.service.ts";
import { type FigureView, listStatisticsFigures } from "../../statistics/statistics.service.ts";
import { loadTipDataPoints } from "../../statistics/statistics-tip-points.service.ts";
import { currentTipEntriesForPack } from "../../tip-entries/tip-entries.service.ts";
import { loadReportBudget, type ReportBudget } from "../evaluation/evaluation-budget.service.ts";
import {
  answerFigureQuery,
  type TipAnswer,
  type TipDataPoint,
  type TipDataPointsFile,
  type TipFigure,
} from "./tip-data-points.builder.ts";
import { type ProtectedCounts, protectAnswers } from "./tip-disclosure.service.ts";
import { entryCellKey } from "./tip-tables.builder.ts";

/**
 * Everything the TIP data pack prints, read once: the 40 data points of
 * reference/statistics/tip-data-points.json, each answered from the statistical register for the
 * year and the year before, the policy's budget from the budget module, and the evaluation's
 * índice (the monitoring framework). The public audience goes through disclosure control here,
 * before any builder sees a figure, and its suppressions are logged.
 */

export {
  loadTipDataPoints,
  TIP_DATA_POINTS_FILE,
} from "../../statistics/statistics-tip-points.service.ts";
/** The policy whose budget and evaluation the pack reports. */
export const TIP_POLICY = "pntp";
/** The registry's outputs (src/shared/disclosure/disclosure-outputs.ts) of each audience. */
export const TIP_OUTPUT = { public: "tip/publico", internal: "tip/interno" } as const;

export interface TipPointModel {
  point: TipDataPoint;
  current: TipAnswer;
  previous: TipAnswer;
  /**
   * Values focal points entered for the point and the year (current versions, one per entity).
   * Printed beside the register's answer, never instead of it.
   */
  entries: TipEntryView[];
}

/** `shown`: every printed count by cell key, its value or null when suppressed. */
export interface TipModel extends ProtectedCounts {
  year: number;
  audience: Audience;
  generatedAt: Date;
  file: Pick<TipDataPointsFile, "label" | "version">;
  points: TipPointModel[];
  budget: ReportBudget | null;
  /** Índice de gestión (tipo 2) of the year, or "ND"; null when the policy cannot be evaluated. */
  index: number | "ND" | null;
}

function toTipFigure(f: FigureView): TipFigure {
  return {
    id: f.id,
    source: f.source,
    sourceLabel: f.sourceLabel,
    concept: f.concept,
    reportedVia: f.reportedVia,
    ubigeo: f.ubigeo,
    dimensions: f.dimensions,
    value: f.value,
    unit: f.unit,
    definition: f.definition,
    provenance: f.provenance,
    origin: f.origin,
    // An institution's file uploaded by a signed-in user; the CLI and seeds import as system.
    enteredByFocalPoint: f.importedBy.startsWith("user:"),
  };
}

/**
 * The year's annual figures: a semester inside the year is not the year's figure. Selected in
 * SQL: a register of monthly exports by district holds hundreds of thousands of months a year,
 * which the pack would otherwise read and drop (bench:stats).
 */
export async function annualFigures(
  db: Database,
  actor: Actor,
  year: number,
): Promise<TipFigure[]> {
  const figures = await listStatisticsFigures(db, actor, { year, periodType: "anio" });
  return figures.map(toTipFigure);
}

const EMPTY: TipAnswer = { groups: [], status: "no_disponible" };

function answer(point: TipDataPoint, figures: TipFigure[]): TipAnswer {
  const q = point.query;
  if (q === null || !("concepts" in q)) return EMPTY;
  return answerFigureQuery(q, figures);
}

export interface TipModelInput {
  year: number;
  audience: Audience;
  now?: Date;
}

/** What the pack prints before disclosure control: also the web's list of points. */
export type TipInputs = Omit<TipModel, "shown" | "disclosure" | "audience" | "generatedAt">;

export async function readTipInputs(
  db: Database,
  actor: Actor,
  input: { year: number },
): Promise<TipInputs> {
  const { year } = input;
  const [file, current, previous, budget, index, entries] = await Promise.all([
    loadTipDataPoints(),
    annualFigures(db, actor, year),
    annualFigures(db, actor, year - 1),
    loadReportBudget(db, actor, { policyCode: TIP_POLICY, year }).catch(() => null),
    evaluatePolicyYear(db, actor, { policyCode: TIP_POLICY, year, findings: false }).then(
      (ev) => ev.index.tipo2,
      () => null,
    ),
    currentTipEntriesForPack(db, actor, { year }),
  ]);
  const points = file.dataPoints.map((point) => ({
    point,
    current: answer(point, current),
    previous: answer(point, previous),
    entries: entries.filter((e) => e.dataPointId === point.id),
  }));
  return { year, file: { label: file.label, version: file.version }, points, budget, index };
}

/** An entry's number as a count of the tables: a whole number, like the register's counts. */
export const entryCount = (e: TipEntryView): number | null =>
  e.value.kind === "numero" && Number.isSafeInteger(e.value.number) ? e.value.number : null;

export async function buildTipModel(
  db: Database,
  actor: Actor,
  input: TipModelInput,
): Promise<TipModel> {
  const inputs = await readTipInputs(db, actor, { year: input.year });
  const entryCounts = inputs.points.flatMap((p) =>
    p.entries.flatMap((e) => {
      const value = entryCount(e);
      return value === null ? [] : [{ key: entryCellKey(e), value }];
    }),
  );
  const counts = await protectAnswers(db, actor, {
    answers: inputs.points,
    extraCounts: entryCounts,
    output: TIP_OUTPUT[input.audience],
    year: input.year,
  });
  return {
    ...inputs,
    audience: input.audience,
    generatedAt: input.now ?? new Date(),
    ...counts,
  };
}
