import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { mapHeaders, normalizeHeader } from "./mef-headers.ts";
import { allocateCents, applyShare, parseAmount } from "./money.ts";
import {
  compileRules,
  findReviewPattern,
  normalizeText,
  type TaggableLine,
  type TaggingRule,
  tagLine,
} from "./tagging-rules.ts";
import { validateBudgetRow } from "./validate-budget-row.ts";

test("parseAmount reads MEF's spellings exactly, in cents", () => {
  assert.deepEqual(parseAmount("4900902"), { ok: true, cents: 490090200 });
  assert.deepEqual(parseAmount("1,234,567.89"), { ok: true, cents: 123456789 });
  assert.deepEqual(parseAmount("0.1"), { ok: true, cents: 10 });
  assert.deepEqual(parseAmount("12.3400"), { ok: true, cents: 1234 });
  assert.deepEqual(parseAmount(""), { ok: true, cents: 0 });
  assert.deepEqual(parseAmount("-5.00"), { ok: true, cents: -500 });
  assert.equal(parseAmount("12.345").ok, false);
  assert.equal(parseAmount("1.234,56").ok, false);
  assert.equal(parseAmount("abc").ok, false);
  assert.equal(parseAmount("99999999999999999999").ok, false);
});

test("allocateCents: parts add up to the whole, exactly, for any weights", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e12 }),
      fc.array(fc.integer({ min: 1, max: 10000 }), { minLength: 1, maxLength: 6 }),
      (cents, weights) => {
        const parts = allocateCents(cents, weights);
        assert.equal(
          parts.reduce((a, b) => a + b, 0),
          cents,
        );
        for (const p of parts) assert.ok(Number.isSafeInteger(p) && p >= 0);
      },
    ),
  );
  assert.deepEqual(allocateCents(101, [1, 1]), [51, 50]);
  assert.equal(applyShare(333, 5000), 167);
});

test("header mapping: spellings and accents meet; a missing required column is named", () => {
  assert.equal(normalizeHeader("Año eje"), "ANO_EJE");
  const m = mapHeaders(
    ["AÑO_EJE", "Nivel de Gobierno", "Pliego", "PIA", "pim", "Devengado", "Otra"],
    { yearGiven: false },
  );
  assert.deepEqual(m.errors, []);
  assert.deepEqual(m.ignored, [{ header: "Otra", reason: "columna no reconocida" }]);
  const missing = mapHeaders(["NIVEL_GOBIERNO", "PLIEGO", "MONTO_PIA", "MONTO_PIM"], {
    yearGiven: true,
  });
  assert.deepEqual(missing.errors, [
    "Falta la columna requerida de Devengado: se esperaba un encabezado como «MONTO_DEVENGADO», «DEVENGADO».",
  ]);
  const both = mapHeaders(
    ["NIVEL_GOBIERNO_NOMBRE", "NIVEL_GOBIERNO", "PLIEGO", "PIA", "PIM", "DEVENGADO"],
    { yearGiven: true },
  );
  assert.equal(both.columns.nivel, 1, "the code column wins over the name column");
  assert.match(mapHeaders(["MES_EJE"], { yearGiven: true }).errors[0] ?? "", /MES_EJE/);
});

test("row validation: every reason, all reported", () => {
  const m = mapHeaders(
    ["NIVEL_GOBIERNO", "PLIEGO", "UBIGEO", "MONTO_PIA", "MONTO_PIM", "MONTO_DEVENGADO"],
    { yearGiven: true },
  );
  const ctx = { columns: m.columns, year: 2024, ubigeo: new Set(["15", "1501", "150101"]) };
  const ok = validateBudgetRow(["E", "007: M. DEL INTERIOR", "150101", "10", "20", "15"], 1, ctx);
  assert.ok(ok.ok);
  assert.equal(ok.line.codes.pliego, "007");
  assert.equal(ok.line.names.pliego, "M. DEL INTERIOR");
  assert.equal(ok.line.pim, 2000);
  const bad = validateBudgetRow(["X", "0 7", "990101", "-1", "20", "30"], 2, ctx);
  assert.ok(!bad.ok);
  assert.deepEqual(
    bad.problems.map((p) => p.reason),
    [
      "codigo_invalido",
      "codigo_invalido",
      "ubigeo_desconocido",
      "monto_negativo",
      "devengado_mayor_pim",
    ],
  );
});

const rule = (over: Partial<TaggingRule>): TaggingRule => ({
  id: 1,
  code: "R",
  position: 0,
  serviceId: 1,
  kind: "especifico",
  shareBp: 10000,
  fromYear: null,
  toYear: null,
  nivel: null,
  pliegoCode: null,
  ejecutoraCode: null,
  programaCode: null,
  productoCode: null,
  actividadCode: null,
  metaCode: null,
  finalidadCode: null,
  textPattern: null,
  ...over,
});
const line = (text: string, over: Partial<TaggableLine> = {}): TaggableLine => ({
  year: 2024,
  nivel: "regional",
  pliegoCode: "446",
  ejecutoraCode: null,
  programaCode: null,
  productoCode: null,
  actividadCode: null,
  metaCode: null,
  finalidadCode: "0312028",
  text: normalizeText(text),
  amounts: {
    pia: 1001,
    pim: 2000,
    certificacion: null,
    compromiso: null,
    devengado: 999,
    girado: null,
  },
  ...over,
});

test("tagging: all criteria hold, first rule per service, shares split exactly, over 100 % reported", () => {
  const compiled = compileRules(
    [
      rule({ id: 1, position: 0, serviceId: 28, finalidadCode: "0312028", shareBp: 5000 }),
      rule({
        id: 2,
        position: 1,
        serviceId: 29,
        textPattern: "Capacitación a operadores",
        shareBp: 5000,
      }),
      rule({ id: 3, position: 2, serviceId: 28, textPattern: "operadores" }),
      rule({ id: 4, position: 3, serviceId: 42, nivel: "nacional", finalidadCode: "0312028" }),
    ],
    ["trata"],
  );
  const r = tagLine(line("CAPACITACION A OPERADORES EN TRATA"), compiled);
  assert.deepEqual(
    r.tags.map((t) => [
      t.ruleId,
      t.serviceId,
      t.amounts.pia,
      t.amounts.devengado,
      t.amounts.certificacion,
    ]),
    [
      [1, 28, 501, 500, null],
      [2, 29, 500, 499, null],
    ],
  );
  assert.equal(r.overAllocated, false);
  const over = compileRules(
    [
      rule({ id: 1, serviceId: 1 }),
      rule({ id: 2, position: 1, serviceId: 2, finalidadCode: "0312028" }),
    ],
    [],
  );
  const o = tagLine(line("X"), over);
  assert.equal(o.overAllocated, true);
  assert.equal((o.tags[0]?.amounts.pim ?? 0) + (o.tags[1]?.amounts.pim ?? 0), 2000);
});

test("review patterns match whole words: TRATA yes, TRATAMIENTO and CONTRATACION no", () => {
  const compiled = compileRules([], ["trata", "explotación sexual"]);
  assert.equal(findReviewPattern(line("Víctimas de TRATA de personas"), compiled), "trata");
  assert.equal(findReviewPattern(line("TRATAMIENTO DE AGUAS; CONTRATACION CAS"), compiled), null);
  assert.equal(
    findReviewPattern(line("prevención de la explotacion sexual"), compiled),
    "explotación sexual",
  );
});
