/**
 * npm run bench:open-data — the public data API under load (issue 16 item 6): the catalogue,
 * the largest CSV of the published year, the SDMX-CSV series and the veedurías' semáforo, each
 * at 50 concurrent connections beside a static reference (the same bytes and headers, kept from
 * one of the endpoint's answers and sent through the same Hono app with no database, cache or
 * file lookup: the ceiling of a cached file), and the time to build the full open-data release
 * (the release's rows, then every file from cold caches). Prints `uptime` before and after:
 * the machine is shared, and the figures mean little without its load. Figures are printed,
 * never asserted; goals (issue 16): p95 ≤ 50 ms on cached files, full release ≤ 5 s.
 *
 *   BENCH_SECONDS (default 8)   duration of each load run
 *   BENCH_CONNECTIONS (50)      concurrent connections
 *   BENCH_SMOKE=1               1 s runs at 5 connections: checks the bench runs, and fails on
 *                               any non-2xx answer (for CI); its figures are not comparable
 */

import { execFileSync, fork } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { positiveInt } from "./bench-options.ts";
import type { OpenDataServerReady } from "./open-data-server.ts";

const SMOKE = process.env.BENCH_SMOKE === "1";
const SECONDS = SMOKE ? 1 : positiveInt("BENCH_SECONDS", 8);
const CONNECTIONS = SMOKE ? 5 : positiveInt("BENCH_CONNECTIONS", 50);
/** What a browser sends: the files answer in Brotli, compressed once per version. */
const BROWSER_ENCODING = "gzip, deflate, br";

const uptime = () => {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return "(uptime no disponible)";
  }
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

interface Run {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  n: number;
  errors: number;
}

function load(url: string, seconds = SECONDS): Promise<Run> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { "accept-encoding": BROWSER_ENCODING },
      },
      (err, result) => {
        if (err) return reject(err);
        times.sort((a, b) => a - b);
        resolve({
          rps: times.length / seconds,
          p50: percentile(times, 0.5),
          p95: percentile(times, 0.95),
          p99: percentile(times, 0.99),
          n: times.length,
          errors: result.non2xx + result.errors,
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
}

const describeRun = (r: Run) =>
  `p50 ${ms(r.p50)} · p95 ${ms(r.p95)} · p99 ${ms(r.p99)} · ${Math.round(r.rps)} req/s · n=${r.n}${r.errors ? ` · ${r.errors} errores` : ""}`;

const child = fork(fileURLToPath(new URL("./open-data-server.ts", import.meta.url)), {
  execArgv: ["--import", "tsx"],
});
const ask = <T>(message: unknown) =>
  new Promise<T>((resolve) => {
    child.once("message", (m) => resolve(m as T));
    child.send(message as string);
  });

console.log(`bench:open-data${SMOKE ? " (smoke)" : ""} · ${cpus().length} CPU · ${uptime()}`);
const ready = await new Promise<OpenDataServerReady>((resolve, reject) => {
  child.once("message", (m: OpenDataServerReady | { error: string }) =>
    "error" in m ? reject(new Error(m.error)) : resolve(m),
  );
  child.once("exit", (code) => reject(new Error(`el servidor terminó (código ${code})`)));
});
const base = `http://127.0.0.1:${ready.port}`;
const { build } = ready;
console.log(
  `Release completo: filas ${ms(build.releaseMs)} + ${build.files} archivos ${ms(build.filesMs)} = ${ms(build.releaseMs + build.filesMs)} (${(build.bytes / 1024).toFixed(0)} KB; meta ≤ 5 s)`,
);
console.log(
  `Carga: ${CONNECTIONS} conexiones, ${SECONDS} s por corrida, Accept-Encoding: ${BROWSER_ENCODING}`,
);
let failures = 0;
for (const target of ready.targets) {
  const name = target.name.replace(/\W+/g, "-");
  const referenced = await ask<{ bytes: number; status: number }>({
    reference: name,
    path: target.path,
    headers: { "accept-encoding": BROWSER_ENCODING },
  });
  // One second first, unmeasured: JIT and connection set-up would otherwise fall on the first.
  if (!SMOKE) await load(`${base}${target.path}`, 1);
  const endpoint = await load(`${base}${target.path}`);
  const reference = await load(`${base}/__reference/${name}`);
  failures += endpoint.errors + reference.errors + (referenced.status === 200 ? 0 : 1);
  console.log(
    `\n${target.name}: ${target.path} (${(target.bytes / 1024).toFixed(1)} KB, ${(referenced.bytes / 1024).toFixed(1)} KB comprimido)`,
  );
  console.log(`  endpoint    ${describeRun(endpoint)}`);
  console.log(`  referencia  ${describeRun(reference)}`);
  console.log(
    `  razón endpoint/referencia: req/s ${(endpoint.rps / reference.rps).toFixed(2)} · p95 ${(endpoint.p95 / Math.max(reference.p95, 0.001)).toFixed(2)} (meta p95 ≤ 50 ms: ${endpoint.p95 <= 50 ? "sí" : "no"})`,
  );
}
console.log(`\n${uptime()}`);
const exited = new Promise((r) => child.once("exit", r));
child.send("stop");
await exited;
if (SMOKE && failures > 0) {
  console.error(`bench:open-data (smoke): ${failures} respuestas no 2xx`);
  process.exit(1);
}
