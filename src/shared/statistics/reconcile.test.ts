import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ReconcileCodes, type ReconcileFigure, reconcile } from "./reconcile.ts";

const YEAR_2019 = { type: "anio" as const, start: "2019-01-01", end: "2019-12-31" };
const S1_2019 = { type: "semestre" as const, start: "2019-01-01", end: "2019-06-30" };

let nextId = 1;
function figure(
  values: Partial<ReconcileFigure> & Pick<ReconcileFigure, "source" | "value">,
): ReconcileFigure {
  return {
    id: nextId++,
    sourceLabel: values.source,
    concept: "victim",
    reportedVia: null,
    period: YEAR_2019,
    ubigeo: null,
    sex: null,
    ageBand: null,
    nationality: null,
    exploitationForm: null,
    statute: null,
    unit: "persona",
    definition: "Víctimas",
    version: 1,
    origin: "exportacion",
    provenance: "archivo.csv, fila 2",
    derivation: null,
    ...values,
  };
}

const codes: ReconcileCodes = {
  concepts: new Map([
    ["victim", { label: "Víctimas identificadas", subsetOf: null }],
    ["conviction", { label: "Condenas", subsetOf: null }],
    ["conviction_final", { label: "Condenas confirmadas o firmes", subsetOf: "conviction" }],
  ]),
  dimensions: {
    sex: new Map([
      ["F", { parent: null, partition: "sexo" }],
      ["M", { parent: null, partition: "sexo" }],
    ]),
    ageBand: new Map([
      ["menor_18", { parent: null, partition: "edad" }],
      ["adulto", { parent: null, partition: "edad" }],
      ["menor_14", { parent: "menor_18", partition: "penal" }],
      ["14_17", { parent: "menor_18", partition: "penal" }],
      ["12_17", { parent: "menor_18", partition: "nna" }],
    ]),
    nationality: new Map([
      ["EXT", { parent: null, partition: "origen" }],
      ["VEN", { parent: "EXT", partition: "pais" }],
      ["COL", { parent: "EXT", partition: "pais" }],
    ]),
    exploitationForm: new Map(),
    statute: new Map(),
  },
};

