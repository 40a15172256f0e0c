/**
 * npm run bench:evaluate — evaluation and district roll-up at national scale, on PGlite and on
 * PostgreSQL side by side. Prints figures; never fails on a slow one (timings depend on the
 * machine, so the goals are shown beside the figures, not asserted).
 *
 *   BENCH_DISTRICTS  districts per measurement (default 1,892: every district of reference/geo;
 *                    more than there are is capped at that)
 *   BENCH_YEARS      years from 2022 (default 9: 2022–2030; at least 2)
 *   BENCH_RUNS       warm calls per figure (default 50)
 *   BENCH_BUDGET_S   seconds of warm calls per figure before stopping early (default 20;
 *                    at least 5 calls are made)
 *   BENCH_BATCH      disaggregation rows per INSERT (default 5000)
 *   BENCH_SEED       PRNG seed (default 2021)
 *   BENCH_ANALYZE    1: ANALYZE after the load (default: no, as the application never does)
 *   BENCH_DATABASE_URL  PostgreSQL server (default: DATABASE_URL, then the local test server)
 *   BENCH_BACKENDS   pglite,postgres (default both)
 *
 * Smoke run: BENCH_DISTRICTS=50 BENCH_YEARS=2 BENCH_RUNS=5 npm run bench:evaluate
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../src/server/config.ts";
import { type DatabaseHandle, openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { evaluatePolicyYear } from "../src/server/features/evaluation/evaluation.service.ts";
import { rollUpDistrictsToRegions } from "../src/server/features/territory/territory.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import { type Backend, benchYears, NATIONAL_DISTRICTS, positiveInt } from "./bench-options.ts";
import { generateSyntheticData, type SyntheticSummary } from "./synthetic-data.ts";

const options = {
  districts: positiveInt("BENCH_DISTRICTS", NATIONAL_DISTRICTS),
  years: benchYears(9),
  runs: positiveInt("BENCH_RUNS", 50),
  budgetMs: positiveInt("BENCH_BUDGET_S", 20) * 1000,
  batchSize: positiveInt("BENCH_BATCH", 5000),
  seed: positiveInt("BENCH_SEED", 2021),
  analyze: process.env.BENCH_ANALYZE === "1",
  url:
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/test",
  backends: (process.env.BENCH_BACKENDS ?? "pglite,postgres").split(",") as Backend[],
};
const EVALUATED_YEAR = 2023;
const actor = systemActor("bench");

interface Figures {
  load: SyntheticSummary;
  analyzeMs: number | null;
  openMs: number;
  evaluateCold: number;
  /** After a value of the evaluated year changed (a validation): only the values' part. */
  evaluateWarm: number[];
  /** After a catalogue change: everything, as every write did before ADR 0043. */
  evaluateCatalogue: number[];
  /** After a value of the next year changed: nothing this year reads. */
  evaluateOtherYear: number[];
  evaluateCached: number[];
  rollUpCold: number;
  rollUpWarm: number[];
  rollUpAllYears: number;
  /** For the cross-backend comparison: the same data must give the same answers. */
  fingerprint: string;
  rollUpTotal: number;
}

async function time<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await f();
  return [result, performance.now() - start];
}

/**
 * Warm calls: BENCH_RUNS of them, or fewer when a figure would take longer than its time
 * budget (at national scale one evaluation takes seconds), but never fewer than 5.
 */
