import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_THRESHOLD, scoreHistogram, valleyThreshold } from "./score-threshold.ts";

describe("threshold from the score distribution", () => {
  test("two modes: the threshold falls in the valley between them", () => {
    const scores: number[] = [];
    for (let i = 0; i < 2000; i++) scores.push(0.35 + 0.2 * ((i % 97) / 97));
    for (let i = 0; i < 300; i++) scores.push(0.86 + 0.12 * ((i % 31) / 31));
    const h = scoreHistogram(scores);
    assert.equal(
      h.counts.reduce((a, b) => a + b, 0),
      scores.length,
    );
    const choice = valleyThreshold(h);
    assert.equal(choice.fromValley, true);
    assert.ok(choice.threshold > 0.55 && choice.threshold < 0.86, String(choice.threshold));
  });

  test("a heavy different-people tail: the knee, not the lowest bin", () => {
    // The 100,000-record histogram of docs/linkage.md, bins 0.40–0.98 (totals of both kinds).
    const tail = [
      72198, 242302, 712994, 1640010, 2662157, 3371340, 3214262, 2720966, 2089323, 1393525, 836596,
      450905, 237713, 131955, 75742, 44430, 27612, 17663, 11368, 7760, 6518, 5486, 5166, 4208, 4059,
      5382, 3534, 1694, 758, 5918,
    ];
    const counts = [...new Array<number>(20).fill(0), ...tail];
    const choice = valleyThreshold({ counts, binWidth: 1 / 50 });
    assert.equal(choice.fromValley, true);
    // Lowest bin between the modes: 0.88; the two populations cross near 0.78.
    assert.ok(choice.threshold >= 0.75 && choice.threshold <= 0.83, String(choice.threshold));
  });

  test("one mode, or nothing: the documented default, flagged", () => {
    assert.deepEqual(valleyThreshold(scoreHistogram([])), {
      threshold: DEFAULT_THRESHOLD,
      fromValley: false,
    });
    const one = valleyThreshold(
      scoreHistogram(Array.from({ length: 500 }, (_, i) => 0.4 + (i % 10) / 100)),
    );
    assert.equal(one.fromValley, false);
  });

  test("a score of exactly 1 is counted in the last bin", () => {
    assert.equal(scoreHistogram([1]).counts.at(-1), 1);
  });
});
