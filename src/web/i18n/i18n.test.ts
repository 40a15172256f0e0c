import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fixedT } from "./i18n.ts";

type Tree = { [key: string]: unknown };
function leaves(tree: Tree, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    if (value && typeof value === "object" && !Array.isArray(value))
      for (const [k, v] of leaves(value as Tree, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

const esT = fixedT("es");
const enT = fixedT("en");

describe("web catalogues through i18next (ADR 0015)", () => {
  test("Spanish and English have the same texts; Spanish adds only its `_many` forms", () => {
    const esKeys = [...leaves(es).keys()].filter((k) => !k.endsWith("_many"));
    assert.deepEqual(esKeys.sort(), [...leaves(en).keys()].sort());
  });

  test("every Spanish plural has its `_many` form, and no old `{name}` placeholder is left", () => {
    const texts = leaves(es);
    for (const key of texts.keys())
      if (key.endsWith("_other")) assert.ok(texts.has(key.replace(/_other$/, "_many")), key);
    for (const [key, value] of [...texts, ...leaves(en)])
      if (typeof value === "string") assert.doesNotMatch(value, /(^|[^{])\{\w+\}/, key);
  });

  test("the noun agrees with the count by the language's rules", () => {
    assert.equal(esT("dashboard.shown", { count: 1, shown: 1 }), "1 de 1 indicador");
    assert.equal(esT("dashboard.shown", { count: 44, shown: 2 }), "2 de 44 indicadores");
    assert.equal(enT("dashboard.shown", { count: 1, shown: 1 }), "1 of 1 indicator");
    assert.equal(enT("dashboard.shown", { count: 2, shown: 2 }), "2 of 2 indicators");
    assert.equal(esT("dashboard.alerts", { count: 1 }), "⚠ 1 alerta de calidad");
    assert.equal(esT("auditAdmin.count", { count: 0 }), "0 eventos");
    assert.equal(esT("tasks.total", { count: 1 }), "1 tarea");
    assert.equal(esT("tasks.late", { count: 2 }), ", 2 vencidas");
    assert.equal(esT("entry.checksErrors", { count: 1 }), "1 error bloquea el envío");
    assert.equal(enT("entry.checksWarnings", { count: 3 }), "3 warnings need a justification");
    // The Tablero's coverage line: the participle agrees with how many were reported.
    assert.equal(esT("dashboard.coverageReported", { count: 1, total: 50 }), "1 de 50 reportado");
    assert.equal(esT("dashboard.coverageReported", { count: 0, total: 50 }), "0 de 50 reportados");
    assert.equal(esT("dashboard.coverageValidated", { count: 1 }), "1 validado");
    assert.equal(esT("dashboard.coverageValidated", { count: 3 }), "3 validados");
    assert.equal(enT("dashboard.coverageReported", { count: 12, total: 50 }), "12 of 50 reported");
    assert.equal(esT("dashboard.disaggregations", { count: 1 }), "Desagregación (1 dimensión)");
  });

  test("counts are written in the locale's digits; exact millions take «de» in Spanish", () => {
    const basis = (t: typeof esT, count: number) =>
      t("budget.basis", { count, file: "mef.csv", date: "1/2/2025" });
    assert.equal(basis(esT, 1), "Fuente: mef.csv, importado el 1/2/2025 (1 línea).");
    assert.equal(basis(esT, 1234567), "Fuente: mef.csv, importado el 1/2/2025 (1,234,567 líneas).");
    assert.equal(
      basis(esT, 1_000_000),
      "Fuente: mef.csv, importado el 1/2/2025 (1,000,000 de líneas).",
    );
    assert.equal(basis(enT, 1_000_000), "Source: mef.csv, imported on 1/2/2025 (1,000,000 lines).");
  });

  test("values are filled as given: no HTML escaping (React escapes), years not grouped", () => {
    assert.equal(esT("users.created", { email: "a&b@x.pe" }), "Se creó la cuenta a&b@x.pe.");
    assert.equal(esT("publicView.none", { year: 2024 }), "No hay resultados publicados para 2024.");
    assert.equal(
      esT("publicView.publishedOn", { date: "3/3/2025", context: "by" as const, by: "Comisión" }),
      "Publicado el 3/3/2025 por: Comisión.",
    );
    assert.equal(esT("publicView.publishedOn", { date: "3/3/2025" }), "Publicado el 3/3/2025.");
  });
});
