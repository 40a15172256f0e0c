import { EXECUTION_COLOURS, EXECUTION_THRESHOLDS } from "../budget/execution-light.ts";
import { LEVEL_BANDS, LEVEL_COLOURS } from "../ceplan-formulas.ts";

/**
 * Pure rules of the territory maps (docs/territory.md § Maps, ADR 0031): the three levels and
 * how an INEI code says its level and parents, the span of a reporting period (for the
 * validity of a district), and the legends: CEPLAN's bands for a progress, the budget's
 * execution light, or sequential classes for a count. Shared by the server (which sends the
 * legend with the figures) and the browser (which draws it).
 */

export const MAP_LEVELS = ["departamento", "provincia", "distrito"] as const;
export type MapLevel = (typeof MAP_LEVELS)[number];

export const CODE_LENGTH: Record<MapLevel, 2 | 4 | 6> = {
  departamento: 2,
  provincia: 4,
  distrito: 6,
};

/** The level below, or null for a district. */
export function childLevel(level: MapLevel): MapLevel | null {
  return level === "departamento" ? "provincia" : level === "provincia" ? "distrito" : null;
}

/** The level of an unpadded INEI code (15, 1501, 150101), or null. */
export function levelOfCode(code: string): MapLevel | null {
  if (/^\d{2}$/.test(code)) return "departamento";
  if (/^\d{4}$/.test(code)) return "provincia";
  if (/^\d{6}$/.test(code)) return "distrito";
  return null;
}

/** Periods of a value: the year, its semesters and (regional plans) its quarters. */
export const ROLLUP_PERIODS = ["ANUAL", "S1", "S2", "T1", "T2", "T3", "T4"] as const;
export type RollUpPeriod = (typeof ROLLUP_PERIODS)[number];

const SPANS: Record<RollUpPeriod, [from: string, to: string]> = {
  ANUAL: ["01-01", "12-31"],
  S1: ["01-01", "06-30"],
  S2: ["07-01", "12-31"],
  T1: ["01-01", "03-31"],
  T2: ["04-01", "06-30"],
  T3: ["07-01", "09-30"],
  T4: ["10-01", "12-31"],
};

/** First and last day of a period: a district counts when it existed on some day of it. */
export function periodSpan(year: number, period: RollUpPeriod): { from: string; to: string } {
  const [from, to] = SPANS[period];
  return { from: `${year}-${from}`, to: `${year}-${to}` };
}

/** One class of a legend: values from `min` (inclusive) to `max` (exclusive; null = no top). */
export interface LegendClass {
  key: string;
  label: string;
  min: number;
  max: number | null;
  colour: string;
}
export interface MapLegend {
  kind: "ceplan" | "execution" | "sequential";
  title: string;
  classes: LegendClass[];
  /** Colour of an area with no figure. */
  none: string;
}

export const NO_FIGURE = "#E3E7EC";

/** CEPLAN's bands of a progress (%): bajo < 75, intermedio < 95, alto (seed 001). */
export function ceplanLegend(title = "Nivel de avance (CEPLAN)"): MapLegend {
  return {
    kind: "ceplan",
    title,
    none: NO_FIGURE,
    classes: [
      {
        key: "bajo",
        label: `Bajo (< ${LEVEL_BANDS.intermedio} %)`,
        min: 0,
        max: LEVEL_BANDS.intermedio,
        colour: LEVEL_COLOURS.bajo,
      },
      {
        key: "intermedio",
        label: `Intermedio (${LEVEL_BANDS.intermedio} % a < ${LEVEL_BANDS.alto} %)`,
        min: LEVEL_BANDS.intermedio,
        max: LEVEL_BANDS.alto,
        colour: LEVEL_COLOURS.intermedio,
      },
      {
        key: "alto",
        label: `Alto (≥ ${LEVEL_BANDS.alto} %)`,
        min: LEVEL_BANDS.alto,
        max: null,
        colour: LEVEL_COLOURS.alto,
      },
    ],
  };
}

/** The budget's execution light (devengado / PIM), the thresholds of the budget page. */
export function executionLegend(title = "Ejecución presupuestal"): MapLegend {
  const { media, alta } = EXECUTION_THRESHOLDS;
  return {
    kind: "execution",
    title,
    none: NO_FIGURE,
    classes: [
      {
        key: "baja",
        label: `Baja (< ${media} %)`,
        min: 0,
        max: media,
        colour: EXECUTION_COLOURS.baja,
      },
      {
        key: "media",
        label: `Media (${media} % a < ${alta} %)`,
        min: media,
        max: alta,
        colour: EXECUTION_COLOURS.media,
      },
      {
        key: "alta",
        label: `Alta (≥ ${alta} %)`,
        min: alta,
        max: null,
        colour: EXECUTION_COLOURS.alta,
      },
    ],
  };
}

// Five blues from light to dark (ColorBrewer "Blues", colour-blind safe, readable in grey).
const BLUES = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"];

/** A "nice" step: 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * Equal classes of a count from 0 to the largest figure, with round limits (0–50, 50–100…):
 * people read "100 a < 150 participantes" better than quantile breaks, and the same figure
 * keeps its colour when one area changes. Up to five classes; integers only.
 */
export function sequentialLegend(title: string, values: readonly number[]): MapLegend {
  const max = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
  const step = niceStep(max / BLUES.length);
  const classes: LegendClass[] = [];
  for (let i = 0; i < BLUES.length && (i === 0 || i * step <= max); i++) {
    const min = i * step;
    const top = (i + 1) * step;
    const last = i === BLUES.length - 1 || top > max;
    classes.push({
      key: `c${i}`,
      label: last ? `≥ ${min}` : `${min} a < ${top}`,
      min,
      max: last ? null : top,
      colour: BLUES[i] ?? "#08519C",
    });
  }
  return { kind: "sequential", title, none: NO_FIGURE, classes };
}

/**
 * The class of a count on a sequential legend, or null when it has none. CEPLAN bands and the
 * execution light are given by classifyLevel and executionLight, on the printed figure.
 */
export function classify(legend: MapLegend, value: number | null): LegendClass | null {
  if (value === null || !Number.isFinite(value)) return null;
  return legend.classes.find((c) => value >= c.min && (c.max === null || value < c.max)) ?? null;
}
