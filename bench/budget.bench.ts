/**
 * npm run bench:budget — import of a synthetic MEF-shaped CSV (default 1,000,000 lines) on PGlite
 * and on PostgreSQL, side by side with a raw COPY of the same file into the same PostgreSQL (the
 * practical limit), then the budget analyses over those lines. Prints figures and ratios; never
 * fails on a slow one (the goals are printed beside them, not asserted).
 *
 *   BENCH_BUDGET_ROWS   lines of the synthetic file (default 1000000)
 *   BENCH_RUNS          warm calls per analysis figure (default 20)
 *   BENCH_BATCH         lines per INSERT batch (default 2000, the importer's default)
 *   BENCH_SEED          PRNG seed (default 2021)
 *   BENCH_DATABASE_URL  PostgreSQL server (default: DATABASE_URL, then the local test server)
 *   BENCH_BACKENDS      postgres,pglite (default both, in this order)
 *   BENCH_READERS       0 skips the reading-only comparison of the two CSV readers
 *   BENCH_WORKERS       worker-thread counts to import with, each a run of its own (default
 *                       0,1,2 and the default of VIGIA_IMPORT_WORKERS, min(cores − 1, 4);
 *                       0 = the import's own thread only)
 *
 * Raw COPY is timed before and after the PostgreSQL imports (the machine's load changes while
 * it runs); the ratios use the faster of the two, so they are conservative. Each run prints the
 * one-minute load average at its start.
 *
 * Before the imports, the same file is only read, BENCH_RUNS times each, by our scanner
 * (src/shared/budget/csv-stream.ts, as the import reads it) and by csv-parse's stream API: the
 * figure behind keeping our own scanner (ADR 0016).
 *
 * Smoke run: BENCH_BUDGET_ROWS=20000 BENCH_RUNS=3 npm run bench:budget
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parse as csvParse } from "csv-parse";
import pg from "pg";
import type { DatabaseConfig } from "../src/server/config.ts";
import { openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { getBudgetReport, getBudgetSummary } from "../src/server/features/budget/budget.service.ts";
import { importBudgetFile } from "../src/server/features/budget/budget-import.service.ts";
import { resolveImportWorkers } from "../src/server/features/budget/budget-import-workers.service.ts";
import { ensureBundledBudgetSetup } from "../src/server/features/budget/budget-rules.service.ts";
import { seedBundledCatalogue } from "../src/server/features/catalogue/catalogue.service.ts";
import { loadUbigeoReference } from "../src/server/features/territory/territory.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import { csvRecords } from "../src/shared/budget/csv-stream.ts";
import {
  MEF_HEADERS,
  readDistrictCodes,
  writeSyntheticMefCsv,
} from "../test/support/synthetic-mef.ts";
import { type Backend, positiveInt } from "./bench-options.ts";

const options = {
  rows: positiveInt("BENCH_BUDGET_ROWS", 1_000_000),
  runs: positiveInt("BENCH_RUNS", 20),
  batchSize: positiveInt("BENCH_BATCH", 2000),
  seed: positiveInt("BENCH_SEED", 2021),
  url:
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/test",
  // PostgreSQL first: PGlite's WebAssembly memory is never given back to the system, and a
  // PostgreSQL run after it in the same process measured a fifth slower.
  backends: (process.env.BENCH_BACKENDS ?? "postgres,pglite").split(",") as Backend[],
  workers: [
    ...new Set(
      (process.env.BENCH_WORKERS ?? `0,1,2,${resolveImportWorkers({})}`)
        .split(",")
        .map((w) => Number(w.trim())),
    ),
  ].sort((a, b) => a - b),
};
if (options.workers.some((w) => !Number.isInteger(w) || w < 0)) {
  console.error(`BENCH_WORKERS must list integers ≥ 0, got "${process.env.BENCH_WORKERS}".`);
  process.exit(2);
}
const load1 = () => loadavg()[0] ?? 0;

/**
 * CPU seconds of a thread or process from /proc (Linux), or null elsewhere. Wall time on a
 * loaded machine says little; CPU time says what the work costs whoever else runs.
 */
