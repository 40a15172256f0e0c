import type { LinearTable } from "./count-table.ts";

/**
 * The rules of cell suppression that need no solver: which cells are sensitive, the first
 * pattern of complementary suppressions, and what the pattern costs. Whether the pattern
 * protects is not decided here: `feasibility-audit.ts` proves it, and `protect-table.ts` adds
 * suppressions where the proof fails.
 */

/**
 * A count is sensitive when 0 < value < k. Zero is not: an empty cell has no respondent to
 * identify. This is the usual practice (sdcTable's frequency rule treats empty cells as safe
 * unless asked otherwise, τ-Argus has a separate "zero unsafe" option); docs/disclosure.md.
 */
export const isSensitive = (value: number, k: number): boolean => value > 0 && value < k;

/**
 * A cell may be suppressed as a complement when it is not already suppressed and is not zero.
 * A published zero stays published, as sdcTable does with its empty cells ("published, but not
 * used for secondary suppression"): hiding a zero protects little, since an empty cell is often
 * known to be empty, and a suppressed zero invites readers to guess at a small count.
 */
export const isEligibleComplement = (value: number): boolean => value > 0;

/** The primary suppressions: indexes of the sensitive cells. */
export function primaryCells(table: LinearTable, k: number): number[] {
  const out: number[] = [];
  table.cells.forEach((cell, i) => {
    if (isSensitive(cell.value, k)) out.push(i);
  });
  return out;
}

/**
 * First complementary pattern: while a relation (a row, a column, a total and its parts) holds
 * exactly one suppressed cell, that cell can be recovered by subtraction, so another cell of the
 * same relation is suppressed. The one chosen costs least: its value (the information lost)
 * plus, one step ahead, the cheapest cell that each of its other relations would need if it left
 * one suppressed cell alone there. This closes rectangles in two-way tables instead of running
 * chains of suppressions across the table.
 *
 * Two suppressed cells per relation is necessary, not sufficient (a cell on a bridge between two
 * closed cycles is still recoverable, and a cycle through another small cell may leave too narrow
 * an interval); the LP audit decides.
 */
export function closeRelations(table: LinearTable, suppressed: Set<number>): void {
  const { cells, equations, equationsOf } = table;
  const inEquation = (e: number) => {
    const eq = equations[e];
    return eq ? [eq.total, ...eq.parts] : [];
  };
  const suppressedIn = equations.map(
    (_, e) => inEquation(e).filter((c) => suppressed.has(c)).length,
  );
  const cheapestEligible = (e: number, except: number): number => {
    let best = Number.POSITIVE_INFINITY;
    for (const c of inEquation(e)) {
      const value = cells[c]?.value ?? 0;
      if (c !== except && !suppressed.has(c) && isEligibleComplement(value) && value < best) {
        best = value;
      }
    }
    return best;
  };
  const queue = equations.map((_, e) => e);
  while (queue.length > 0) {
    const e = queue.pop() ?? 0;
    if (suppressedIn[e] !== 1) continue;
    let choice = -1;
    let choiceCost = Number.POSITIVE_INFINITY;
    for (const c of inEquation(e)) {
      const cell = cells[c];
      if (!cell || suppressed.has(c) || !isEligibleComplement(cell.value)) continue;
      let cost = cell.value;
      for (const other of equationsOf[c] ?? []) {
        if (other !== e && suppressedIn[other] === 0) cost += cheapestEligible(other, c);
      }
      // Ties go to the finest-level cell, then to the first in table order (deterministic).
      if (
        cost < choiceCost ||
        (cost === choiceCost && choice >= 0 && cells[choice]?.margin && !cell.margin)
      ) {
        choice = c;
        choiceCost = cost;
      }
    }
    // No eligible cell left (the others are zeros): the audit will find the cell exposed and the
    // LP repair will reach further, through the totals.
    if (choice < 0) continue;
    suppressed.add(choice);
    for (const other of equationsOf[choice] ?? []) {
      suppressedIn[other] = (suppressedIn[other] ?? 0) + 1;
      if (suppressedIn[other] === 1) queue.push(other);
    }
  }
}

export interface InformationLoss {
  /** Cells suppressed, all levels. */
  cellsSuppressed: number;
  /** Of those, totals (margins). */
  marginsSuppressed: number;
  cellsTotal: number;
  /** Sum of the suppressed cells at the finest level (the parts, not the totals). */
  valueSuppressed: number;
  /** Sum of every cell at the finest level: the table's total. */
  valueTotal: number;
  /** valueSuppressed / valueTotal (0 for an empty table). */
  shareSuppressed: number;
}

export function informationLoss(
  table: LinearTable,
  suppressed: ReadonlySet<number>,
): InformationLoss {
  let marginsSuppressed = 0;
  let valueSuppressed = 0;
  let valueTotal = 0;
  table.cells.forEach((cell, i) => {
    if (!cell.margin) valueTotal += cell.value;
    if (!suppressed.has(i)) return;
    if (cell.margin) marginsSuppressed++;
    else valueSuppressed += cell.value;
  });
  return {
    cellsSuppressed: suppressed.size,
    marginsSuppressed,
    cellsTotal: table.cells.length,
    valueSuppressed,
    valueTotal,
    shareSuppressed: valueTotal === 0 ? 0 : valueSuppressed / valueTotal,
  };
}
