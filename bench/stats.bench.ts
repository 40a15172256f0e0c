/**
 * npm run bench:stats — the statistical register at the issue's scale (issue 13): ten years of
 * synthetic monthly figures for every source × district × dimension (default 5,000,000 figures,
 * one CSV per source in that source's mapping), imported with `vigia stats import`'s function,
 * side by side with a raw COPY of the same rows into the same table on the same backend; then
 * the reconciliation of a year (warm, whole), the TIP data pack of that year (warm: its model
 * and the XLSX, over annual national figures derived from the months), the import of 200,000
 * pseudonymous records, and the suppression and LP audit of the largest public tables they give
 * (victims by department × month, and by province × month ≈ 2,000 cells, for a year). Prints
 * figures, ratios to the goals and /proc/loadavg beside each; never fails on a slow one.
 *
 *   BENCH_STATS_FIGURES  figures over all sources (default 5000000)
 *   BENCH_STATS_SOURCES  sources to spread them over (default 20: every source with a mapping)
 *   BENCH_STATS_RECORDS  pseudonymous records (default 200000)
 *   BENCH_RUNS           warm runs per timing (default 5)
 *   BENCH_SEED           PRNG seed (default 2021)
 *   BENCH_DATABASE_URL   PostgreSQL server (default: DATABASE_URL, then the local test server)
 *   BENCH_BACKENDS       postgres,pglite (default both, in this order)
 *
 * Smoke run (CI): BENCH_STATS_FIGURES=5000 BENCH_STATS_SOURCES=1 BENCH_STATS_RECORDS=1000 BENCH_RUNS=1
 */
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../src/server/config.ts";
import { type Database, openDatabase } from "../src/server/db/connect.ts";
import { copyCsv } from "../src/server/db/copy-rows.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { generateTipPack } from "../src/server/features/reports/reports.service.ts";
import { buildTipModel } from "../src/server/features/reports/tip/tip-model.service.ts";
import { listCurrentFigures } from "../src/server/features/statistics/statistics.repository.ts";
import { reconcileStatisticsYear } from "../src/server/features/statistics/statistics.service.ts";
import {
  ensureStatisticsSetup,
  STATISTICS_DIR,
} from "../src/server/features/statistics/statistics-code-lists.service.ts";
import {
  importStatisticsFile,
  readSourceMapping,
} from "../src/server/features/statistics/statistics-import.service.ts";
import { importStatisticsRecords } from "../src/server/features/statistics/statistics-records.service.ts";
import { loadUbigeoReference } from "../src/server/features/territory/territory.service.ts";
import { loadLpSolver } from "../src/server/lib/lp-solver.ts";
import { systemActor } from "../src/shared/actor.ts";
import { auditProtectedTable } from "../src/shared/disclosure/audit-table.ts";
import type { TwoWayTable } from "../src/shared/disclosure/count-table.ts";
import { protectTable } from "../src/shared/disclosure/protect-table.ts";
import { readDistrictCodes } from "../test/support/synthetic-mef.ts";
import { type Backend, positiveInt } from "./bench-options.ts";
import {
  COPY_COLUMNS,
  COPY_IMPORT_ID,
  type SourceFile,
  type SyntheticVictim,
  syntheticRecords,
  writeSourceFiles,
} from "./synthetic-statistics.ts";

const options = {
  figures: positiveInt("BENCH_STATS_FIGURES", 5_000_000),
  sources: positiveInt("BENCH_STATS_SOURCES", 20),
  records: positiveInt("BENCH_STATS_RECORDS", 200_000),
  runs: positiveInt("BENCH_RUNS", 5),
  seed: positiveInt("BENCH_SEED", 2021),
  url:
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/test",
  // PostgreSQL first: PGlite's WebAssembly memory is never given back (see bench:budget).
  backends: (process.env.BENCH_BACKENDS ?? "postgres,pglite").split(",") as Backend[],
};
const RECONCILE_YEAR = 2024;
const TABLE_YEAR = 2024;
const IMPORT_GOAL = 0.3;
const RECONCILE_GOAL_MS = 1000;
const DISCLOSURE_GOAL_MS = 2000;
const TIP_GOAL_MS = 1000;
const TIP_IMPORT_ID = 999_998;
const actor = systemActor("bench");

