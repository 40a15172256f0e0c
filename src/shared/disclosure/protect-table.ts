import type { Highs } from "highs";
import {
  type CountTable,
  type HierarchyNode,
  type LinearTable,
  TOTAL,
  toLinearTable,
  twoWayKey,
} from "./count-table.ts";
import { type Audience, DEFAULT_K, type DisclosureRule, PUBLIC_MIN_K } from "./disclosure-rules.ts";
import {
  type CellBounds,
  cheapestOpening,
  feasibilityIntervals,
  type LpCounter,
} from "./feasibility-lp.ts";
import {
  closeRelations,
  type InformationLoss,
  informationLoss,
  isEligibleComplement,
  isSensitive,
  primaryCells,
} from "./suppression.ts";

export interface ProtectOptions {
  /** Cells with 0 < value < k are sensitive. Default 11; a public output may not go lower. */
  k?: number;
  /**
   * Required width of every sensitive cell's feasibility interval (a sliding protection level),
   * in counts. Default k: the published figures then cannot prove a suppressed cell is below k.
   */
  protectionWidth?: number;
  audience: Audience;
  /** HiGHS, loaded by the caller (`loadLpSolver()` on the server). Required for "public". */
  solver?: Highs;
  /** What readers may already know about cells, by key (a shelter's capacity, a census count). */
  bounds?: Readonly<Record<string, CellBounds>>;
  /** Rounds of audit and repair before giving up (default 50; each round fixes every failure). */
  maxRounds?: number;
}

/**
 * A published cell. A suppressed cell carries no reason: a public reader who could tell a primary
 * suppression from a complementary one would know the first is below k. The reasons are in
 * `suppressions`, for the disclosure log, never for the public rendering.
 */
export interface PublishedCell {
  key: string;
  value: number | null;
  suppressed: boolean;
  /** Internal audience only: 0 < value < k, shown because the reader is authorized. */
  small: boolean;
}

export interface PublishedNode {
  key: string;
  label?: string;
  value: number | null;
  parts?: PublishedNode[];
}

export type PublishedTable =
  | { kind: "hierarchy"; root: PublishedNode }
  | {
      kind: "two-way";
      rows: readonly string[];
      columns: readonly string[];
      counts: (number | null)[][];
      rowTotals: (number | null)[];
      columnTotals: (number | null)[];
      grandTotal: number | null;
    };

export interface Suppression {
  key: string;
  rule: DisclosureRule;
}

export interface ProtectedTable {
  audience: Audience;
  k: number;
  protectionWidth: number;
  /** The table to render, in the shape it came in; a suppressed cell is null. */
  table: PublishedTable;
  /** Every cell, in table order. */
  cells: PublishedCell[];
  /** One entry per logged cell (suppressed, or shown small internally), for `disclosure_log`. */
  suppressions: Suppression[];
  informationLoss: InformationLoss;
  /** How the pattern was reached: audit-and-repair rounds and linear programs solved. */
  verification: { rounds: number; lpSolves: number; repairs: number };
}

export class DisclosureControlError extends Error {
  override name = "DisclosureControlError";
}

function checkOptions(options: ProtectOptions): { k: number; width: number } {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 1) {
    throw new DisclosureControlError(`k debe ser un entero positivo (se recibió ${k}).`);
  }
  if (options.audience === "public" && k < PUBLIC_MIN_K) {
    throw new DisclosureControlError(
      `Una salida pública usa k ≥ ${PUBLIC_MIN_K} (se pidió k = ${k}); un k menor es solo para uso interno.`,
    );
  }
  const width = options.protectionWidth ?? k;
  if (!(width > 0) || !Number.isFinite(width)) {
    throw new DisclosureControlError(
      `El ancho de protección debe ser positivo (se recibió ${width}).`,
    );
  }
  return { k, width };
}

export function boundsByIndex(
  table: LinearTable,
  bounds: Readonly<Record<string, CellBounds>> | undefined,
): ((cell: number) => CellBounds | undefined) | undefined {
  if (!bounds) return undefined;
  const byIndex = new Map<number, CellBounds>();
  for (const [key, b] of Object.entries(bounds)) {
    const i = table.index.get(key);
    if (i === undefined) throw new DisclosureControlError(`No existe la celda "${key}".`);
    byIndex.set(i, b);
  }
  return (cell) => byIndex.get(cell);
}

/**
 * Suppresses until the LP audit passes: the primary cells, the complements that close every
 * relation, then, for each sensitive cell whose feasibility interval is still narrower than the
 * protection width, the cheapest further cells that widen it (`cheapestOpening`), and again.
 */
