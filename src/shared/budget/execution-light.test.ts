import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { EXECUTION_THRESHOLDS, executionLight } from "./execution-light.ts";

test("execution light: the bands and their edges", () => {
  assert.equal(executionLight(null), "ND");
  assert.equal(executionLight(Number.NaN), "ND");
  assert.equal(executionLight(0), "baja");
  assert.equal(executionLight(74.99), "baja");
  assert.equal(executionLight(75), "media");
  assert.equal(executionLight(89.99), "media");
  assert.equal(executionLight(90), "alta");
  assert.equal(executionLight(100), "alta");
  // Above 100 % cannot happen with MEF data (devengado ≤ PIM), but is not an error here.
  assert.equal(executionLight(104), "alta");
});

test("execution light: applied to the figure as printed with two decimals", () => {
  // 89.995 prints "90.00 %": green, as the reader sees it; 89.994 prints "89.99 %".
  assert.equal(executionLight(89.995), "alta");
  assert.equal(executionLight(89.994), "media");
  assert.equal(executionLight(74.995), "media");
  // seed 000 Tabla 3: 13,090,291 / 14,112,000 = 92.7600…
  assert.equal(executionLight((13_090_291 / 14_112_000) * 100), "alta");
});

test("execution light: never lighter for less execution", () => {
  const rank = { ND: -1, baja: 0, media: 1, alta: 2 } as const;
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 120, noNaN: true }),
      fc.double({ min: 0, max: 120, noNaN: true }),
      (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(rank[executionLight(lo)] <= rank[executionLight(hi)]);
      },
    ),
  );
  assert.ok(EXECUTION_THRESHOLDS.media < EXECUTION_THRESHOLDS.alta);
});