function procCpu(path: string): number | null {
  try {
    const stat = readFileSync(path, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
const mainThreadCpu = () => procCpu(`/proc/self/task/${process.pid}/stat`);
const processCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** CPU seconds of the server processes serving connections named `app`, by process id. */
async function serverCpu(app: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
      [app],
    );
    return new Map(r.rows.map((row) => [row.pid, procCpu(`/proc/${row.pid}/stat`) ?? 0]));
  } finally {
    await client.end();
  }
}
const withApp = (url: string, app: string) =>
  `${url}${url.includes("?") ? "&" : "?"}application_name=${app}`;
const YEAR = 2030;
const actor = systemActor("bench");

const fmt = (n: number, d = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await f();
  return [result, performance.now() - start];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
}

interface Result {
  backend: Backend;
  workers: number;
  /** CPU seconds during the import: every thread of this process, its main thread, the server. */
  cpu: { node: number; main: number | null; server: number | null };
  /** One-minute load average when the import started. */
  load: number;
  importMs: number;
  loaded: number;
  tagged: number;
  /** Largest resident set seen during the import (sampled every 100 ms), bytes. */
  peakRss: number;
  summaryMs: number[];
  reportMs: number[];
}

/** Records of the file through our scanner, read and decoded as budget-source.service.ts does. */
async function scanOurs(file: string): Promise<number> {
  const decoder = new TextDecoder("utf-8");
  const chunks = (async function* () {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
      yield decoder.decode(chunk as Buffer, { stream: true });
    const tail = decoder.decode();
    if (tail) yield tail;
  })();
  let records = 0;
  for await (const batch of csvRecords(chunks, ",")) records += batch.length;
  return records;
}

/** The same records through csv-parse's stream API, with the options our scanner implies. */
async function scanCsvParse(file: string): Promise<number> {
  const parser = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
    csvParse({
      bom: true,
      skip_empty_lines: true,
      comment: "#",
      comment_no_infix: true,
      relax_column_count: true,
    }),
  );
  let records = 0;
  for await (const _record of parser) records++;
  return records;
}

