import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deriveMeasurementValue, resolveMeasurementValue, UNIT_SCALE } from "./derived-value.ts";

describe("the value derived from numerator and denominator", () => {
  test("a proportion is n / d × 100; 1 of 100 is exactly 1 %", () => {
    assert.equal(deriveMeasurementValue("porcentaje", 1, 100), 1);
    assert.equal(deriveMeasurementValue("porcentaje", 132, 1919), (132 * 100) / 1919);
    assert.equal(deriveMeasurementValue("porcentaje", 0, 5), 0);
  });

  test("whole counts give the same number as typing it (29 / 100 is 29, not 28.999…)", () => {
    assert.equal(deriveMeasurementValue("porcentaje", 29, 100), 29);
    assert.equal(deriveMeasurementValue("porcentaje", 7, 700), 1);
    assert.equal(deriveMeasurementValue("porcentaje", 57, 100), 57);
  });

  test("each unit has its scale: a percentage rate ×100, a ratio and a count ×1", () => {
    assert.deepEqual(UNIT_SCALE, { porcentaje: 100, tasa: 100, razon: 1, numero: 1 });
    assert.equal(deriveMeasurementValue("tasa", 115, 100), 115);
    assert.equal(deriveMeasurementValue("razon", 3, 4), 0.75);
    assert.equal(deriveMeasurementValue("numero", 480, 1), 480);
  });

  test("a zero denominator, or a quotient no number holds, has no value", () => {
    assert.equal(deriveMeasurementValue("porcentaje", 5, 0), null);
    assert.equal(deriveMeasurementValue("porcentaje", 0, 0), null);
    assert.equal(deriveMeasurementValue("razon", 1e308, 1e-10), null);
    assert.equal(deriveMeasurementValue("porcentaje", 1e307, 1), null);
  });
});

describe("the value stored and read", () => {
  test("only numerator and denominator: derived, and flagged", () => {
    assert.deepEqual(
      resolveMeasurementValue("porcentaje", { value: null, numerator: 1, denominator: 100 }),
      { value: 1, derived: true },
    );
  });
  test("a typed value is kept as typed, also next to numerator and denominator", () => {
    assert.deepEqual(
      resolveMeasurementValue("porcentaje", { value: 90, numerator: 1868, denominator: 2066 }),
      { value: 90, derived: false },
    );
  });
  test("nothing to derive from: no value", () => {
    for (const figures of [
      { value: null, numerator: 1, denominator: null },
      { value: null, numerator: null, denominator: 4 },
      { value: null, numerator: 3, denominator: 0 },
    ]) {
      assert.deepEqual(resolveMeasurementValue("porcentaje", figures), {
        value: null,
        derived: false,
      });
    }
  });
});
