/**
 * npm run bench:http — the Tablero's read endpoints under 50 concurrent connections, on PGlite
 * and on PostgreSQL side by side, and the time from a validation to the new índice being
 * served. Figures are printed, never asserted.
 *
 *   BENCH_SECONDS (default 8)  duration of each load run
 *   BENCH_CONNECTIONS (50)     concurrent connections
 *   BENCH_DISTRICTS (1892)     districts per synthetic value (national scale: every district)
 *   BENCH_YEARS (9)            years of synthetic values from 2022
 *   BENCH_PROFILE              a directory: write a CPU profile of each server process there
 *   BENCH_DATABASE_URL         server for the PostgreSQL column (postgres://postgres@127.0.0.1:5432/test)
 */

import { type ChildProcess, fork } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { benchYears, positiveInt } from "./bench-options.ts";
import type { ServerReady } from "./http-server.ts";

const SECONDS = positiveInt("BENCH_SECONDS", 8);
const CONNECTIONS = positiveInt("BENCH_CONNECTIONS", 50);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DISTRICTS = positiveInt("BENCH_DISTRICTS", 1892);
const YEARS = benchYears(9);

interface Figures {
  [metric: string]: string;
}

/** Starts the server process for a backend and waits until it listens. */
function startServer(backend: "pglite" | "postgres") {
  const child = fork(fileURLToPath(new URL("./http-server.ts", import.meta.url)), {
    // BENCH_PROFILE=DIR writes a CPU profile of each server process there (open in DevTools).
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : []),
    ],
    env: {
      ...process.env,
      BENCH_BACKEND: backend,
      BENCH_DATABASE_URL: PG_URL,
      BENCH_DISTRICTS: String(DISTRICTS),
      BENCH_YEARS_LIST: JSON.stringify(YEARS),
    },
  });
  return new Promise<{ child: ChildProcess; ready: ServerReady }>((resolve, reject) => {
    child.once("message", (m: ServerReady | { error: string }) =>
      "error" in m ? reject(new Error(m.error)) : resolve({ child, ready: m }),
    );
    child.once("exit", (code) => reject(new Error(`el servidor terminó (código ${code})`)));
  });
}

/** Asks the server process to commit a change to the policy's data. */
function touch(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    child.once("message", () => resolve());
    child.send("touch");
  });
}

