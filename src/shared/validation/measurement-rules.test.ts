import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  canSubmit,
  type MeasurementContext,
  type MeasurementDraft,
  validateMeasurement,
  validateMeta,
} from "./measurement-rules.ts";

const percent: MeasurementContext = { unit: "porcentaje", isCumulative: false, previous: null };
const count: MeasurementContext = { unit: "numero", isCumulative: false, previous: null };
const draft = (d: Partial<MeasurementDraft>): MeasurementDraft => ({
  value: null,
  numerator: null,
  denominator: null,
  disaggregations: [],
  ...d,
});
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe("one message per problem", () => {
  const withMeta: MeasurementContext = { ...percent, meta: 30, direction: "ascendente" };
  test("a negative percentage is one error, not an error and a progress warning", () => {
    assert.deepEqual(codes(validateMeasurement(draft({ value: -5 }), withMeta)), [
      "PORCENTAJE_FUERA_DE_RANGO",
    ]);
    assert.deepEqual(codes(validateMeasurement(draft({ value: 140 }), withMeta)), [
      "PORCENTAJE_FUERA_DE_RANGO",
    ]);
    assert.deepEqual(
      codes(
        validateMeasurement(draft({ value: -3 }), { ...count, meta: 30, direction: "ascendente" }),
      ),
      ["VALOR_NEGATIVO"],
    );
  });
  test("a value in range far from its meta still warns", () => {
    assert.deepEqual(codes(validateMeasurement(draft({ value: 1 }), withMeta)), [
      "AVANCE_MUY_BAJO",
    ]);
  });
});

// Every data error of seed_001.md §7 as it was published must be caught.
describe("the Informe 2022-2023's data errors are caught", () => {
  for (const [service, value, line] of [
    ["S18", 183.6, "001:L3034"],
    ["S21", 3000, "001:L3201"],
    ["S23", 1400, "001:L3314"],
  ] as const) {
    test(`${service}: a proportion of ${value} % (${line})`, () => {
      const findings = validateMeasurement(draft({ value }), percent);
      assert.deepEqual(codes(findings), ["PORCENTAJE_FUERA_DE_RANGO"]);
      assert.equal(findings[0]?.path, "value");
      assert.equal(findings[0]?.severity, "error");
    });
  }

  test("S32: 6.33 % with numerator 6,568 of 56,397 (001:L3982-L3984)", () => {
    const findings = validateMeasurement(
      draft({ value: 6.33, numerator: 6568, denominator: 56397 }),
      percent,
    );
    assert.deepEqual(codes(findings), ["VALOR_NO_COINCIDE_CON_RAZON"]);
    assert.match(findings[0]?.message ?? "", /56,397/);
  });

  test("S32 with the numerator that fits the table (3,568) passes", () => {
    assert.deepEqual(
      validateMeasurement(draft({ value: 6.33, numerator: 3568, denominator: 56397 }), percent),
      [],
    );
  });

  test("S35: 220 women + 46 men ≠ 263 victims (001:L4140-L4144)", () => {
    const findings = validateMeasurement(
      draft({
        value: 38.7,
        numerator: 263,
        disaggregations: [
          { dimension: "sexo", category: "F", value: 220 },
          { dimension: "sexo", category: "M", value: 46 },
        ],
      }),
      percent,
    );
    assert.deepEqual(codes(findings), ["DESAGREGACION_NO_SUMA"]);
    assert.equal(findings[0]?.path, "disaggregations.sexo");
  });

  test("S26: a cumulative count that falls from 19 to 6 (001:L3603-L3604)", () => {
    const findings = validateMeasurement(draft({ value: 6 }), {
      unit: "numero",
      isCumulative: true,
      previous: { label: "2022", value: 19 },
    });
    assert.deepEqual(codes(findings), ["ACUMULADO_DECRECE"]);
  });

  test("S40: a meta of 0.0003 % (001:L4484)", () => {
    const findings = validateMeta(0.0003, "porcentaje");
    assert.deepEqual(codes(findings), ["META_CERCANA_A_CERO"]);
    assert.equal(findings[0]?.severity, "warning");
  });
});

describe("consistent values pass", () => {
  test("1.1: 6.9 % typed for 132 / 1,919 = 6.88 %", () => {
    assert.deepEqual(
      validateMeasurement(draft({ value: 6.9, numerator: 132, denominator: 1919 }), percent),
      [],
    );
  });
  test("S10: 90 % typed for 1,868 / 2,066 = 90.42 %", () => {
    assert.deepEqual(
      validateMeasurement(draft({ value: 90, numerator: 1868, denominator: 2066 }), percent),
      [],
    );
  });
  test("S36: parts that add up to the numerator", () => {
    const d = draft({
      value: 88.4,
      numerator: 857,
      disaggregations: [
        { dimension: "sexo", category: "F", value: 732 },
        { dimension: "sexo", category: "M", value: 125 },
      ],
    });
    assert.deepEqual(validateMeasurement(d, percent), []);
  });
  test("a rate (S31's variation rate) may exceed 100", () => {
    assert.deepEqual(validateMeasurement(draft({ value: 115 }), { ...percent, unit: "tasa" }), []);
  });
  test("a cumulative count that grows", () => {
    assert.deepEqual(
      validateMeasurement(draft({ value: 25 }), {
        ...count,
        isCumulative: true,
        previous: { label: "2022", value: 19 },
      }),
      [],
    );
  });
});