/** Timed calls of `f`; `prepare` runs untimed before each one. */
async function repeat(
  f: () => Promise<unknown>,
  prepare?: () => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  const start = performance.now();
  while (
    samples.length < options.runs &&
    (samples.length < 5 || performance.now() - start < options.budgetMs)
  ) {
    await prepare?.();
    samples.push((await time(f))[1]);
  }
  return samples.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;

/** Can the server be reached at all? A missing server skips its column, nothing more. */
async function probePostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

async function runBackend(backend: Backend): Promise<Figures> {
  const tmp = backend === "pglite" ? mkdtempSync(join(tmpdir(), "vigia-bench-")) : null;
  const schema = backend === "postgres" ? `bench_${randomBytes(6).toString("hex")}` : null;
  const config: DatabaseConfig =
    backend === "pglite"
      ? { backend: "pglite", dataDir: join(tmp as string, "pgdata") }
      : { backend: "postgres", url: options.url, schema };
  let handle: DatabaseHandle | null = null;
  const reopen = async () => {
    await handle?.close();
    handle = null;
    // PGlite starts lazily, on the first statement: "open" includes one trivial query so the
    // cold figures measure the work, not the start of the WebAssembly Postgres.
    const [h, ms] = await time(async () => {
      const opened = await openDatabase(config);
      await sql`select 1`.execute(opened.db);
      return opened;
    });
    handle = h;
    return { db: h.db, ms };
  };
  try {
    let { db } = await reopen();
    await migrateDatabase(db);
    process.stdout.write(`  ${backend}: loading…`);
    const load = await generateSyntheticData(db, {
      districts: options.districts,
      years: options.years,
      seed: options.seed,
      batchSize: options.batchSize,
    });
    let analyzeMs: number | null = null;
    if (options.analyze) {
      analyzeMs = (await time(() => sql`ANALYZE`.execute(db)))[1];
    }
    process.stdout.write(" evaluating…");

    // Cold: the first call on a freshly opened database. PGlite reads its files again;
    // the server keeps its own caches, so its cold call mostly measures a new connection.
    const opened = await reopen();
    db = opened.db;
    const input = { policyCode: "pntp", year: EVALUATED_YEAR };
    const [evaluation, evaluateCold] = await time(() => evaluatePolicyYear(db, actor, input));
    // Warm: the database is warm but a value of the year just changed (a validation), so the
    // evaluation is computed again: the cost a validation pays. After a catalogue change (a
    // ficha, a meta) its catalogue part is read again too: the cost every write paid before
    // ADR 0043. A value of the next year changes nothing it reads. Cached: nothing changed
    // since the last call, the cost of every other read (see src/server/db/read-cache.ts).
    const touchValue = (year: number) =>
      sql`UPDATE measurement SET updated_at = now() WHERE id = (SELECT m.id FROM measurement m
        JOIN indicator i ON i.id = m.indicator_id JOIN policy p ON p.id = i.policy_id
        WHERE p.code = 'pntp' AND m.year = ${year} AND m.period = 'ANUAL'
        ORDER BY m.id LIMIT 1)`.execute(db);
    const touchCatalogue = () => sql`UPDATE policy SET name = name WHERE code = 'pntp'`.execute(db);
    const evaluate = () => evaluatePolicyYear(db, actor, input);
    const evaluateWarm = await repeat(evaluate, () => touchValue(EVALUATED_YEAR));
    const evaluateCatalogue = await repeat(evaluate, touchCatalogue);
    const evaluateOtherYear = await repeat(evaluate, () => touchValue(EVALUATED_YEAR + 1));
    const evaluateCached = await repeat(() => evaluatePolicyYear(db, actor, input));

    process.stdout.write(" rolling up…");
    db = (await reopen()).db;
    const [rollUp, rollUpCold] = await time(() => rollUpDistrictsToRegions(db, actor, input));
    const rollUpWarm = await repeat(() => rollUpDistrictsToRegions(db, actor, input));
    const [, rollUpAllYears] = await time(async () => {
      for (const year of options.years) {
        await rollUpDistrictsToRegions(db, actor, { policyCode: "pntp", year });
      }
    });
    process.stdout.write(" done\n");

    return {
      load,
      analyzeMs,
      openMs: opened.ms,
      evaluateCold,
      evaluateWarm,
      evaluateCatalogue,
      evaluateOtherYear,
      evaluateCached,
      rollUpCold,
      rollUpWarm,
      rollUpAllYears,
      fingerprint: JSON.stringify([evaluation.index, rollUp.rows]),
      rollUpTotal: rollUp.rows.reduce((n, r) => n + r.value, 0),
    };
  } finally {
    if (schema) {
      const h = handle as DatabaseHandle | null;
      if (h) await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(h.db);
    }
    await (handle as DatabaseHandle | null)?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

const ms = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? "—" : `${x.toFixed(x < 100 ? 1 : 0)} ms`;

interface Row {
  label: string;
  pick: (f: Figures) => number | null;
  /** Warm figures say how many calls they rest on. */
  samples?: (f: Figures) => number;
  goal?: number;
}

function printTable(results: Partial<Record<Backend, Figures>>) {
  const warm = (label: string, series: (f: Figures) => number[], p: number, goal: number) => ({
    label,
    pick: (f: Figures) => percentile(series(f), p),
    samples: (f: Figures) => series(f).length,
    goal,
  });
  const y = EVALUATED_YEAR;
  const rows: Row[] = [
    { label: "load: PNTP catalogue", pick: (f) => f.load.ms.catalogue },
    { label: "load: ubigeo reference", pick: (f) => f.load.ms.reference },
    { label: "load: measurements", pick: (f) => f.load.ms.measurements },
    { label: "load: district rows", pick: (f) => f.load.ms.disaggregations },
    { label: "load: ANALYZE", pick: (f) => f.analyzeMs },
    { label: "open database (first statement)", pick: (f) => f.openMs },
    { label: `evaluate pntp ${y}: cold`, pick: (f) => f.evaluateCold },
    warm(`evaluate ${y}: warm (a ${y} value changed) median`, (f) => f.evaluateWarm, 0.5, 20),
    warm(`evaluate ${y}: warm (a ${y} value changed) p95`, (f) => f.evaluateWarm, 0.95, 20),
    warm(`evaluate ${y}: catalogue changed median`, (f) => f.evaluateCatalogue, 0.5, 20),
    warm(`evaluate ${y}: catalogue changed p95`, (f) => f.evaluateCatalogue, 0.95, 20),
    warm(`evaluate ${y}: a ${y + 1} value changed median`, (f) => f.evaluateOtherYear, 0.5, 20),
    warm(`evaluate pntp ${y}: cached median`, (f) => f.evaluateCached, 0.5, 20),
    { label: `roll-up ${y}: cold`, pick: (f) => f.rollUpCold, goal: 500 },
    warm(`roll-up ${y}: warm median`, (f) => f.rollUpWarm, 0.5, 500),
    warm(`roll-up ${y}: warm p95`, (f) => f.rollUpWarm, 0.95, 500),
    { label: `roll-up all ${options.years.length} years, once`, pick: (f) => f.rollUpAllYears },
  ];
  const backends = [results.pglite, results.postgres];
  const table = [
    ["metric", "PGlite", "PostgreSQL", "ratio", "goal", "met? PGlite / PostgreSQL"],
    ...rows.map((row) => {
      const [a, b] = backends.map((f) => (f ? row.pick(f) : null));
      const cell = (f: Figures | undefined, v: number | null | undefined) =>
        f && row.samples ? `${ms(v)} (n=${row.samples(f)})` : ms(v);
      const ratio = a != null && b != null && b > 0 ? `${(a / b).toFixed(1)}×` : "—";
      const goal = row.goal;
      const verdict =
        goal === undefined
          ? ""
          : [a, b].map((v) => (v == null ? "—" : v <= goal ? "met" : "missed")).join(" / ");
      return [
        row.label,
        cell(results.pglite, a),
        cell(results.postgres, b),
        ratio,
        goal === undefined ? "" : `≤ ${goal} ms`,
        verdict,
      ];
    }),
  ];
  const widths = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length))) ?? [];
  for (const [i, r] of table.entries()) {
    console.log(
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join(" | "),
    );
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  }
}

