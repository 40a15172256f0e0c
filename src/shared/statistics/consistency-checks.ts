import { formatPeriod, isStrictSubperiod } from "./period.ts";
import type { ReconcileCodes, ReconcileFigure, ReconcileFlag } from "./reconcile-types.ts";
import {
  DIMENSION_LABELS,
  DIMENSIONS,
  NON_ADDITIVE_UNITS,
  type StatDimension,
} from "./statistics-codes.ts";

/**
 * The checks of a reconciliation that look inside one source's series and across concepts
 * (pure): a part above its total, disjoint parts above it, a semester above its year, a subset
 * concept above its whole. Each finding is handed to `flag` with the figures it concerns.
 */

export type Flagger = (flag: ReconcileFlag, ...members: ReconcileFigure[]) => void;

export const fmt = (n: number) => n.toLocaleString("en-US");
export const additive = (unit: string) => !NON_ADDITIVE_UNITS.has(unit);

export function dimKey(f: Pick<ReconcileFigure, StatDimension | "ubigeo">): string {
  return [f.ubigeo ?? "", ...DIMENSIONS.map((d) => f[d] ?? "")].join("|");
}

export function groupKey(f: ReconcileFigure): string {
  return `${f.concept}|${f.period.start}|${f.period.end}|${dimKey(f)}`;
}

