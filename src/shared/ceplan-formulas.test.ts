import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  aggregateProgress,
  classifyLevel,
  clip,
  computeTipo1,
  computeTipo2,
  displayProgress,
} from "./ceplan-formulas.ts";
import { roundHalfUp } from "./numbers.ts";

// Golden cases of seed_001.md §8.5, each with the line of the Informe it reproduces.
const TIPO1_GOLDEN: [id: string, v: number, m: number, expected: number][] = [
  ["T1-1.1-2023 (001:L1348)", 6.9, 8.9, 77.5],
  ["T1-1.1-2022 (001:L1348)", 10.3, 8.3, 124.1],
  ["T1-2.1-2023 (001:L1426)", 38.7, 85, 45.5],
  ["T1-2.2-2023 (001:L1428)", 1718, 450, 381.8],
  ["T1-3.1-2023 (001:L1384)", 15.1, 10, 151.0],
  ["T1-S30-2022 (001:L3894)", 5.6, 2, 280.0],
  ["T1-S30-2023 (001:L3894)", 2.26, 3, 75.3],
  ["T1-S21-2023 no cap (001:L3201)", 3000, 95, 3157.9],
  ["T1-S40-2023 no cap (001:L4484)", 9.63, 0.0003, 3210000.0],
];

const TIPO2_GOLDEN: [id: string, v: number, m: number, lb: number, expected: number][] = [
  ["T2-1.1 (001:L1348)", 6.9, 8.9, 7.2, -17.6],
  ["T2-2.1 (001:L1426)", 38.7, 85, 99.2, 426.1],
  ["T2-2.2 (001:L1428)", 1718, 450, 1054, -109.9],
  ["T2-2.3 (001:L1430)", 69, 30, 24, 750.0],
  ["T2-3.2 (001:L1386)", 0, 20, 10, -100.0],
];

describe("avance tipo 1 — golden cases of the Informe 2022-2023", () => {
  for (const [id, v, m, expected] of TIPO1_GOLDEN) {
    test(id, () => assert.equal(displayProgress(computeTipo1(v, m)), expected));
  }
  test("ND without meta, without value, or with meta 0", () => {
    assert.equal(computeTipo1(5, null), "ND");
    assert.equal(computeTipo1(null, 5), "ND");
    assert.equal(computeTipo1(5, 0), "ND");
  });
  test("descending indicator: M / V, so a value below the meta is over 100", () => {
    assert.equal(computeTipo1(50, 80, "descendente"), 160);
    assert.equal(computeTipo1(0, 80, "descendente"), "ND");
  });
});

describe("avance tipo 2 — golden cases (baselines DERIVED from the printed tipo 2)", () => {
  for (const [id, v, m, lb, expected] of TIPO2_GOLDEN) {
    test(id, () => assert.equal(displayProgress(computeTipo2(v, m, lb)), expected));
  }
  test("T2-3.1: ND without baseline (001:L1384)", () => {
    assert.equal(computeTipo2(15.1, 10, null), "ND");
  });
  test("ND when the meta equals the baseline", () => {
    assert.equal(computeTipo2(15, 10, 10), "ND");
  });
});

describe("objective aggregation and índice de gestión", () => {
  test("OP1 (001:L1346): tipo 1 [77.5] → 77.5, tipo 2 [−17.6] → 0.0", () => {
    assert.equal(displayProgress(aggregateProgress([77.5])), 77.5);
    assert.equal(displayProgress(aggregateProgress([-17.6])), 0);
  });
  test("OP2 (001:L1424): (81.8, 66.7)", () => {
    assert.equal(displayProgress(aggregateProgress([45.5, 381.8, 230.0])), 81.8);
    assert.equal(displayProgress(aggregateProgress([426.1, -109.9, 750.0])), 66.7);
  });
  test("OP3 (001:L1382): (50.0, 0.0) with ND excluded", () => {
    assert.equal(displayProgress(aggregateProgress([151, 0])), 50);
    assert.equal(displayProgress(aggregateProgress(["ND", -100])), 0);
  });
  test("INDEX (001:L1314-L1317): mean of OP tipo 2 [0, 66.67, 0] = 22.2, bajo", () => {
    const index = aggregateProgress([0, 200 / 3, 0]);
    assert.equal(displayProgress(index), 22.2);
    assert.equal(classifyLevel(index), "bajo");
  });
  test("INDEX-T1 (DERIVED): mean of OP tipo 1 [77.5, 81.83, 50] = 69.8", () => {
    assert.equal(displayProgress(aggregateProgress([77.5, (45.5 + 100 + 100) / 3, 50])), 69.8);
  });
  test("all ND gives ND", () => assert.equal(aggregateProgress(["ND", "ND"]), "ND"));
});

describe("level bands (001:L1056-L1060)", () => {
  const cases: [number, string][] = [
    [65.4, "bajo"],
    [75.3, "intermedio"],
    [82.9, "intermedio"],
    [95.5, "alto"],
    [100, "alto"],
    [74.94, "bajo"],
    [74.96, "intermedio"],
    [94.95, "alto"],
  ];
  for (const [p, level] of cases)
    test(`${p} → ${level}`, () => assert.equal(classifyLevel(p), level));
  test("ND stays ND", () => assert.equal(classifyLevel("ND"), "ND"));
});

describe("rounding half-up for display", () => {
  test("ties go up, away from zero for negatives", () => {
    assert.equal(roundHalfUp(0.05), 0.1);
    assert.equal(roundHalfUp(1.15), 1.2);
    assert.equal(roundHalfUp(2.25), 2.3);
    assert.equal(roundHalfUp(-17.55), -17.6);
    assert.equal(roundHalfUp(-0.04), 0);
  });
});

describe("engine properties (fast-check)", () => {
  const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
  const progress = fc.oneof(finite, fc.constant<"ND">("ND"));

  test("clipping keeps every aggregate within [0, 100]", () => {
    fc.assert(
      fc.property(fc.array(progress), (ps) => {
        const agg = aggregateProgress(ps);
        return agg === "ND" || (agg >= 0 && agg <= 100);
      }),
    );
  });

  test("ND members do not change the aggregate", () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1 }), fc.nat(5), (ps, nds) => {
        const withNd = [...ps, ...Array.from({ length: nds }, () => "ND" as const)];
        return aggregateProgress(withNd) === aggregateProgress(ps);
      }),
    );
  });

  test("aggregation does not depend on order", () => {
    fc.assert(
      fc.property(fc.array(progress, { minLength: 1 }), (ps) => {
        const a = aggregateProgress(ps);
        const b = aggregateProgress([...ps].reverse());
        return a === "ND" ? b === "ND" : b !== "ND" && Math.abs(a - b) < 1e-9;
      }),
    );
  });

  test("tipo 2 is exactly 100 at the meta and 0 at the baseline", () => {
    fc.assert(
      fc.property(finite, finite, (meta, baseline) => {
        fc.pre(meta !== baseline);
        return (
          computeTipo2(meta, meta, baseline) === 100 && computeTipo2(baseline, meta, baseline) === 0
        );
      }),
    );
  });

  test("tipo 1 is exactly 100 at the meta, for both directions", () => {
    fc.assert(
      fc.property(finite, (meta) => {
        fc.pre(meta !== 0);
        return (
          computeTipo1(meta, meta, "ascendente") === 100 &&
          computeTipo1(meta, meta, "descendente") === 100
        );
      }),
    );
  });

  test("clip is idempotent and bounded", () => {
    fc.assert(
      fc.property(finite, (p) => clip(clip(p)) === clip(p) && clip(p) >= 0 && clip(p) <= 100),
    );
  });
});