describe("reconciliation of a year", () => {
  test("three sources side by side, differences from the largest, causes, and the unknown overlap's bounds", () => {
    const r = reconcile(
      [
        figure({ source: "PNP-RETA", value: 765 }),
        figure({ source: "PNP-DIRCTPTIM", value: 1054 }),
        figure({ source: "MP-FISTRAP", value: 476 }),
      ],
      [
        {
          concept: "victim",
          source: "MP-FISTRAP",
          periodStart: "2019-01-01",
          periodEnd: "2019-12-31",
          cause: "clasificacion",
          explanation: "Solo art. 153 hasta noviembre.",
          citation: "002:265-275",
        },
      ],
      [
        {
          concept: "victim",
          periodStart: "2019-01-01",
          periodEnd: "2019-12-31",
          sources: ["PNP-RETA", "PNP-DIRCTPTIM", "MP-FISTRAP"],
          method: "desconocida",
          overlap: null,
          basis: "No estuvo claro…",
          citation: "002:338-342",
        },
      ],
      codes,
    );
    assert.equal(r.groups.length, 1);
    const g = r.groups[0];
    assert.ok(g);
    assert.deepEqual(
      g.entries.map((e) => [e.source, e.value, e.differenceFromMax, e.causes.length]),
      [
        ["MP-FISTRAP", 476, -578, 1],
        ["PNP-DIRCTPTIM", 1054, 0, 0],
        ["PNP-RETA", 765, -289, 0],
      ],
    );
    assert.deepEqual(g.deduplication[0], {
      unit: "persona",
      sources: ["MP-FISTRAP", "PNP-DIRCTPTIM", "PNP-RETA"],
      sum: 2295,
      max: 1054,
      method: "desconocida",
      deduplicated: null,
      adjustment: null,
      basis: "No estuvo claro…",
      citation: "002:338-342",
    });
    assert.deepEqual(
      r.flags.map((f) => [f.kind, f.severity]),
      [["diferencia_sin_causa", "sin_explicar"]],
    );
    assert.match(r.flags[0]?.message ?? "", /PNP-DIRCTPTIM, PNP-RETA/);
  });

  test("DATIM de-duplication: sum, maximum, declared overlap (adjustment ≤ 0), and an impossible declaration", () => {
    const run = (method: "suma" | "maximo" | "declarada", overlap: number | null) =>
      reconcile(
        [figure({ source: "A", value: 100 }), figure({ source: "B", value: 60 })],
        [],
        [
          {
            concept: "victim",
            periodStart: "2019-01-01",
            periodEnd: "2019-12-31",
            sources: ["B", "A"],
            method,
            overlap,
            basis: "",
            citation: "",
          },
        ],
        codes,
      );
    const dedup = (r: ReturnType<typeof run>) => r.groups[0]?.deduplication[0];
    assert.deepEqual(
      [dedup(run("suma", null))?.deduplicated, dedup(run("suma", null))?.adjustment],
      [160, 0],
    );
    assert.deepEqual(
      [dedup(run("maximo", null))?.deduplicated, dedup(run("maximo", null))?.adjustment],
      [100, -60],
    );
    const declared = run("declarada", 25);
    assert.deepEqual([dedup(declared)?.deduplicated, dedup(declared)?.adjustment], [135, -25]);
    assert.equal(declared.flags.filter((f) => f.severity === "incompatible").length, 0);
    const impossible = run("declarada", 80);
    assert.ok(impossible.flags.some((f) => f.kind === "superposicion_imposible"));
  });

  test("one source with two values for one thing cannot be right twice", () => {
    const r = reconcile(
      [
        figure({ source: "MP", value: 663, reportedVia: "servicio 35" }),
        figure({ source: "MP", value: 850, reportedVia: "servicio 36" }),
      ],
      [],
      [],
      codes,
    );
    const f = r.flags.find((x) => x.kind === "misma_fuente_distinto_valor");
    assert.ok(f);
    assert.equal(f.severity, "incompatible");
    assert.match(f.message, /MP informa 663 \(vía servicio 35\), 850 \(vía servicio 36\)/);
    // Equal figures through two channels agree: nothing to flag.
    const same = reconcile(
      [
        figure({ source: "MP", value: 663, reportedVia: "a" }),
        figure({ source: "MP", value: 663, reportedVia: "b" }),
      ],
      [],
      [],
      codes,
    );
    assert.equal(same.flags.length, 0);
  });

  test("a part above its total, disjoint parts summing above it, and overlapping partitions left alone", () => {
    const r = reconcile(
      [
        figure({ source: "S", value: 100 }),
        figure({ source: "S", value: 120, sex: "F" }),
        figure({ source: "S", value: 70, ageBand: "menor_18" }),
        figure({ source: "S", value: 40, ageBand: "adulto" }),
        // Two partitions of the under-18s overlap: 14-17 and 12-17 are not summed together.
        figure({ source: "S", value: 60, ageBand: "14_17" }),
        figure({ source: "S", value: 65, ageBand: "12_17" }),
      ],
      [],
      [],
      codes,
    );
    const kinds = r.flags.map((f) => f.kind).sort();
    assert.deepEqual(kinds, ["parte_mayor_que_total", "partes_suman_mas_que_total"]);
    assert.match(
      r.flags.find((f) => f.kind === "partes_suman_mas_que_total")?.message ?? "",
      /grupo de edad suman 110, más que el total 100/,
    );
  });

  test("foreign victims by country checked against the foreign total; departments against the nation", () => {
    const ok = reconcile(
      [
        figure({ source: "G", value: 454, nationality: "EXT" }),
        figure({ source: "G", value: 301, nationality: "VEN" }),
        figure({ source: "G", value: 55, nationality: "COL" }),
      ],
      [],
      [],
      codes,
    );
    assert.equal(ok.flags.length, 0);
    const bad = reconcile(
      [
        figure({ source: "G", value: 10 }),
        figure({ source: "G", value: 6, ubigeo: "04" }),
        figure({ source: "G", value: 5, ubigeo: "08" }),
      ],
      [],
      [],
      codes,
    );
    assert.deepEqual(
      bad.flags.map((f) => f.kind),
      ["partes_suman_mas_que_total"],
    );
    assert.match(bad.flags[0]?.message ?? "", /por territorio suman 11/);
  });

  test("a semester above its year, and a subset concept above its whole across sources", () => {
    const r = reconcile(
      [
        figure({ source: "S", value: 50 }),
        figure({ source: "S", value: 70, period: S1_2019 }),
        figure({ source: "PJ", concept: "conviction", value: 22, unit: "sentencia" }),
        figure({ source: "MININTER", concept: "conviction_final", value: 69, unit: "sentencia" }),
      ],
      [],
      [],
      codes,
    );
    assert.deepEqual(r.flags.map((f) => f.kind).sort(), ["subconcepto_mayor", "subperiodo_mayor"]);
    assert.match(
      r.flags.find((f) => f.kind === "subconcepto_mayor")?.message ?? "",
      /69 \(Condenas confirmadas o firmes\) es más que 22 \(Condenas\) de PJ/,
    );
  });

  test("shares are compared, never summed or de-duplicated", () => {
    const r = reconcile(
      [
        figure({ source: "A", value: 73.2, unit: "porcentaje", sex: "F" }),
        figure({ source: "B", value: 96.6, unit: "porcentaje", sex: "F" }),
      ],
      [],
      [],
      codes,
    );
    const g = r.groups[0];
    assert.deepEqual(g?.deduplication, []);
    assert.deepEqual(
      g?.entries.map((e) => e.differenceFromMax),
      [null, null],
    );
  });
});
