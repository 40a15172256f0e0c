/**
 * The criminal-justice funnel (complaints → cases → prosecutions → convictions) and seed 000's
 * "impunity ratio", computed from the register's current figures. The stages come from
 * different institutions and often different periods, so a stage's figure is used in a ratio
 * only when its period is the window's own; any other figure of the stage is shown beside it
 * as context, never divided.
 */

export const FUNNEL_STAGES = [
  { stage: "complaint", concepts: ["complaint"] },
  { stage: "case", concepts: ["case"] },
  { stage: "prosecution", concepts: ["prosecution"] },
  // Final (second-instance) convictions are what seed 000 divides by (000:L2380).
  { stage: "conviction", concepts: ["conviction_final", "conviction"] },
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number]["stage"];

export interface FunnelFigure {
  id: number;
  source: string;
  sourceLabel: string;
  concept: string;
  period: { start: string; end: string; label: string };
  ubigeo: string | null;
  dimensions: Record<string, string | null>;
  value: number;
  unit: string;
}

export interface FunnelWindow {
  start: string;
  end: string;
  label: string;
}

export interface FunnelStageResult {
  stage: FunnelStage;
  /** Figures whose period is exactly the window: the ones a ratio may use. */
  inWindow: FunnelFigure[];
  /** Figures of the stage whose period overlaps the window without being it. */
  context: FunnelFigure[];
}

export interface Funnel {
  window: FunnelWindow;
  stages: FunnelStageResult[];
  /**
   * Convictions per 100 complaints in the window (seed 000: 173 / 5,947 × 100 = 2.91), from the
   * first complaint figure and the first conviction figure of the window; null without both.
   */
  impunity: {
    convictions: FunnelFigure;
    complaints: FunnelFigure;
    perHundred: number;
    /** 100 − perHundred: complaints per 100 that did not end in a conviction. */
    withoutConviction: number;
  } | null;
}

const isWhole = (f: FunnelFigure) =>
  f.ubigeo === null &&
  Object.values(f.dimensions).every((v) => v === null) &&
  f.unit !== "porcentaje";

const stageOf = (concept: string): FunnelStage | null =>
  FUNNEL_STAGES.find((s) => (s.concepts as readonly string[]).includes(concept))?.stage ?? null;

const conceptRank = (concept: string): number => {
  for (const s of FUNNEL_STAGES) {
    const i = (s.concepts as readonly string[]).indexOf(concept);
    if (i >= 0) return i;
  }
  return 99;
};

const days = (w: { start: string; end: string }) =>
  (Date.parse(w.end) - Date.parse(w.start)) / 86_400_000;

/**
 * Windows where the ratio can be computed: periods with both a complaint figure and a conviction
 * figure of exactly that period, longest first (seed 000's 2023-01 to 2025-06 window first).
 */
export function funnelWindows(figures: readonly FunnelFigure[]): FunnelWindow[] {
  const whole = figures.filter(isWhole);
  const key = (p: { start: string; end: string }) => `${p.start}/${p.end}`;
  const withConviction = new Set(
    whole.filter((f) => stageOf(f.concept) === "conviction").map((f) => key(f.period)),
  );
  const windows = new Map<string, FunnelWindow>();
  for (const f of whole)
    if (stageOf(f.concept) === "complaint" && withConviction.has(key(f.period)))
      windows.set(key(f.period), {
        start: f.period.start,
        end: f.period.end,
        label: f.period.label,
      });
  return [...windows.values()].sort((a, b) => days(b) - days(a) || b.end.localeCompare(a.end));
}

export function criminalFunnel(figures: readonly FunnelFigure[], window: FunnelWindow): Funnel {
  const whole = figures.filter(isWhole);
  const stages = FUNNEL_STAGES.map(({ stage }) => {
    const own = whole
      .filter((f) => stageOf(f.concept) === stage)
      .sort((a, b) => conceptRank(a.concept) - conceptRank(b.concept) || b.value - a.value);
    return {
      stage,
      inWindow: own.filter((f) => f.period.start === window.start && f.period.end === window.end),
      context: own.filter(
        (f) =>
          !(f.period.start === window.start && f.period.end === window.end) &&
          f.period.start <= window.end &&
          f.period.end >= window.start,
      ),
    };
  });
  const complaints = stages[0]?.inWindow[0];
  const convictions = stages[3]?.inWindow[0];
  const perHundred =
    complaints && convictions && complaints.value > 0
      ? (convictions.value / complaints.value) * 100
      : null;
  return {
    window,
    stages,
    impunity:
      complaints && convictions && perHundred !== null
        ? { complaints, convictions, perHundred, withoutConviction: 100 - perHundred }
        : null,
  };
}