function suppress(
  solver: Highs,
  table: LinearTable,
  k: number,
  width: number,
  bounds: ((cell: number) => CellBounds | undefined) | undefined,
  maxRounds: number,
): {
  suppressed: Set<number>;
  primaries: number[];
  rounds: number;
  repairs: number;
  counter: LpCounter;
} {
  const counter: LpCounter = { solves: 0 };
  const primaries = primaryCells(table, k);
  const suppressed = new Set(primaries);
  closeRelations(table, suppressed);
  const cost = (c: number) => table.cells[c]?.value ?? 0;
  const eligible = (c: number) => isEligibleComplement(table.cells[c]?.value ?? 0);
  let repairs = 0;
  for (let round = 1; round <= maxRounds; round++) {
    const intervals = feasibilityIntervals(
      solver,
      table,
      suppressed,
      primaries,
      { mode: "width", width, ...(bounds ? { bounds } : {}) },
      counter,
    );
    const failing = intervals.filter((iv) => iv.upper - iv.lower < width);
    if (failing.length === 0) return { suppressed, primaries, rounds: round, repairs, counter };
    for (const iv of failing) {
      const value = table.cells[iv.cell]?.value ?? 0;
      // Suppressing more only widens intervals, so `lower` (from this round) still holds and
      // reaching lower + width from above gives the width.
      const delta = iv.lower + width - value;
      const opened = cheapestOpening(
        solver,
        table,
        suppressed,
        eligible,
        cost,
        { cell: iv.cell, delta },
        bounds,
        counter,
      );
      if (opened === null) {
        throw new DisclosureControlError(
          `La celda "${table.cells[iv.cell]?.key}" no puede protegerse con un ancho de ${width}: ni suprimiendo todas las demás celdas su intervalo llega a ese ancho.`,
        );
      }
      repairs++;
      for (const c of opened) suppressed.add(c);
    }
  }
  throw new DisclosureControlError(
    `La protección no convergió en ${maxRounds} rondas de auditoría; la tabla no se publica.`,
  );
}

function publishedShape(
  input: CountTable,
  table: LinearTable,
  shown: (cell: number) => number | null,
): PublishedTable {
  const at = (key: string) => shown(table.index.get(key) ?? -1);
  if (input.kind === "hierarchy") {
    const copy = (node: HierarchyNode): PublishedNode => ({
      key: node.key,
      ...(node.label === undefined ? {} : { label: node.label }),
      value: at(node.key),
      ...(node.parts && node.parts.length > 0 ? { parts: node.parts.map(copy) } : {}),
    });
    return { kind: "hierarchy", root: copy(input.root) };
  }
  return {
    kind: "two-way",
    rows: input.rows,
    columns: input.columns,
    counts: input.rows.map((r) => input.columns.map((c) => at(twoWayKey(r, c)))),
    rowTotals: input.rows.map((r) => at(twoWayKey(r, TOTAL))),
    columnTotals: input.columns.map((c) => at(twoWayKey(TOTAL, c))),
    grandTotal: at(twoWayKey(TOTAL, TOTAL)),
  };
}

/**
 * Disclosure control of one table of counts.
 *
 * - audience "public": every cell with 0 < value < k is suppressed (primary), and further cells
 *   (complementary) until, for every primary cell, the LP audit over the published cells and the
 *   table's relations gives a feasibility interval at least `protectionWidth` wide.
 * - audience "internal" (authorized roles): nothing is suppressed; each small cell is flagged
 *   `small` and logged as shown.
 *
 * Throws `DisclosureInputError` for a table that is not one of counts, and
 * `DisclosureControlError` when the options are not allowed or protection is impossible.
 */
export function protectTable(input: CountTable, options: ProtectOptions): ProtectedTable {
  const { k, width } = checkOptions(options);
  const table = toLinearTable(input);
  if (options.audience === "internal") {
    const cells = table.cells.map((cell) => ({
      key: cell.key,
      value: cell.value,
      suppressed: false,
      small: isSensitive(cell.value, k),
    }));
    return {
      audience: "internal",
      k,
      protectionWidth: width,
      table: publishedShape(input, table, (c) => table.cells[c]?.value ?? null),
      cells,
      suppressions: cells
        .filter((c) => c.small)
        .map((c) => ({ key: c.key, rule: "pequena_mostrada" as const })),
      informationLoss: informationLoss(table, new Set()),
      verification: { rounds: 0, lpSolves: 0, repairs: 0 },
    };
  }
  if (!options.solver) {
    throw new DisclosureControlError("Una salida pública necesita el solucionador LP (HiGHS).");
  }
  const bounds = boundsByIndex(table, options.bounds);
  const { suppressed, primaries, rounds, repairs, counter } = suppress(
    options.solver,
    table,
    k,
    width,
    bounds,
    options.maxRounds ?? 50,
  );
  const primary = new Set(primaries);
  const shown = (c: number) => (suppressed.has(c) ? null : (table.cells[c]?.value ?? null));
  return {
    audience: "public",
    k,
    protectionWidth: width,
    table: publishedShape(input, table, shown),
    cells: table.cells.map((cell, i) => ({
      key: cell.key,
      value: shown(i),
      suppressed: suppressed.has(i),
      small: false,
    })),
    suppressions: table.cells.flatMap((cell, i): Suppression[] =>
      suppressed.has(i)
        ? [{ key: cell.key, rule: primary.has(i) ? "primaria" : "complementaria" }]
        : [],
    ),
    informationLoss: informationLoss(table, suppressed),
    verification: { rounds, lpSolves: counter.solves, repairs },
  };
}
