import type { Highs, Model, ModelStatusCode } from "highs";
import type { LinearTable } from "./count-table.ts";

/**
 * The linear programs of disclosure control, on a HiGHS instance passed in (the `highs` package,
 * HiGHS compiled to WebAssembly: the same code runs in Node and in a browser; only loading the
 * .wasm differs, so the caller loads it). Two programs:
 *
 * - the attacker's: the feasibility interval of a suppressed cell, its minimum and maximum over
 *   every table that agrees with what is published (published cells fixed, every relation
 *   holding, cells nonnegative or within known bounds). This is τ-Argus's audit and the
 *   "attacker subproblem" of Fischetti and Salazar-González (2001); docs/disclosure.md.
 * - the protector's: the cheapest set of further cells whose suppression lets a given cell move
 *   by a given amount (`cheapestOpening`).
 *
 * Relations of one-way, hierarchical and two-way tables with margins have a totally unimodular
 * matrix (each cell is a part of at most one relation and the total of at most one, or the
 * rows-and-columns structure of a transportation problem), so with integer counts the LP's
 * bounds are integers and equal what an attacker solving in whole numbers would find.
 */

/** What a reader may know about a cell before publication; counts are ≥ 0 in any case. */
export interface CellBounds {
  lower?: number;
  upper?: number;
}

export interface FeasibilityInterval {
  cell: number;
  lower: number;
  /** Number.POSITIVE_INFINITY when nothing published bounds the cell from above. */
  upper: number;
  /**
   * true: [lower, upper] is the feasibility interval. false (mode "width" only): it is a part of
   * it, made of values seen in feasible tables, already at least `width` wide, so the cell is
   * proved protected without solving for its ends.
   */
  exact: boolean;
}

export interface IntervalOptions {
  bounds?: (cell: number) => CellBounds | undefined;
  /**
   * "full" computes both ends. "width" only needs to know whether each interval is at least
   * `width` wide, and stops as soon as feasible tables already seen (the true one, and the
   * optimum of every solve before) show that it is; it solves both ends exactly only for a cell
   * that may fail.
   */
  mode: "full" | "width";
  width?: number;
}

export interface LpCounter {
  solves: number;
}

/** Integral vertices come back from the solver as 3.0000000002; give them their integer back. */
/**
 * Presolve off and primal simplex: each target only changes the objective, so the previous
 * optimal basis stays feasible and the primal simplex goes on from it (a few pivots) instead of
 * starting over. On a 40 × 50 table this is twenty times faster than HiGHS's defaults.
 */
const LP_SETTINGS = { output_flag: false, presolve: "off", simplex_strategy: 4 } as const;
const snap = (v: number): number => {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-6 ? r : v;
};

