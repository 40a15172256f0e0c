import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import fc from "fast-check";
import type { Highs } from "highs";
import { loadLpSolver } from "../../server/lib/lp-solver.ts";
import { auditProtectedTable } from "./audit-table.ts";
import {
  type CountTable,
  type HierarchyNode,
  type TwoWayTable,
  toLinearTable,
  twoWayKey,
} from "./count-table.ts";
import { feasibilityIntervals } from "./feasibility-lp.ts";
import { protectTable } from "./protect-table.ts";
import { isSensitive } from "./suppression.ts";

let solver: Highs;
before(async () => {
  solver = await loadLpSolver();
});

/** Counts as registers hold them: some zeros, many small cells, a long tail of larger ones. */
const count = fc.oneof(
  { weight: 15, arbitrary: fc.constant(0) },
  { weight: 35, arbitrary: fc.integer({ min: 1, max: 10 }) },
  { weight: 50, arbitrary: fc.integer({ min: 11, max: 300 }) },
);

const twoWay = (maxSide: number, cell: fc.Arbitrary<number>) =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: maxSide }),
      columns: fc.integer({ min: 1, max: maxSide }),
    })
    .chain(({ rows, columns }) =>
      fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    )
    .map(
      (counts): TwoWayTable => ({
        kind: "two-way",
        rows: counts.map((_, r) => `f${r}`),
        columns: (counts[0] ?? []).map((_, c) => `c${c}`),
        counts,
      }),
    );

const hierarchy: fc.Arbitrary<CountTable> = fc
  .letrec<{ node: HierarchyNode[] }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      count.map((value) => [{ key: "", value }]),
      fc
        .array(tie("node"), { minLength: 1, maxLength: 5 })
        .map((parts) => [{ key: "", parts: parts.flat() }]),
    ),
  }))
  .node.map((nodes) => {
    // Keys by position, so every table has unique ones.
    let n = 0;
    const name = (node: HierarchyNode): HierarchyNode => ({
      ...node,
      key: `n${n++}`,
      ...(node.parts ? { parts: node.parts.map(name) } : {}),
    });
    return { kind: "hierarchy", root: name({ key: "", parts: nodes }) };
  });

function assertProtected(table: CountTable, k = 11): void {
  const p = protectTable(table, { audience: "public", solver, k });
  const linear = toLinearTable(table);
  linear.cells.forEach((cell, i) => {
    const out = p.cells[i];
    assert.equal(out?.key, cell.key);
    if (out?.value === null) return;
    assert.equal(out?.value, cell.value, "a published cell shows its true count");
    assert.ok(!isSensitive(out?.value ?? 0, k), `no published cell is 0 < v < k (${cell.key})`);
  });
  for (const s of p.suppressions) {
    const cell = linear.cells[linear.index.get(s.key) ?? -1];
    assert.equal(s.rule === "primaria", isSensitive(cell?.value ?? 0, k));
    assert.notEqual(cell?.value, 0, "zeros are never suppressed");
  }
  const report = auditProtectedTable(table, p, { solver });
  assert.deepEqual(report.problems, [], "the LP audit passes");
  assert.equal(p.informationLoss.cellsSuppressed, p.suppressions.length);
}

describe("disclosure control on random tables (fast-check)", () => {
  test("two-way tables up to 8 × 8: no published small cell, and the LP audit passes", () => {
    fc.assert(
      fc.property(twoWay(8, count), (table) => assertProtected(table)),
      { numRuns: 100 },
    );
  });

  test("hierarchies of totals and parts: the same", () => {
    fc.assert(
      fc.property(hierarchy, (table) => assertProtected(table)),
      { numRuns: 100 },
    );
  });

  test("a larger k holds too", () => {
    fc.assert(
      fc.property(twoWay(5, count), fc.integer({ min: 11, max: 60 }), (table, k) =>
        assertProtected(table, k),
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * Every nonnegative integer table agreeing with the published cells of `table` (interior cells in
 * `hidden`, margins published), enumerated: the exact range of each hidden cell.
 */
function bruteForceRanges(
  table: TwoWayTable,
  hidden: ReadonlySet<string>,
): Map<string, [number, number]> {
  const rowLeft = table.counts.map((row, r) =>
    row.reduce((s, v, c) => s + (hidden.has(twoWayKey(`f${r}`, `c${c}`)) ? v : 0), 0),
  );
  const colLeft = (table.counts[0] ?? []).map((_, c) =>
    table.counts.reduce(
      (s, row, r) => s + (hidden.has(twoWayKey(`f${r}`, `c${c}`)) ? (row[c] ?? 0) : 0),
      0,
    ),
  );
  const cells: [number, number][] = [];
  table.counts.forEach((row, r) => {
    row.forEach((_, c) => {
      if (hidden.has(twoWayKey(`f${r}`, `c${c}`))) cells.push([r, c]);
    });
  });
  const lastInRow = new Map<number, number>();
  cells.forEach(([r], i) => {
    lastInRow.set(r, i);
  });
  const ranges = cells.map((): [number, number] => [Number.POSITIVE_INFINITY, -1]);
  const value: number[] = [];
  const visit = (i: number): void => {
    if (i === cells.length) {
      if (colLeft.some((v) => v !== 0)) return;
      value.forEach((v, j) => {
        const range = ranges[j];
        if (range) ranges[j] = [Math.min(range[0], v), Math.max(range[1], v)];
      });
      return;
    }
    const [r, c] = cells[i] ?? [0, 0];
    const options =
      lastInRow.get(r) === i
        ? [rowLeft[r] ?? 0]
        : Array.from({ length: Math.min(rowLeft[r] ?? 0, colLeft[c] ?? 0) + 1 }, (_, v) => v);
    for (const v of options) {
      if (v > (colLeft[c] ?? 0)) continue;
      rowLeft[r] = (rowLeft[r] ?? 0) - v;
      colLeft[c] = (colLeft[c] ?? 0) - v;
      value[i] = v;
      visit(i + 1);
      rowLeft[r] = (rowLeft[r] ?? 0) + v;
      colLeft[c] = (colLeft[c] ?? 0) + v;
    }
  };
  visit(0);
  return new Map(cells.map(([r, c], i) => [twoWayKey(`f${r}`, `c${c}`), ranges[i] ?? [0, 0]]));
}

describe("the LP audit against enumeration of every integer table", () => {
  test("on small two-way tables the LP bounds are exactly the integer bounds (total unimodularity)", () => {
    const small = twoWay(3, fc.integer({ min: 0, max: 6 })).chain((table) =>
      fc.tuple(
        fc.constant(table),
        fc.subarray(
          table.counts.flatMap((row, r) => row.map((_, c) => twoWayKey(`f${r}`, `c${c}`))),
          { minLength: 1 },
        ),
      ),
    );
    fc.assert(
      fc.property(small, ([table, hiddenKeys]) => {
        const linear = toLinearTable(table);
        const hidden = new Set(hiddenKeys.map((key) => linear.index.get(key) ?? -1));
        const lp = feasibilityIntervals(solver, linear, hidden, [...hidden], { mode: "full" });
        const exact = bruteForceRanges(table, new Set(hiddenKeys));
        for (const iv of lp) {
          const key = linear.cells[iv.cell]?.key ?? "";
          assert.deepEqual([iv.lower, iv.upper], exact.get(key), key);
        }
      }),
      { numRuns: 120 },
    );
  });
});
