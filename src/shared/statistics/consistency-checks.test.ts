import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  additive,
  checkSeries,
  checkSubsetConcepts,
  describeCell,
  dimKey,
  type Flagger,
  fmt,
} from "./consistency-checks.ts";
import { formatPeriod, isStrictSubperiod, type Period } from "./period.ts";
import type { ReconcileCodes, ReconcileFigure, ReconcileFlag } from "./reconcile-types.ts";
import { DIMENSION_LABELS, DIMENSIONS, type StatDimension } from "./statistics-codes.ts";

/**
 * The indexed series checks against their specification: the scan of every pair of figures
 * the register first shipped with (kept here, verbatim in what it decides and in the order it
 * reports), on random series; and a count of code look-ups that grows with the series' size
 * for the indexed checks and with its square for the scan.
 */

const label = (f: ReconcileFigure) =>
  `${f.sourceLabel}${f.reportedVia ? ` vía ${f.reportedVia}` : ""}`;

function containsCode(
  tree: ReadonlyMap<string, { parent: string | null }>,
  outer: string | null,
  inner: string | null,
): boolean {
  if (outer === null) return true;
  let code = inner;
  for (let guard = 0; code !== null && guard < 20; guard++) {
    if (code === outer) return true;
    code = tree.get(code)?.parent ?? null;
  }
  return false;
}

function containsCell(codes: ReconcileCodes, outer: ReconcileFigure, inner: ReconcileFigure) {
  if (outer.ubigeo !== null && !(inner.ubigeo ?? "").startsWith(outer.ubigeo)) return false;
  return DIMENSIONS.every((d) => containsCode(codes.dimensions[d], outer[d], inner[d]));
}

