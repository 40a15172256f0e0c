import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { Highs } from "highs";
import { loadLpSolver } from "../../server/lib/lp-solver.ts";
import { auditProtectedTable } from "./audit-table.ts";
import {
  type CountTable,
  DisclosureInputError,
  oneWayTable,
  type TwoWayTable,
  toLinearTable,
} from "./count-table.ts";
import { feasibilityIntervals } from "./feasibility-lp.ts";
import { DisclosureControlError, type ProtectedTable, protectTable } from "./protect-table.ts";
import { closeRelations, primaryCells } from "./suppression.ts";

let solver: Highs;
before(async () => {
  solver = await loadLpSolver();
});

/** What a table would publish with exactly `hidden` suppressed (and nothing else done). */
function publishWith(table: CountTable, hidden: readonly string[]): ProtectedTable {
  const internal = protectTable(table, { audience: "internal" });
  return {
    ...internal,
    audience: "public",
    cells: internal.cells.map((c) =>
      hidden.includes(c.key)
        ? { ...c, value: null, suppressed: true, small: false }
        : { ...c, small: false },
    ),
  };
}

const keysOf = (p: ProtectedTable, rule?: string) =>
  p.suppressions.filter((s) => rule === undefined || s.rule === rule).map((s) => s.key);

// A 3 × 3 table with its margins and one small cell: 3 victims in A × x.
const threeByThree: TwoWayTable = {
  kind: "two-way",
  rows: ["A", "B", "C"],
  columns: ["x", "y", "z"],
  counts: [
    [3, 20, 30],
    [15, 40, 25],
    [12, 18, 50],
  ],
};

describe("disclosure control of a 3 × 3 table with margins", () => {
  test("suppressing only the small cell leaves it recoverable from its row total, and the audit says so", () => {
    const report = auditProtectedTable(threeByThree, publishWith(threeByThree, ["A|x"]), {
      solver,
    });
    assert.equal(report.passed, false);
    const cell = report.cells.find((c) => c.key === "A|x");
    assert.deepEqual(
      { lower: cell?.lower, upper: cell?.upper, width: cell?.width },
      { lower: 3, upper: 3, width: 0 },
    );
    assert.match(report.problems.join("\n"), /"A\|x".*\[3, 3\]: ancho 0, se exige 11/);
  });

  test("protectTable adds complements until the audit passes: a rectangle of the cheapest cells", () => {
    const p = protectTable(threeByThree, { audience: "public", solver });
    assert.deepEqual(keysOf(p, "primaria"), ["A|x"]);
    // Row A's cheapest partner is A|y (20), column x's is C|x (12), and C|y (18) closes them.
    assert.deepEqual(keysOf(p, "complementaria").sort(), ["A|y", "C|x", "C|y"]);
    const report = auditProtectedTable(threeByThree, p, { solver });
    assert.deepEqual(report.problems, []);
    assert.equal(report.passed, true);
    // A|x moves with the rectangle: up by min(A|y, C|x) = 12, down to 0.
    const cell = report.cells.find((c) => c.key === "A|x");
    assert.deepEqual([cell?.lower, cell?.upper], [0, 15]);
    assert.deepEqual(p.informationLoss, {
      cellsSuppressed: 4,
      marginsSuppressed: 0,
      cellsTotal: 16,
      valueSuppressed: 3 + 20 + 12 + 18,
      valueTotal: 213,
      shareSuppressed: 53 / 213,
    });
  });

  test("the published table holds nulls where suppressed and no reason a reader could use", () => {
    const p = protectTable(threeByThree, { audience: "public", solver });
    assert.deepEqual(p.table, {
      kind: "two-way",
      rows: ["A", "B", "C"],
      columns: ["x", "y", "z"],
      counts: [
        [null, null, 30],
        [15, 40, 25],
        [null, null, 50],
      ],
      rowTotals: [53, 80, 80],
      columnTotals: [30, 78, 105],
      grandTotal: 213,
    });
    for (const cell of p.cells) {
      assert.deepEqual(Object.keys(cell).sort(), ["key", "small", "suppressed", "value"]);
    }
  });
});

