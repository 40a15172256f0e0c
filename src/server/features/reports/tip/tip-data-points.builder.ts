import {
  DIMENSIONS,
  type Dimension,
  type PartKey,
  type TipFigureQuery,
} from "../../../../shared/statistics/tip-data-points.schema.ts";

/**
 * The TIP data pack's list of data points (reference/statistics/tip-data-points.json, TRANSCRIBED
 * from seeds_002_004.md §a.8) and how each is answered from the statistical register's figures.
 * Pure: the figures come in already read (tip-model.service.ts).
 *
 * A data point's query names concepts (and optionally sources, fixed dimensions and the
 * dimensions it is disaggregated by). Its figures are grouped by source, concept and the fixed
 * dimensions they carry; in each group the total is the figure with none of the part dimensions
 * (or the declared total code, `EXT` for "any foreign country") and the parts are the rest.
 */

export {
  DIMENSIONS,
  type Dimension,
  TIP_PILLARS,
  type TipDataPoint,
  TipDataPointSchema,
  type TipDataPointsFile,
  TipDataPointsFileSchema,
  type TipFigureQuery,
  type TipPillar,
} from "../../../../shared/statistics/tip-data-points.schema.ts";

/** A figure as the pack needs it (a subset of the register's FigureView). */
export interface TipFigure {
  id: number;
  source: string;
  sourceLabel: string;
  concept: string;
  /** The channel a figure came through (a MININTER report on one service); part of its key. */
  reportedVia: string | null;
  ubigeo: string | null;
  dimensions: Record<Dimension, string | null>;
  value: number;
  unit: string;
  definition: string;
  provenance: { document: string | null; location: string | null };
  origin: string;
  /** The figure came through an institution's upload by a signed-in user (a focal point). */
  enteredByFocalPoint: boolean;
}

export interface TipPart {
  key: string;
  /** "F · menor_18", "VEN · adulto", "04". */
  label: string;
  figure: TipFigure;
}

export interface TipGroup {
  /** Stable key: source|concept|fixed dimensions. */
  key: string;
  source: string;
  /** The source's label, with the channel when two groups of a point share the source. */
  sourceLabel: string;
  concept: string;
  /** Fixed dimensions of the group ("menor_18"), shown beside the source. */
  qualifier: string;
  total: TipFigure | null;
  parts: TipPart[];
}

export const TIP_STATUSES = ["datos", "punto_focal", "no_disponible"] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];

export const TIP_STATUS_LABELS: Record<TipStatus, { es: string; en: string }> = {
  datos: { es: "De los datos", en: "From data" },
  punto_focal: { es: "Ingresado por un punto focal", en: "Entered by a focal point" },
  no_disponible: { es: "No disponible", en: "Not available" },
};

export interface TipAnswer {
  groups: TipGroup[];
  status: TipStatus;
}

const partKeyValue = (f: TipFigure, key: PartKey): string | null =>
  key === "ubigeo" ? f.ubigeo : f.dimensions[key];

function matches(query: TipFigureQuery, f: TipFigure): boolean {
  if (!query.concepts.includes(f.concept)) return false;
  if (query.sources && !query.sources.includes(f.source)) return false;
  // Shares are not counts: they cannot be added, protected or put beside a count.
  if (f.unit === "porcentaje") return false;
  for (const [dim, wanted] of Object.entries(query.where ?? {})) {
    const have = f.dimensions[dim as Dimension];
    if (wanted === null ? have !== null : wanted === "*" ? have === null : have !== wanted) {
      return false;
    }
  }
  return true;
}

/** Groups a data point's figures of one year (annual, already selected) into totals and parts. */
export function answerFigureQuery(query: TipFigureQuery, figures: readonly TipFigure[]): TipAnswer {
  const parts = query.parts ?? [];
  const totalCodes = query.totalCodes ?? {};
  const isPartOf = (f: TipFigure, key: PartKey) => {
    const v = partKeyValue(f, key);
    return v !== null && v !== totalCodes[key as Dimension];
  };
  const groups = new Map<string, TipGroup>();
  for (const f of figures.filter((x) => matches(query, x))) {
    const fixed = DIMENSIONS.filter((d) => !parts.includes(d) && f.dimensions[d] !== null).map(
      (d) => f.dimensions[d] as string,
    );
    const territory = !parts.includes("ubigeo") && f.ubigeo !== null ? [f.ubigeo] : [];
    const qualifier = [...fixed, ...territory].join(" · ");
    const key = `${f.source}|${f.reportedVia ?? ""}|${f.concept}|${qualifier}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        source: f.source,
        sourceLabel: f.sourceLabel,
        concept: f.concept,
        qualifier,
        total: null,
        parts: [],
      };
      groups.set(key, group);
    }
    const partKeys = parts.filter((p) => isPartOf(f, p));
    if (partKeys.length === 0) {
      // Two totals for one group would be two sources' channels; keep the first, in id order.
      group.total ??= f;
    } else {
      const label = partKeys.map((p) => partKeyValue(f, p)).join(" · ");
      group.parts.push({ key: `${key}|${label}`, label, figure: f });
    }
  }
  const list = [...groups.values()];
  const sameLabel = new Map<string, number>();
  for (const g of list) {
    const k = `${g.sourceLabel}|${g.concept}|${g.qualifier}`;
    sameLabel.set(k, (sameLabel.get(k) ?? 0) + 1);
  }
  for (const g of list) {
    const via = (g.total ?? g.parts[0]?.figure)?.reportedVia;
    if (via && (sameLabel.get(`${g.sourceLabel}|${g.concept}|${g.qualifier}`) ?? 0) > 1) {
      g.sourceLabel = `${g.sourceLabel} (${via})`;
    }
  }
  const hasParts = list.some((g) => g.parts.length > 0);
  const available = list.length > 0 && (!query.requireParts || hasParts);
  const answered = available ? list : [];
  const focal = answered.some((g) =>
    [g.total, ...g.parts.map((p) => p.figure)].some((f) => f?.enteredByFocalPoint),
  );
  return {
    groups: answered,
    status: !available ? "no_disponible" : focal ? "punto_focal" : "datos",
  };
}

/** The parts sum to the total: the group is one table of counts (a total and its categories). */
export function partsAddUp(group: TipGroup): boolean {
  if (!group.total || group.parts.length === 0) return false;
  const sum = group.parts.reduce((s, p) => s + p.figure.value, 0);
  return sum === group.total.value;
}
