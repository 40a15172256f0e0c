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
