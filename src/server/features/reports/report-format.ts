import type { CeplanLevel } from "../../../shared/evaluation/ceplan-formulas.ts";
import type { Unit } from "../../../shared/evaluation/evaluate-policy.ts";
import { formatDecimal } from "../../../shared/numbers.ts";

/**
 * How the documents print figures, in one place: progress with one decimal half-up (as the
 * Informe and `vigia evaluate` print it), values as typed with es-PE separators.
 */

export function formatProgress(x: number | "ND"): string {
  return x === "ND" ? "ND" : formatDecimal(x);
}

/** A meta or value as stored: up to four decimals (S40's 0.0003 %), % for percentages. */
export function formatValue(x: number | null, unit: Unit): string {
  if (x === null) return "—";
  const text = x.toLocaleString("es-PE", { maximumFractionDigits: 4 });
  return unit === "porcentaje" ? `${text}%` : text;
}

export const LEVEL_LABELS: Record<CeplanLevel | "ND", string> = {
  bajo: "Bajo",
  intermedio: "Intermedio",
  alto: "Alto",
  ND: "ND",
};

/** The band as the Informe writes it next to a level. */
export const LEVEL_BANDS: Record<CeplanLevel, string> = {
  bajo: "[0-75%>",
  intermedio: "[75-95%>",
  alto: "≥ 95%",
};

/** "a", "a y b", "a, b y c": Spanish enumeration. */
export function joinSpanish(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} y ${items[items.length - 1]}`;
}

export function formatDateEs(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}
