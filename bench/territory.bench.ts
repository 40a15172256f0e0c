/**
 * npm run bench:territory — roll-ups of district values with history, and the map payload of the
 * heaviest view (docs/territory.md § Performance; ADR 0031). Figures printed side by side, never
 * asserted.
 *
 * Data (synthetic, seeded): every district of reference/geo (1,892) × 25 regional plans × 4
 * quarters × 9 years (2016–2024) = 1,702,800 district values. A regional plan is a catalogue in
 * Vigía's format; here each plan is one indicator of the bundled PNTP catalogue with its own
 * measurements (the same measurement and disaggregation tables, the same query), since regional
 * plans are registered by another part of issue 14. The quarters T1–T4 are theirs too: when
 * the migrations do not allow them yet, this throwaway database widens the period check. 40
 * districts are created in the second year, so the roll-ups leave their first-year values out.
 *
 * Timed, warm (median and p95 of BENCH_RUNS calls after one cold call), beside a raw SQL GROUP BY
 * on the same rows (the practical limit: no statuses, revisions, validity or names):
 *   - a plan's quarter by department, by province within a department, by district within a
 *     province (rollUpDistrictValues, the map's and the regional view's roll-up);
 *   - a plan's whole history (36 periods) by department;
 *   - every plan's quarter by department (the policy-wide roll-up).
 * Map payload: the heaviest view's boundary file and figures, raw, gzip and Brotli (as
 * src/server/http/static-files.ts and compression.ts send them). Goals: any roll-up ≤ 100 ms
 * warm; a view ≤ 300 KB.
 *
 *   BENCH_TERRITORY_PLANS      plans (default 25)
 *   BENCH_YEARS                years (default 9)
 *   BENCH_TERRITORY_DISTRICTS  districts used (default all 1,892)
 *   BENCH_RUNS                 warm calls per figure (default 20)
 *   BENCH_BACKENDS             pglite (default) or postgres,pglite
 *   BENCH_DATABASE_URL         PostgreSQL server (default DATABASE_URL, then the local test one)
 *   --smoke                    3 plans, 2 years, 300 districts, 3 runs (CI)
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pg from "pg";
import { compressedSizes, DERIVED_DIR, GEO_DIR } from "../scripts/build-geo.ts";
import type { DatabaseConfig } from "../src/server/config.ts";
import { openDatabase } from "../src/server/db/connect.ts";
import { copyRows } from "../src/server/db/copy-rows.ts";
import type { Database } from "../src/server/db/database.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { seedBundledCatalogue } from "../src/server/features/catalogue/catalogue.service.ts";
import { loadUbigeoReference } from "../src/server/features/territory/territory.service.ts";
import { rollUpDistrictValues } from "../src/server/features/territory/territory-areas.service.ts";
import { getMapLayer } from "../src/server/features/territory-view/map-layer.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import { type Backend, positiveInt } from "./bench-options.ts";

const smoke = process.argv.includes("--smoke");
const options = {
  plans: positiveInt("BENCH_TERRITORY_PLANS", smoke ? 3 : 25),
  years: positiveInt("BENCH_YEARS", smoke ? 2 : 9),
  districts: positiveInt("BENCH_TERRITORY_DISTRICTS", smoke ? 300 : 1_892),
  runs: positiveInt("BENCH_RUNS", smoke ? 3 : 20),
  url:
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/test",
  backends: (process.env.BENCH_BACKENDS ?? "pglite").split(",") as Backend[],
};
const QUARTERS = ["T1", "T2", "T3", "T4"] as const;
// The years end in 2024 (the last year with PNTP fichas in force), 2016–2024 at full scale.
const FIRST_YEAR = 2025 - options.years;
const actor = systemActor("bench");

/** Park–Miller: the same synthetic values on every run. */
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

interface Timing {
  label: string;
  rows: number;
  median: number;
  p95: number;
  cold: number;
}

