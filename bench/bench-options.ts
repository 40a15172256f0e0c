/** Settings of the benchmark scripts, read from the environment. */

export type Backend = "pglite" | "postgres";

/** Districts in reference/geo: the national scale every bench defaults to. */
export const NATIONAL_DISTRICTS = 1_892;

/** A positive integer from `name`, or `fallback` when unset; anything else stops the run. */
export function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`${name} must be a positive integer, got "${raw}".`);
    process.exit(2);
  }
  return n;
}

/** Years of synthetic values from 2022: at least 2022–2023, the years the Informe evaluates. */
export const benchYears = (fallback: number): number[] =>
  Array.from({ length: Math.max(2, positiveInt("BENCH_YEARS", fallback)) }, (_, i) => 2022 + i);
