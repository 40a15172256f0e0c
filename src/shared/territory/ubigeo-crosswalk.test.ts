import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSpaceRows, parseTrainingRows } from "./register-rows.ts";
import {
  type CrosswalkEntry,
  canonicalCode,
  createCrosswalk,
  validityProblem,
} from "./ubigeo-crosswalk.ts";

// A slice of reference/geo: the digits 140101 are Lima's Cercado in RENIEC and Chiclayo in
// INEI. San Miguel's validity date is a fixture of this test, not the date of its law.
const entries: CrosswalkEntry[] = [
  {
    inei: "14",
    reniec: "13",
    level: "departamento",
    name: "LAMBAYEQUE",
    parents: "",
    validFrom: null,
    validTo: null,
  },
  {
    inei: "15",
    reniec: "14",
    level: "departamento",
    name: "LIMA",
    parents: "",
    validFrom: null,
    validTo: null,
  },
  {
    inei: "1401",
    reniec: "1301",
    level: "provincia",
    name: "CHICLAYO",
    parents: "LAMBAYEQUE",
    validFrom: null,
    validTo: null,
  },
  {
    inei: "1501",
    reniec: "1401",
    level: "provincia",
    name: "LIMA",
    parents: "LIMA",
    validFrom: null,
    validTo: null,
  },
  {
    inei: "140101",
    reniec: "130101",
    level: "distrito",
    name: "CHICLAYO",
    parents: "CHICLAYO, LAMBAYEQUE",
    validFrom: null,
    validTo: null,
  },
  {
    inei: "150101",
    reniec: "140101",
    level: "distrito",
    name: "LIMA",
    parents: "LIMA, LIMA",
    validFrom: null,
    validTo: null,
  },
  {
    inei: "211105",
    reniec: "200905",
    level: "distrito",
    name: "SAN MIGUEL",
    parents: "SAN ROMAN, PUNO",
    validFrom: "2016-07-02",
    validTo: null,
  },
];
const cw = createCrosswalk(entries);

test("codes are read padded, unpadded or without the leading zero a spreadsheet dropped", () => {
  assert.equal(canonicalCode("150000"), "15");
  assert.equal(canonicalCode("150100"), "1501");
  assert.equal(canonicalCode("1500"), "15");
  assert.equal(canonicalCode("10101"), "010101");
  assert.equal(canonicalCode("4"), "04");
  assert.equal(canonicalCode("15A1"), null);
  assert.equal(canonicalCode("1234567"), null);
});

test("a declared scheme converts; RENIEC 140101 is INEI 150101", () => {
  const r = cw.resolve("140101", "reniec");
  assert.ok(r.ok);
  assert.equal(r.inei, "150101");
  assert.equal(r.converted, true);
  const i = cw.resolve("140101", "inei");
  assert.ok(i.ok && i.inei === "140101" && !i.converted);
  const d = cw.resolve("140000", "reniec");
  assert.ok(d.ok && d.inei === "15");
});

test("undeclared codes that name two places are refused with both candidates; a name decides", () => {
  const r = cw.resolve("140101", "auto");
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.equal(r.problem, "ambiguous");
  assert.deepEqual(
    r.candidates.map((c) => c.label),
    [
      "INEI 140101 = CHICLAYO (CHICLAYO, LAMBAYEQUE), distrito",
      "RENIEC 140101 = LIMA (LIMA, LIMA), distrito → INEI 150101",
    ],
  );
  assert.match(
    r.message,
    /ambiguo: INEI 140101 = CHICLAYO .*; RENIEC 140101 = LIMA .*; indique el sistema/,
  );
  const named = cw.resolve("140101", "auto", "Lima");
  assert.ok(named.ok && named.inei === "150101" && named.converted);
  const wrong = cw.resolve("140101", "auto", "Cusco");
  assert.ok(!wrong.ok && /ninguno se llama «Cusco»/.test(wrong.message));
  // Only one reading exists: no ambiguity.
  const only = cw.resolve("200905", "auto");
  assert.ok(only.ok && only.inei === "211105");
  const unknown = cw.resolve("990101", "reniec");
  assert.ok(!unknown.ok && unknown.problem === "unknown");
});

test("a place has no record before it existed", () => {
  const sanMiguel = cw.byInei("211105") as CrosswalkEntry;
  assert.match(
    validityProblem(sanMiguel, "2015-03-01") ?? "",
    /SAN MIGUEL \(SAN ROMAN, PUNO\), distrito existe desde el 2016-07-02; la fecha 2015-03-01 es anterior/,
  );
  assert.equal(validityProblem(sanMiguel, "2016-07-02", "2017-01-01"), null);
});

test("register rows: problems by row and column; RENIEC file converted", () => {
  const spaces = parseSpaceRows(
    [
      ["nivel", "tipo", "nombre", "ubigeo_reniec", "centro_poblado"],
      ["regional", "mesa", "Mesa regional de Lima", "14", ""],
      ["provincial", "red", "Red de Lima", "140101", ""],
      ["barrial", "mesa", "", "1401", "X"],
    ],
    cw,
  );
  assert.deepEqual(
    spaces.rows.map((r) => [r.row, r.ubigeoCode, r.convertedFromReniec]),
    [[2, "15", true]],
  );
  assert.deepEqual(
    spaces.problems.map((p) => [p.row, p.column]),
    [
      [3, "ubigeo_reniec"],
      [4, "nivel"],
      [4, "nombre"],
      [4, "centro_poblado"],
    ],
  );
  assert.match(
    spaces.problems[0]?.message ?? "",
    /LIMA \(LIMA, LIMA\), distrito no es un provincia/,
  );
  const trainings = parseTrainingRows(
    [
      [
        "curso",
        "modalidad",
        "ubigeo",
        "publico",
        "participantes",
        "mujeres",
        "hombres",
        "fecha_inicio",
        "fecha_fin",
        "entidad",
      ],
      [
        "Curso",
        "virtual",
        "140101",
        "personal_policial",
        "10",
        "6",
        "5",
        "2024-01-01",
        "2024-01-02",
        "pnp",
      ],
      [
        "Curso",
        "virtual",
        "200905",
        "personal_policial",
        "10",
        "",
        "",
        "2015-01-01",
        "2015-01-02",
        "PNP",
      ],
    ],
    cw,
  );
  assert.deepEqual(
    trainings.problems.map((p) => [p.row, p.column]),
    [
      [2, "ubigeo"],
      [2, "mujeres"],
      [3, "fecha_inicio"],
    ],
  );
  const header = parseTrainingRows([["curso", "ubigeo_inei", "ubigeo_reniec"]], cw);
  assert.deepEqual(
    header.problems.map((p) => p.column),
    ["ubigeo", "modalidad", "publico", "participantes", "fecha_inicio", "fecha_fin", "entidad"],
  );
});
