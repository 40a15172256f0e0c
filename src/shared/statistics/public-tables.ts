import type { HierarchyNode, HierarchyTable } from "../disclosure/count-table.ts";
import { DIMENSIONS, type PeriodType, type StatDimension } from "./statistics-codes.ts";

/**
 * The tables of counts the public statistics section publishes, built from the register's
 * current figures before disclosure control sees them. One table per concept, source, period and
 * unit: the source's total and one breakdown of it (by the harmonized dimensions, or else by
 * department), and only parts that add up to the total, so every relation the table states is
 * one the published figures really satisfy. A group gives one table at most: two breakdowns of
 * the same total protected separately could together uncover a suppressed cell.
 */

export interface PublicTableFigure {
  source: string;
  concept: string;
  period: { type: PeriodType; start: string; end: string; label: string };
  ubigeo: string | null;
  dimensions: Record<StatDimension, string | null>;
  value: number;
  unit: string;
}

export type PublicBreakdown = "total" | "dimensiones" | "departamentos";

export interface PublicTableSpec {
  /** Stable within a year: `victim/PNP-RETA/2019`. */
  code: string;
  concept: string;
  source: string;
  period: PublicTableFigure["period"];
  unit: string;
  breakdown: PublicBreakdown;
  /** The table given to `protectTable`: the total at the root, its parts as leaves. */
  table: HierarchyTable;
}

/** Shares are compared, never summed (unit code list); only whole non-negative counts enter. */
const isCount = (f: PublicTableFigure) =>
  f.unit !== "porcentaje" && Number.isSafeInteger(f.value) && f.value >= 0;

const hasDimensions = (f: PublicTableFigure) => DIMENSIONS.some((d) => f.dimensions[d] !== null);

/** The cell key of a breakdown figure: its dimension codes (`sex=F;ageBand=menor_18`). */
export const dimensionKey = (dimensions: Record<StatDimension, string | null>): string =>
  DIMENSIONS.filter((d) => dimensions[d] !== null)
    .map((d) => `${d}=${dimensions[d]}`)
    .join(";");

const sum = (figures: readonly PublicTableFigure[]) => figures.reduce((s, f) => s + f.value, 0);

function uniqueKeys(keys: readonly string[]): boolean {
  return new Set(keys).size === keys.length;
}

export function buildPublicTables(figures: readonly PublicTableFigure[]): PublicTableSpec[] {
  const groups = new Map<string, PublicTableFigure[]>();
  for (const f of figures.filter(isCount)) {
    const key = [f.concept, f.source, f.period.start, f.period.end, f.unit].join("\u0000");
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const specs: PublicTableSpec[] = [];
  for (const list of groups.values()) {
    const first = list[0];
    if (!first) continue;
    const code = `${first.concept}/${first.source}/${first.period.label}`;
    const totals = list.filter((f) => f.ubigeo === null && !hasDimensions(f));
    // Two totals for one cell are a data problem the reconciliation flags; publish neither.
    if (totals.length > 1) continue;
    const total = totals[0];
    const byDimension = list.filter((f) => f.ubigeo === null && hasDimensions(f));
    const byDepartment = list.filter(
      (f) => f.ubigeo !== null && f.ubigeo.length === 2 && !hasDimensions(f),
    );
    const leaf = (key: string, value: number): HierarchyNode => ({ key, value });
    const base = { concept: first.concept, source: first.source, period: first.period };
    const spec = (breakdown: PublicBreakdown, parts: HierarchyNode[] | null): PublicTableSpec => ({
      code,
      ...base,
      unit: first.unit,
      breakdown,
      table: {
        kind: "hierarchy",
        root: parts ? { key: "total", parts } : leaf("total", total?.value ?? 0),
      },
    });
    const dimensionKeys = byDimension.map((f) => dimensionKey(f.dimensions));
    if (
      total &&
      byDimension.length > 1 &&
      uniqueKeys(dimensionKeys) &&
      sum(byDimension) === total.value
    ) {
      specs.push(
        spec(
          "dimensiones",
          byDimension.map((f, i) => leaf(dimensionKeys[i] ?? "", f.value)),
        ),
      );
    } else if (
      byDepartment.length > 1 &&
      uniqueKeys(byDepartment.map((f) => f.ubigeo ?? "")) &&
      (!total || sum(byDepartment) === total.value)
    ) {
      specs.push(
        spec(
          "departamentos",
          byDepartment.map((f) => leaf(`ubigeo=${f.ubigeo}`, f.value)),
        ),
      );
    } else if (total) {
      specs.push(spec("total", null));
    }
  }
  return specs.sort((a, b) => a.code.localeCompare(b.code));
}