async function login(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;

/**
 * Load on one URL. Latencies are taken from every response (autocannon's summary has no p95),
 * and `during` runs alongside, e.g. writes that invalidate cached figures.
 */
function load(url: string, cookie: string, during?: () => Promise<unknown>): Promise<string> {
  const times: number[] = [];
  let writes = 0;
  let stop = false;
  const writer = (async () => {
    while (during && !stop) {
      await new Promise((r) => setTimeout(r, 1000));
      if (stop) break;
      await during();
      writes += 1;
    }
  })();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } },
      (err, result) => {
        stop = true;
        if (err) return reject(err);
        void writer.then(() => {
          times.sort((a, b) => a - b);
          const non2xx = result.non2xx + result.errors;
          const f = (p: number) => `${percentile(times, p).toFixed(1)} ms`;
          resolve(
            `p50 ${f(0.5)} · p95 ${f(0.95)} · p99 ${f(0.99)} · ${Math.round(result.requests.average)} req/s · n=${times.length}${non2xx ? ` · ${non2xx} errors` : ""}${during ? ` · ${writes} writes` : ""}`,
          );
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

async function measureBackend(backend: "pglite" | "postgres"): Promise<Figures> {
  const { child, ready } = await startServer(backend);
  const base = `http://127.0.0.1:${ready.port}`;
  const { admin, focal } = ready;
  try {
    const a = await login(base, admin.email, admin.password);
    const f = await login(base, focal.email, focal.password);
    const figures: Figures = {};
    // The first request computes (a cold database, nine years of trend); the load runs after it.
    const dashboard = `${base}/api/policies/pntp/dashboard?year=2023`;
    const first = performance.now();
    await fetch(dashboard, { headers: { cookie: a.cookie } }).then((r) => r.arrayBuffer());
    figures["GET dashboard 2023, first request (computes)"] =
      `${(performance.now() - first).toFixed(1)} ms`;
    // One unrecorded second of load first: the figures are of a warmed-up (JIT-compiled) server.
    await autocannon({
      url: dashboard,
      connections: CONNECTIONS,
      duration: 1,
      headers: { cookie: a.cookie },
    });
    figures["GET dashboard 2023"] = await load(dashboard, a.cookie);
    // A value validated every second somewhere in the country: each one moves the data
    // version, so the dashboard is computed again while the load goes on.
    figures["GET dashboard 2023, data changing every second"] = await load(
      `${base}/api/policies/pntp/dashboard?year=2023`,
      a.cookie,
      () => touch(child),
    );
    figures["GET evaluation 2023"] = await load(
      `${base}/api/policies/pntp/evaluation?year=2023`,
      a.cookie,
    );
    figures["GET tasks (focal point)"] = await load(`${base}/api/policies/pntp/tasks`, f.cookie);
    // The public's read: the published snapshot, no session.
    await fetch(`${base}/api/policies/pntp/publications`, {
      method: "POST",
      headers: {
        cookie: a.cookie,
        "x-csrf-token": a.csrfToken,
        "content-type": "application/json",
      },
      body: JSON.stringify({ year: 2023 }),
    });
    figures["GET published evaluation 2023 (public)"] = await load(
      `${base}/api/policies/pntp/evaluation?year=2023`,
      "",
    );

    // Freshness: from the validation's response to the first dashboard that shows the new índice.
    const post = (s: { cookie: string; csrfToken: string }, path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          cookie: s.cookie,
          "x-csrf-token": s.csrfToken,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ id: number; lockVersion: number }>);
    const index = async () =>
      (
        (await (
          await fetch(`${base}/api/policies/pntp/dashboard?year=2024`, {
            headers: { cookie: a.cookie },
          })
        ).json()) as {
          evaluation: { index: { tipo2: unknown } };
        }
      ).evaluation.index.tipo2;
    const before = await index();
    const created = await post(f, "/api/policies/pntp/indicators/1.1/measurements", {
      year: 2024,
      period: "ANUAL",
      value: 9.9,
      numerator: null,
      denominator: null,
    });
    const sent = await post(f, `/api/measurements/${created.id}/submit`, {
      lockVersion: created.lockVersion,
    });
    const t0 = performance.now();
    await post(a, `/api/measurements/${created.id}/validate`, { lockVersion: sent.lockVersion });
    let after = await index();
    while (after === before && performance.now() - t0 < 10_000) after = await index();
    figures["validation → new índice served"] =
      `${(performance.now() - t0).toFixed(1)} ms (índice 2024 ${String(before)} → ${String(after)})`;
    return figures;
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.send("stop");
    await exited;
  }
}

async function main() {
  console.log(
    `Vigía bench:http — ${CONNECTIONS} connections × ${SECONDS} s per endpoint; ${DISTRICTS} districts × ${YEARS.length} years of synthetic values; ${cpus().length} CPU(s), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; goals: p95 ≤ 50 ms, ≤ 1 s to fresh figures`,
  );
  const results: Record<string, Figures | string> = {};
  results.PGlite = await measureBackend("pglite");
  try {
    results.PostgreSQL = await measureBackend("postgres");
  } catch (err) {
    results.PostgreSQL = `skipped: ${(err as Error).message}`;
  }
  const metrics = Object.keys(typeof results.PGlite === "object" ? results.PGlite : {});
  for (const metric of metrics) {
    console.log(`\n${metric}`);
    for (const [backend, figures] of Object.entries(results)) {
      console.log(
        `  ${backend.padEnd(10)} ${typeof figures === "string" ? figures : figures[metric]}`,
      );
    }
  }
}

await main();
process.exit(0);