export function describeCell(f: ReconcileFigure): string {
  const parts = DIMENSIONS.filter((d) => f[d] !== null).map(
    (d) => `${DIMENSION_LABELS[d]} ${f[d]}`,
  );
  if (f.ubigeo) parts.unshift(`ubigeo ${f.ubigeo}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function label(f: ReconcileFigure): string {
  return `${f.sourceLabel}${f.reportedVia ? ` vía ${f.reportedVia}` : ""}`;
}

/** Figures grouped under a key, each list in input order. */
function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

// A dimension's value in a key: null apart from every code (even an empty one).
const NULL = "\u0000";
const dimValue = (v: string | null) => v ?? NULL;
const dimsKey = (f: ReconcileFigure, blank?: StatDimension) =>
  DIMENSIONS.map((d) => (d === blank ? "*" : dimValue(f[d]))).join("|");
/** A cell as containment compares it: a null territory contains what the empty one does. */
const cellKey = (ubigeo: string, dims: readonly string[]) => `${ubigeo}|${dims.join("|")}`;

/** `code` and its ancestors (as containsCode walks them), null last: every value containing it. */
function containingValues(
  tree: ReadonlyMap<string, { parent: string | null }>,
  code: string | null,
): string[] {
  const out = new Set<string>();
  let c = code;
  for (let guard = 0; c !== null && guard < 20; guard++) {
    out.add(c);
    c = tree.get(c)?.parent ?? null;
  }
  out.add(NULL);
  return [...out];
}

interface Indexed {
  f: ReconcileFigure;
  /** Position in its series: findings are reported in the order the pairwise scan gave. */
  i: number;
}

/**
 * The figures of one series and one period whose cell contains `inner`'s, found through the
 * cells present rather than by comparing with every figure: each of the territory's prefixes
 * and each ancestor of each dimension's code, crossed, kept only where some figure has it.
 */
function containingCells(
  codes: ReconcileCodes,
  inner: ReconcileFigure,
  byCell: ReadonlyMap<string, Indexed[]>,
  present: { ubigeo: ReadonlySet<string>; dims: readonly ReadonlySet<string>[] },
): Indexed[] {
  const ubigeo = inner.ubigeo ?? "";
  const prefixes: string[] = [];
  for (let n = 0; n <= ubigeo.length; n++) {
    const p = ubigeo.slice(0, n);
    if (present.ubigeo.has(p)) prefixes.push(p);
  }
  let combos: string[][] = [[]];
  for (const [j, d] of DIMENSIONS.entries()) {
    const values = containingValues(codes.dimensions[d], inner[d]).filter((v) =>
      present.dims[j]?.has(v),
    );
    if (values.length === 0) return [];
    combos = combos.flatMap((c) => values.map((v) => [...c, v]));
  }
  const out: Indexed[] = [];
  for (const p of prefixes)
    for (const c of combos) for (const x of byCell.get(cellKey(p, c)) ?? []) out.push(x);
  return out;
}

export function checkSeries(
  figures: readonly ReconcileFigure[],
  codes: ReconcileCodes,
  flag: Flagger,
): void {
  // Figures of one source and concept, in one unit and through one channel, compared cell with
  // cell (a part against its total) and period with period (a semester against its year). Each
  // comparison looks its candidates up by period and cell, so a series costs about its size
  // times its cells' depth, not its size squared; findings come out in the order of a scan of
  // every pair (outer figure, then inner figure, in input order).
  const bySeries = groupBy(
    figures.filter((f) => additive(f.unit)),
    (f) => `${f.source}|${f.concept}|${f.unit}|${f.reportedVia ?? ""}`,
  );
  for (const list of bySeries.values()) {
    const series: Indexed[] = list.map((f, i) => ({ f, i }));
    // Per outer figure (by position): the inner figures it is compared with, and how.
    const pairs: { inner: Indexed; kind: "parte" | "subperiodo" }[][] = series.map(() => []);

    // A part above its total: same period, a different cell within the total's.
    const byPeriod = groupBy(series, (x) => `${x.f.period.start}|${x.f.period.end}`);
    const periodIndex = new Map<string, PeriodIndex>();
    for (const [key, members] of byPeriod) {
      const index = indexPeriod(codes, members);
      periodIndex.set(key, index);
      for (const inner of members)
        for (const outer of containingCells(codes, inner.f, index.byCell, index.present))
          if (
            outer !== inner &&
            dimKey(inner.f) !== dimKey(outer.f) &&
            inner.f.value > outer.f.value
          )
            pairs[outer.i]?.push({ inner, kind: "parte" });
    }
    // A shorter period above one containing it, in the same cell.
    for (const cell of groupBy(series, (x) => dimKey(x.f)).values())
      for (const outer of cell)
        for (const inner of cell)
          if (
            inner !== outer &&
            isStrictSubperiod(inner.f.period, outer.f.period) &&
            inner.f.value > outer.f.value
          )
            pairs[outer.i]?.push({ inner, kind: "subperiodo" });

    for (const outerX of series) {
      const outer = outerX.f;
      const found = (pairs[outerX.i] ?? []).sort((a, b) => a.inner.i - b.inner.i);
      for (const { inner: innerX, kind } of found) {
        const inner = innerX.f;
        if (kind === "parte")
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
        else
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
      const index = periodIndex.get(`${outer.period.start}|${outer.period.end}`) as PeriodIndex;
      checkParts(outerX, index, flag);
    }
  }
}

interface PeriodIndex {
  byCell: Map<string, Indexed[]>;
  present: { ubigeo: Set<string>; dims: Set<string>[] };
  /** Children in a dimension: the dimension blanked, the rest of the cell, the parent code. */
  childrenOf: Map<string, { x: Indexed; d: StatDimension; key: string }[]>;
  /** Children in territory: the dimensions, and the territory one level up. */
  placesIn: Map<string, Indexed[]>;
}

function indexPeriod(codes: ReconcileCodes, members: readonly Indexed[]): PeriodIndex {
  const byCell = new Map<string, Indexed[]>();
  const present = { ubigeo: new Set<string>(), dims: DIMENSIONS.map(() => new Set<string>()) };
  const childrenOf = new Map<string, { x: Indexed; d: StatDimension; key: string }[]>();
  const placesIn = new Map<string, Indexed[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const x of members) {
    const f = x.f;
    const dims = DIMENSIONS.map((d) => dimValue(f[d]));
    push(byCell, cellKey(f.ubigeo ?? "", dims), x);
    present.ubigeo.add(f.ubigeo ?? "");
    for (const [j, v] of dims.entries()) present.dims[j]?.add(v);
    for (const d of DIMENSIONS) {
      const code = f[d];
      if (code === null) continue;
      const info = codes.dimensions[d].get(code);
      if (!info) continue;
      const key = `${d}|${info.partition ?? ""}`;
      push(childrenOf, `${d}|${dimsKey(f, d)}|${dimValue(f.ubigeo)}|${dimValue(info.parent)}`, {
        x,
        d,
        key,
      });
    }
    if (f.ubigeo !== null && f.ubigeo.length >= 2)
      push(placesIn, `${dimsKey(f)}|${f.ubigeo.slice(0, -2)}`, x);
  }
  return { byCell, present, childrenOf, placesIn };
}

/** Disjoint parts of `outer`'s total, one dimension at a time (and departments of the nation). */
function checkParts(outerX: Indexed, index: PeriodIndex, flag: Flagger) {
  const outer = outerX.f;
  const found: { x: Indexed; order: number; key: string }[] = [];
  for (const [order, d] of DIMENSIONS.entries())
    for (const c of index.childrenOf.get(
      `${d}|${dimsKey(outer, d)}|${dimValue(outer.ubigeo)}|${dimValue(outer[d])}`,
    ) ?? [])
      if (c.x.f[d] !== outer[d]) found.push({ x: c.x, order, key: c.key });
  for (const x of index.placesIn.get(`${dimsKey(outer)}|${outer.ubigeo ?? ""}`) ?? [])
    found.push({ x, order: DIMENSIONS.length, key: "ubigeo" });
  found.sort((a, b) => a.x.i - b.x.i || a.order - b.order);
  const partsOf = new Map<string, ReconcileFigure[]>();
  for (const { x, key } of found) {
    const list = partsOf.get(key);
    if (list) list.push(x.f);
    else partsOf.set(key, [x.f]);
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

export function checkSubsetConcepts(
  figures: readonly ReconcileFigure[],
  codes: ReconcileCodes,
  flag: Flagger,
): void {
  // A subset concept (conviction confirmed on appeal ⊂ conviction) above its whole, whatever
  // the sources: unless their definitions differ, both cannot be true. The wholes are looked up
  // by concept, unit, period and cell.
  const cell = (concept: string, f: ReconcileFigure) =>
    `${concept}|${f.unit}|${f.period.start}|${f.period.end}|${dimKey(f)}`;
  const byCell = groupBy(figures, (f) => cell(f.concept, f));
  for (const sub of figures) {
    const whole = codes.concepts.get(sub.concept)?.subsetOf;
    if (!whole || !additive(sub.unit)) continue;
    for (const f of byCell.get(cell(whole, sub)) ?? [])
      if (sub.value > f.value)
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
