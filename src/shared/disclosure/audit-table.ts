import type { Highs } from "highs";
import { type CountTable, toLinearTable } from "./count-table.ts";
import { type CellBounds, feasibilityIntervals } from "./feasibility-lp.ts";
import { boundsByIndex, type ProtectedTable } from "./protect-table.ts";
import { isSensitive } from "./suppression.ts";

/**
 * The independent check of a protected table: it reads the original counts and what would be
 * published, trusts nothing else of the protection (not its list of primaries, not its
 * intervals) and proves, with the attacker's linear programs, that no sensitive cell can be
 * narrowed below the protection width.
 */

export interface AuditedCell {
  key: string;
  value: number;
  /** Sensitive by the original count and k: "primaria"; suppressed otherwise: "complementaria". */
  rule: "primaria" | "complementaria";
  lower: number;
  upper: number;
  width: number;
  /** The width a primary cell must reach; complementary cells are not sensitive and need none. */
  required: number | null;
  passed: boolean;
}

export interface AuditReport {
  passed: boolean;
  /** Spanish, one line per failure (the cell and what an attacker learns). */
  problems: string[];
  /** Every suppressed cell's feasibility interval, in table order. */
  cells: AuditedCell[];
  lpSolves: number;
}

export interface AuditOptions {
  solver: Highs;
  /** Defaults to the width the table was protected with. */
  protectionWidth?: number;
  bounds?: Readonly<Record<string, CellBounds>>;
}

const shown = (n: number) => (Number.isFinite(n) ? String(n) : "∞");

export function auditProtectedTable(
  original: CountTable,
  published: Pick<ProtectedTable, "audience" | "k" | "protectionWidth" | "cells">,
  options: AuditOptions,
): AuditReport {
  const table = toLinearTable(original);
  const width = options.protectionWidth ?? published.protectionWidth;
  const { k } = published;
  const problems: string[] = [];
  const byKey = new Map(published.cells.map((c) => [c.key, c]));
  if (byKey.size !== table.cells.length) {
    problems.push(
      `La tabla publicada tiene ${byKey.size} celdas y la original ${table.cells.length}.`,
    );
  }
  const suppressed = new Set<number>();
  table.cells.forEach((cell, i) => {
    const out = byKey.get(cell.key);
    if (!out) {
      problems.push(`Falta la celda "${cell.key}" en la tabla publicada.`);
      return;
    }
    if (out.value === null) {
      suppressed.add(i);
      return;
    }
    if (out.value !== cell.value) {
      problems.push(`La celda "${cell.key}" publica ${out.value} y su valor es ${cell.value}.`);
    }
    if (isSensitive(cell.value, k)) {
      if (published.audience === "public") {
        problems.push(`La celda "${cell.key}" publica ${cell.value}, menos que k = ${k}.`);
      } else if (!out.small) {
        problems.push(
          `La celda "${cell.key}" (${cell.value} < k = ${k}) no está marcada como pequeña.`,
        );
      }
    }
  });
  const targets = [...suppressed].sort((a, b) => a - b);
  const counter = { solves: 0 };
  const intervals = feasibilityIntervals(
    options.solver,
    table,
    suppressed,
    targets,
    { mode: "full", ...(options.bounds ? { bounds: boundsByIndex(table, options.bounds) } : {}) },
    counter,
  );
  const cells: AuditedCell[] = intervals
    .sort((a, b) => a.cell - b.cell)
    .map((iv) => {
      const cell = table.cells[iv.cell] ?? { key: "?", value: 0, margin: false };
      const primary = isSensitive(cell.value, k);
      const { lower } = iv;
      const w = iv.upper - lower;
      const passed = !primary || w >= width - 1e-9;
      if (!passed) {
        problems.push(
          `La celda "${cell.key}" (suprimida) puede acotarse a [${shown(lower)}, ${shown(iv.upper)}]: ancho ${shown(w)}, se exige ${width}.`,
        );
      }
      return {
        key: cell.key,
        value: cell.value,
        rule: primary ? "primaria" : "complementaria",
        lower,
        upper: iv.upper,
        width: w,
        required: primary ? width : null,
        passed,
      };
    });
  return { passed: problems.length === 0, problems, cells, lpSolves: counter.solves };
}
