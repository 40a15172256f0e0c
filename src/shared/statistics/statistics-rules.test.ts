import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mapFigureHeaders } from "./figure-fields.ts";
import { formatPeriod, parsePeriod } from "./period.ts";
import {
  type CodeInfo,
  createFigureRowValidator,
  figureKey,
  parseFigureValue,
} from "./validate-figure-row.ts";

const TODAY = "2026-03-31";

describe("statistics periods", () => {
  test("years, semesters, quarters, months and ranges, stored as first and last day", () => {
    const cases: [string, string, string, string][] = [
      ["2019", "anio", "2019-01-01", "2019-12-31"],
      ["2025-S1", "semestre", "2025-01-01", "2025-06-30"],
      ["2024-s2", "semestre", "2024-07-01", "2024-12-31"],
      ["2023-T2", "trimestre", "2023-04-01", "2023-06-30"],
      ["2023-Q4", "trimestre", "2023-10-01", "2023-12-31"],
      ["2024-02", "mes", "2024-02-01", "2024-02-29"],
      ["2023-01-01/2025-06-30", "rango", "2023-01-01", "2025-06-30"],
    ];
    for (const [text, type, start, end] of cases) {
      const p = parsePeriod(text, TODAY);
      assert.ok(p.ok, text);
      assert.deepEqual(p.period, { type, start, end }, text);
    }
  });

  test("a range that is a named period is stored as that period: one key per period", () => {
    const p = parsePeriod("2019-01-01/2019-12-31", TODAY);
    assert.ok(p.ok);
    assert.equal(p.period.type, "anio");
    assert.equal(formatPeriod(p.period), "2019");
    const s = parsePeriod("2025-07-01/2025-12-31", TODAY);
    assert.ok(s.ok && formatPeriod(s.period) === "2025-S2");
  });

  test("years before 1990, periods after today and impossible dates are refused", () => {
    for (const [text, message] of [
      ["1980", /anterior a 1990/],
      ["2027", /después de hoy/],
      ["2024-13", /mes inválido/],
      ["2024-02-30/2024-03-01", /fecha inválida/],
      ["2024-06-01/2024-01-01", /termina antes de empezar/],
      ["el año pasado", /no reconocido/],
    ] as const) {
      const p = parsePeriod(text, TODAY);
      assert.ok(!p.ok, text);
      assert.match(p.message, message);
    }
  });
});

describe("statistics figure values", () => {
  test("counts as institutions write them; shares with decimals", () => {
    assert.deepEqual(parseFigureValue("1,054", true), { ok: true, value: 1054 });
    assert.deepEqual(parseFigureValue("1.054", true), { ok: true, value: 1054 });
    assert.deepEqual(parseFigureValue("1 710", true), { ok: true, value: 1710 });
    assert.deepEqual(parseFigureValue(765, true), { ok: true, value: 765 });
    assert.deepEqual(parseFigureValue("73,2", false), { ok: true, value: 73.2 });
    assert.deepEqual(parseFigureValue("96.6", false), { ok: true, value: 96.6 });
  });

  test("negative, fractional counts, huge values, exponents and shares above 100 are refused", () => {
    for (const [cell, additive, message] of [
      ["-3", true, /negativo/],
      ["12,5", true, /no es un número entero/],
      [12.5, true, /no es un número entero/],
      ["1e9", true, /no es un número/],
      ["250000000", true, /demasiado grande/],
      ["120", false, /mayor que 100/],
      [Number.POSITIVE_INFINITY, true, /no es un número/],
    ] as const) {
      const r = parseFigureValue(cell, additive);
      assert.ok(!r.ok, String(cell));
      assert.match(r.message, message, String(cell));
    }
  });
});

const known = (...codes: string[]) =>
  new Map<string, CodeInfo>(codes.map((c) => [c, { retired: c.startsWith("old") }]));

function validator(header: string[], extra: Parameters<typeof mapFigureHeaders>[1] = {}) {
  const mapping = mapFigureHeaders(header, extra);
  assert.deepEqual(mapping.errors, []);
  return createFigureRowValidator({
    columns: mapping.columns,
    header,
    constants: {},
    recode: { sex: { MUJER: "F", HOMBRE: "M" } },
    concepts: new Map([
      ["victim", { retired: false, defaultUnit: "persona", definition: "Víctimas identificadas." }],
    ]),
    units: known("persona", "porcentaje"),
    dimensions: {
      sex: known("F", "M", "oldX"),
      ageBand: known("menor_18", "adulto"),
      nationality: known("PER", "VEN"),
      exploitationForm: known("sexual"),
      statute: known("cp_153"),
    },
    ubigeo: new Set(["04", "0401", "040101", "15"]),
    today: TODAY,
    fileName: "reta-2019.csv",
  });
}

