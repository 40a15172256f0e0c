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