describe("other rules", () => {
  test("a value or numerator and denominator is required", () => {
    assert.deepEqual(codes(validateMeasurement(draft({}), percent)), ["VALOR_REQUERIDO"]);
  });
  test("numerator above denominator in a proportion", () => {
    assert.deepEqual(
      codes(validateMeasurement(draft({ numerator: 12, denominator: 10 }), percent)),
      ["NUMERADOR_MAYOR_QUE_DENOMINADOR"],
    );
  });
  test("zero denominator and negative counts", () => {
    assert.deepEqual(
      codes(validateMeasurement(draft({ value: 5, numerator: 0, denominator: 0 }), percent)),
      ["DENOMINADOR_CERO"],
    );
    assert.deepEqual(codes(validateMeasurement(draft({ value: -1 }), count)), ["VALOR_NEGATIVO"]);
  });
  test("free dimensions are summed per label", () => {
    const d = draft({
      value: 6,
      disaggregations: [
        { dimension: "otro", label: "país", category: "Argentina", value: 2 },
        { dimension: "otro", label: "país", category: "Ecuador", value: 2 },
        { dimension: "otro", label: "país", category: "Colombia", value: 1 },
        { dimension: "otro", label: "país", category: "Panamá", value: 1 },
        { dimension: "sexo", category: "F", value: 4 },
        { dimension: "sexo", category: "M", value: 1 },
      ],
    });
    const findings = validateMeasurement(d, count);
    assert.deepEqual(codes(findings), ["DESAGREGACION_NO_SUMA"]);
    assert.equal(findings[0]?.path, "disaggregations.sexo");
  });
  test("errors block; warnings need a justification", () => {
    const warning = validateMeta(0.0003, "porcentaje");
    assert.equal(canSubmit(warning, null), false);
    assert.equal(canSubmit(warning, "Meta fijada en la ficha técnica 2021; se ajustará."), true);
    assert.equal(
      canSubmit(validateMeasurement(draft({ value: 150 }), percent), "justificación larga"),
      false,
    );
    assert.equal(canSubmit([], null), true);
  });
});

describe("a value given as numerator and denominator is judged as the value it derives", () => {
  // MIMP 3.2: meta 30 for 2024; 1 % is 3.3 % of the meta, under the 50 % floor.
  const mimp32: MeasurementContext = {
    unit: "porcentaje",
    isCumulative: false,
    previous: null,
    meta: 30,
    direction: "ascendente",
  };

  test("MIMP 3.2: 1 / 100 raises the warning 1 raises, word for word", () => {
    const typed = validateMeasurement(draft({ value: 1 }), mimp32);
    assert.deepEqual(codes(typed), ["AVANCE_MUY_BAJO"]);
    assert.match(typed[0]?.message ?? "", /menos de 50 %/);
    const derived = validateMeasurement(draft({ numerator: 1, denominator: 100 }), mimp32);
    assert.deepEqual(derived, typed);
    assert.equal(canSubmit(derived, null), false);
    assert.equal(canSubmit(derived, "Se amplió el padrón de víctimas atendidas."), true);
  });

  test("the stored form (value = its derivation, with n/d) gives the same findings", () => {
    for (const [n, d] of [
      [1, 100],
      [1, 3],
      [132, 1919],
    ] as const) {
      const value = (n * 100) / d;
      assert.deepEqual(
        validateMeasurement(draft({ value, numerator: n, denominator: d }), mimp32),
        validateMeasurement(draft({ numerator: n, denominator: d }), mimp32),
      );
    }
  });

  test("the cumulative and the count rules see the derived value", () => {
    const cumulative = { ...count, isCumulative: true, previous: { label: "2023", value: 6 } };
    assert.deepEqual(
      validateMeasurement(draft({ numerator: 5, denominator: 1 }), cumulative),
      validateMeasurement(draft({ value: 5 }), cumulative),
    );
    assert.deepEqual(
      codes(validateMeasurement(draft({ numerator: 5, denominator: 1 }), cumulative)),
      ["ACUMULADO_DECRECE"],
    );
    const parts = [
      { dimension: "sexo", category: "F", value: 3 },
      { dimension: "sexo", category: "M", value: 1 },
    ];
    assert.deepEqual(
      codes(
        validateMeasurement(draft({ numerator: 5, denominator: 1, disaggregations: parts }), count),
      ),
      ["DESAGREGACION_NO_SUMA"],
    );
  });

  test("broken components are reported once, on the component, not again on the value", () => {
    const one = (d: Partial<MeasurementDraft>) => validateMeasurement(draft(d), mimp32);
    assert.deepEqual(codes(one({ numerator: 12, denominator: 10 })), [
      "NUMERADOR_MAYOR_QUE_DENOMINADOR",
    ]);
    assert.deepEqual(codes(one({ numerator: -1, denominator: 10 })), ["COMPONENTE_NEGATIVO"]);
    assert.deepEqual(codes(one({ numerator: 1, denominator: -10 })), ["COMPONENTE_NEGATIVO"]);
  });

  test("a zero denominator is one error with a field message, and no value", () => {
    const findings = validateMeasurement(draft({ numerator: 5, denominator: 0 }), mimp32);
    assert.deepEqual(
      findings.map((f) => [f.code, f.path, f.message]),
      [["DENOMINADOR_CERO", "denominator", "El denominador no puede ser cero."]],
    );
  });

  test("a typed value that contradicts numerator / denominator stays an error", () => {
    const findings = validateMeasurement(
      draft({ value: 10, numerator: 1, denominator: 100 }),
      percent,
    );
    assert.deepEqual(codes(findings), ["VALOR_NO_COINCIDE_CON_RAZON"]);
  });
});
