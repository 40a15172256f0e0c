/**
 * Half-up rounding for display, as CEPLAN's tables print (77.528 → 77.5, 0.05 → 0.1).
 * Binary floating point stores 1.15 as 1.1499999…; going through 15 significant digits first
 * removes that noise so the printed figure is the one a person computing by hand would get.
 */
export function roundHalfUp(x: number, decimals = 1): number {
  if (!Number.isFinite(x)) return x;
  const clean = Number(Math.abs(x).toPrecision(15));
  const factor = 10 ** decimals;
  const rounded = Math.floor(clean * factor + 0.5 + 1e-9) / factor;
  const result = Math.sign(x) * Number(rounded.toFixed(decimals));
  return result === 0 ? 0 : result;
}

/** Formats a number the way the Informe prints it: one decimal, es-PE separators. */
export function formatDecimal(x: number, decimals = 1): string {
  return roundHalfUp(x, decimals).toLocaleString("es-PE", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
