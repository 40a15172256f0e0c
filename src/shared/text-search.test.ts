import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { foldForSearch, searchMatcher } from "./text-search.ts";

describe("accent-insensitive search", () => {
  test("folds accents and case", () => {
    assert.equal(foldForSearch("Protección de VÍCTIMAS, niño"), "proteccion de victimas, nino");
  });

  test("a query without accents finds the accented text, and the other way round", () => {
    assert.ok(searchMatcher("proteccion")("Servicio de protección a víctimas"));
    assert.ok(searchMatcher("PROTECCIÓN")("servicio de proteccion"));
    assert.ok(searchMatcher("  víctimas   proteccion ")("Protección de víctimas"));
    assert.ok(!searchMatcher("proteccion fiscalia")("Protección de víctimas"));
  });

  test("an empty query matches everything", () => {
    assert.ok(searchMatcher("")("x"));
    assert.ok(searchMatcher("   ")(""));
  });
});
