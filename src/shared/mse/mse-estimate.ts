import { normalQuantile, normalUpperTail, poissonCdf, poissonUpperTail } from "./distributions.ts";
import { columnRank, fitPoissonLogLinear, type PoissonFit } from "./poisson-loglinear.ts";

/**
 * Multiple systems estimation of the dark figure (victims on no list) from the overlap table of
 * t lists, by Poisson log-linear models with main effects and selected two-list interactions:
 * the approach of Bales, Hesketh and Silverman (2015) for the UK, as refined for sparse tables by
 * Chan, Silverman and Vincent (2021): forward stepwise selection on one-sided Poisson p-values,
 * non-overlapping pairs handled as parameters at −∞ (their histories leave the design), and every
 * candidate model checked for existence (Fienberg and Rinaldo's linear program) and
 * identifiability (rank) before it may enter. docs/linkage.md explains the method and its limits.
 */

export interface CaptureHistory {
  /** One flag per list, in the order of `CaptureTable.lists`. */
  on: readonly boolean[];
  count: number;
}

export interface CaptureTable {
  lists: readonly string[];
  histories: readonly CaptureHistory[];
}

export type ListPair = readonly [number, number];

/**
 * The existence test is a linear program; src/shared stays free of the solver's loading, so the
 * caller passes a function that maximises t subject to A·y = b, y_k ≥ t, y ≥ 0 and returns t.
 */
export type ExistenceProgram = (a: number[][], b: number[]) => number;

export class MseInputError extends Error {}

/** Why a model cannot give an estimate; the Spanish text is shown to the analyst as it is. */
export type ModelCheck =
  | { ok: true }
  | { ok: false; reason: "no-existe" | "no-identificable" | "ambos"; message: string };

export interface MseEstimate {
  lists: readonly string[];
  observed: number;
  darkFigure: number;
  total: number;
  /** The total population's interval at `level` (e.g. 0.95), from the normal law of log dark. */
  interval: { level: number; lower: number; upper: number };
  interactions: { lists: [string, string]; pValue: number; emptyOverlap: boolean }[];
  deviance: number;
  degreesOfFreedom: number;
  aic: number;
  method: "bhs" | "stepwise" | "main" | "fixed";
  pThreshold: number | null;
}

const bitsOf = (on: readonly boolean[]) => on.reduce((m, v, i) => (v ? m | (1 << i) : m), 0);

/** Every history but the all-absent one, zeros included, ordered by mask; duplicates summed. */
export function fullTable(table: CaptureTable): { masks: number[]; counts: number[] } {
  const t = table.lists.length;
  if (t < 2)
    throw new MseInputError("Se necesitan al menos dos listas para estimar la cifra oculta.");
  if (t > 12) throw new MseInputError(`Demasiadas listas (${t}); el máximo es 12.`);
  const counts = new Array<number>(1 << t).fill(0);
  table.histories.forEach((h, row) => {
    if (h.on.length !== t) {
      throw new MseInputError(`Fila ${row + 1}: tiene ${h.on.length} listas, se esperaban ${t}.`);
    }
    if (!Number.isInteger(h.count) || h.count < 0) {
      throw new MseInputError(`Fila ${row + 1}, columna count: debe ser un entero ≥ 0.`);
    }
    const mask = bitsOf(h.on);
    if (mask === 0) {
      throw new MseInputError(`Fila ${row + 1}: una historia sin ninguna lista no es observable.`);
    }
    counts[mask] = (counts[mask] ?? 0) + h.count;
  });
  const masks = Array.from({ length: (1 << t) - 1 }, (_, i) => i + 1);
  return { masks, counts: masks.map((m) => counts[m] ?? 0) };
}

const both = (mask: number, [i, j]: ListPair) => (mask & (1 << i)) !== 0 && (mask & (1 << j)) !== 0;

interface Design {
  masks: number[];
  y: number[];
  x: number[][];
  fitted: ListPair[];
  empty: ListPair[];
}

/** The design of a model: pairs with no case in common leave the table instead of a column. */
function buildDesign(
  t: number,
  masks: number[],
  counts: number[],
  pairs: readonly ListPair[],
): Design {
  const overlap = (pair: ListPair) =>
    masks.reduce((s, m, k) => s + (both(m, pair) ? (counts[k] ?? 0) : 0), 0);
  const empty = pairs.filter((p) => overlap(p) === 0);
  const fitted = pairs.filter((p) => overlap(p) > 0);
  const keep = masks.map((m) => !empty.some((p) => both(m, p)));
  const kept = masks.filter((_, k) => keep[k]);
  return {
    masks: kept,
    y: counts.filter((_, k) => keep[k]),
    x: kept.map((m) => [
      1,
      ...Array.from({ length: t }, (_, i) => ((m >> i) & 1 ? 1 : 0)),
      ...fitted.map((p) => (both(m, p) ? 1 : 0)),
    ]),
    fitted,
    empty,
  };
}

