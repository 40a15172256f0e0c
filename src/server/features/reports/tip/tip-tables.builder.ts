import type { CountTable, HierarchyNode } from "../../../../shared/disclosure/count-table.ts";
import { partsAddUp, type TipAnswer, type TipFigure } from "./tip-data-points.builder.ts";

/**
 * The counts the TIP pack prints, as tables for disclosure control. Cells are keyed by the
 * register's figure id, not by data point: the same figure answers several points (RETA's 765
 * is both "victims by source" and the total of "victims by sex and age"), and protecting each
 * point on its own could suppress it in one place and print it in another. A group whose parts
 * add up to its total is one hierarchy; every other figure is a table of one cell.
 */

export type TipCellKey = string;
export const cellKeyOf = (f: Pick<TipFigure, "id">): TipCellKey => `cifra:${f.id}`;
/** A focal point's entry: a table of one cell of its own (it is no part of a register total). */
export const entryCellKey = (e: { id: number }): TipCellKey => `entrada:${e.id}`;

export interface CellShown {
  value: number | null;
  suppressed: boolean;
  /** Internal audience: 0 < value < k, printed and labelled. */
  small: boolean;
}

export function countTablesOf(
  points: readonly { current: TipAnswer; previous: TipAnswer }[],
): CountTable[] {
  const figures = new Map<number, TipFigure>();
  const partsOf = new Map<number, number[]>();
  const isPart = new Set<number>();
  for (const p of points) {
    for (const group of [...p.current.groups, ...p.previous.groups]) {
      for (const f of [group.total, ...group.parts.map((x) => x.figure)]) {
        // Counts only: a non-integer value cannot be a cell of a table of counts.
        if (f && Number.isSafeInteger(f.value)) figures.set(f.id, f);
      }
      if (!group.total || !figures.has(group.total.id) || !partsAddUp(group)) continue;
      const ids = group.parts.map((x) => x.figure.id);
      if (!ids.every((id) => figures.has(id))) continue;
      // A figure is a part of one total only; a second partition stays out of the relations
      // (its parts are still protected as cells of their own).
      if (partsOf.has(group.total.id) || ids.some((id) => isPart.has(id))) continue;
      partsOf.set(group.total.id, ids);
      for (const id of ids) isPart.add(id);
    }
  }
  const node = (id: number, depth: number): HierarchyNode => {
    const f = figures.get(id) as TipFigure;
    const parts = depth < 8 ? partsOf.get(id) : undefined;
    return parts
      ? { key: cellKeyOf(f), value: f.value, parts: parts.map((p) => node(p, depth + 1)) }
      : { key: cellKeyOf(f), value: f.value };
  };
  return [...figures.keys()]
    .filter((id) => !isPart.has(id))
    .sort((a, b) => a - b)
    .map((id) => ({ kind: "hierarchy", root: node(id, 0) }));
}