async function time(label: string, runs: number, fn: () => Promise<number>): Promise<Timing> {
  const c0 = performance.now();
  const rows = await fn();
  const cold = performance.now() - c0;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { label, rows, median: at(0.5), p95: at(0.95), cold };
}

async function load(db: Database) {
  await migrateDatabase(db);
  await seedBundledCatalogue(db, actor, { code: "pntp", replace: false });
  await loadUbigeoReference(db, actor);
  // Quarters: allowed by the regional plans' migration; widened here when not yet.
  const check = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def
    from pg_constraint where conname = 'measurement_period_check'`.execute(db);
  if (!check.rows.some((r) => r.def.includes("T1"))) {
    await sql`alter table measurement drop constraint if exists measurement_period_check`.execute(
      db,
    );
    await sql`alter table measurement add constraint measurement_period_check
      check (period in ('ANUAL','S1','S2','T1','T2','T3','T4'))`.execute(db);
  }
  const districts = (
    await db
      .selectFrom("ubigeo")
      .select("code")
      .where("level", "=", "distrito")
      .orderBy("code")
      .execute()
  )
    .map((r) => r.code)
    .slice(0, options.districts);
  // 40 districts "created" in the second year: their first-year values are left out.
  const created = districts
    .filter((_, i) => i % Math.max(2, Math.floor(districts.length / 40)) === 1)
    .slice(0, 40);
  await db
    .updateTable("ubigeo")
    .set({ validFrom: `${FIRST_YEAR + 1}-01-01` })
    .where("code", "in", created)
    .execute();
  const indicators = await db
    .selectFrom("indicator as i")
    .innerJoin("measurement as m", "m.indicatorId", "i.id")
    .selectAll("m")
    .select("i.code as indicatorCode")
    .where("m.revision", "=", 1)
    .where("m.year", "=", 2023)
    .where("m.period", "=", "ANUAL")
    .orderBy("i.position")
    .execute();
  const plans = indicators.slice(0, options.plans);
  if (plans.length < options.plans)
    throw new Error(`only ${plans.length} indicators to stand for plans`);
  const random = prng(2021);
  let values = 0;
  const t0 = performance.now();
  for (const plan of plans) {
    const { id: _id, createdAt: _c, indicatorCode: _code, ...base } = plan;
    const measurements = await db
      .insertInto("measurement")
      .values(
        Array.from({ length: options.years }, (_, y) =>
          QUARTERS.map((q) => ({
            ...base,
            year: FIRST_YEAR + y,
            period: q as "ANUAL",
            status: "validado" as const,
          })),
        ).flat(),
      )
      .returning("id")
      .execute();
    const rows: (string | number | null)[][] = [];
    for (const m of measurements) {
      districts.forEach((d, position) => {
        rows.push([m.id, "region", d, null, Math.floor(random() * 50), position]);
      });
    }
    await db.transaction().execute(async (tx) => {
      await copyRows(
        tx,
        "measurement_disaggregation",
        ["measurement_id", "dimension", "category", "label", "value", "position"],
        rows,
      );
    });
    values += rows.length;
  }
  await sql`analyze`.execute(db);
  return {
    plans: plans.map((p) => p.indicatorCode),
    districts,
    created,
    values,
    loadMs: performance.now() - t0,
  };
}

async function runBackend(backend: Backend) {
  const schema = `bench_territory_${randomBytes(4).toString("hex")}`;
  const dataDir =
    backend === "pglite" ? mkdtempSync(join(tmpdir(), "vigia-bench-territory-")) : null;
  const config: DatabaseConfig =
    backend === "postgres"
      ? { backend: "postgres", url: options.url, schema }
      : { backend: "pglite", dataDir };
  const handle = await openDatabase(config);
  try {
    const data = await load(handle.db);
    const db = handle.db;
    const plan = data.plans[0] ?? "1";
    const lastYear = FIRST_YEAR + options.years - 1;
    const department = (data.districts[data.districts.length - 1] ?? "150101").slice(0, 2);
    const province = (data.districts[data.districts.length - 1] ?? "150101").slice(0, 4);
    const q = { policyCode: "pntp", indicatorCode: plan, year: lastYear, period: "T4" as const };
    const planMeasurements = await db
      .selectFrom("measurement as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .select(["m.id", "m.year", "m.period"])
      .where("i.code", "=", plan)
      .where("m.period", "in", [...QUARTERS] as unknown as "ANUAL"[])
      .execute();
    const oneId =
      planMeasurements.find((m) => m.year === lastYear && String(m.period) === "T4")?.id ?? 0;
    const allIds = planMeasurements.map((m) => m.id);
    const quarterIds = (
      await db
        .selectFrom("measurement")
        .select("id")
        .where("year", "=", lastYear)
        .where("period", "=", "T4" as "ANUAL")
        .execute()
    ).map((m) => m.id);
    const raw = (ids: number[], length: number, extra = sql``) =>
      sql`select measurement_id, left(category, ${sql.lit(length)}) as area, sum(value)
          from measurement_disaggregation where measurement_id in (${sql.join(ids)}) ${extra}
          group by 1, 2`
        .execute(db)
        .then((r) => r.rows.length);
    const pairs: [Timing, Timing][] = [];
    const pair = async (label: string, ours: () => Promise<number>, limit: () => Promise<number>) =>
      pairs.push([await time(label, options.runs, ours), await time(label, options.runs, limit)]);
    await pair(
      "un plan, un trimestre, por departamento",
      async () => (await rollUpDistrictValues(db, actor, { ...q, level: "departamento" })).length,
      () => raw([oneId], 2),
    );
    await pair(
      `por provincia dentro de ${department}`,
      async () =>
        (await rollUpDistrictValues(db, actor, { ...q, level: "provincia", within: department }))
          .length,
      () => raw([oneId], 4, sql`and category like ${`${department}%`}`),
    );
    await pair(
      `por distrito dentro de ${province}`,
      async () =>
        (await rollUpDistrictValues(db, actor, { ...q, level: "distrito", within: province }))
          .length,
      () => raw([oneId], 6, sql`and category like ${`${province}%`}`),
    );
    await pair(
      `historia de un plan (${allIds.length} periodos) por departamento`,
      async () =>
        (
          await rollUpDistrictValues(db, actor, {
            policyCode: "pntp",
            indicatorCode: plan,
            level: "departamento",
          })
        ).length,
      () => raw(allIds, 2),
    );
    await pair(
      `los ${data.plans.length} planes, un trimestre, por departamento`,
      async () =>
        (
          await rollUpDistrictValues(db, actor, {
            policyCode: "pntp",
            year: lastYear,
            period: "T4",
            level: "departamento",
          })
        ).length,
      () => raw(quarterIds, 2),
    );
    const outside = (
      await rollUpDistrictValues(db, actor, {
        policyCode: "pntp",
        indicatorCode: plan,
        level: "departamento",
        year: FIRST_YEAR,
        period: "T1",
      })
    ).reduce((s, r) => s + r.outside, 0);
    // The map view's figures, as the API sends them (JSON), for the heaviest district view.
    const layer = await getMapLayer(db, actor, {
      layer: "indicator",
      level: "distrito",
      within: department,
      indicator: plan,
      year: lastYear,
      period: "T4",
      policy: "pntp",
    }).catch((err: unknown) => {
      console.log(
        `  (vista distrital no medida: ${err instanceof Error ? err.message : String(err)})`,
      );
      return null;
    });
    return {
      backend,
      data,
      pairs,
      outside,
      department,
      layerJson: layer ? JSON.stringify(layer) : null,
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

const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (x: number) => `${(x / 1024).toFixed(1)} KB`;

const [l1, l5, l15] = loadavg();
console.log(
  `bench:territory${smoke ? " (--smoke)" : ""} — ${options.districts} distritos × ${options.plans} planes × 4 trimestres × ${options.years} años; ${cpus().length} núcleos; carga ${l1?.toFixed(2)} ${l5?.toFixed(2)} ${l15?.toFixed(2)}`,
);
for (const backend of options.backends) {
  const r = await runBackend(backend);
  console.log(
    `\n[${backend}] ${r.data.values.toLocaleString("en")} valores distritales cargados en ${(r.data.loadMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `  ${"roll-up (mediana / p95, en caliente)".padEnd(54)} ${"Vigía".padStart(20)} ${"GROUP BY crudo".padStart(20)}  razón`,
  );
  for (const [ours, limit] of r.pairs) {
    console.log(
      `  ${ours.label.padEnd(54)} ${`${ms(ours.median)} / ${ms(ours.p95)}`.padStart(20)} ${`${ms(limit.median)} / ${ms(limit.p95)}`.padStart(20)}  ${(ours.median / Math.max(0.01, limit.median)).toFixed(1)}×   (${ours.rows} filas; en frío ${ms(ours.cold)})`,
    );
  }
  const worst = Math.max(...r.pairs.map(([o]) => o.median));
  console.log(
    `  meta: todo roll-up ≤ 100 ms en caliente — el más lento ${ms(worst)} ${worst <= 100 ? "(cumple)" : "(NO cumple)"}`,
  );
  console.log(
    `  historia: ${r.outside} valores de distritos creados en ${FIRST_YEAR + 1} quedan fuera del primer trimestre de ${FIRST_YEAR}`,
  );
  if (r.layerJson) {
    const s = compressedSizes(r.layerJson);
    const geo = compressedSizes(
      readFileSync(join(DERIVED_DIR, `distritos-${r.department}.geojson`)),
    );
    console.log(
      `  vista distrital de ${r.department}: cifras (JSON de la API) ${kb(s.raw)} / ${kb(s.gzip)} / ${kb(s.br)} + límites ${kb(geo.raw)} / ${kb(geo.gzip)} / ${kb(geo.br)} (crudo / gzip / br) = ${kb(s.raw + geo.raw)} crudo, ${kb(s.br + geo.br)} con Brotli`,
    );
  }
}

// Boundaries: the heaviest view is one department's district file (drill-down) or the 25
// departments (first view); each is what the browser downloads for that view.
const files = [
  {
    name: "peru_departamental_simple.geojson (vista nacional)",
    body: readFileSync(join(GEO_DIR, "peru_departamental_simple.geojson")),
  },
  ...["distritos", "provincias"].flatMap((kind) =>
    Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(2, "0")).map((d) => ({
      name: `derived/${kind}-${d}.geojson`,
      body: readFileSync(join(DERIVED_DIR, `${kind}-${d}.geojson`)),
    })),
  ),
];
const sized = files
  .map((f) => ({ ...f, ...compressedSizes(f.body) }))
  .sort((a, b) => b.raw - a.raw);
const national = readFileSync(join(GEO_DIR, "peru_distrital_simple.geojson"));
const nationalSize = compressedSizes(national);
console.log("\nmapa: límites por vista (crudo / gzip / br)");
for (const f of sized.slice(0, 3))
  console.log(
    `  ${f.name.padEnd(52)} ${kb(f.raw).padStart(9)} ${kb(f.gzip).padStart(9)} ${kb(f.br).padStart(9)}`,
  );
console.log(
  `  referencia: todos los distritos en un archivo (sin derivar) ${kb(nationalSize.raw)} / ${kb(nationalSize.gzip)} / ${kb(nationalSize.br)}; la vista más pesada es ${(((sized[0]?.raw ?? 0) / nationalSize.raw) * 100).toFixed(0)} % de él`,
);
console.log(
  `  meta: ≤ 300 KB por vista — la más pesada ${kb(sized[0]?.raw ?? 0)} crudo (${kb(sized[0]?.br ?? 0)} con Brotli)`,
);
console.log(`\nuptime: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