class DisjointSets {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    let at = i;
    while (this.parent[at] !== root) {
      const next = this.parent[at] ?? root;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

function lowerBound(bounds: IntervalOptions["bounds"], cell: number): number {
  return Math.max(0, bounds?.(cell)?.lower ?? 0);
}
function upperBound(highs: Highs, bounds: IntervalOptions["bounds"], cell: number): number {
  return bounds?.(cell)?.upper ?? highs.infinity;
}

function optimum(highs: Highs, model: Model, maximise: boolean): number {
  model.run();
  const status: ModelStatusCode = model.getModelStatus();
  const s = highs.constants.modelStatus;
  if (status === s.optimal) return snap(model.getObjectiveValue());
  if (status === s.unbounded || status === s.unboundedOrInfeasible) {
    // Infeasibility is impossible here (the true table is a solution), so this is unbounded.
    return maximise ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  throw new Error(`El programa lineal terminó con el estado ${status} (se esperaba óptimo).`);
}

/**
 * Feasibility intervals of `targets` (suppressed cells) when the cells in `suppressed` are
 * hidden and every other cell is published. The suppressed cells split into groups that share no
 * relation; each group is one small LP, built once and solved for each of its targets.
 */
export function feasibilityIntervals(
  highs: Highs,
  table: LinearTable,
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  options: IntervalOptions,
  counter: LpCounter = { solves: 0 },
): FeasibilityInterval[] {
  const { cells, equations, equationsOf } = table;
  const sets = new DisjointSets(cells.length);
  for (const eq of equations) {
    const hidden = [eq.total, ...eq.parts].filter((c) => suppressed.has(c));
    for (let i = 1; i < hidden.length; i++) sets.union(hidden[0] ?? 0, hidden[i] ?? 0);
  }
  const targetsByGroup = new Map<number, number[]>();
  for (const t of targets) {
    if (!suppressed.has(t)) throw new Error(`La celda ${cells[t]?.key} no está suprimida.`);
    const g = sets.find(t);
    targetsByGroup.set(g, [...(targetsByGroup.get(g) ?? []), t]);
  }
  const membersByGroup = new Map<number, number[]>();
  for (const c of suppressed) {
    const g = sets.find(c);
    if (targetsByGroup.has(g)) membersByGroup.set(g, [...(membersByGroup.get(g) ?? []), c]);
  }

  const out: FeasibilityInterval[] = [];
  for (const [group, groupTargets] of targetsByGroup) {
    const members = membersByGroup.get(group) ?? [];
    const column = new Map(members.map((c, j) => [c, j]));
    const rows = [...new Set(members.flatMap((c) => equationsOf[c] ?? []))].sort((a, b) => a - b);
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rhs: number[] = [];
    for (const e of rows) {
      const eq = equations[e];
      if (!eq) continue;
      // total − Σ parts = 0, with the published cells moved to the right-hand side.
      let constant = 0;
      const term = (c: number, coef: number) => {
        const j = column.get(c);
        if (j === undefined) constant -= coef * (cells[c]?.value ?? 0);
        else {
          indices.push(j);
          values.push(coef);
        }
      };
      term(eq.total, 1);
      for (const p of eq.parts) term(p, -1);
      starts.push(indices.length);
      rhs.push(constant);
    }
    const model = highs.createModel({
      numCols: members.length,
      numRows: rows.length,
      colCost: members.map(() => 0),
      colLower: members.map((c) => lowerBound(options.bounds, c)),
      colUpper: members.map((c) => upperBound(highs, options.bounds, c)),
      rowLower: rhs,
      rowUpper: rhs,
      matrix: {
        format: "csr",
        numRows: rows.length,
        numCols: members.length,
        starts,
        indices,
        values,
      },
    });
    try {
      model.options.set(LP_SETTINGS);
      // Every solve's optimum is a feasible table: the range of values each cell has taken so
      // far lies inside its feasibility interval. A cell seen at its lower bound needs no
      // minimisation; in mode "width" a cell seen spanning the width needs no solve at all.
      const seenLow = members.map((c) => cells[c]?.value ?? 0);
      const seenHigh = [...seenLow];
      const colLow = members.map((c) => lowerBound(options.bounds, c));
      const solve = (maximise: boolean): number => {
        model.changeObjectiveSense(
          maximise
            ? highs.constants.objectiveSense.maximize
            : highs.constants.objectiveSense.minimize,
        );
        counter.solves++;
        const best = optimum(highs, model, maximise);
        if (Number.isFinite(best)) {
          model.getSolution().colValue.forEach((v, i) => {
            const x = snap(v);
            if (x < (seenLow[i] ?? x)) seenLow[i] = x;
            if (x > (seenHigh[i] ?? x)) seenHigh[i] = x;
          });
        }
        return best;
      };
      const width = options.width ?? 0;
      for (const t of groupTargets) {
        const j = column.get(t) ?? 0;
        const seen = () => (seenHigh[j] ?? 0) - (seenLow[j] ?? 0);
        if (options.mode === "width" && seen() >= width) {
          out.push({ cell: t, lower: seenLow[j] ?? 0, upper: seenHigh[j] ?? 0, exact: false });
          continue;
        }
        model.changeColCost(j, 1);
        const upper = solve(true);
        if (options.mode === "width" && upper - (seenLow[j] ?? 0) >= width) {
          out.push({ cell: t, lower: seenLow[j] ?? 0, upper, exact: false });
        } else {
          const atBound = (seenLow[j] ?? 0) <= (colLow[j] ?? 0);
          const lower = atBound ? (colLow[j] ?? 0) : solve(false);
          out.push({ cell: t, lower, upper, exact: true });
        }
        model.changeColCost(j, 0);
      }
    } finally {
      model.dispose();
    }
  }
  return out;
}

/**
 * The protector's LP: the cheapest further suppressions that let `target` rise by `delta` in
 * some table agreeing with the rest. Each cell c that is suppressed or `eligible` may move by
 * d⁺ − d⁻ (staying within its bounds); every relation must still hold; the move of `target` is
 * exactly `delta`. A unit of move costs nothing for a cell already suppressed and `cost(c)` for a
 * published one, so the cells that move are a cheap path (a rectangle in a two-way table, a
 * sibling or a chain of totals in a hierarchy) and those not yet suppressed are returned.
 *
 * Returns null when no such move exists with the cells allowed.
 */
export function cheapestOpening(
  highs: Highs,
  table: LinearTable,
  suppressed: ReadonlySet<number>,
  eligible: (cell: number) => boolean,
  cost: (cell: number) => number,
  target: { cell: number; delta: number },
  bounds: IntervalOptions["bounds"],
  counter: LpCounter = { solves: 0 },
): number[] | null {
  const { cells, equations } = table;
  const movable = cells.map((_, c) => suppressed.has(c) || eligible(c));
  const vars: number[] = [];
  const position = new Map<number, number>();
  movable.forEach((m, c) => {
    if (m) {
      position.set(c, vars.length);
      vars.push(c);
    }
  });
  // Columns 2j (d⁺) and 2j+1 (d⁻) for the j-th movable cell.
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  for (const c of vars) {
    const value = cells[c]?.value ?? 0;
    const unit = suppressed.has(c) ? 0 : cost(c);
    const upper = upperBound(highs, bounds, c);
    colCost.push(unit, unit);
    colLower.push(0, 0);
    colUpper.push(upper === highs.infinity ? highs.infinity : Math.max(0, upper - value));
    colUpper.push(Math.max(0, value - lowerBound(bounds, c)));
  }
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowBound: number[] = [];
  const addRow = (terms: [number, number][], bound: number) => {
    const merged = new Map<number, number>();
    for (const [c, coef] of terms) {
      const j = position.get(c);
      if (j !== undefined) merged.set(j, (merged.get(j) ?? 0) + coef);
    }
    for (const [j, coef] of [...merged].sort((a, b) => a[0] - b[0])) {
      if (coef === 0) continue;
      indices.push(2 * j, 2 * j + 1);
      values.push(coef, -coef);
    }
    starts.push(indices.length);
    rowBound.push(bound);
  };
  for (const eq of equations) {
    addRow([[eq.total, 1], ...eq.parts.map((p): [number, number] => [p, -1])], 0);
  }
  addRow([[target.cell, 1]], target.delta);
  const numCols = colCost.length;
  const model = highs.createModel({
    numCols,
    numRows: rowBound.length,
    colCost,
    colLower,
    colUpper,
    rowLower: rowBound,
    rowUpper: rowBound,
    matrix: { format: "csr", numRows: rowBound.length, numCols, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false });
    counter.solves++;
    model.run();
    const status = model.getModelStatus();
    const s = highs.constants.modelStatus;
    if (status === s.infeasible) return null;
    if (status !== s.optimal) {
      throw new Error(`El programa lineal terminó con el estado ${status} (se esperaba óptimo).`);
    }
    const x = model.getSolution().colValue;
    const opened: number[] = [];
    vars.forEach((c, j) => {
      const moved = (x[2 * j] ?? 0) + (x[2 * j + 1] ?? 0);
      if (moved > 1e-7 && !suppressed.has(c)) opened.push(c);
    });
    return opened;
  } finally {
    model.dispose();
  }
}