async function main() {
  const wall = performance.now();
  console.log(
    `Vigía bench:evaluate — ${cpus().length} CPU(s), load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(
        " ",
      )}; ${options.runs} warm runs per figure${options.analyze ? "; ANALYZE after load" : ""}`,
  );
  const results: Partial<Record<Backend, Figures>> = {};
  for (const backend of options.backends) {
    if (backend === "postgres") {
      const problem = await probePostgres(options.url);
      if (problem) {
        console.log(
          `  postgres: skipped, server unreachable at ${options.url.replace(/\/\/[^@]*@/, "//…@")} (${problem})`,
        );
        continue;
      }
    } else if (backend !== "pglite") {
      console.error(`Unknown backend "${backend}" in BENCH_BACKENDS.`);
      process.exit(2);
    }
    results[backend] = await runBackend(backend);
  }
  const any = results.pglite ?? results.postgres;
  if (!any) return;
  const l = any.load;
  console.log(
    `\nData: PNTP + ${l.measurements} ANUAL measurements (${l.measurementsInserted} synthetic) × ${l.districts} districts = ${l.disaggregations.toLocaleString("en")} district rows, years ${options.years[0]}–${options.years.at(-1)}\n`,
  );
  printTable(results);
  console.log();
  for (const [backend, f] of Object.entries(results)) {
    const rate = f.load.disaggregations / (f.load.ms.disaggregations / 1000);
    const expected = f.load.totalByYear.get(EVALUATED_YEAR) ?? 0;
    console.log(
      `${backend}: ${Math.round(rate).toLocaleString("en")} district rows/s loaded; roll-up ${EVALUATED_YEAR} total ${f.rollUpTotal} ${f.rollUpTotal === expected ? "=" : "≠"} generated ${expected}`,
    );
  }
  if (results.pglite && results.postgres) {
    const same = results.pglite.fingerprint === results.postgres.fingerprint;
    console.log(
      `Evaluation index and roll-up rows ${same ? "identical" : "DIFFER"} on both backends.`,
    );
  }
  console.log(
    `Finished in ${((performance.now() - wall) / 1000).toFixed(0)} s; load average now ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}.`,
  );
}

await main();
