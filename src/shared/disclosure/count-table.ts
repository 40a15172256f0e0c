/**
 * Tables of counts as disclosure control sees them: cells and the additive relations between
 * them (a total is the sum of its parts). The two shapes Vigía publishes, a hierarchy of totals
 * and parts (which includes the plain one-way table: a total and its categories) and a two-way
 * table with its row, column and grand totals, both become one `LinearTable`, so suppression and
 * the audit are written once for any set of linear relations.
 */

/** Marks a total in a two-way cell key: `"Cusco|*"` is Cusco's row total, `"*|*"` the grand total. */
export const TOTAL = "*";

/** A node of a hierarchical table: a leaf holds a count; a node with parts is their sum. */
export interface HierarchyNode {
  key: string;
  label?: string;
  /** Required on a leaf; on a node with parts it may be omitted (computed) or given (checked). */
  value?: number;
  parts?: readonly HierarchyNode[];
}

export interface HierarchyTable {
  kind: "hierarchy";
  root: HierarchyNode;
}

/** Rows × columns of counts; the totals are computed when omitted and checked when given. */
export interface TwoWayTable {
  kind: "two-way";
  rows: readonly string[];
  columns: readonly string[];
  /** counts[r][c] for rows[r] × columns[c]. */
  counts: readonly (readonly number[])[];
  rowTotals?: readonly number[];
  columnTotals?: readonly number[];
  grandTotal?: number;
}

export type CountTable = HierarchyTable | TwoWayTable;

export interface LinearCell {
  key: string;
  value: number;
  /** A total of other cells (a margin), as opposed to a cell at the finest level. */
  margin: boolean;
}

/** `cells[total] = Σ cells[parts]`. */
export interface Equation {
  total: number;
  parts: readonly number[];
}

export interface LinearTable {
  cells: readonly LinearCell[];
  equations: readonly Equation[];
  /** For each cell, the equations it appears in (as total or as part). */
  equationsOf: readonly (readonly number[])[];
  /** Index of each cell by key. */
  index: ReadonlyMap<string, number>;
}

/** The table given to disclosure control cannot be a table of counts. */
export class DisclosureInputError extends Error {
  override name = "DisclosureInputError";
}

export const twoWayKey = (row: string, column: string): string => `${row}|${column}`;

/** A one-way table: a total and its categories (a hierarchy one level deep). */
export function oneWayTable(
  totalKey: string,
  parts: Readonly<Record<string, number>> | readonly (readonly [string, number])[],
  total?: number,
): HierarchyTable {
  const entries = Array.isArray(parts) ? parts : Object.entries(parts);
  return {
    kind: "hierarchy",
    root: {
      key: totalKey,
      ...(total === undefined ? {} : { value: total }),
      parts: entries.map(([key, value]) => ({ key, value })),
    },
  };
}

function requireCount(value: number, where: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DisclosureInputError(
      `${where}: ${value} no es un conteo (se espera un entero no negativo).`,
    );
  }
  return value;
}

class TableBuilder {
  readonly cells: LinearCell[] = [];
  readonly equations: Equation[] = [];
  readonly index = new Map<string, number>();

  add(key: string, value: number, margin: boolean): number {
    if (this.index.has(key)) throw new DisclosureInputError(`La celda "${key}" está repetida.`);
    const i = this.cells.length;
    this.cells.push({ key, value: requireCount(value, `Celda "${key}"`), margin });
    this.index.set(key, i);
    return i;
  }

  build(): LinearTable {
    const equationsOf: number[][] = this.cells.map(() => []);
    this.equations.forEach((eq, e) => {
      for (const c of [eq.total, ...eq.parts]) equationsOf[c]?.push(e);
    });
    return { cells: this.cells, equations: this.equations, equationsOf, index: this.index };
  }
}