async function runBackend(
  backend: Backend,
  file: string,
  workers: number,
  analyses: boolean,
): Promise<Result> {
  const schema = `bench_budget_${randomBytes(4).toString("hex")}`;
  const dataDir = backend === "pglite" ? mkdtempSync(join(tmpdir(), "vigia-bench-budget-")) : null;
  const config: DatabaseConfig =
    backend === "postgres"
      ? { backend: "postgres", url: withApp(options.url, schema), schema }
      : { backend: "pglite", dataDir };
  const handle = await openDatabase(config);
  try {
    await migrateDatabase(handle.db);
    await seedBundledCatalogue(handle.db, actor, { code: "pntp", replace: false });
    await ensureBundledBudgetSetup(handle.db, actor, { policyCode: "pntp" });
    await loadUbigeoReference(handle.db, actor);
    let lastShown = 0;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const load = load1();
    const serverBefore = backend === "postgres" ? await serverCpu(schema) : null;
    const nodeBefore = processCpu();
    const mainBefore = mainThreadCpu();
    const [report, importMs] = await timed(() =>
      importBudgetFile(handle.db, actor, {
        path: file,
        batchSize: options.batchSize,
        workers,
        ...(process.env.BENCH_RANGE_BYTES
          ? { rangeBytes: Number(process.env.BENCH_RANGE_BYTES) }
          : {}),
        onProgress: (p) => {
          if (p.rows - lastShown >= 250_000 || p.done) {
            lastShown = p.rows;
            process.stderr.write(`  ${backend} (${workers} hilos): ${fmt(p.rows)} filas\n`);
          }
        },
      }),
    ).finally(() => clearInterval(sampler));
    const mainAfter = mainThreadCpu();
    const cpu = {
      node: processCpu() - nodeBefore,
      main: mainAfter === null || mainBefore === null ? null : mainAfter - mainBefore,
      server: null as number | null,
    };
    if (serverBefore) {
      cpu.server = 0;
      for (const [pid, after] of await serverCpu(schema))
        cpu.server += after - (serverBefore.get(pid) ?? 0);
    }
    const summaryMs: number[] = [];
    const reportMs: number[] = [];
    for (let i = 0; analyses && i < options.runs + 1; i++) {
      const [, a] = await timed(() =>
        getBudgetSummary(handle.db, actor, { policyCode: "pntp", year: YEAR }),
      );
      const [, b] = await timed(() =>
        getBudgetReport(handle.db, actor, { policyCode: "pntp", year: YEAR }),
      );
      // The first call warms caches and prepared plans; it is not counted.
      if (i > 0) {
        summaryMs.push(a);
        reportMs.push(b);
      }
    }
    return {
      backend,
      workers,
      cpu,
      load,
      importMs,
      loaded: report.rowsLoaded,
      tagged: report.tagging[0]?.tagged ?? 0,
      peakRss,
      summaryMs,
      reportMs,
    };
  } finally {
    if (backend === "postgres") {
      const client = new pg.Client({ connectionString: options.url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    await handle.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The practical limit: COPY of the same CSV into a plain table of the same columns on the same
 * server, no validation, no tagging. Server-side COPY reads the file directly (no client
 * transfer), which makes the comparison conservative; psql's \copy is the fallback.
 */
async function rawCopy(
  file: string,
): Promise<{ ms: number; rows: number; how: string; serverCpu: number | null } | null> {
  const schema = `bench_copy_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    const columns = MEF_HEADERS.map((h) =>
      h.startsWith("MONTO_") ? `${h.toLowerCase()} numeric(16,2)` : `${h.toLowerCase()} text`,
    );
    await client.query(`CREATE TABLE ${schema}.mef_copy (${columns.join(", ")})`);
    const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]
      ?.pid;
    try {
      const cpuBefore = procCpu(`/proc/${pid}/stat`);
      const start = performance.now();
      const r = await client.query(
        `COPY ${schema}.mef_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      );
      const ms = performance.now() - start;
      const cpuAfter = procCpu(`/proc/${pid}/stat`);
      return {
        ms,
        rows: r.rowCount ?? 0,
        how: "COPY (servidor)",
        serverCpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      };
    } catch (err) {
      process.stderr.write(
        `  COPY del servidor no disponible (${(err as Error).message}); se usa psql \\copy\n`,
      );
    }
    try {
      const start = performance.now();
      const out = execFileSync(
        "psql",
        [
          options.url,
          "-c",
          `\\copy ${schema}.mef_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`,
        ],
        { encoding: "utf8" },
      );
      return {
        ms: performance.now() - start,
        rows: Number(/COPY (\d+)/.exec(out)?.[1] ?? 0),
        how: "psql \\copy",
        serverCpu: null,
      };
    } catch (err) {
      process.stderr.write(`  psql \\copy no disponible: ${(err as Error).message}\n`);
      return null;
    }
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

const dir = mkdtempSync(join(tmpdir(), "vigia-bench-mef-"));
// The PostgreSQL server reads the file for COPY under its own user.
chmodSync(dir, 0o755);
const file = join(dir, "mef-sintetico.csv");
try {
  console.log(
    `bench:budget — ${fmt(options.rows)} synthetic MEF lines; ${cpus().length} cores; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const [bytes, genMs] = await timed(async () =>
    writeSyntheticMefCsv(file, {
      rows: options.rows,
      year: YEAR,
      seed: options.seed,
      districts: await readDistrictCodes(),
    }),
  );
  chmodSync(file, 0o644);
  console.log(
    `file: ${fmt(bytes / 1e6, 1)} MB, ${MEF_HEADERS.length} columns, written in ${seconds(genMs)}`,
  );

  console.log(`\nReading the file only (${options.runs} runs each, median)`);
  console.log("reader        records       time        MB/s   lines/s");
  const readers = [
    ["csv-stream", scanOurs],
    ["csv-parse", scanCsvParse],
  ] as const;
  const medians: number[] = [];
  for (const [name, scan] of process.env.BENCH_READERS === "0" ? [] : readers) {
    const times: number[] = [];
    let records = 0;
    for (let i = 0; i < options.runs; i++) {
      const [n, ms] = await timed(() => scan(file));
      records = n;
      times.push(ms);
    }
    const ms = percentile(times, 0.5);
    medians.push(ms);
    console.log(
      `${name.padEnd(11)} ${fmt(records).padStart(9)} ${seconds(ms).padStart(10)} ${fmt(bytes / 1e6 / (ms / 1000), 1).padStart(11)} ${fmt(records / (ms / 1000)).padStart(9)}`,
    );
  }
  const [ours, library] = medians as [number, number];
  if (medians.length === 2) console.log(`csv-parse / csv-stream time: ${fmt(library / ours, 2)} ×`);

  const results: Result[] = [];
  const copies: {
    ms: number;
    rows: number;
    how: string;
    serverCpu: number | null;
    load: number;
  }[] = [];
  const timeCopy = async () => {
    const load = load1();
    const c = await rawCopy(file);
    if (c) copies.push({ ...c, load });
  };
  for (const backend of options.backends) {
    if (backend === "postgres") await timeCopy();
    for (const [i, workers] of options.workers.entries()) {
      process.stderr.write(`${backend}: importing with ${workers} worker thread(s)…\n`);
      results.push(await runBackend(backend, file, workers, i === options.workers.length - 1));
    }
    if (backend === "postgres") await timeCopy();
  }
  const copyRate = Math.max(...copies.map((c) => c.rows / (c.ms / 1000)));

  console.log("\nImport (one transaction: parse, validate, tag, write), by worker threads");
  console.log(
    "backend    workers     lines       time      lines/s    tagged  peak RSS  vs COPY   load",
  );
  for (const r of results) {
    const rate = r.loaded / (r.importMs / 1000);
    const ratio = r.backend === "postgres" && copies.length ? `${fmt(rate / copyRate, 2)} ×` : "";
    console.log(
      `${r.backend.padEnd(10)} ${String(r.workers).padStart(7)} ${fmt(r.loaded).padStart(9)} ${seconds(r.importMs).padStart(10)} ${fmt(rate).padStart(12)} ${fmt(r.tagged).padStart(9)} ${`${fmt(r.peakRss / 1e6)} MB`.padStart(9)} ${ratio.padStart(8)} ${fmt(r.load, 2).padStart(6)}`,
    );
  }
  for (const c of copies) {
    console.log(
      `${"COPY".padEnd(10)} ${"".padStart(7)} ${fmt(c.rows).padStart(9)} ${seconds(c.ms).padStart(10)} ${fmt(c.rows / (c.ms / 1000)).padStart(12)} ${"".padStart(9)} ${"".padStart(9)} ${`${fmt(c.rows / (c.ms / 1000) / copyRate, 2)} ×`.padStart(8)} ${fmt(c.load, 2).padStart(6)}  (${c.how}, no validation)`,
    );
  }
  if (options.backends.includes("postgres") && copies.length === 0) {
    console.log("COPY: not available on this machine");
  }
  const copyCpu = Math.min(
    ...copies.map((c) => (c.serverCpu ?? Number.POSITIVE_INFINITY) / c.rows),
  );
  console.log(
    "\nCPU per line (µs; whoever else loads the machine): this process (all threads), its main thread, the server",
  );
  console.log(
    "backend    workers     node     main   server    total   bound on 2 idle cores  vs COPY",
  );
  const us = (cpuS: number | null, lines: number) =>
    cpuS === null ? "—" : fmt((cpuS * 1e6) / lines, 1);
  for (const r of results) {
    const total = r.cpu.node + (r.cpu.server ?? 0);
    // On two idle cores the import takes at least half its CPU, and at least what its busiest
    // thread needs (the main thread, or the server's one process).
    const bound = Math.max(total / 2, r.cpu.main ?? 0, r.cpu.server ?? 0) / r.loaded;
    const vsCopy =
      r.backend === "postgres" && Number.isFinite(copyCpu) ? `${fmt(copyCpu / bound, 2)} ×` : "";
    console.log(
      `${r.backend.padEnd(10)} ${String(r.workers).padStart(7)} ${us(r.cpu.node, r.loaded).padStart(8)} ${us(r.cpu.main, r.loaded).padStart(8)} ${us(r.cpu.server, r.loaded).padStart(8)} ${us(total, r.loaded).padStart(8)} ${fmt(bound * 1e6, 1).padStart(22)} ${vsCopy.padStart(8)}`,
    );
  }
  if (Number.isFinite(copyCpu)) {
    console.log(
      `${"COPY".padEnd(10)} ${"".padStart(7)} ${"".padStart(8)} ${"".padStart(8)} ${fmt(copyCpu * 1e6, 1).padStart(8)}`,
    );
  }
  for (const backend of options.backends) {
    const runs = results.filter((r) => r.backend === backend);
    const base = runs.find((r) => r.workers === 0);
    if (!base || runs.length < 2) continue;
    console.log(
      `${backend} speed-up over one thread: ${runs
        .filter((r) => r !== base)
        .map((r) => `${r.workers} worker(s) ${fmt(base.importMs / r.importMs, 2)} ×`)
        .join(", ")}`,
    );
  }

  console.log(
    `\nAnalyses over the imported lines (${options.runs} warm calls each, ms; after the last run)`,
  );
  console.log("backend     summary median   p95    report median   p95");
  for (const r of results.filter((x) => x.summaryMs.length > 0)) {
    console.log(
      `${r.backend.padEnd(10)} ${fmt(percentile(r.summaryMs, 0.5), 1).padStart(14)} ${fmt(percentile(r.summaryMs, 0.95), 1).padStart(6)} ${fmt(percentile(r.reportMs, 0.5), 1).padStart(15)} ${fmt(percentile(r.reportMs, 0.95), 1).padStart(6)}`,
    );
  }
  console.log(
    `\nGoals (printed, not asserted; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} now):`,
  );
  const best = (backend: Backend) =>
    results
      .filter((r) => r.backend === backend)
      .sort((a, b) => a.importMs / a.loaded - b.importMs / b.loaded)[0];
  const pgResult = best("postgres");
  if (pgResult && copies.length) {
    const ratio = pgResult.loaded / (pgResult.importMs / 1000) / copyRate;
    console.log(
      `  PostgreSQL import ≥ 0.4 × COPY throughput (${cpus().length} cores): ${fmt(ratio, 2)} × with ${pgResult.workers} worker(s) ${ratio >= 0.4 ? "✓" : "✗"}`,
    );
  }
  const pgliteResult = best("pglite");
  if (pgliteResult) {
    const scaled = (pgliteResult.importMs * 1_000_000) / Math.max(1, pgliteResult.loaded);
    console.log(
      `  PGlite import of 1,000,000 lines ≤ 60 s: ${seconds(pgliteResult.importMs)} for ${fmt(pgliteResult.loaded)} with ${pgliteResult.workers} worker(s)${
        pgliteResult.loaded !== 1_000_000 ? ` (≈ ${seconds(scaled)} per million)` : ""
      } ${scaled <= 60_000 ? "✓" : "✗"}`,
    );
  }
  for (const r of results.filter((x) => x.summaryMs.length > 0)) {
    const worst = Math.max(percentile(r.summaryMs, 0.5), percentile(r.reportMs, 0.5));
    console.log(
      `  ${r.backend} analyses ≤ 300 ms: ${fmt(worst, 1)} ms (median of the slower call) ${worst <= 300 ? "✓" : "✗"}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
