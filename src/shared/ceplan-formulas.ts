import { roundHalfUp } from "./numbers.ts";

/**
 * CEPLAN's progress formulas as the PNTP Informe de Evaluación applies them
 * (seed_001.md §3). Pure functions: no I/O, no rounding except where the report bands on the
 * printed figure.
 */

/** "ND" (no disponible) is what CEPLAN prints when a progress cannot be computed. */
export type Progress = number | "ND";
export type Direction = "ascendente" | "descendente";
export type CeplanLevel = "bajo" | "intermedio" | "alto";

/** CEPLAN bands: bajo [0–75%>, intermedio [75–95%>, alto ≥ 95% (001:L1045-L1061). */
export const LEVEL_BANDS = { intermedio: 75, alto: 95 } as const;

/** Traffic-light colours (rojo, ámbar, verde) with AA contrast against white text. */
export const LEVEL_COLOURS: Record<CeplanLevel, string> = {
  bajo: "#C62828",
  intermedio: "#A36100",
  alto: "#2E7D32",
};

/**
 * Avance tipo 1 = V / M × 100 for an ascending indicator, M / V × 100 for a descending one.
 * No cap at indicator level: the report prints 3,157.9 and 3,210,000 as they are.
 */
export function computeTipo1(
  value: number | null,
  meta: number | null,
  direction: Direction = "ascendente",
): Progress {
  if (value === null || meta === null) return "ND";
  if (direction === "ascendente") return meta === 0 ? "ND" : (value / meta) * 100;
  return value === 0 ? "ND" : (meta / value) * 100;
}

/**
 * Avance tipo 2 = (V − LB) / (M − LB) × 100: progress from the baseline toward the meta.
 * The sign of (M − LB) carries the direction, so one formula serves both directions.
 * ND when the baseline is missing or the meta equals it.
 */
export function computeTipo2(
  value: number | null,
  meta: number | null,
  baseline: number | null,
): Progress {
  if (value === null || meta === null || baseline === null || meta === baseline) return "ND";
  return ((value - baseline) / (meta - baseline)) * 100;
}

/** Progress is clipped to [0, 100] before any aggregation (001:L1346, L1382, L1424). */
export function clip(progress: number): number {
  return Math.min(100, Math.max(0, progress));
}

/**
 * Band of a progress figure. The report bands the printed (one-decimal) figure, so 74.96
 * counts as 75.0, intermedio.
 */
export function classifyLevel(progress: Progress): CeplanLevel | "ND" {
  if (progress === "ND") return "ND";
  const printed = roundHalfUp(progress, 1);
  if (printed >= LEVEL_BANDS.alto) return "alto";
  if (printed >= LEVEL_BANDS.intermedio) return "intermedio";
  return "bajo";
}

/** Mean of the clipped progress of a group; ND members are excluded, all-ND gives ND. */
export function aggregateProgress(progresses: readonly Progress[]): Progress {
  const numeric = progresses.filter((p): p is number => p !== "ND").map(clip);
  if (numeric.length === 0) return "ND";
  return numeric.reduce((a, b) => a + b, 0) / numeric.length;
}

/** Rounds a progress for display; ND stays ND. */
export function displayProgress(progress: Progress): number | "ND" {
  return progress === "ND" ? "ND" : roundHalfUp(progress, 1);
}
