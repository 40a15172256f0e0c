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

/** Whether code `outer` is `inner` or one of its ancestors (null contains everything). */
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

export function checkSeries(
  figures: readonly ReconcileFigure[],
  codes: ReconcileCodes,
  flag: Flagger,
): void {
  // Figures of one source and concept, in one unit and through one channel, compared cell with
  // cell (a part against its total) and period with period (a semester against its year).
  const bySeries = new Map<string, ReconcileFigure[]>();
  for (const f of figures) {
    if (!additive(f.unit)) continue;
    const key = `${f.source}|${f.concept}|${f.unit}|${f.reportedVia ?? ""}`;
    const list = bySeries.get(key);
    if (list) list.push(f);
    else bySeries.set(key, [f]);
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
        ) {
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
      }
      // Disjoint parts of the total, one dimension at a time (and departments of the nation).
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

export function checkSubsetConcepts(
  figures: readonly ReconcileFigure[],
  codes: ReconcileCodes,
  flag: Flagger,
): void {
  // A subset concept (conviction confirmed on appeal ⊂ conviction) above its whole, whatever
  // the sources: unless their definitions differ, both cannot be true.
  for (const sub of figures) {
    const whole = codes.concepts.get(sub.concept)?.subsetOf;
    if (!whole || !additive(sub.unit)) continue;
    for (const f of figures) {
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
}