describe("what the LP audit proves that counting suppressions per row cannot", () => {
  // Two closed rectangles joined by one cell: every row and column holding a suppression holds
  // two or more, yet the joining cell (3) is fixed by the totals.
  const bridged: TwoWayTable = {
    kind: "two-way",
    rows: ["r1", "r2", "r3", "r4"],
    columns: ["c1", "c2", "c3", "c4"],
    counts: [
      [20, 30, 3, 40],
      [25, 35, 50, 45],
      [60, 70, 15, 25],
      [55, 65, 30, 35],
    ],
  };
  const pattern = ["r1|c1", "r1|c2", "r2|c1", "r2|c2", "r3|c3", "r3|c4", "r4|c3", "r4|c4", "r1|c3"];

  test("a cell on a bridge between two cycles is recovered exactly", () => {
    const table = toLinearTable(bridged);
    const hidden = new Set(pattern.map((k) => table.index.get(k) ?? -1));
    for (const eq of table.equations) {
      const n = [eq.total, ...eq.parts].filter((c) => hidden.has(c)).length;
      assert.ok(n === 0 || n >= 2, "every relation with a suppression has at least two");
    }
    const report = auditProtectedTable(bridged, publishWith(bridged, pattern), { solver });
    const cell = report.cells.find((c) => c.key === "r1|c3");
    assert.deepEqual([cell?.lower, cell?.upper], [3, 3]);
    assert.equal(report.passed, false);
  });

  test("protectTable on the same table protects it", () => {
    const p = protectTable(bridged, { audience: "public", solver });
    assert.equal(auditProtectedTable(bridged, p, { solver }).passed, true);
  });
});

describe("hierarchical one-way tables", () => {
  // Seed 002 (481-491): foreign victims identified in 2019, by nationality; 454 in all.
  const foreignVictims: CountTable = {
    kind: "hierarchy",
    root: {
      key: "Total",
      value: 454,
      parts: [
        {
          key: "Venezuela",
          parts: [
            { key: "Venezuela, adultos", value: 270 },
            { key: "Venezuela, NNA", value: 31 },
          ],
        },
        { key: "Colombia", value: 55 },
        { key: "Ecuador", value: 96 },
        { key: "Panamá", value: 1 },
        { key: "Bolivia", value: 1 },
      ],
    },
  };

  test("two small cells hiding each other are not enough: together they are 2", () => {
    const report = auditProtectedTable(
      foreignVictims,
      publishWith(foreignVictims, ["Panamá", "Bolivia"]),
      { solver },
    );
    assert.equal(report.passed, false);
    assert.deepEqual(
      report.cells.map((c) => [c.key, c.lower, c.upper]),
      [
        ["Panamá", 0, 2],
        ["Bolivia", 0, 2],
      ],
    );
  });

  test("the cheapest sibling widens them: Colombia (55), not Venezuela (301) or the total", () => {
    const p = protectTable(foreignVictims, { audience: "public", solver });
    assert.deepEqual(keysOf(p).sort(), ["Bolivia", "Colombia", "Panamá"]);
    const report = auditProtectedTable(foreignVictims, p, { solver });
    assert.equal(report.passed, true);
    assert.deepEqual(
      report.cells.map((c) => [c.key, c.lower, c.upper]),
      [
        ["Colombia", 0, 57],
        ["Panamá", 0, 57],
        ["Bolivia", 0, 57],
      ],
    );
    assert.equal(p.informationLoss.valueSuppressed, 57);
    assert.equal(p.informationLoss.valueTotal, 454);
  });

  test("a small part of a part: the complement is found inside the same total", () => {
    const t: CountTable = {
      kind: "hierarchy",
      root: {
        key: "Perú",
        parts: [
          {
            key: "Cusco",
            parts: [
              { key: "Cusco / Cusco", value: 40 },
              { key: "Cusco / Quispicanchi", value: 4 },
              { key: "Cusco / La Convención", value: 25 },
            ],
          },
          { key: "Puno", value: 120 },
        ],
      },
    };
    const p = protectTable(t, { audience: "public", solver });
    assert.deepEqual(keysOf(p).sort(), ["Cusco / La Convención", "Cusco / Quispicanchi"]);
    assert.equal(auditProtectedTable(t, p, { solver }).passed, true);
  });
});