/** The pairwise scan: every figure of a series against every other. */
function pairwiseSeries(figures: readonly ReconcileFigure[], codes: ReconcileCodes, flag: Flagger) {
  const bySeries = new Map<string, ReconcileFigure[]>();
  for (const f of figures) {
    if (!additive(f.unit)) continue;
    const key = `${f.source}|${f.concept}|${f.unit}|${f.reportedVia ?? ""}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), f]);
  }
  for (const series of bySeries.values()) {
    for (const outer of series) {
      for (const inner of series) {
        if (inner === outer) continue;
        const samePeriod =
          inner.period.start === outer.period.start && inner.period.end === outer.period.end;
        if (samePeriod && dimKey(inner) !== dimKey(outer) && containsCell(codes, outer, inner)) {
          if (inner.value > outer.value)
            flag(
              {
                kind: "parte_mayor_que_total",
                severity: "incompatible",
                message: `${label(inner)}: ${fmt(inner.value)}${describeCell(inner)} es mayor que su total ${fmt(outer.value)}${describeCell(outer)}.`,
                figureIds: [inner.id, outer.id],
              },
              inner,
              outer,
            );
        } else if (
          dimKey(inner) === dimKey(outer) &&
          isStrictSubperiod(inner.period, outer.period) &&
          inner.value > outer.value
        )
          flag(
            {
              kind: "subperiodo_mayor",
              severity: "incompatible",
              message: `${label(inner)}: ${fmt(inner.value)} en ${formatPeriod(inner.period)} es más que ${fmt(outer.value)} en ${formatPeriod(outer.period)}, que lo contiene.`,
              figureIds: [inner.id, outer.id],
            },
            inner,
            outer,
          );
      }
      const partsOf = new Map<string, ReconcileFigure[]>();
      for (const inner of series) {
        if (inner.period.start !== outer.period.start || inner.period.end !== outer.period.end)
          continue;
        for (const d of DIMENSIONS) {
          if (inner[d] === outer[d] || inner[d] === null) continue;
          const others = DIMENSIONS.every((o) => o === d || inner[o] === outer[o]);
          const info = codes.dimensions[d].get(inner[d] as string);
          if (!others || inner.ubigeo !== outer.ubigeo || !info || info.parent !== outer[d])
            continue;
          const key = `${d}|${info.partition ?? ""}`;
          partsOf.set(key, [...(partsOf.get(key) ?? []), inner]);
        }
        const sameDims = DIMENSIONS.every((o) => inner[o] === outer[o]);
        const childLevel = outer.ubigeo === null ? 2 : outer.ubigeo.length + 2;
        if (
          sameDims &&
          inner.ubigeo !== null &&
          inner.ubigeo.length === childLevel &&
          inner.ubigeo.startsWith(outer.ubigeo ?? "")
        )
          partsOf.set("ubigeo", [...(partsOf.get("ubigeo") ?? []), inner]);
      }
      for (const [key, parts] of partsOf) {
        if (parts.length < 2) continue;
        const sum = parts.reduce((s, p) => s + p.value, 0);
        if (sum <= outer.value) continue;
        const what =
          key === "ubigeo" ? "territorio" : DIMENSION_LABELS[key.split("|")[0] as StatDimension];
        flag(
          {
            kind: "partes_suman_mas_que_total",
            severity: "incompatible",
            message: `${label(outer)}: las partes por ${what} suman ${fmt(sum)}, más que el total ${fmt(outer.value)}${describeCell(outer)} (${formatPeriod(outer.period)}).`,
            figureIds: [...parts.map((p) => p.id), outer.id],
          },
          outer,
          ...parts,
        );
      }
    }
  }
}

function pairwiseSubsets(
  figures: readonly ReconcileFigure[],
  codes: ReconcileCodes,
  flag: Flagger,
) {
  for (const sub of figures) {
    const whole = codes.concepts.get(sub.concept)?.subsetOf;
    if (!whole || !additive(sub.unit)) continue;
    for (const f of figures)
      if (
        f.concept === whole &&
        f.unit === sub.unit &&
        f.period.start === sub.period.start &&
        f.period.end === sub.period.end &&
        dimKey(f) === dimKey(sub) &&
        sub.value > f.value
      )
        flag(
          {
            kind: "subconcepto_mayor",
            severity: "incompatible",
            message: `${label(sub)}: ${fmt(sub.value)} (${codes.concepts.get(sub.concept)?.label}) es más que ${fmt(f.value)} (${codes.concepts.get(whole)?.label}) de ${label(f)} en ${formatPeriod(sub.period)}, y lo primero es parte de lo segundo.`,
            figureIds: [sub.id, f.id],
          },
          sub,
          f,
        );
  }
}

/** Every finding with the figures handed along with it, in order. */
function findings(
  check: (figures: readonly ReconcileFigure[], codes: ReconcileCodes, flag: Flagger) => void,
  figures: readonly ReconcileFigure[],
  codes: ReconcileCodes,
) {
  const out: { flag: ReconcileFlag; members: number[] }[] = [];
  check(figures, codes, (flag, ...members) =>
    out.push({ flag, members: members.map((m) => m.id) }),
  );
  return out;
}

const tree = (entries: [string, string | null, string | null][]) =>
  new Map(entries.map(([code, parent, partition]) => [code, { parent, partition }]));

const CODES: ReconcileCodes = {
  concepts: new Map([
    ["victim", { label: "Víctimas", subsetOf: null }],
    ["conviction", { label: "Condenas", subsetOf: null }],
    ["conviction_final", { label: "Condenas firmes", subsetOf: "conviction" }],
  ]),
  dimensions: {
    sex: tree([
      ["F", null, "sexo"],
      ["M", null, "sexo"],
    ]),
    ageBand: tree([
      ["menor_18", null, "edad"],
      ["adulto", null, "edad"],
      ["menor_14", "menor_18", "penal"],
      ["14_17", "menor_18", "penal"],
      ["12_17", "menor_18", null],
    ]),
    nationality: tree([
      ["EXT", null, "origen"],
      ["VEN", "EXT", "pais"],
      ["COL", "EXT", "pais"],
    ]),
    // A cycle (bad data): the walk up the tree stops after 20 steps in both.
    exploitationForm: tree([
      ["A", "B", "x"],
      ["B", "A", "x"],
    ]),
    statute: new Map(),
  },
};

const PERIODS: Period[] = [
  { type: "anio", start: "2024-01-01", end: "2024-12-31" },
  { type: "semestre", start: "2024-01-01", end: "2024-06-30" },
  { type: "trimestre", start: "2024-01-01", end: "2024-03-31" },
  { type: "mes", start: "2024-01-01", end: "2024-01-31" },
  { type: "mes", start: "2024-02-01", end: "2024-02-29" },
];

const VALUES = {
  source: ["A", "B"],
  concept: ["victim", "conviction_final", "conviction"],
  reportedVia: [null, "TIP"],
  period: PERIODS,
  ubigeo: [null, "15", "1501", "150101", "150102", "1502", "", "16", "1"],
  sex: [null, "F", "M"],
  ageBand: [null, "menor_18", "menor_14", "14_17", "12_17", "adulto", "otro"],
  nationality: [null, "EXT", "VEN", "COL"],
  exploitationForm: [null, "A", "B"],
  statute: [null, "153", ""],
  unit: ["persona", "porcentaje"],
};

/**
 * Series drawn from a few values of each field, chosen per run: figures must share cells and
 * periods to be compared at all.
 */
const seriesArb = fc
  .record(
    Object.fromEntries(
      Object.entries(VALUES).map(([k, values]) => [
        k,
        fc.subarray(values as unknown[], { minLength: 1, maxLength: Math.min(3, values.length) }),
      ]),
    ) as { [K in keyof typeof VALUES]: fc.Arbitrary<(typeof VALUES)[K]> },
  )
  .chain((vocabulary) =>
    fc.array(
      fc.record({
        ...(Object.fromEntries(
          Object.entries(vocabulary).map(([k, values]) => [k, fc.constantFrom(...values)]),
        ) as { [K in keyof typeof VALUES]: fc.Arbitrary<(typeof VALUES)[K][number]> }),
        value: fc.integer({ min: 0, max: 30 }),
      }),
      { minLength: 10, maxLength: 60 },
    ),
  );

type Row = Omit<
  ReconcileFigure,
  "id" | "sourceLabel" | "definition" | "version" | "origin" | "provenance" | "derivation"
>;

function build(rows: Row[]): ReconcileFigure[] {
  return rows.map((r, i) => ({
    ...r,
    id: i + 1,
    sourceLabel: `Fuente ${r.source}`,
    definition: "d",
    version: 1,
    origin: "exportacion",
    provenance: "archivo.csv",
    derivation: null,
  }));
}

describe("series and subset checks, indexed", () => {
  test("find what the scan of every pair finds, in the same order", () => {
    fc.assert(
      fc.property(seriesArb, (rows) => {
        const figures = build(rows as Row[]);
        assert.deepEqual(
          findings(checkSeries, figures, CODES),
          findings(pairwiseSeries, figures, CODES),
        );
        assert.deepEqual(
          findings(checkSubsetConcepts, figures, CODES),
          findings(pairwiseSubsets, figures, CODES),
        );
      }),
      { numRuns: 400 },
    );
  });

  test("the same figure twice in one series is compared like any two", () => {
    const [f] = build([
      {
        source: "A",
        concept: "victim",
        reportedVia: null,
        period: PERIODS[0] as Period,
        ubigeo: "15",
        sex: "F",
        ageBand: null,
        nationality: null,
        exploitationForm: null,
        statute: null,
        value: 5,
        unit: "persona",
      },
    ]);
    const figures = [f, { ...f, id: 2, value: 7 }] as ReconcileFigure[];
    assert.deepEqual(
      findings(checkSeries, figures, CODES),
      findings(pairwiseSeries, figures, CODES),
    );
  });

  test("look codes up about as often as there are figures, not pairs", () => {
    // One month of one series: every district of 8 provinces by sex, with its totals. The scan
    // looks a code up for most pairs; the indexed checks a bounded number of times per figure.
    let lookUps = 0;
    const counted = <V>(map: ReadonlyMap<string, V>): ReadonlyMap<string, V> =>
      new Proxy(map as Map<string, V>, {
        get(target, prop) {
          if (prop === "get")
            return (key: string) => {
              lookUps += 1;
              return target.get(key);
            };
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    const codes: ReconcileCodes = {
      concepts: CODES.concepts,
      dimensions: Object.fromEntries(
        DIMENSIONS.map((d) => [d, counted(CODES.dimensions[d])]),
      ) as ReconcileCodes["dimensions"],
    };
    const rows: Row[] = [];
    const base = {
      source: "A",
      concept: "victim",
      reportedVia: null,
      period: PERIODS[3] as Period,
      ageBand: null,
      nationality: null,
      exploitationForm: null,
      statute: null,
      unit: "persona",
    };
    for (let p = 1; p <= 8; p++)
      for (let d = 0; d <= 20; d++) {
        const ubigeo = `15${String(p).padStart(2, "0")}${d === 0 ? "" : String(d).padStart(2, "0")}`;
        for (const sex of [null, "F", "M"])
          rows.push({ ...base, ubigeo, sex, value: (d === 0 ? 20 : 3) * (sex === null ? 2 : 1) });
      }
    const figures = build(rows);
    const n = figures.length;
    const found = findings(checkSeries, figures, codes);
    assert.ok(lookUps <= 20 * n, `${lookUps} code look-ups for ${n} figures`);
    // Each province's 20 districts add up to more than it, in each sex and in total (60 > 20).
    assert.equal(found.filter((f) => f.flag.kind === "partes_suman_mas_que_total").length, 24);
    lookUps = 0;
    const scanned = findings(pairwiseSeries, figures, codes);
    assert.ok(lookUps > 20 * n, `the scan: ${lookUps} look-ups`);
    assert.deepEqual(found, scanned);
  });
});
