import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatPlural, selectPlural } from "./plural.ts";

describe("plural forms (Intl.PluralRules)", () => {
  const indicadores = { one: "{count} indicador", other: "{count} indicadores" };

  test("Spanish: one for 1, other for 0, 2 and decimals", () => {
    assert.equal(formatPlural("es-PE", indicadores, { count: 1 }), "1 indicador");
    assert.equal(formatPlural("es-PE", indicadores, { count: 0 }), "0 indicadores");
    assert.equal(formatPlural("es-PE", indicadores, { count: 44 }), "44 indicadores");
    assert.equal(formatPlural("es-PE", indicadores, { count: 1.5 }), "1.5 indicadores");
  });

  test("an explicit zero form wins for 0; missing CLDR categories fall back to other", () => {
    const forms = { zero: "ningún indicador", ...indicadores };
    assert.equal(selectPlural("es-PE", forms, 0), "ningún indicador");
    // Spanish CLDR puts 1,000,000 in "many": without a many form it reads as other.
    assert.equal(formatPlural("es-PE", forms, { count: 1_000_000 }), "1,000,000 indicadores");
  });

  test("English follows its own rules; other variables are filled, numbers in the locale", () => {
    const shown = { one: "{count} of {total} indicator", other: "{count} of {total} indicators" };
    assert.equal(formatPlural("en", shown, { count: 1, total: 1 }), "1 of 1 indicator");
    assert.equal(formatPlural("en", shown, { count: 3, total: 1200 }), "3 of 1,200 indicators");
    assert.equal(formatPlural("en", { one: "{x}", other: "{x}" }, { count: 1 }), "{x}");
  });
});
