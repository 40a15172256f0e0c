import { roundHalfUp } from "../shared/numbers.ts";

/** Display helpers: es-PE separators by default, figures rounded half-up as CEPLAN prints them. */

export function formatNumber(x: number | null | undefined, locale = "es-PE", decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return x.toLocaleString(locale, { maximumFractionDigits: decimals });
}

/** A progress figure (tipo 1, tipo 2, index): one decimal and a percent sign, or ND. */
export function formatProgress(p: number | "ND" | null | undefined, locale = "es-PE"): string {
  if (p === null || p === undefined || p === "ND") return "ND";
  return formatPercent(p, locale, 1);
}

/** A date-only string (AAAA-MM-DD) or an ISO timestamp, shown as a local date. */
/** A fixed number of decimals, rounded half up first, so the shown figure is the computed one. */
export function formatFixed(x: number | null | undefined, locale = "es-PE", decimals = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return roundHalfUp(x, decimals).toLocaleString(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** A percentage with its sign: "92.76 %". */
export function formatPercent(x: number | null | undefined, locale = "es-PE", decimals = 1) {
  const text = formatFixed(x, locale, decimals);
  return text === "—" ? text : `${text} %`;
}

/** Integer cents as whole soles, "S/ 14,112,000": the budget tables' unit (exports keep cents). */
export function formatSoles(cents: number | null | undefined, locale = "es-PE"): string {
  if (cents === null || cents === undefined) return "—";
  return `S/ ${formatFixed(cents / 100, locale, 0)}`;
}

/** Cents in millions of soles with two decimals, as seed 000's tables print them: "14.11". */
export function formatMillions(cents: number | null | undefined, locale = "es-PE"): string {
  if (cents === null || cents === undefined) return "—";
  return formatFixed(cents / 1e8, locale, 2);
}

export function formatDate(value: string | null | undefined, locale = "es-PE"): string {
  if (!value) return "—";
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T12:00:00` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(locale, { day: "2-digit", month: "short", year: "numeric" });
}

export function formatDateTime(value: string | null | undefined, locale = "es-PE"): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(locale, {
    day: "2-digit",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function formatBytes(bytes: number, locale = "es-PE"): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toLocaleString(locale, { maximumFractionDigits: 1 })} ${units[unit]}`;
}

/**
 * Parses what a person typed into a number field: digits with an optional point as decimal
 * separator and an optional sign. Empty → null; anything else (commas, letters) → NaN, so the
 * form can say so instead of guessing whether "1,868" is a thousand or a decimal.
 */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return Number.NaN;
  // "-0" is zero: JSON sends -0 as 0, so the server (and the queue sent later) would judge a
  // value whose messages read differently from what the form showed (found by the offline
  // property test).
  const x = Number(trimmed);
  return x === 0 ? 0 : x;
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Text for ECharts' HTML tooltips, which render markup. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
