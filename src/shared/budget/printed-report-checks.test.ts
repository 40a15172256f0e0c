import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkPrintedBudgetTables, type PrintedChapter } from "./printed-report-checks.ts";

const chapter = JSON.parse(
  readFileSync(
    join(
      dirname(fileURLToPath(import.meta.url)),
      "../../../reference/budget/chs-x-informe-2023-2025-tablas.json",
    ),
    "utf8",
  ),
) as PrintedChapter;

test("the eight known errors of the printed chapter (seed_000.md §b.5) are each flagged", () => {
  const findings = checkPrintedBudgetTables(chapter);
  const has = (code: string, pattern: RegExp) =>
    assert.ok(
      findings.some((f) => f.code === code && pattern.test(f.message)),
      `${code} ${pattern}: ${findings.map((f) => f.message).join("\n")}`,
    );
  has("contradiccion", /13,9 .*13\.09/); // 1
  has("truncado", /9,4 .*trunca 9\.47/); // 2
  has("etapa_mal_rotulada", /S\/\.0\.17.*devengado.*0\.35.*corresponde al PIA/); // 3
  has("contradiccion", /272,333.*272,353/); // 4
  has("acumulado_no_es_suma", /1'240,000.*3,400,000.*solo la de 2025/); // 5
  has("monto_no_itemizado", /Tabla 8 frente a Tabla 7 \(Gobierno nacional, PIA 2025\).*0\.04/); // 6
  has("suma_no_cuadra", /14426.*12,401/); // 7
  has("porcentaje_con_total_erroneo", /0\.009.*0\.010/); // 7
  has("monto_no_itemizado", /Tabla 9 frente a Tabla 7 \(Gobiernos regionales, PIA 2024\).*1\.32/); // 8
  has("contradiccion", /9\.48.*9\.47/); // e.3 #4
  has("contradiccion", /12 .*11/); // e.3 #8
});

test("honest rounding is never flagged: every other sum and percentage of Tablas 2-9 passes", () => {
  const findings = checkPrintedBudgetTables(chapter);
  assert.deepEqual(findings.map((f) => f.code).sort(), [
    "acumulado_no_es_suma",
    "contradiccion",
    "contradiccion",
    "contradiccion",
    "contradiccion",
    "etapa_mal_rotulada",
    "monto_no_itemizado",
    "monto_no_itemizado",
    "monto_no_itemizado",
    "monto_no_itemizado",
    "monto_no_itemizado",
    "monto_no_itemizado",
    "porcentaje_con_total_erroneo",
    "suma_no_cuadra",
    "truncado",
    "truncado",
    "truncado",
    "truncado",
    "truncado",
  ]);
});

test("a consistent chapter has no findings", () => {
  const clean: PrintedChapter = {
    source: "prueba",
    figures: [
      {
        id: "a",
        where: "T",
        lines: "L1",
        printed: "1.20",
        value: "1.20",
        unit: "millones",
        quantity: "x",
      },
      { id: "b", where: "T", lines: "L2", printed: "2.34", value: "2.34", unit: "millones" },
      { id: "t", where: "T", lines: "L3", printed: "3.54", value: "3.54", unit: "millones" },
      {
        id: "a2",
        where: "U",
        lines: "L4",
        printed: "1,2",
        value: "1.2",
        unit: "millones",
        quantity: "x",
      },
      { id: "p", where: "T", lines: "L5", printed: "33.9", value: "33.9", unit: "porcentaje" },
    ],
    relations: [
      { kind: "sum", total: "t", parts: ["a", "b"] },
      { kind: "ratio", result: "p", numerator: "a", denominator: "t", factor: 100 },
      { kind: "subset", subset: ["a"], total: "a2", label: "x" },
    ],
  };
  assert.deepEqual(checkPrintedBudgetTables(clean), []);
});
