import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findUnknownPlaceholders, listPlaceholders, renderTemplate } from "./report-template.ts";

describe("report text placeholders", () => {
  const values = new Map([
    ["indice.tipo2", "22.2"],
    ["indicador.16.2.tipo1", "49.8"],
  ]);

  test("fills every occurrence, with or without spaces and in any case", () => {
    const { text, unknown } = renderTemplate(
      "Índice {{indice.tipo2}} % ({{ INDICE.TIPO2 }}); 16.2: {{indicador.16.2.tipo1}} %.",
      values,
    );
    assert.equal(text, "Índice 22.2 % (22.2); 16.2: 49.8 %.");
    assert.deepEqual(unknown, []);
  });

  test("an unknown key stays visible and is reported", () => {
    const { text, unknown } = renderTemplate("Total {{valoracion.totl}}.", values);
    assert.equal(text, "Total {{valoracion.totl}}.");
    assert.deepEqual(unknown, ["valoracion.totl"]);
    assert.deepEqual(findUnknownPlaceholders("{{a}} {{indice.tipo2}} {{a}}", values), ["a"]);
  });

  test("lists keys once, in order", () => {
    assert.deepEqual(listPlaceholders("{{b}} {{a}} {{b}} {sin} {{ c }}"), ["b", "a", "c"]);
  });
});

describe("counts agree with their words; ND carries no unit", () => {
  const values = new Map([
    ["uno", "1"],
    ["tres", "3"],
    ["cero", "0"],
    ["miles", "1,200"],
    ["nd", "ND"],
    ["vacio", ""],
    ["pct", "22.2"],
  ]);
  const fill = (body: string) => renderTemplate(body, values).text;

  test("singular and plural forms chosen by the figure", () => {
    assert.equal(fill("De {{uno|# indicador|los # indicadores}}"), "De 1 indicador");
    assert.equal(fill("De {{tres|# indicador|los # indicadores}}"), "De los 3 indicadores");
    assert.equal(fill("{{miles|# valor|# valores}}"), "1,200 valores");
    assert.equal(
      fill("{{uno}} {{uno|tiene|tienen}}, {{tres}} {{tres|tiene|tienen}}"),
      "1 tiene, 3 tienen",
    );
    assert.equal(
      fill("{{cero|=0:ningún indicador|# indicador|# indicadores}}"),
      "ningún indicador",
    );
    assert.equal(fill("{{cero|# indicador|# indicadores}}"), "0 indicadores");
    assert.deepEqual(listPlaceholders("{{uno|a|b}} {{ tres }}"), ["uno", "tres"]);
    assert.deepEqual(renderTemplate("{{nada|a|b}}", values).unknown, ["nada"]);
  });

  test("ND and — print without a percent sign; a figure keeps it", () => {
    assert.equal(fill("es de {{nd}} %, y {{pct}} %."), "es de ND, y 22.2 %.");
    assert.equal(fill("({{nd}}%)"), "(ND)");
    assert.equal(
      fill("nivel ND {{vacio}} de acuerdo; nivel {{vacio}}."),
      "nivel ND de acuerdo; nivel.",
    );
  });
});