describe("zeros, bounds and impossible protection", () => {
  test("zeros are neither suppressed nor used as complements", () => {
    const t: CountTable = {
      kind: "hierarchy",
      root: {
        key: "Perú",
        parts: [
          {
            key: "Cusco",
            parts: [
              { key: "Cusco / Quispicanchi", value: 3 },
              { key: "Cusco / Paucartambo", value: 0 },
            ],
          },
          { key: "Puno", value: 40 },
        ],
      },
    };
    const p = protectTable(t, { audience: "public", solver });
    // Cusco's total is 3 as well, so it is primary too; the zero beside them stays published.
    assert.deepEqual(p.suppressions, [
      { key: "Cusco", rule: "primaria" },
      { key: "Cusco / Quispicanchi", rule: "primaria" },
      { key: "Puno", rule: "complementaria" },
    ]);
    assert.equal(p.cells.find((c) => c.key === "Cusco / Paucartambo")?.value, 0);
    const cell = auditProtectedTable(t, p, { solver }).cells.find(
      (c) => c.key === "Cusco / Quispicanchi",
    );
    assert.deepEqual([cell?.lower, cell?.upper], [0, 43]);
  });

  test("a small total whose other parts are zeros is suppressed with its part, which is then unbounded", () => {
    const t = oneWayTable("Total", { a: 3, b: 0, c: 0 });
    const p = protectTable(t, { audience: "public", solver });
    assert.deepEqual(p.suppressions, [
      { key: "Total", rule: "primaria" },
      { key: "a", rule: "primaria" },
    ]);
    const cell = auditProtectedTable(t, p, { solver }).cells.find((c) => c.key === "a");
    assert.deepEqual([cell?.lower, cell?.upper], [0, Number.POSITIVE_INFINITY]);
    assert.equal(p.informationLoss.marginsSuppressed, 1);
  });

  test("what readers know in advance (an upper bound) narrows the interval, and the audit counts it", () => {
    const t = oneWayTable("Total", { a: 3, b: 12 });
    const hidden = publishWith(t, ["a", "b"]);
    assert.equal(auditProtectedTable(t, hidden, { solver }).passed, true);
    const bounded = auditProtectedTable(t, hidden, { solver, bounds: { a: { upper: 5 } } });
    assert.equal(bounded.passed, false);
    assert.deepEqual(
      bounded.cells.map((c) => [c.key, c.lower, c.upper]),
      [
        ["a", 0, 5],
        ["b", 10, 15],
      ],
    );
  });

  test("a cell that cannot be protected stops the publication instead of publishing it exposed", () => {
    const t = oneWayTable("Total", { a: 3, b: 12 });
    assert.throws(
      () => protectTable(t, { audience: "public", solver, bounds: { a: { upper: 5 } } }),
      (e: unknown) =>
        e instanceof DisclosureControlError && /"a" no puede protegerse/.test(e.message),
    );
  });

  test("a cell at k is safe: nothing to suppress", () => {
    const p = protectTable(oneWayTable("Total", { a: 11, b: 40 }), { audience: "public", solver });
    assert.deepEqual(p.suppressions, []);
    assert.equal(p.informationLoss.shareSuppressed, 0);
  });
});

