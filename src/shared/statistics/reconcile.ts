import {
  additive,
  checkSeries,
  checkSubsetConcepts,
  describeCell,
  fmt,
  groupKey,
} from "./consistency-checks.ts";
import { formatPeriod } from "./period.ts";
import type {
  Deduplication,
  ReconcileCause,
  ReconcileCodes,
  ReconcileEntry,
  ReconcileFigure,
  ReconcileFlag,
  ReconcileGroup,
  ReconcileOverlap,
  Reconciliation,
} from "./reconcile-types.ts";
import {
  CAUSE_LABELS,
  DIMENSIONS,
  type DiscrepancyCause,
  type StatDimension,
} from "./statistics-codes.ts";

export type {
  Deduplication,
  FlagKind,
  ReconcileCause,
  ReconcileCodes,
  ReconcileEntry,
  ReconcileFigure,
  ReconcileFlag,
  ReconcileGroup,
  ReconcileOverlap,
  Reconciliation,
} from "./reconcile-types.ts";

/**
 * The reconciliation of a year (pure): for each concept, period, territory and combination of
 * dimensions, every source's figure side by side, how far each is from the largest, the causes
 * documented for the source's difference, a DATIM-style de-duplication (sum when the sources do
 * not overlap, maximum when one contains the others, the declared overlap subtracted, or the
 * bounds when nobody knows), and flags for figures that cannot both be true.
 */