const fmt = (n: number, d = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const mark = (ok: boolean) => (ok ? "✓" : "✗");
/** The load when a figure was measured, as the kernel prints it (1, 5, 15 min, tasks, last pid). */
const procLoad = () => {
  try {
    return readFileSync("/proc/loadavg", "utf8").trim();
  } catch {
    return load();
  }
};

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await f();
  return [result, performance.now() - start];
}

/** The copy file in chunks of whole lines, about 16 MB each. */
async function* copyChunks(path: string): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 24 })) {
    const text = rest + chunk;
    const cut = text.lastIndexOf("\n") + 1;
    rest = text.slice(cut);
    if (cut > 0) yield text.slice(0, cut);
  }
  if (rest) yield `${rest}\n`;
}

/**
 * The practical limit: the same figures, already mapped, validated and keyed, COPYed into
 * stat_figure (its indexes, constraints and foreign keys) in one transaction through the same
 * connection the import uses. Reading the copy files is inside the time, as the import reads
 * its CSV.
 */
async function rawCopy(db: Database, files: readonly SourceFile[]): Promise<number> {
  await sql`INSERT INTO stat_import (id, kind, source_code, file_name, format, mapping_version,
      imported_by, file_sha256, rows_read, figures_new, figures_restated, figures_unchanged, report)
    VALUES (${COPY_IMPORT_ID}, 'archivo', ${files[0]?.source ?? null}, 'copy', 'csv', 1, 'bench',
      ${"0".repeat(64)}, 0, 0, 0, 0, '{}')`.execute(db);
  const [, ms] = await timed(() =>
    db.transaction().execute(async (tx) => {
      for (const f of files)
        for await (const text of copyChunks(f.copy))
          await copyCsv(tx, "stat_figure", COPY_COLUMNS, text);
    }),
  );
  // TRUNCATE fires no row trigger: the append-only rule is about the figures the import writes.
  await sql`TRUNCATE stat_figure`.execute(db);
  await sql`DELETE FROM stat_import WHERE id = ${COPY_IMPORT_ID}`.execute(db);
  return ms;
}

interface Result {
  backend: Backend;
  copyMs: number;
  importMs: number;
  imported: number;
  peakRss: number;
  reconcileCells: number;
  reconcileFigures: number;
  reconcileMs: number[];
  /** Warm read of the year's current figures (the reconciliation's query), ms. */
  readMs: number[];
  reimportMs: number;
  reimportRows: number;
  /** Annual national figures derived for the TIP pack (two years). */
  tipFigures: number;
  tipModelMs: number[];
  tipXlsxMs: number[];
  tipBytes: number;
  recordsMs: number;
  /** /proc/loadavg as each figure was taken. */
  loads: Record<"copy" | "import" | "reimport" | "reconcile" | "tip" | "records", string>;
}

/**
 * Annual national figures of `year` by source × concept × sex and in total, summed from the
 * imported months: the synthetic exports are monthly by district, and the TIP pack answers
 * from annual figures. Written straight in SQL under a bench import row (not a figure the
 * import measures); derivation says how each was computed.
 */
