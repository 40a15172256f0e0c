/**
 * Money as integer cents (céntimos). JavaScript numbers hold integers exactly up to 2^53 − 1
 * cents, about S/ 90 billion million: 330 times Peru's 2025 national budget. Every amount that
 * crosses into or out of the database goes through `assertCents`, so a value past that limit
 * fails loudly instead of rounding (ADR 0008).
 */

function assertCents(value: number, what = "monto"): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what}: ${value} no es un número entero de céntimos representable.`);
  }
  return value;
}

type ColumnValue = number | string | bigint | null | undefined;

/** A money column as the database returns it (a sum may come back as text), checked; null is 0. */
export const columnCents = (v: ColumnValue, what: string): number =>
  assertCents(Number(v ?? 0), what);

/** The same for a stage a file may leave out (certificación, compromiso, girado). */
export const columnCentsOrNull = (v: ColumnValue, what: string): number | null =>
  v === null || v === undefined ? null : assertCents(Number(v), what);

export type ParsedAmount = { ok: true; cents: number } | { ok: false; reason: string };

// 1234567 · 1234567.5 · 1,234,567.89 · -12.30 · "S/ 1,234.00". MEF writes dot decimals and
// comma thousands in Consulta Amigable, plain numbers in its open data.

/**
 * Cents of a plain amount (1 to 15 digits, optionally a dot and 1 or 2 decimals), or −1 for
 * anything else. Digit by digit rather than a regular expression: no match object, no
 * substrings, which matters six times a line over a million lines.
 */
export function plainCents(text: string): number {
  const n = text.length;
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === 0 || i > 15) return -1;
  if (i === n) return Number.isSafeInteger(whole * 100) ? whole * 100 : -1;
  if (text.charCodeAt(i) !== 46 || n - i < 2 || n - i > 3) return -1;
  const d1 = text.charCodeAt(i + 1) - 48;
  const d2 = n - i === 3 ? text.charCodeAt(i + 2) - 48 : 0;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  const cents = whole * 100 + d1 * 10 + d2;
  // Past 2^53 cents the slow path reports the amount as out of range.
  return Number.isSafeInteger(cents) ? cents : -1;
}
const AMOUNT = /^(-)?(?:S\/\.?\s*)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Parses an amount in soles to integer cents, exactly (no floating point on the way). More
 * than two decimals are accepted only when the extra digits are zeros ("12.3400"): MEF amounts
 * are in cents, and anything finer would be invented precision.
 */
export function parseAmount(text: string): ParsedAmount {
  // Fast path: MEF open data writes plain "1234567.00"; a million rows pass here six times.
  const plain = plainCents(text);
  if (plain >= 0) return { ok: true, cents: plain };
  const t = text.trim();
  if (t === "" || t === "-") return { ok: true, cents: 0 };
  const m = AMOUNT.exec(t);
  if (!m) return { ok: false, reason: `monto no numérico «${t.slice(0, 30)}»` };
  const [, minus, whole = "0", fraction = ""] = m;
  if (fraction.length > 2 && !/^0+$/.test(fraction.slice(2))) {
    return { ok: false, reason: `monto con más de dos decimales «${t.slice(0, 30)}»` };
  }
  const digits = whole.replaceAll(",", "");
  const cents = Number(digits) * 100 + Number(fraction.slice(0, 2).padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) return { ok: false, reason: `monto fuera de rango «${t}»` };
  return { ok: true, cents: minus ? -cents : cents };
}

/** A spreadsheet cell that arrived as a number: accepted when it is a whole number of cents. */
export function centsFromNumber(value: number): ParsedAmount {
  if (!Number.isFinite(value)) return { ok: false, reason: "monto no numérico" };
  const cents = Math.round(value * 100);
  if (Math.abs(cents - value * 100) > 1e-6 * Math.max(1, Math.abs(value))) {
    return { ok: false, reason: `monto con más de dos decimales (${value})` };
  }
  if (!Number.isSafeInteger(cents)) return { ok: false, reason: `monto fuera de rango (${value})` };
  return { ok: true, cents };
}

/** Splits `cents` in proportion to `weights` so the parts add up to `cents` exactly. */
export function allocateCents(cents: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (cents * w) / total);
  const parts = exact.map((x) => Math.floor(x));
  let rest = cents - parts.reduce((a, b) => a + b, 0);
  // Largest remainder first; ties to the earlier part, so the split is deterministic.
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    rest -= 1;
  }
  return parts;
}

/**
 * A share of a line in basis points (10000 = 100 %) applied to its cents. A share below 100 %
 * rounds half up to the cent; the tagger uses `allocateCents` when one line is split between
 * several services, so the parts still add up.
 */
export function applyShare(cents: number, shareBp: number): number {
  if (shareBp >= 10000) return cents;
  return Math.floor((cents * shareBp + 5000) / 10000);
}

const soles = new Intl.NumberFormat("es-PE", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** "S/ 4,900,902.00": cents formatted as soles for people. */
export function formatSoles(cents: number): string {
  return `S/ ${soles.format(cents / 100)}`;
}

/** Cents as a plain decimal string with two decimals ("4900902.00"), exact, for exports. */
export function centsToDecimalString(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