export function reconcile(
  figures: readonly ReconcileFigure[],
  causes: readonly ReconcileCause[],
  overlaps: readonly ReconcileOverlap[],
  codes: ReconcileCodes,
): Reconciliation {
  const flags: ReconcileFlag[] = [];
  const byGroup = new Map<string, ReconcileFigure[]>();
  for (const f of figures) {
    const key = groupKey(f);
    const list = byGroup.get(key);
    if (list) list.push(f);
    else byGroup.set(key, [f]);
  }
  const groupFlags = new Map<string, ReconcileFlag[]>();
  const flag = (f: ReconcileFlag, ...members: ReconcileFigure[]) => {
    flags.push(f);
    for (const key of new Set(members.map(groupKey))) {
      const list = groupFlags.get(key);
      if (list) list.push(f);
      else groupFlags.set(key, [f]);
    }
  };
  const causesOf = (f: ReconcileFigure) =>
    causes
      .filter(
        (c) =>
          c.concept === f.concept &&
          c.source === f.source &&
          c.periodStart === f.period.start &&
          c.periodEnd === f.period.end,
      )
      .map(({ cause, explanation, citation }) => ({ cause, explanation, citation }));

  checkSeries(figures, codes, flag);
  checkSubsetConcepts(figures, codes, flag);

  const conceptLabel = (code: string) => codes.concepts.get(code)?.label ?? code;
  const groups: (ReconcileGroup & { key: string })[] = [];
  for (const [key, members] of byGroup) {
    const first = members[0] as ReconcileFigure;
    members.sort(
      (a, b) =>
        a.source.localeCompare(b.source) ||
        (a.reportedVia ?? "").localeCompare(b.reportedVia ?? "") ||
        a.unit.localeCompare(b.unit),
    );
    const maxByUnit = new Map<string, number>();
    for (const f of members)
      if (additive(f.unit)) maxByUnit.set(f.unit, Math.max(maxByUnit.get(f.unit) ?? 0, f.value));
    const entries: ReconcileEntry[] = members.map((f) => ({
      figureId: f.id,
      source: f.source,
      sourceLabel: f.sourceLabel,
      reportedVia: f.reportedVia,
      value: f.value,
      unit: f.unit,
      definition: f.definition,
      version: f.version,
      restated: f.version > 1,
      origin: f.origin,
      provenance: f.provenance,
      derivation: f.derivation,
      differenceFromMax: additive(f.unit) ? f.value - (maxByUnit.get(f.unit) ?? f.value) : null,
      causes: causesOf(f),
    }));

    // The same source cannot hold two counts of one thing under one definition.
    const bySource = new Map<string, ReconcileFigure[]>();
    for (const f of members) {
      const k = `${f.source}|${f.unit}`;
      bySource.set(k, [...(bySource.get(k) ?? []), f]);
    }
    for (const same of bySource.values()) {
      const values = new Set(same.map((f) => f.value));
      if (values.size < 2) continue;
      flag(
        {
          kind: "misma_fuente_distinto_valor",
          severity: "incompatible",
          message: `${conceptLabel(first.concept)} ${formatPeriod(first.period)}${describeCell(first)}: ${same[0]?.sourceLabel} informa ${same.map((f) => `${fmt(f.value)}${f.reportedVia ? ` (vía ${f.reportedVia})` : ""}`).join(", ")}; no pueden ser todas ciertas con la misma definición.`,
          figureIds: same.map((f) => f.id),
        },
        ...same,
      );
    }

    const deduplication: Deduplication[] = [];
    for (const [unit, max] of maxByUnit) {
      const perSource = new Map<string, number>();
      for (const f of members)
        if (f.unit === unit)
          perSource.set(f.source, Math.max(perSource.get(f.source) ?? 0, f.value));
      if (perSource.size < 2) continue;
      const sources = [...perSource.keys()].sort();
      const sum = [...perSource.values()].reduce((s, v) => s + v, 0);
      const declared = overlaps.find(
        (o) =>
          o.concept === first.concept &&
          o.periodStart === first.period.start &&
          o.periodEnd === first.period.end &&
          o.sources.length === sources.length &&
          [...o.sources].sort().every((s, i) => s === sources[i]),
      );
      const dedup: Deduplication = {
        unit,
        sources,
        sum,
        max,
        method: declared?.method ?? null,
        deduplicated: null,
        adjustment: null,
        basis: declared?.basis ?? null,
        citation: declared?.citation ?? null,
      };
      if (declared?.method === "suma") dedup.deduplicated = sum;
      else if (declared?.method === "maximo") dedup.deduplicated = max;
      else if (declared?.method === "declarada" && declared.overlap !== null) {
        dedup.deduplicated = sum - declared.overlap;
        if (dedup.deduplicated < max)
          flag(
            {
              kind: "superposicion_imposible",
              severity: "incompatible",
              message: `${conceptLabel(first.concept)} ${formatPeriod(first.period)}: la superposición declarada (${fmt(declared.overlap)}) deja ${fmt(dedup.deduplicated)}, menos que la mayor cifra (${fmt(max)}).`,
              figureIds: members.filter((f) => f.unit === unit).map((f) => f.id),
            },
            ...members,
          );
      }
      if (dedup.deduplicated !== null) dedup.adjustment = dedup.deduplicated - sum;
      deduplication.push(dedup);
    }

    // Figures that differ, from sources with nothing documented about why.
    for (const [unit] of maxByUnit) {
      const inUnit = entries.filter((e) => e.unit === unit);
      if (new Set(inUnit.map((e) => e.value)).size < 2) continue;
      if (new Set(inUnit.map((e) => e.source)).size < 2) continue;
      const silent = inUnit.filter((e) => e.causes.length === 0);
      if (silent.length === 0) continue;
      flag(
        {
          kind: "diferencia_sin_causa",
          severity: "sin_explicar",
          message: `${conceptLabel(first.concept)} ${formatPeriod(first.period)}${describeCell(first)}: sin causa documentada para ${silent.map((e) => e.sourceLabel).join(", ")}.`,
          figureIds: silent.map((e) => e.figureId),
        },
        ...members.filter((f) => silent.some((e) => e.figureId === f.id)),
      );
    }

    groups.push({
      key,
      concept: first.concept,
      conceptLabel: conceptLabel(first.concept),
      period: { ...first.period, label: formatPeriod(first.period) },
      ubigeo: first.ubigeo,
      dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, first[d]])) as Record<
        StatDimension,
        string | null
      >,
      entries,
      deduplication,
      flags: [],
    });
  }
  for (const g of groups) g.flags = groupFlags.get(g.key) ?? [];

  const conceptOrder = [...codes.concepts.keys()];
  groups.sort(
    (a, b) =>
      conceptOrder.indexOf(a.concept) - conceptOrder.indexOf(b.concept) ||
      a.period.start.localeCompare(b.period.start) ||
      b.period.end.localeCompare(a.period.end) ||
      (a.ubigeo ?? "").localeCompare(b.ubigeo ?? "") ||
      DIMENSIONS.map((d) => a.dimensions[d] ?? "")
        .join("|")
        .localeCompare(DIMENSIONS.map((d) => b.dimensions[d] ?? "").join("|")),
  );
  return {
    groups: groups.map(({ key: _key, ...group }) => group),
    flags,
    summary: {
      figures: figures.length,
      groups: groups.length,
      groupsWithSeveralSources: groups.filter(
        (g) => new Set(g.entries.map((e) => e.source)).size > 1,
      ).length,
      incompatible: flags.filter((f) => f.severity === "incompatible").length,
      unexplained: flags.filter((f) => f.severity === "sin_explicar").length,
    },
  };
}

/** A cause as one line: «cobertura: … (002:263-265)». */
export function describeCause(c: {
  cause: DiscrepancyCause;
  explanation: string;
  citation: string;
}) {
  return `${CAUSE_LABELS[c.cause]}: ${c.explanation} (${c.citation})`;
}