describe("statistics rows", () => {
  const header = ["Concepto", "Año", "Ubigeo", "Sexo", "Edad", "Valor"];

  test("a row becomes a figure: recoded codes, the concept's unit and definition, the row as provenance", () => {
    const validate = validator(header);
    const r = validate(["victim", "2019", 4, "Mujer", "menor_18", "148"], 2);
    assert.ok(r.ok);
    assert.equal(r.figure.ubigeo, "04");
    assert.equal(r.figure.sex, "F");
    assert.equal(r.figure.unit, "persona");
    assert.equal(r.figure.definition, "Víctimas identificadas.");
    assert.equal(r.figure.document, "reta-2019.csv");
    assert.equal(r.figure.location, "fila 2");
    assert.deepEqual(r.figure.period, { type: "anio", start: "2019-01-01", end: "2019-12-31" });
  });

  test("every problem names its row and column, in Spanish", () => {
    const validate = validator(header);
    const r = validate(["victima", "1985", "99", "Otro", "menor_18", "12,5"], 7);
    assert.ok(!r.ok);
    const byColumn = Object.fromEntries(r.problems.map((p) => [p.column, p.message]));
    assert.deepEqual(
      r.problems.map((p) => p.row),
      r.problems.map(() => 7),
    );
    assert.match(byColumn.Concepto ?? "", /concepto «victima» no está en la lista de códigos/);
    assert.match(byColumn.Año ?? "", /anterior a 1990/);
    assert.match(byColumn.Ubigeo ?? "", /ubigeo «99» desconocido/);
    assert.match(byColumn.Sexo ?? "", /sexo «Otro» no está en la lista/);
    assert.match(byColumn.Valor ?? "", /no es un número entero/);
  });

  test("control characters and bidirectional marks are refused anywhere in the row", () => {
    const validate = validator([...header, "Comentario"]);
    const bell = validate(["victim", "2019", "", "", "", "5", "ok\u0007"], 3);
    assert.ok(!bell.ok);
    assert.deepEqual(bell.problems, [
      { row: 3, column: "Comentario", message: "carácter de control U+0007 no permitido" },
    ]);
    const bidi = validate(["victim", "2019", "", "", "", "5\u202E", ""], 4);
    assert.ok(!bidi.ok);
    assert.match(bidi.problems[0]?.message ?? "", /U\+202E/);
    const long = validate(["victim", "2019", "", "", "", "5", "x".repeat(2001)], 5);
    assert.ok(!long.ok);
    assert.match(long.problems[0]?.message ?? "", /texto de 2001 caracteres/);
  });

  test("a retired code and a period given two ways are refused", () => {
    const validate = validator(["concepto", "periodo", "anio", "sexo", "valor"]);
    const r = validate(["victim", "2019", "2019", "oldX", "3"], 2);
    assert.ok(!r.ok);
    assert.ok(r.problems.some((p) => /una sola forma/.test(p.message)));
    assert.ok(r.problems.some((p) => /retirado/.test(p.message)));
  });

  test("two columns for one field and a header left empty are mapping errors", () => {
    const m = mapFigureHeaders(["valor", "Cantidad", ""], {});
    assert.equal(m.errors.length, 2);
    assert.match(m.errors[0] ?? "", /«valor» y «Cantidad» indican el mismo dato/);
    assert.match(m.errors[1] ?? "", /columna 3 no tiene encabezado/);
    const extra = mapFigureHeaders(["N° víctimas"], { value: ["n° víctimas"] });
    assert.deepEqual(extra.columns, { value: 0 });
  });

  test("the key ignores nothing that makes two figures different", () => {
    const validate = validator(header);
    const a = validate(["victim", "2019", "", "", "", "765"], 2);
    const b = validate(["victim", "2019", "", "", "", "766"], 3);
    const c = validate(["victim", "2019", "", "Mujer", "", "148"], 4);
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(figureKey("PNP-RETA", a.figure), figureKey("PNP-RETA", b.figure));
    assert.notEqual(figureKey("PNP-RETA", a.figure), figureKey("PNP-RETA", c.figure));
    assert.notEqual(figureKey("PNP-RETA", a.figure), figureKey("PNP-DIRCTPTIM", a.figure));
    assert.notEqual(
      figureKey("PNP-RETA", a.figure),
      figureKey("PNP-RETA", { ...a.figure, reportedVia: "Informe TIP" }),
    );
  });
});
