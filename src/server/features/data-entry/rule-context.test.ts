import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { previousPeriods, ruleContextKey, ruleContextsFrom } from "./rule-context.service.ts";

/** The choice among loaded rows: version in force, meta in force, latest revision, chain. */
describe("ruleContextsFrom", () => {
  const version = (id: number, v: number, from: number, to: number | null, cumulative = true) => ({
    indicatorId: 1,
    code: "26",
    versionId: id,
    version: v,
    unit: "numero" as const,
    isCumulative: cumulative,
    direction: "ascendente" as const,
    validFrom: from,
    validTo: to,
  });

  test("a semester looks back along the chain of periods", () => {
    assert.deepEqual(previousPeriods(2024, "S2"), [[2024, "S1"]]);
    assert.deepEqual(previousPeriods(2024, "S1"), [
      [2023, "S2"],
      [2023, "ANUAL"],
    ]);
    assert.deepEqual(previousPeriods(2024, "ANUAL"), [[2023, "ANUAL"]]);
  });

  test("the latest revision decides; an empty one passes to the next period", () => {
    const request = { indicatorCode: "26", year: 2024, period: "S1" as const };
    const contexts = ruleContextsFrom([request], {
      versions: [version(10, 1, 2022, null)],
      metas: [],
      values: [
        { indicatorId: 1, year: 2023, period: "S2", revision: 1, value: 9 },
        { indicatorId: 1, year: 2023, period: "S2", revision: 2, value: null },
        { indicatorId: 1, year: 2023, period: "ANUAL", revision: 1, value: 6 },
      ],
    });
    assert.deepEqual(contexts.get(ruleContextKey(request))?.previous, { label: "2023", value: 6 });
  });

  test("the version in force and the meta's highest revision; semesters have no meta", () => {
    const versions = [version(10, 1, 2022, null, false), version(11, 2, 2024, null, true)];
    const metas = [
      { indicatorId: 1, year: 2024, revision: 1, value: 17 },
      { indicatorId: 1, year: 2024, revision: 2, value: 20 },
    ];
    const annual = { indicatorCode: "26", year: 2024, period: "ANUAL" as const };
    const semester = { indicatorCode: "26", year: 2024, period: "S1" as const };
    const old = { indicatorCode: "26", year: 2023, period: "ANUAL" as const };
    const named = { ...annual, indicatorVersionId: 10 };
    const c = ruleContextsFrom([annual, semester, old], { versions, metas, values: [] });
    assert.equal(c.get(ruleContextKey(annual))?.isCumulative, true);
    assert.equal(c.get(ruleContextKey(annual))?.meta, 20);
    assert.equal(c.get(ruleContextKey(semester))?.meta, null);
    assert.equal(c.get(ruleContextKey(old))?.isCumulative, false);
    const stored = ruleContextsFrom([named], { versions, metas, values: [] });
    assert.equal(stored.get(ruleContextKey(named))?.isCumulative, false);
    assert.equal(
      ruleContextsFrom([{ ...annual, indicatorCode: "99" }], { versions, metas, values: [] }).size,
      0,
    );
  });
});
