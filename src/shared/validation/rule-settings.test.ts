import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type MeasurementContext, validateMeasurement } from "./measurement-rules.ts";
import { sustainedOversize } from "./multi-year-checks.ts";
import {
  DEFAULT_RULE_SETTINGS,
  isYearOverYearOutlier,
  progressSize,
  RuleSettingsSchema,
  resolveRuleSettings,
} from "./rule-settings.ts";

const count: MeasurementContext = { unit: "numero", isCumulative: false, previous: null };
const draft = (
  value: number,
  disaggregations: { dimension: string; category: string; value: number }[] = [],
) => ({
  value,
  numerator: null,
  denominator: null,
  disaggregations,
});
const codes = (ctx: MeasurementContext, d = draft(10)) =>
  validateMeasurement(d, ctx).map((f) => f.code);

describe("rule settings", () => {
  test("an indicator without settings keeps the policy-wide defaults", () => {
    const r = resolveRuleSettings(null);
    assert.equal(r.oversizedTipo1, DEFAULT_RULE_SETTINGS.oversizedTipo1);
    assert.equal(r.undersizedTipo1, DEFAULT_RULE_SETTINGS.undersizedTipo1);
    assert.deepEqual(r.requiredDisaggregations, []);
    assert.equal(resolveRuleSettings({ oversizedTipo1: 150 }).oversizedTipo1, 150);
  });

  test("contradictory settings are refused naming the field, in Spanish", () => {
    const r = RuleSettingsSchema.safeParse({ oversizedTipo1: 80, undersizedTipo1: 90 });
    assert.equal(r.success, false);
    assert.deepEqual(r.error?.issues[0]?.path, ["undersizedTipo1"]);
    assert.match(r.error?.issues[0]?.message ?? "", /sub-dimensionado debe ser menor/);
    const range = RuleSettingsSchema.safeParse({ plausibleMin: 10, plausibleMax: 5 });
    assert.deepEqual(range.error?.issues[0]?.path, ["plausibleMin"]);
    assert.equal(RuleSettingsSchema.safeParse({ unknown: 1 }).success, false);
    assert.equal(
      RuleSettingsSchema.safeParse({ requiredDisaggregations: ["sexo", "sexo"] }).success,
      false,
    );
  });

  test("the conductor's thresholds move the sobre/sub-dimensionado warning", () => {
    const withMeta = { ...count, meta: 10, direction: "ascendente" as const };
    // 25 against a meta of 10 is 250 %: above the default 200 %, below a threshold of 300 %.
    assert.deepEqual(codes(withMeta, draft(25)), ["AVANCE_MUY_ALTO"]);
    assert.deepEqual(
      codes({ ...withMeta, settings: resolveRuleSettings({ oversizedTipo1: 300 }) }, draft(25)),
      [],
    );
    assert.deepEqual(
      codes({ ...withMeta, settings: resolveRuleSettings({ undersizedTipo1: 95 }) }, draft(9)),
      ["AVANCE_MUY_BAJO"],
    );
  });

  test("a value outside the plausible range asks for a justification", () => {
    const settings = resolveRuleSettings({ plausibleMin: 100, plausibleMax: 500 });
    const findings = validateMeasurement(draft(50), { ...count, settings });
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [["FUERA_DE_RANGO_PLAUSIBLE", "warning"]],
    );
    assert.match(findings[0]?.message ?? "", /100 a 500/);
    assert.deepEqual(codes({ ...count, settings }, draft(500)), []);
  });

  test("required disaggregations block submission until given", () => {
    const settings = resolveRuleSettings({ requiredDisaggregations: ["sexo", "region"] });
    const findings = validateMeasurement(
      draft(10, [
        { dimension: "sexo", category: "mujer", value: 6 },
        { dimension: "sexo", category: "hombre", value: 4 },
      ]),
      { ...count, settings },
    );
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.path]),
      [["DESAGREGACION_REQUERIDA", "error", "disaggregations.region"]],
    );
    assert.match(findings[0]?.message ?? "", /región/);
  });
});

describe("year-over-year outlier (non-cumulative indicators)", () => {
  test("a doubling and a halving are outliers at the default 100 %; a 40 % rise is not", () => {
    assert.equal(isYearOverYearOutlier(201, 100, 100), true);
    assert.equal(isYearOverYearOutlier(49, 100, 100), true);
    assert.equal(isYearOverYearOutlier(140, 100, 100), false);
    assert.equal(isYearOverYearOutlier(100, 100, 0), false);
    assert.equal(isYearOverYearOutlier(5, 0, 100), true, "a jump from zero is looked at");
  });

  test("the warning names the previous year and its value; cumulative indicators are exempt", () => {
    const previousYear = { label: "2023", value: 100 };
    const findings = validateMeasurement(draft(300), { ...count, previousYear });
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [["VARIACION_INTERANUAL_ATIPICA", "warning"]],
    );
    assert.match(findings[0]?.message ?? "", /2023 \(100\)/);
    assert.deepEqual(codes({ ...count, isCumulative: true, previousYear }, draft(300)), []);
    const tuned = resolveRuleSettings({ yearOverYearChangePercent: 250 });
    assert.deepEqual(codes({ ...count, previousYear, settings: tuned }, draft(300)), []);
  });
});

describe("sustained sobredimensionado proposes reformulating the meta", () => {
  const options = { threshold: 200, minYears: 2, upToYear: 2024 };
  test("two consecutive years above the threshold, ending at the latest year", () => {
    assert.deepEqual(
      sustainedOversize(
        [
          { year: 2022, tipo1: 150 },
          { year: 2023, tipo1: 310 },
          { year: 2024, tipo1: 420 },
        ],
        options,
      ),
      { years: [2023, 2024], progress: [310, 420] },
    );
  });
  test("one year above, a gap or an ND breaks the run", () => {
    assert.equal(
      sustainedOversize(
        [
          { year: 2023, tipo1: 150 },
          { year: 2024, tipo1: 420 },
        ],
        options,
      ),
      null,
    );
    assert.equal(
      sustainedOversize(
        [
          { year: 2022, tipo1: 420 },
          { year: 2024, tipo1: 420 },
        ],
        options,
      ),
      null,
    );
    assert.equal(
      sustainedOversize(
        [
          { year: 2023, tipo1: "ND" },
          { year: 2024, tipo1: 420 },
        ],
        options,
      ),
      null,
    );
    assert.equal(
      sustainedOversize(
        [
          { year: 2023, tipo1: 420 },
          { year: 2024, tipo1: 420 },
          { year: 2025, tipo1: 100 },
        ],
        { ...options, upToYear: 2025 },
      ),
      null,
      "the latest year is no longer above",
    );
  });
});

describe("progressSize: the one sobre/sub-dimensionado rule", () => {
  test("judged on the printed figure, with the indicator's thresholds", () => {
    const defaults = resolveRuleSettings(undefined);
    assert.equal(progressSize(381.8, defaults), "sobredimensionado");
    assert.equal(progressSize(45.5, defaults), "subdimensionado");
    // 200.04 % prints 200.0 %: not "more than 200 %"; 49.96 % prints 50.0 %.
    assert.equal(progressSize(200.04, defaults), null);
    assert.equal(progressSize(49.96, defaults), null);
    assert.equal(progressSize(381.8, resolveRuleSettings({ oversizedTipo1: 500 })), null);
    assert.equal(
      progressSize(77.5, resolveRuleSettings({ undersizedTipo1: 80 })),
      "subdimensionado",
    );
  });
});