function checkDesign(design: Design, existence: ExistenceProgram): ModelCheck {
  const p = design.x[0]?.length ?? 0;
  const a = Array.from({ length: p }, (_, r) => design.x.map((row) => row[r] ?? 0));
  const b = a.map((row) => row.reduce((s, v, k) => s + v * (design.y[k] ?? 0), 0));
  const exists = existence(a, b) > 1e-9;
  const identifiable = columnRank(design.x) === p;
  if (exists && identifiable) return { ok: true };
  if (!exists && !identifiable) {
    return {
      ok: false,
      reason: "ambos",
      message:
        "El modelo no tiene estimación de máxima verosimilitud finita ni es identificable con estas listas.",
    };
  }
  return exists
    ? {
        ok: false,
        reason: "no-identificable",
        message:
          "El modelo no es identificable: hay más parámetros que combinaciones de listas observables (p. ej., listas que nunca se solapan).",
      }
    : {
        ok: false,
        reason: "no-existe",
        message:
          "El modelo no tiene estimación de máxima verosimilitud finita con estos datos (solapamientos vacíos).",
      };
}

export function checkModel(
  table: CaptureTable,
  pairs: readonly ListPair[],
  existence: ExistenceProgram,
): ModelCheck {
  const { masks, counts } = fullTable(table);
  return checkDesign(buildDesign(table.lists.length, masks, counts, pairs), existence);
}

function allPairs(t: number): ListPair[] {
  const out: ListPair[] = [];
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) out.push([i, j]);
  return out;
}

export interface EstimateOptions {
  /**
   * "bhs": Bales, Hesketh and Silverman (2015): add the interaction that lowers the AIC most while
   * its Wald p-value is ≤ pThreshold (0.01). "stepwise": Chan, Silverman and Vincent (2021): add
   * the pair with the smallest one-sided Poisson p-value of its overlap while < pThreshold (0.02).
   */
  method?: "bhs" | "stepwise" | "main" | "fixed";
  /** Interactions of a fixed model. */
  pairs?: readonly ListPair[];
  /** Stepwise entry threshold; 0.02 as in Chan, Silverman and Vincent (2021). */
  pThreshold?: number;
  level?: number;
  existence: ExistenceProgram;
}

/**
 * The estimate, or a refusal naming why: a model that does not exist or is not identifiable
 * gives no number, because any number it printed would be an artefact of the solver.
 */
