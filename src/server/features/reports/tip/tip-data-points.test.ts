import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { answerFigureQuery, partsAddUp, type TipFigure } from "./tip-data-points.builder.ts";
import { countTablesOf } from "./tip-tables.builder.ts";

let nextId = 1;
function fig(
  source: string,
  value: number,
  dims: Partial<TipFigure["dimensions"]> = {},
  extra: Partial<TipFigure> = {},
): TipFigure {
  return {
    id: nextId++,
    source,
    sourceLabel: source,
    concept: "victim",
    reportedVia: null,
    ubigeo: null,
    dimensions: {
      sex: null,
      ageBand: null,
      nationality: null,
      exploitationForm: null,
      statute: null,
      ...dims,
    },
    value,
    unit: "persona",
    definition: "d",
    provenance: { document: null, location: null },
    origin: "transcripcion",
    enteredByFocalPoint: false,
    ...extra,
  };
}

describe("TIP data points answered from figures", () => {
  const reta = fig("PNP-RETA", 765);
  const girls = fig("PNP-RETA", 148, { sex: "F", ageBand: "menor_18" });
  const boys = fig("PNP-RETA", 38, { sex: "M", ageBand: "menor_18" });
  const adults = fig("PNP-RETA", 579, { ageBand: "adulto" });
  const fistrap = fig("MP-FISTRAP", 476);
  const share = fig("MP-FISTRAP", 73.2, { sex: "F" }, { unit: "porcentaje" });
  const all = [reta, girls, boys, adults, fistrap, share];

  test("a total per source with its sex and age parts; shares are left out", () => {
    const a = answerFigureQuery(
      {
        concepts: ["victim"],
        where: { nationality: null },
        parts: ["sex", "ageBand"],
        requireParts: true,
      },
      all,
    );
    assert.equal(a.status, "datos");
    const r = a.groups.find((g) => g.source === "PNP-RETA");
    assert.equal(r?.total?.value, 765);
    assert.deepEqual(
      r?.parts.map((p) => p.label),
      ["F · menor_18", "M · menor_18", "adulto"],
    );
    assert.ok(r && partsAddUp(r));
    assert.equal(a.groups.find((g) => g.source === "MP-FISTRAP")?.parts.length, 0);
  });

  test("a point that is its disaggregation is not available without parts", () => {
    const a = answerFigureQuery(
      { concepts: ["victim"], parts: ["exploitationForm"], requireParts: true },
      all,
    );
    assert.deepEqual(a, { groups: [], status: "no_disponible" });
    assert.equal(answerFigureQuery({ concepts: ["sentence"] }, all).status, "no_disponible");
  });

  test("a figure uploaded by a focal point makes the status punto_focal", () => {
    const uploaded = fig(
      "MIMP-CEM",
      40,
      {},
      { concept: "service_episode", enteredByFocalPoint: true },
    );
    assert.equal(
      answerFigureQuery({ concepts: ["service_episode"] }, [uploaded]).status,
      "punto_focal",
    );
  });

  test("a declared total code (EXT) is the total of the nationalities", () => {
    const ext = fig("GOB-NE", 57, { nationality: "EXT" });
    const ven = fig("GOB-NE", 55, { nationality: "VEN" });
    const pan = fig("GOB-NE", 1, { nationality: "PAN" });
    const bol = fig("GOB-NE", 1, { nationality: "BOL" });
    const a = answerFigureQuery(
      {
        concepts: ["victim"],
        where: { nationality: "*" },
        parts: ["nationality"],
        totalCodes: { nationality: "EXT" },
      },
      [ext, ven, pan, bol, reta],
    );
    assert.equal(a.groups.length, 1);
    assert.equal(a.groups[0]?.total?.id, ext.id);
    // One hierarchy: the total and its three parts, keyed by figure id.
    const tables = countTablesOf([
      { current: a, previous: { groups: [], status: "no_disponible" } },
    ]);
    assert.equal(tables.length, 1);
    const root = tables[0]?.kind === "hierarchy" ? tables[0].root : null;
    assert.equal(root?.parts?.length, 3);
  });

  test("a figure answering two points is one cell", () => {
    const byTotal = answerFigureQuery(
      { concepts: ["victim"], where: { sex: null, ageBand: null, nationality: null } },
      all,
    );
    const bySexAge = answerFigureQuery(
      { concepts: ["victim"], where: { nationality: null }, parts: ["sex", "ageBand"] },
      all,
    );
    const none = { groups: [], status: "no_disponible" as const };
    const tables = countTablesOf([
      { current: byTotal, previous: none },
      { current: bySexAge, previous: none },
    ]);
    const keys = tables.flatMap((t) => {
      const walk = (n: { key: string; parts?: readonly { key: string }[] }): string[] => [
        n.key,
        ...(n.parts ?? []).flatMap((p) => walk(p)),
      ];
      return t.kind === "hierarchy" ? walk(t.root) : [];
    });
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(keys.filter((k) => k === `cifra:${reta.id}`).length, 1);
  });
});
