import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  foldText,
  normaliseDocument,
  normaliseName,
  normaliseNationality,
  normaliseSex,
  normaliseSurnames,
  parseBirthDate,
  phoneticFold,
  surnameCode,
} from "./normalise.ts";
import { tokenize } from "./victim-record.ts";

describe("name normalisation", () => {
  test("lower case, no accents, ñ kept, spaces and punctuation collapsed", () => {
    assert.equal(foldText("  MARÍA  de los Ángeles "), "maria de los angeles");
    assert.equal(foldText("Peña-Núñez"), "peña nuñez");
    assert.notEqual(foldText("Peña"), foldText("Pena"));
  });

  test("particles de, del, de la, de los, y are dropped", () => {
    assert.equal(normaliseName("María de los Ángeles"), "maria angeles");
    assert.equal(normaliseName("De la Cruz"), "cruz");
    assert.equal(normaliseName("del Castillo"), "castillo");
    assert.equal(normaliseName("Juan y José"), "juan jose");
    // Only particles: kept rather than lost.
    assert.equal(normaliseName("De la"), "de la");
  });

  test("surnames in either order are the same text when order-independent", () => {
    const a = normaliseSurnames("Quispe", "Mamani", { orderIndependent: true });
    const b = normaliseSurnames("MAMANI", "quispe", { orderIndependent: true });
    assert.equal(a, b);
    assert.equal(a, "mamani quispe");
    assert.equal(normaliseSurnames("Quispe", "Mamani"), "quispe mamani");
    assert.equal(normaliseSurnames("Quispe", ""), "quispe");
  });

  test("phonetic folding merges ll/y, z/s/c, b/v, silent h, qu/k", () => {
    assert.equal(phoneticFold("llupanqui"), phoneticFold("yupanki"));
    assert.equal(phoneticFold("vasquez"), phoneticFold("basques"));
    assert.equal(phoneticFold("cecilia"), phoneticFold("sesilia"));
    assert.equal(phoneticFold("huaman"), phoneticFold("uaman"));
    assert.equal(phoneticFold("chavez"), "chabes");
    assert.equal(phoneticFold("guerra"), "gera");
    assert.equal(phoneticFold("gerardo"), "jerardo");
    assert.equal(normaliseName("Llanos Vásquez", { phonetic: true }), "yanos baskes");
  });

  test("the surname code agrees across typical spellings and differs across surnames", () => {
    assert.equal(surnameCode("Vásquez"), surnameCode("Basquez"));
    assert.equal(surnameCode("Yupanqui"), surnameCode("Llupanqui"));
    assert.equal(surnameCode("Quispe"), surnameCode("Kispe"));
    assert.notEqual(surnameCode("Quispe"), surnameCode("Mamani"));
    assert.equal(surnameCode("De la Cruz"), surnameCode("Cruz"));
  });
});

describe("other fields", () => {
  test("dates: ISO, partial, DD/MM/AAAA; impossible dates are errors", () => {
    assert.deepEqual(parseBirthDate("2007-02-09"), { year: 2007, month: 2, day: 9 });
    assert.deepEqual(parseBirthDate("2007-02"), { year: 2007, month: 2, day: null });
    assert.deepEqual(parseBirthDate("2007"), { year: 2007, month: null, day: null });
    assert.deepEqual(parseBirthDate("09/02/2007"), { year: 2007, month: 2, day: 9 });
    assert.equal(parseBirthDate(""), null);
    for (const bad of ["2007-13-01", "2007-02-30", "2005-02-29", "07-02-2007", "1850", "ayer"]) {
      assert.equal(parseBirthDate(bad), "invalid", bad);
    }
    assert.deepEqual(parseBirthDate("2004-02-29"), { year: 2004, month: 2, day: 29 });
  });

  test("a partial date shares its known tokens with the full one", () => {
    const full = tokenize("20070209", { type: "dateParts" });
    const year = tokenize("2007????", { type: "dateParts" });
    assert.deepEqual(year, ["a2007"]);
    assert.ok(full.includes("a2007") && full.length === 4);
    // Day and month swapped still share the unordered pair.
    const swapped = tokenize("20070902", { type: "dateParts" });
    assert.ok(swapped.includes("md0209") && full.includes("md0209"));
  });

  test("sex, nationality and document", () => {
    assert.equal(normaliseSex("Mujer"), "f");
    assert.equal(normaliseSex("varón"), "m");
    assert.equal(normaliseSex(""), null);
    assert.equal(normaliseSex("x"), "invalid");
    assert.equal(normaliseNationality("venezolana"), "VEN");
    assert.equal(normaliseNationality("Colombiano"), "COL");
    assert.equal(normaliseNationality("ecu"), "ECU");
    assert.equal(normaliseNationality("per"), "PER");
    assert.equal(normaliseNationality("marciana"), "invalid");
    assert.equal(normaliseDocument("DNI", "4512 3456"), "DNI:45123456");
    assert.equal(normaliseDocument("pas", "v-123.456"), "PAS:V123456");
    assert.equal(normaliseDocument("", ""), null);
    assert.equal(normaliseDocument("DNI", "123"), "invalid");
    assert.equal(normaliseDocument("", "45123456"), "invalid");
  });

  test("bigrams are padded; positional unigrams carry their place", () => {
    assert.deepEqual(tokenize("ana", { type: "ngram", n: 2, positional: false }), [
      " a",
      "an",
      "na",
      "a ",
    ]);
    assert.deepEqual(tokenize("12", { type: "ngram", n: 1, positional: true }), ["0:1", "1:2"]);
  });
});