export function estimateDarkFigure(
  table: CaptureTable,
  options: EstimateOptions,
): { ok: true; estimate: MseEstimate } | { ok: false; message: string } {
  const method = options.method ?? "stepwise";
  const pThreshold = options.pThreshold ?? (method === "bhs" ? 0.01 : 0.02);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1))
    throw new MseInputError("El nivel del intervalo debe estar entre 0 y 1.");
  const t = table.lists.length;
  const { masks, counts } = fullTable(table);
  const observed = counts.reduce((s, c) => s + c, 0);
  if (observed === 0) return { ok: false, message: "La tabla no tiene casos observados." };

  const pValues = new Map<string, number>();
  let pairs: ListPair[] = [];
  if (method === "fixed") pairs = [...(options.pairs ?? [])];
  const first = buildDesign(t, masks, counts, pairs);
  const check = checkDesign(first, options.existence);
  if (!check.ok) return { ok: false, message: check.message };
  let design = first;
  let fit = fitPoissonLogLinear(design.x, design.y);

  if (method === "stepwise") {
    const candidates = allPairs(t);
    const included = new Set<number>();
    for (;;) {
      let best = -1;
      let bestP = 1;
      candidates.forEach((pair, c) => {
        if (included.has(c)) return;
        const observedPair = masks.reduce(
          (s, m, k) => s + (both(m, pair) ? (counts[k] ?? 0) : 0),
          0,
        );
        const expected = design.masks.reduce(
          (s, m, k) => s + (both(m, pair) ? (fit.fitted[k] ?? 0) : 0),
          0,
        );
        let p = Math.min(
          poissonCdf(observedPair, expected),
          poissonUpperTail(observedPair, expected),
        );
        if (p < bestP) {
          const trial = buildDesign(t, masks, counts, [...pairs, pair]);
          if (!checkDesign(trial, options.existence).ok) p = 1;
        }
        // Ties go to the first pair in list order, as in the published implementation.
        if (p < bestP) {
          bestP = p;
          best = c;
        }
      });
      if (best < 0 || bestP >= pThreshold) break;
      const pair = candidates[best] as ListPair;
      included.add(best);
      pairs = [...pairs, pair];
      pValues.set(pair.join(":"), bestP);
      design = buildDesign(t, masks, counts, pairs);
      fit = fitPoissonLogLinear(design.x, design.y);
    }
  }
  if (method === "bhs") {
    const candidates = allPairs(t);
    const included = new Set<number>();
    let aic = fit.deviance + 2 * (fit.coefficients.length + design.empty.length);
    for (;;) {
      let best: { c: number; aic: number; design: Design; fit: PoissonFit } | null = null;
      candidates.forEach((pair, c) => {
        if (included.has(c)) return;
        const trial = buildDesign(t, masks, counts, [...pairs, pair]);
        if (!checkDesign(trial, options.existence).ok) return;
        const trialFit = fitPoissonLogLinear(trial.x, trial.y);
        const trialAic =
          trialFit.deviance + 2 * (trialFit.coefficients.length + trial.empty.length);
        if (trialAic < (best?.aic ?? aic))
          best = { c, aic: trialAic, design: trial, fit: trialFit };
      });
      if (best === null) break;
      const chosen: { c: number; aic: number; design: Design; fit: PoissonFit } = best;
      const pair = candidates[chosen.c] as ListPair;
      // A pair whose lists share no case has its parameter at −∞ and no Wald test; its evidence
      // is the chance of seeing no case in common under the current model, e^−λ (the Poisson
      // p-value SparseMSE reports for empty overlaps).
      const column = chosen.design.fitted.findIndex((p) => p[0] === pair[0] && p[1] === pair[1]);
      const p =
        column < 0
          ? Math.exp(
              -design.masks.reduce((s, m, k) => s + (both(m, pair) ? (fit.fitted[k] ?? 0) : 0), 0),
            )
          : waldPValue(
              chosen.fit.coefficients[1 + t + column] ?? 0,
              chosen.fit.covariance[1 + t + column]?.[1 + t + column] ?? 0,
            );
      if (p > pThreshold) break;
      included.add(chosen.c);
      pairs = [...pairs, pair];
      pValues.set(pair.join(":"), p);
      design = chosen.design;
      fit = chosen.fit;
      aic = chosen.aic;
    }
  }
  return {
    ok: true,
    estimate: present(table, design, fit, observed, level, method, pThreshold, pValues),
  };
}

function present(
  table: CaptureTable,
  design: Design,
  fit: PoissonFit,
  observed: number,
  level: number,
  method: MseEstimate["method"],
  pThreshold: number,
  pValues: Map<string, number>,
): MseEstimate {
  const logDark = fit.coefficients[0] ?? 0;
  const sd = Math.sqrt(fit.covariance[0]?.[0] ?? 0);
  const z = normalQuantile(0.5 + level / 2);
  const name = (i: number) => table.lists[i] ?? String(i);
  const parameters = (fit.coefficients.length ?? 0) + design.empty.length;
  const logLikelihood = design.y.reduce(
    (s, y, k) => s + y * Math.log(fit.fitted[k] ?? 1) - (fit.fitted[k] ?? 0) - logFactorial(y),
    0,
  );
  return {
    lists: table.lists,
    observed,
    darkFigure: Math.exp(logDark),
    total: observed + Math.exp(logDark),
    interval: {
      level,
      lower: observed + Math.exp(logDark - z * sd),
      upper: observed + Math.exp(logDark + z * sd),
    },
    interactions: [...design.fitted, ...design.empty]
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map((pair) => ({
        lists: [name(pair[0]), name(pair[1])],
        pValue: pValues.get(pair.join(":")) ?? Number.NaN,
        emptyOverlap: design.empty.some((e) => e[0] === pair[0] && e[1] === pair[1]),
      })),
    deviance: fit.deviance,
    degreesOfFreedom: design.y.length - fit.coefficients.length,
    aic: -2 * logLikelihood + 2 * parameters,
    method,
    pThreshold: method === "stepwise" ? pThreshold : null,
  };
}

function waldPValue(coefficient: number, variance: number): number {
  const z = Math.abs(coefficient) / Math.sqrt(variance);
  return 2 * normalUpperTail(z);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
