/**
 * npm run bench:reports — time to produce the full Informe de Evaluación PNTP 2023 in the three
 * formats (DOCX, PDF, XLSX) from a seeded in-memory PGlite: data read once, document built
 * once (with its three charts), rendered three times. Prints figures beside the goal (≤ 3 s for
 * the three together on the project's 2-core machines); never asserts, since timings depend on
 * the machine and on what else runs on it (the load average is printed).
 *
 *   BENCH_RUNS   warm runs after the cold one (default 5)
 *   BENCH_YEAR   year of the report (default 2023)
 *   BENCH_SCALES which data (default both, in this order): `seeded` (the bundled PNTP and its
 *                values) and `national` (bench/synthetic-data.ts: the catalogue, every district
 *                of the reference, a value per district for each service indicator and year)
 *   BENCH_DISTRICTS, BENCH_YEARS  for `national` (default 1,892 districts, 2022–2030)
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { seedBundledCatalogue } from "../src/server/features/catalogue/catalogue.service.ts";
import { buildEvaluationDocument } from "../src/server/features/reports/evaluation/evaluation-document.builder.ts";
import { buildEvaluationReportModel } from "../src/server/features/reports/evaluation/evaluation-model.service.ts";
import {
  generateEvaluationReport,
  renderReport,
} from "../src/server/features/reports/reports.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import { REPORT_FORMATS } from "../src/shared/contracts/reports.contract.ts";
import { benchYears, NATIONAL_DISTRICTS, positiveInt } from "./bench-options.ts";
import { generateSyntheticData } from "./synthetic-data.ts";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const year = Number(process.env.BENCH_YEAR ?? 2023);
if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(year)) {
  console.error("BENCH_RUNS must be a positive integer and BENCH_YEAR a year.");
  process.exit(2);
}
const GOAL_MS = 3000;
const PHASES = ["datos", "documento", "docx", "pdf", "xlsx", "total"] as const;
type Phase = (typeof PHASES)[number];

const scales = (process.env.BENCH_SCALES ?? "seeded,national").split(",");
const districts = positiveInt("BENCH_DISTRICTS", NATIONAL_DISTRICTS);
const years = benchYears(9);
const actor = systemActor("bench");
type Handle = Awaited<ReturnType<typeof openDatabase>>;

async function oneRun(
  handle: Handle,
): Promise<Record<Phase, number> & { bytes: Record<string, number> }> {
  const times = {} as Record<Phase, number>;
  const bytes: Record<string, number> = {};
  const start = performance.now();
  let t = start;
  const lap = (phase: Phase) => {
    const now = performance.now();
    times[phase] = now - t;
    t = now;
  };
  const model = await buildEvaluationReportModel(handle.db, actor, { policyCode: "pntp", year });
  lap("datos");
  const doc = buildEvaluationDocument(model);
  lap("documento");
  for (const format of REPORT_FORMATS) {
    const file = await renderReport(doc, format);
    bytes[format] = file.bytes.length;
    lap(format);
  }
  times.total = performance.now() - start;
  return { ...times, bytes };
}

const ms = (x: number) => `${Math.round(x).toLocaleString("es-PE")} ms`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
console.log(
  `Informe de Evaluación PNTP ${year}: DOCX + PDF + XLSX — ${cpus().length} núcleos, carga ${load()}, Node ${process.version}`,
);

async function measureScale(scale: string) {
  const handle = await openDatabase({ backend: "pglite", dataDir: null });
  await migrateDatabase(handle.db);
  if (scale === "national") {
    const t0 = performance.now();
    const summary = await generateSyntheticData(handle.db, {
      districts,
      years,
      seed: 2021,
      batchSize: 5000,
    });
    console.log(
      `\n== escala nacional (sintética): ${summary.measurements} valores ANUAL × ${summary.districts} distritos = ${summary.disaggregations.toLocaleString("es-PE")} filas distritales, ${years[0]}–${years.at(-1)}; carga de datos ${ms(performance.now() - t0)}; carga del sistema ${load()}`,
    );
  } else {
    await seedBundledCatalogue(handle.db, actor, { code: "pntp", replace: false });
    console.log(`\n== PNTP sembrada (catálogo y valores incluidos); carga del sistema ${load()}`);
  }
  const cold = await oneRun(handle);
  console.log(
    `en frío (primera ejecución, carga de módulos incluida): ${ms(cold.total)}; tamaños: ${Object.entries(
      cold.bytes,
    )
      .map(([f, b]) => `${f} ${Math.round(b / 1024)} KB`)
      .join(", ")}`,
  );
  const warm: Record<Phase, number>[] = [];
  for (let i = 0; i < runs; i++) warm.push(await oneRun(handle));
  console.log(`\n${runs} ejecuciones en caliente:`);
  console.log(
    `${"fase".padEnd(10)} ${"mínimo".padStart(10)} ${"mediana".padStart(10)} ${"máximo".padStart(10)}`,
  );
  for (const phase of PHASES) {
    const xs = warm.map((w) => w[phase]);
    console.log(
      `${phase.padEnd(10)} ${ms(Math.min(...xs)).padStart(10)} ${ms(median(xs)).padStart(10)} ${ms(Math.max(...xs)).padStart(10)}`,
    );
  }
  const total = median(warm.map((w) => w.total));
  console.log(
    `\nmeta: ≤ ${ms(GOAL_MS)} los tres formatos juntos; mediana ${ms(total)} (${total <= GOAL_MS ? "dentro" : "fuera"} de la meta)`,
  );

  // What a user waits for when asking for each format separately (CLI or API): each request
  // reads the data and builds the document again.
  const separate: string[] = [];
  for (const format of REPORT_FORMATS) {
    const t = performance.now();
    await generateEvaluationReport(handle.db, actor, { policyCode: "pntp", year, format });
    separate.push(`${format} ${ms(performance.now() - t)}`);
  }
  console.log(`por separado (una solicitud por formato): ${separate.join(", ")}`);
  await handle.close();
}

for (const scale of scales) {
  if (scale !== "seeded" && scale !== "national") {
    console.error(`BENCH_SCALES: "${scale}" no es seeded ni national.`);
    process.exit(2);
  }
  await measureScale(scale);
}
console.log(`\ncarga del sistema al terminar: ${load()}`);
