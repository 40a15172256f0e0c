import type {
  Coverage,
  EntityCoverage,
  IndicatorDisaggregation,
  IndicatorTrend,
} from "../contracts/dashboard.contract.ts";
import type { DisaggregationDimension } from "../schemas/catalogue.schema.ts";

/**
 * The Tablero's figures beyond the evaluation itself, computed from rows the server has already
 * read: coverage of the year by entity, each indicator's value across years and the year's
 * disaggregations. Pure, so the figures can be checked against the rows they come from.
 */

export interface DashboardFacts {
  year: number;
  /** The indicators in force in the year, in catalogue order, with their responsible entity. */
  indicators: readonly { id: number; code: string; responsible: string }[];
  /** Annual values of the year sent, observed or validated (latest such revision). */
  reported: readonly { indicatorId: number }[];
  /** Annual values of the year validated (latest validated revision). */
  validated: readonly { indicatorId: number }[];
  /** One evaluation per year of the trend: the value of each indicator evaluated that year. */
  perYear: readonly {
    year: number;
    indicators: readonly { code: string; value: number | null }[];
  }[];
  /** Disaggregation sums of the year's values on the evaluation's basis. */
  parts: readonly {
    indicatorId: number;
    dimension: DisaggregationDimension;
    label: string | null;
    category: string;
    value: number;
  }[];
}

export interface DashboardFigures {
  coverage: Coverage;
  indicatorTrends: IndicatorTrend[];
  disaggregations: IndicatorDisaggregation[];
}

export function computeDashboardFigures(facts: DashboardFacts): DashboardFigures {
  return {
    coverage: computeCoverage(facts),
    indicatorTrends: computeIndicatorTrends(facts),
    disaggregations: groupDisaggregations(facts),
  };
}

function computeCoverage(facts: DashboardFacts): Coverage {
  const reported = new Set(facts.reported.map((r) => r.indicatorId));
  const validated = new Set(facts.validated.map((r) => r.indicatorId));
  const byEntity = new Map<string, EntityCoverage>();
  for (const ind of facts.indicators) {
    const row = byEntity.get(ind.responsible) ?? {
      entity: ind.responsible,
      indicators: 0,
      reported: 0,
      validated: 0,
      pending: 0,
    };
    byEntity.set(ind.responsible, row);
    row.indicators += 1;
    // A validated value was reported even when a correction is now in draft over it.
    const isValidated = validated.has(ind.id);
    if (isValidated) row.validated += 1;
    if (isValidated || reported.has(ind.id)) row.reported += 1;
    else row.pending += 1;
  }
  const entities = [...byEntity.values()].sort((a, b) => a.entity.localeCompare(b.entity));
  const sum = (key: "reported" | "validated") => entities.reduce((n, e) => n + e[key], 0);
  return {
    year: facts.year,
    indicators: facts.indicators.length,
    reported: sum("reported"),
    validated: sum("validated"),
    byEntity: entities,
  };
}

/** Every indicator in force gets every year of the trend, null where it had no value. */
function computeIndicatorTrends(facts: DashboardFacts): IndicatorTrend[] {
  const years = [...facts.perYear].sort((a, b) => a.year - b.year);
  const valueBy = years.map((ev) => ({
    year: ev.year,
    values: new Map(ev.indicators.map((i) => [i.code, i.value])),
  }));
  return facts.indicators.map((ind) => ({
    indicator: ind.code,
    points: valueBy.map((y) => ({ year: y.year, value: y.values.get(ind.code) ?? null })),
  }));
}

function groupDisaggregations(facts: DashboardFacts): IndicatorDisaggregation[] {
  const codeOf = new Map(facts.indicators.map((i) => [i.id, i.code]));
  const groups = new Map<string, IndicatorDisaggregation>();
  for (const p of facts.parts) {
    const indicator = codeOf.get(p.indicatorId);
    if (!indicator) continue;
    const key = JSON.stringify([indicator, p.dimension, p.label]);
    const group = groups.get(key) ?? {
      indicator,
      dimension: p.dimension,
      label: p.label,
      parts: [],
    };
    groups.set(key, group);
    group.parts.push({ category: p.category, value: p.value });
  }
  for (const g of groups.values())
    if (g.dimension === "region") g.parts.sort((a, b) => a.category.localeCompare(b.category));
  const order = new Map(facts.indicators.map((i, n) => [i.code, n]));
  return [...groups.values()].sort(
    (a, b) => (order.get(a.indicator) ?? 0) - (order.get(b.indicator) ?? 0),
  );
}
