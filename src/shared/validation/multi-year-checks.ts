import type { Progress } from "../ceplan-formulas.ts";

/**
 * Checks across years, on figures already computed. Seed 000 (L2465) recommends reformulating
 * the services «que hayan superado con creces y de manera permanente sus metas cada año»: one
 * year above the oversized threshold is a warning on the value; the same several years in a row
 * is a meta that no longer measures effort, and the proposal is to reformulate it.
 */

export interface SustainedOversize {
  /** The consecutive years, oldest first, ending at the last year with a figure. */
  years: number[];
  /** Tipo 1 progress of each of those years, in the same order. */
  progress: number[];
}

/**
 * The run of consecutive years above `threshold` that ends at the latest year up to `upToYear`
 * with a figure, when it lasts at least `minYears`; null otherwise. A year without a figure (ND,
 * or missing) breaks the run: "every year" is not shown by a gap.
 */
export function sustainedOversize(
  series: readonly { year: number; tipo1: Progress }[],
  options: { threshold: number; minYears: number; upToYear: number },
): SustainedOversize | null {
  const byYear = new Map(series.map((s) => [s.year, s.tipo1]));
  const known = series
    .filter((s) => s.year <= options.upToYear && s.tipo1 !== "ND")
    .map((s) => s.year);
  if (known.length === 0) return null;
  let year = Math.max(...known);
  const years: number[] = [];
  const progress: number[] = [];
  for (;;) {
    const p = byYear.get(year);
    if (p === undefined || p === "ND" || p <= options.threshold) break;
    years.unshift(year);
    progress.unshift(p);
    year -= 1;
  }
  return years.length >= options.minYears ? { years, progress } : null;
}
