import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import type { Highs } from "highs";
import { parseCsv } from "../../server/features/territory/territory.service.ts";
import { loadLpSolver } from "../../server/lib/lp-solver.ts";
import { captureTableFromRecords } from "./capture-table-records.ts";
import { normalQuantile, normalUpperTail, poissonCdf, poissonUpperTail } from "./distributions.ts";
import { existenceProgram } from "./existence-lp.ts";
import {
  type CaptureTable,
  type ExistenceProgram,
  estimateDarkFigure,
  MseInputError,
} from "./mse-estimate.ts";

let existence: ExistenceProgram;
before(async () => {
  const highs: Highs = await loadLpSolver();
  existence = existenceProgram(highs);
});

// The UK 2013 six-list table as reference/mse ships it (transcribed from modslavmse's
// UKdat; ../shared/reference/mse/README.md).
const ukTable = (): CaptureTable =>
  captureTableFromRecords(
    parseCsv(
      readFileSync(new URL("../../../reference/mse/uk_nrm_2013.csv", import.meta.url), "utf8"),
    ),
  );

describe("distributions", () => {
  test("normal quantile and tail agree with printed tables", () => {
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.1) + 1.281551566) < 1e-8);
    assert.ok(Math.abs(normalQuantile(1e-10) + 6.361340902) < 1e-7);
    assert.ok(Math.abs(normalUpperTail(1.959963985) - 0.025) < 1e-7);
    assert.throws(() => normalQuantile(1), RangeError);
  });
  test("Poisson tails sum to one and match hand values", () => {
    // P(X ≤ 2 | λ = 3) = e^−3 (1 + 3 + 4.5) = 0.42319008…
    assert.ok(Math.abs(poissonCdf(2, 3) - 0.4231900811) < 1e-9);
    for (const [k, lambda] of [
      [0, 0.5],
      [7, 3.2],
      [150, 140],
      [2000, 2100],
    ] as const) {
      assert.ok(Math.abs(poissonCdf(k, lambda) + poissonUpperTail(k + 1, lambda) - 1) < 1e-9);
    }
  });
});

describe("estimateDarkFigure", () => {
  test("the UK 2013 six lists give the published 10,000–13,000 (about 11,300)", () => {
    const result = estimateDarkFigure(ukTable(), { method: "stepwise", existence });
    assert.ok(result.ok);
    const e = result.estimate;
    assert.equal(e.observed, 2744);
    // Published: "between 10 thousand and 13 thousand", point estimate about 11,300
    // (Silverman 2014; Bales, Hesketh and Silverman 2015). Ours must round to the same thousands
    // and lie within 2 % of the point estimate.
    assert.equal(Math.round(e.interval.lower / 1000) * 1000, 10_000);
    assert.equal(Math.round(e.interval.upper / 1000) * 1000, 13_000);
    assert.ok(Math.abs(e.total - 11_300) / 11_300 < 0.02, `total ${e.total}`);
    assert.ok(e.interactions.length > 0, "the stepwise fit keeps some two-list interactions");
    // BHS's own rule (AIC with Wald p ≤ 5 %) chooses the same model here.
    const bhs = estimateDarkFigure(ukTable(), { method: "bhs", pThreshold: 0.05, existence });
    assert.ok(bhs.ok);
    assert.ok(Math.abs(bhs.estimate.total - e.total) < 1);
  });

  test("main effects on a table of independent lists recover the population exactly", () => {
    // N = 10,000 people, three independent lists with capture probabilities 0.1, 0.2, 0.3:
    // expected counts are exact under the main-effects model, so the estimate is N.
    const p = [0.1, 0.2, 0.3];
    const histories = [1, 2, 3, 4, 5, 6, 7].map((mask) => {
      const on = p.map((_, i) => ((mask >> i) & 1) === 1);
      const prob = p.reduce((s, pi, i) => s * (on[i] ? pi : 1 - pi), 1);
      return { on, count: 10_000 * prob };
    });
    const counts = histories.map((h) => ({ ...h, count: Math.round(h.count * 1000) }));
    const result = estimateDarkFigure(
      { lists: ["A", "B", "C"], histories: counts },
      { method: "main", existence },
    );
    assert.ok(result.ok);
    assert.ok(Math.abs(result.estimate.total - 10_000_000) < 1, `${result.estimate.total}`);
    assert.ok(result.estimate.deviance < 1e-6);
  });

  test("two lists that never overlap give no estimate, and say why", () => {
    const result = estimateDarkFigure(
      {
        lists: ["PNP", "MP"],
        histories: [
          { on: [true, false], count: 40 },
          { on: [false, true], count: 25 },
        ],
      },
      { method: "main", existence },
    );
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.message, /máxima verosimilitud/);
  });

  test("a saturated model on three lists is not identifiable", () => {
    const result = estimateDarkFigure(
      {
        lists: ["A", "B", "C"],
        histories: [1, 2, 3, 4, 5, 6, 7].map((mask) => ({
          on: [0, 1, 2].map((i) => ((mask >> i) & 1) === 1),
          count: 10 + mask,
        })),
      },
      {
        method: "fixed",
        pairs: [
          [0, 1],
          [0, 2],
          [1, 2],
        ],
        existence,
      },
    );
    // 7 cells, 1 + 3 + 3 = 7 parameters: exists, but the dark figure is then fixed by the
    // three-way term assumption only; it is identifiable in the rank sense. Adding the pairs
    // beyond the cells would not be; check the rank rule on four cells instead.
    assert.equal(result.ok, true);
    const twoLists = estimateDarkFigure(
      {
        lists: ["A", "B"],
        histories: [
          { on: [true, false], count: 5 },
          { on: [false, true], count: 6 },
          { on: [true, true], count: 2 },
        ],
      },
      { method: "fixed", pairs: [[0, 1]], existence },
    );
    assert.equal(twoLists.ok, false);
    assert.match(twoLists.ok ? "" : twoLists.message, /identificable/);
  });

  test("bad tables are refused naming the row", () => {
    assert.throws(
      () =>
        estimateDarkFigure(
          { lists: ["A", "B"], histories: [{ on: [true, false], count: -1 }] },
          { existence },
        ),
      (e: unknown) => e instanceof MseInputError && /Fila 1, columna count/.test(e.message),
    );
    assert.throws(
      () =>
        estimateDarkFigure(
          { lists: ["A", "B"], histories: [{ on: [false, false], count: 3 }] },
          { existence },
        ),
      MseInputError,
    );
  });
});