async function deriveAnnualFigures(db: Database, year: number): Promise<number> {
  const result = await sql`
    INSERT INTO stat_figure (source_code, concept_code, period_type, period_start, period_end,
      sex, value, unit, definition, extraction_date, provenance_document, origin, derivation,
      version, import_id, imported_by)
    SELECT source_code, concept_code, 'anio', ${`${year}-01-01`}::date, ${`${year}-12-31`}::date,
      sex, sum(value), unit, min(definition), max(extraction_date), 'bench:stats', 'exportacion',
      'suma de los meses del año por distrito', 1, ${TIP_IMPORT_ID}, 'bench'
    FROM stat_figure
    WHERE period_type = 'mes' AND period_start >= ${`${year}-01-01`}::date
      AND period_end <= ${`${year}-12-31`}::date AND ubigeo IS NOT NULL
    GROUP BY GROUPING SETS ((source_code, concept_code, unit, sex), (source_code, concept_code, unit))`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

async function runBackend(
  backend: Backend,
  files: readonly SourceFile[],
  records: ReturnType<typeof syntheticRecords>["document"],
): Promise<Result> {
  const schema = `bench_stats_${randomBytes(4).toString("hex")}`;
  const dataDir = backend === "pglite" ? mkdtempSync(join(tmpdir(), "vigia-bench-stats-")) : null;
  const config: DatabaseConfig =
    backend === "postgres"
      ? { backend: "postgres", url: options.url, schema }
      : { backend: "pglite", dataDir };
  const handle = await openDatabase(config);
  const db = handle.db;
  try {
    await migrateDatabase(db);
    await loadUbigeoReference(db, actor);
    await ensureStatisticsSetup(db, actor);
    process.stderr.write(`${backend}: raw COPY…\n`);
    const loads = {} as Result["loads"];
    const copyMs = await rawCopy(db, files);
    loads.copy = procLoad();
    process.stderr.write(`${backend}: importing ${files.length} file(s)…\n`);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    let imported = 0;
    const [, importMs] = await timed(async () => {
      for (const f of files) {
        const report = await importStatisticsFile(db, actor, {
          path: f.csv,
          sourceCode: f.source,
          today: "2026-01-01",
        });
        imported += report.figuresNew + report.figuresRestated;
      }
    }).finally(() => clearInterval(sampler));
    loads.import = procLoad();
    process.stderr.write(`${backend}: re-importing ${files[0]?.source} unchanged…\n`);
    const first = files[0] as SourceFile;
    const [again, reimportMs] = await timed(() =>
      importStatisticsFile(db, actor, {
        path: first.csv,
        sourceCode: first.source,
        today: "2026-01-01",
      }),
    );
    const reimportRows = again.figuresUnchanged;
    loads.reimport = procLoad();
    process.stderr.write(`${backend}: reconciling ${RECONCILE_YEAR}…\n`);
    const within = { start: `${RECONCILE_YEAR}-01-01`, end: `${RECONCILE_YEAR}-12-31` };
    const readMs: number[] = [];
    let year: Awaited<ReturnType<typeof listCurrentFigures>> = [];
    for (let i = 0; i <= options.runs; i++) {
      const [rows, ms] = await timed(() => listCurrentFigures(db, { within }));
      year = rows;
      if (i > 0) readMs.push(ms);
    }
    const reconcileMs: number[] = [];
    let reconcileCells = 0;
    let reconcileFigures = year.length;
    for (let i = 0; i <= options.runs; i++) {
      const [r, ms] = await timed(() =>
        reconcileStatisticsYear(db, actor, { year: RECONCILE_YEAR }),
      );
      reconcileCells = r.summary.groups;
      reconcileFigures = r.summary.figures;
      // The first call warms caches and plans; it is not counted.
      if (i > 0) reconcileMs.push(ms);
    }
    loads.reconcile = procLoad();
    process.stderr.write(`${backend}: TIP pack ${RECONCILE_YEAR}…\n`);
    await sql`INSERT INTO stat_import (id, kind, source_code, file_name, format, mapping_version,
        imported_by, file_sha256, rows_read, figures_new, figures_restated, figures_unchanged, report)
      VALUES (${TIP_IMPORT_ID}, 'archivo', ${files[0]?.source ?? null}, 'annual', 'csv', 1, 'bench',
        ${"0".repeat(64)}, 0, 0, 0, 0, '{}')`.execute(db);
    let tipFigures = 0;
    for (const y of [RECONCILE_YEAR - 1, RECONCILE_YEAR])
      tipFigures += await deriveAnnualFigures(db, y);
    await sql`ANALYZE stat_figure`.execute(db);
    const tipModelMs: number[] = [];
    const tipXlsxMs: number[] = [];
    let tipBytes = 0;
    const tipInput = { year: RECONCILE_YEAR, audience: "public" as const };
    for (let i = 0; i <= options.runs; i++) {
      const [, modelMs] = await timed(() => buildTipModel(db, actor, tipInput));
      const [file, packMs] = await timed(() =>
        generateTipPack(db, actor, { ...tipInput, format: "xlsx" }),
      );
      tipBytes = file.bytes.length;
      if (i > 0) {
        tipModelMs.push(modelMs);
        tipXlsxMs.push(packMs);
      }
    }
    loads.tip = procLoad();
    process.stderr.write(`${backend}: importing ${fmt(options.records)} records…\n`);
    const [, recordsMs] = await timed(() =>
      importStatisticsRecords(db, actor, { document: records, fileName: "registros.json" }),
    );
    loads.records = procLoad();
    return {
      backend,
      copyMs,
      importMs,
      imported,
      peakRss,
      reconcileCells,
      reconcileFigures,
      reconcileMs,
      readMs,
      reimportMs,
      reimportRows,
      tipFigures,
      tipModelMs,
      tipXlsxMs,
      tipBytes,
      recordsMs,
      loads,
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

/** Victims identified in `year`, by `digits` of their ubigeo (2: department, 4: province) × month. */
function victimsTable(
  victims: readonly SyntheticVictim[],
  year: number,
  digits: number,
): TwoWayTable {
  const counts = new Map<string, number[]>();
  for (const v of victims) {
    if (!v.identifiedOn.startsWith(String(year))) continue;
    const place = v.ubigeo.slice(0, digits);
    const row = counts.get(place) ?? (Array(12).fill(0) as number[]);
    counts.set(place, row);
    const month = Number(v.identifiedOn.slice(5, 7)) - 1;
    row[month] = (row[month] ?? 0) + 1;
  }
  const rows = [...counts.keys()].sort();
  return {
    kind: "two-way",
    rows,
    columns: Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, "0")}`),
    counts: rows.map((r) => counts.get(r) as number[]),
  };
}

/** One backend's figures, printed as soon as they are measured, each with /proc/loadavg. */
function printBackend(r: Result, rows: number, bytes: number) {
  const rate = r.imported / (r.importMs / 1000);
  const copyRate = rows / (r.copyMs / 1000);
  const ratio = rate / copyRate;
  console.log(`\n== ${r.backend}`);
  console.log("Import (one transaction per file: read, validate, key, write)");
  console.log(
    "             figures       time      rows/s     MB/s  peak RSS   /proc/loadavg after",
  );
  console.log(
    `import     ${fmt(r.imported).padStart(9)} ${seconds(r.importMs).padStart(10)} ${fmt(rate).padStart(11)} ${fmt(bytes / 1e6 / (r.importMs / 1000), 1).padStart(8)} ${`${fmt(r.peakRss / 1e6)} MB`.padStart(9)}   ${r.loads.import}`,
  );
  console.log(
    `raw COPY   ${fmt(rows).padStart(9)} ${seconds(r.copyMs).padStart(10)} ${fmt(copyRate).padStart(11)} ${fmt(bytes / 1e6 / (r.copyMs / 1000), 1).padStart(8)}             ${r.loads.copy}   (same rows, mapped, into stat_figure)`,
  );
  console.log(
    `import / COPY: ${fmt(ratio, 2)} × (goal ≥ ${IMPORT_GOAL}) ${mark(ratio >= IMPORT_GOAL)}`,
  );
  console.log(
    `re-import of one file unchanged (keyed lookup per batch): ${fmt(r.reimportRows)} rows in ${seconds(r.reimportMs)}, ${fmt(r.reimportRows / (r.reimportMs / 1000))} rows/s — load ${r.loads.reimport}`,
  );
  const m = median(r.reconcileMs);
  console.log(
    `Reconciliation of ${RECONCILE_YEAR}, whole: ${fmt(r.reconcileFigures)} figures in ${fmt(r.reconcileCells)} groups; warm, median of ${r.reconcileMs.length}: ${fmt(m)} ms (of which the read of the year's figures ${fmt(median(r.readMs))} ms) — ${fmt(m / RECONCILE_GOAL_MS, 2)} × goal (≤ 1 s) ${mark(m <= RECONCILE_GOAL_MS)} — load ${r.loads.reconcile}`,
  );
  const pack = median(r.tipXlsxMs);
  console.log(
    `TIP pack ${RECONCILE_YEAR} (public; ${fmt(r.tipFigures)} annual figures derived for ${RECONCILE_YEAR - 1}–${RECONCILE_YEAR}), warm, median of ${r.tipXlsxMs.length}: model ${fmt(median(r.tipModelMs))} ms; model + XLSX ${fmt(pack)} ms (${fmt(r.tipBytes / 1e3)} kB) — ${fmt(pack / TIP_GOAL_MS, 2)} × goal (≤ 1 s) ${mark(pack <= TIP_GOAL_MS)} — load ${r.loads.tip}`,
  );
  console.log(
    `Pseudonymous records (${fmt(options.records)}: cases with 2 milestones, victims, suspects; one transaction): ${seconds(r.recordsMs)}, ${fmt(options.records / (r.recordsMs / 1000))} records/s — load ${r.loads.records}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "vigia-bench-stats-files-"));
chmodSync(dir, 0o755);
try {
  console.log(
    `bench:stats — ${fmt(options.figures)} synthetic figures over ${options.sources} source(s), ${fmt(options.records)} records; ${cpus().length} cores; load ${load()} (1 / 5 / 15 min)`,
  );
  const districts = await readDistrictCodes();
  const sources = readdirSync(join(STATISTICS_DIR, "mappings"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort()
    .slice(0, options.sources);
  const perSource = Math.ceil(options.figures / sources.length);
  const [files, genMs] = await timed(async () => {
    const out: SourceFile[] = [];
    let left = options.figures;
    for (const [i, source] of sources.entries()) {
      const mapping = await readSourceMapping(source);
      const n = Math.min(perSource, left);
      if (n <= 0) break;
      out.push(await writeSourceFiles(dir, source, mapping, n, districts, options.seed + i));
      left -= out.at(-1)?.rows ?? 0;
    }
    return out;
  });
  const rows = files.reduce((n, f) => n + f.rows, 0);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  console.log(
    `files: ${files.length} CSV, ${fmt(rows)} figures, ${fmt(bytes / 1e6, 1)} MB, written in ${seconds(genMs)} (${districts.length} districts × 120 months × sex × concept)`,
  );
  const records = syntheticRecords(
    sources[0] ?? "PNP-RETA",
    options.records,
    districts,
    options.seed,
  );

  const results: Result[] = [];
  for (const backend of options.backends) {
    const r = await runBackend(backend, files, records.document);
    results.push(r);
    printBackend(r, rows, bytes);
  }

  const solver = await loadLpSolver();
  console.log(
    `\nDisclosure control of the largest public tables (public, k = 11; warm, median of ${options.runs}; goal ≤ 2 s) — load ${load()}`,
  );
  console.log(
    "table                                   cells  suppressed   suppression      audit      total",
  );
  for (const [label, digits] of [
    [`victims ${TABLE_YEAR}, department × month`, 2],
    [`victims ${TABLE_YEAR}, province × month`, 4],
  ] as const) {
    const table = victimsTable(records.victims, TABLE_YEAR, digits);
    const p: number[] = [];
    const a: number[] = [];
    let suppressed = 0;
    let cells = 0;
    let passed = true;
    for (let i = 0; i <= options.runs; i++) {
      const t0 = performance.now();
      const protectedTable = protectTable(table, { audience: "public", solver });
      const t1 = performance.now();
      passed &&= auditProtectedTable(table, protectedTable, { solver }).passed;
      const t2 = performance.now();
      if (i > 0) {
        p.push(t1 - t0);
        a.push(t2 - t1);
      }
      suppressed = protectedTable.informationLoss.cellsSuppressed;
      cells = protectedTable.informationLoss.cellsTotal;
    }
    const total = median(p.map((x, i) => x + (a[i] ?? 0)));
    console.log(
      `${label.padEnd(38)} ${fmt(cells).padStart(6)} ${fmt(suppressed).padStart(11)} ${`${fmt(median(p))} ms`.padStart(13)} ${`${fmt(median(a))} ms`.padStart(10)} ${`${fmt(total)} ms`.padStart(10)}  ${fmt(total / DISCLOSURE_GOAL_MS, 2)} × goal ${mark(total <= DISCLOSURE_GOAL_MS)}${passed ? "" : "  AUDIT FAILED"}  load ${procLoad()}`,
    );
  }
  console.log(`\nload at the end: ${procLoad()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