function fromHierarchy(root: HierarchyNode): LinearTable {
  const b = new TableBuilder();
  // Depth-first, returning each node's computed value; parents are added before their parts so a
  // table reads top-down in the published order.
  const visit = (node: HierarchyNode, depth: number): number => {
    if (depth > 64) throw new DisclosureInputError("La jerarquía es demasiado profunda.");
    const parts = node.parts ?? [];
    if (parts.length === 0) {
      if (node.value === undefined) {
        throw new DisclosureInputError(`La celda "${node.key}" no tiene valor.`);
      }
      return b.cells[b.add(node.key, node.value, false)]?.value ?? 0;
    }
    const total = b.add(node.key, 0, true);
    const partIndexes: number[] = [];
    let sum = 0;
    for (const part of parts) {
      sum += visit(part, depth + 1);
      partIndexes.push(b.index.get(part.key) ?? -1);
    }
    if (node.value !== undefined && requireCount(node.value, `Celda "${node.key}"`) !== sum) {
      throw new DisclosureInputError(
        `El total "${node.key}" (${node.value}) no es la suma de sus partes (${sum}).`,
      );
    }
    b.cells[total] = { key: node.key, value: sum, margin: true };
    b.equations.push({ total, parts: partIndexes });
    return sum;
  };
  visit(root, 0);
  return b.build();
}

function fromTwoWay(t: TwoWayTable): LinearTable {
  const { rows, columns, counts } = t;
  if (rows.length === 0 || columns.length === 0) {
    throw new DisclosureInputError("La tabla no tiene filas o columnas.");
  }
  for (const name of [...rows, ...columns]) {
    if (name === TOTAL || name.includes("|")) {
      throw new DisclosureInputError(`"${name}" no puede nombrar una fila o columna.`);
    }
  }
  if (counts.length !== rows.length || counts.some((r) => r.length !== columns.length)) {
    throw new DisclosureInputError(
      `La tabla debe tener ${rows.length} filas de ${columns.length} conteos.`,
    );
  }
  const b = new TableBuilder();
  const interior = rows.map((row, r) =>
    columns.map((column, c) => b.add(twoWayKey(row, column), counts[r]?.[c] ?? 0, false)),
  );
  const check = (given: number | undefined, sum: number, key: string): number => {
    if (given !== undefined && requireCount(given, `Celda "${key}"`) !== sum) {
      throw new DisclosureInputError(`El total "${key}" (${given}) no es la suma (${sum}).`);
    }
    return sum;
  };
  const rowTotal = rows.map((row, r) => {
    const key = twoWayKey(row, TOTAL);
    const sum = check(
      t.rowTotals?.[r],
      (counts[r] ?? []).reduce((s, v) => s + v, 0),
      key,
    );
    return b.add(key, sum, true);
  });
  const columnTotal = columns.map((column, c) => {
    const key = twoWayKey(TOTAL, column);
    const sum = check(
      t.columnTotals?.[c],
      counts.reduce((s, r) => s + (r[c] ?? 0), 0),
      key,
    );
    return b.add(key, sum, true);
  });
  const grandKey = twoWayKey(TOTAL, TOTAL);
  const grand = b.add(
    grandKey,
    check(
      t.grandTotal,
      counts.reduce((s, r) => s + r.reduce((a, v) => a + v, 0), 0),
      grandKey,
    ),
    true,
  );
  interior.forEach((cells, r) => {
    b.equations.push({ total: rowTotal[r] ?? -1, parts: cells });
  });
  columns.forEach((_, c) => {
    b.equations.push({
      total: columnTotal[c] ?? -1,
      parts: interior.map((cells) => cells[c] ?? -1),
    });
  });
  // The grand total is both the sum of the row totals and the sum of the column totals.
  b.equations.push({ total: grand, parts: rowTotal });
  b.equations.push({ total: grand, parts: columnTotal });
  return b.build();
}

/** The cells and relations of a table; throws `DisclosureInputError` on anything not a count table. */
export function toLinearTable(table: CountTable): LinearTable {
  return table.kind === "hierarchy" ? fromHierarchy(table.root) : fromTwoWay(table);
}
