import type { CeplanLevel } from "../../../../shared/ceplan-formulas.ts";
import { formatDecimal } from "../../../../shared/numbers.ts";
import { selectPlural } from "../../../../shared/plural.ts";
import type { Unit } from "../../../../shared/schemas/catalogue.schema.ts";

/**
 * How the documents print figures, in one place: progress with one decimal half-up (as the
 * Informe and `vigia evaluate` print it), values as typed with es-PE separators.
 */

export function formatProgress(x: number | "ND"): string {
  return x === "ND" ? "ND" : formatDecimal(x);
}

/** A progress figure with its unit, "22.2 %", or "ND" alone: an ND has no percent sign. */
export function formatProgressPercent(x: number | "ND"): string {
  return x === "ND" ? "ND" : `${formatDecimal(x)} %`;
}

/** The word that agrees with a count: agree(1, "tiene", "tienen") → "tiene". */
export function agree(n: number, one: string, other: string): string {
  return selectPlural("es-PE", { one, other }, n);
}

/** A count with the word that agrees with it: "1 criterio", "3 criterios", "0 valores". */
export function countText(n: number, one: string, other: string): string {
  return `${n.toLocaleString("es-PE")} ${agree(n, one, other)}`;
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

/**
 * Soles as MEF's Consulta Amigable prints them: whole soles, es-PE separators. Amounts are
 * integer cents; rounding half up on integers keeps it exact (no floating point).
 */
export function formatSoles(cents: number): string {
  const whole = Math.sign(cents) * Math.floor((Math.abs(cents) + 50) / 100);
  return whole.toLocaleString("es-PE");
}

/** A ratio in %, half up; "—" where it cannot be computed (no PIM, no national figure). */
export function formatPercent(x: number | null, decimals = 1): string {
  return x === null ? "—" : formatDecimal(x, decimals);
}

/** AAAA-MM-DD of a moment, as the cut-off dates are stored (UTC). */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function formatDateEs(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}