describe("audience and options", () => {
  test("an internal output suppresses nothing and labels every small cell", () => {
    const p = protectTable(threeByThree, { audience: "internal" });
    assert.deepEqual(
      p.cells.filter((c) => c.small).map((c) => c.key),
      ["A|x"],
    );
    assert.ok(p.cells.every((c) => c.value !== null && !c.suppressed));
    assert.deepEqual(p.suppressions, [{ key: "A|x", rule: "pequena_mostrada" }]);
    assert.equal(auditProtectedTable(threeByThree, p, { solver }).passed, true);
  });

  test("an internal output whose small cell lost its label fails the audit", () => {
    const p = protectTable(threeByThree, { audience: "internal" });
    const unlabelled = { ...p, cells: p.cells.map((c) => ({ ...c, small: false })) };
    const report = auditProtectedTable(threeByThree, unlabelled, { solver });
    assert.match(report.problems.join("\n"), /"A\|x" \(3 < k = 11\) no está marcada/);
  });

  test("a public output may not lower k below 11; an internal one may", () => {
    assert.throws(
      () => protectTable(threeByThree, { audience: "public", solver, k: 5 }),
      /Una salida pública usa k ≥ 11/,
    );
    const p = protectTable(threeByThree, { audience: "internal", k: 5 });
    assert.deepEqual(
      p.cells.filter((c) => c.small).map((c) => c.key),
      ["A|x"],
    );
  });

  test("a larger k and a wider protection apply to a public output", () => {
    const p = protectTable(threeByThree, {
      audience: "public",
      solver,
      k: 13,
      protectionWidth: 20,
    });
    assert.deepEqual(keysOf(p, "primaria").sort(), ["A|x", "C|x"]);
    const report = auditProtectedTable(threeByThree, p, { solver });
    assert.equal(report.passed, true);
    assert.ok(report.cells.filter((c) => c.rule === "primaria").every((c) => c.width >= 20));
  });

  test("a public output needs the solver", () => {
    assert.throws(
      () => protectTable(threeByThree, { audience: "public" }),
      /necesita el solucionador LP/,
    );
  });

  test("a published figure that differs from the original is reported", () => {
    const p = protectTable(threeByThree, { audience: "public", solver });
    const tampered = {
      ...p,
      cells: p.cells.map((c) => (c.key === "B|y" ? { ...c, value: 41 } : c)),
    };
    assert.match(
      auditProtectedTable(threeByThree, tampered, { solver }).problems.join("\n"),
      /"B\|y" publica 41 y su valor es 40/,
    );
  });
});

describe("tables that are not tables of counts", () => {
  test("negative, fractional or inconsistent figures are refused with the cell named", () => {
    assert.throws(
      () => toLinearTable(oneWayTable("T", { a: -1 })),
      (e: unknown) =>
        e instanceof DisclosureInputError && /"a": -1 no es un conteo/.test(e.message),
    );
    assert.throws(() => toLinearTable(oneWayTable("T", { a: 1.5 })), /"a": 1.5 no es un conteo/);
    assert.throws(
      () => toLinearTable(oneWayTable("T", { a: 1, b: 2 }, 4)),
      /El total "T" \(4\) no es la suma de sus partes \(3\)/,
    );
    assert.throws(
      () => toLinearTable({ ...threeByThree, grandTotal: 200 }),
      /El total "\*\|\*" \(200\) no es la suma \(213\)/,
    );
    assert.throws(
      () => toLinearTable({ ...threeByThree, rows: ["A", "B", "A"] }),
      /La celda "A\|x" está repetida/,
    );
    assert.throws(
      () => toLinearTable({ ...threeByThree, rows: ["A", "B", "*"] }),
      /"\*" no puede nombrar una fila o columna/,
    );
  });
});

describe("building blocks", () => {
  test("closeRelations leaves no relation with a single suppressed cell when complements exist", () => {
    const table = toLinearTable(threeByThree);
    const s = new Set(primaryCells(table, 11));
    closeRelations(table, s);
    for (const eq of table.equations) {
      const n = [eq.total, ...eq.parts].filter((c) => s.has(c)).length;
      assert.notEqual(n, 1);
    }
  });

  test("mode width proves a wide interval from feasible tables seen, with fewer solves", () => {
    const table = toLinearTable(threeByThree);
    const hidden = new Set(["A|x", "A|y", "C|x", "C|y"].map((k) => table.index.get(k) ?? -1));
    const full = { solves: 0 };
    const width = { solves: 0 };
    const targets = [...hidden];
    feasibilityIntervals(solver, table, hidden, targets, { mode: "full" }, full);
    const seen = feasibilityIntervals(
      solver,
      table,
      hidden,
      targets,
      { mode: "width", width: 11 },
      width,
    );
    assert.ok(seen.every((iv) => iv.upper - iv.lower >= 11));
    assert.ok(width.solves < full.solves, `${width.solves} < ${full.solves}`);
  });
});
