/**
 * npm run bench:http — the Tablero's read endpoints under 50 concurrent connections, on PGlite
 * and on PostgreSQL side by side, each beside a static reference: the same bytes and headers,
 * kept from one of the endpoint's answers and sent through the same Hono app with no database,
 * session or cache (the ceiling of a cached read). Also the requests a change every second
 * makes wait for a recomputation, the time from a validation's response to the dashboard that
 * shows it (≥ 20 samples), and the compressed sizes of the largest responses. Figures are
 * printed, never asserted.
 *
 *   BENCH_SECONDS (default 8)  duration of each load run
 *   BENCH_CONNECTIONS (50)     concurrent connections
 *   BENCH_DISTRICTS (1892)     districts per synthetic value (national scale: every district)
 *   BENCH_YEARS (9)            years of synthetic values from 2022
 *   BENCH_ROUNDS (4)           turns of endpoint and reference each run is split into
 *   BENCH_SAMPLES (20)         validations timed to the first dashboard that shows them
 *   BENCH_BACKENDS             any of pglite,postgres,postgres-query (default all three; the
 *                              last is PostgreSQL without LISTEN: a version query per burst)
 *   BENCH_PROFILE              a directory: write a CPU profile of each server process there
 *   BENCH_DATABASE_URL         server for the PostgreSQL column (postgres://postgres@127.0.0.1:5432/test)
 */

import { type ChildProcess, fork } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants } from "node:zlib";
import autocannon from "autocannon";
import { compress } from "../src/server/http/compression.ts";
import { signInOverHttp } from "../test/support/http-sign-in.ts";
import { benchYears, NATIONAL_DISTRICTS, positiveInt } from "./bench-options.ts";
import type { ServerReady } from "./http-server.ts";

const SECONDS = positiveInt("BENCH_SECONDS", 8);
const CONNECTIONS = positiveInt("BENCH_CONNECTIONS", 50);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DISTRICTS = positiveInt("BENCH_DISTRICTS", NATIONAL_DISTRICTS);
const YEARS = benchYears(9);
const SAMPLES = positiveInt("BENCH_SAMPLES", 20);
const ROUNDS = positiveInt("BENCH_ROUNDS", 4);
const BACKENDS = (process.env.BENCH_BACKENDS ?? "pglite,postgres,postgres-query").split(",");
/** What a browser sends: the cached endpoints and their references answer in Brotli. */
const BROWSER_ENCODING = "gzip, deflate, br";

interface Figures {
  [metric: string]: string;
}

/** Starts the server process for a backend and waits until it listens. */
function startServer(backend: "pglite" | "postgres", listen: boolean) {
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
      BENCH_LISTEN: listen ? "on" : "off",
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
  return ask(child, "touch");
}

/** Sends a message to the server process and waits for its answer. */
function ask<T = unknown>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise<T>((resolve) => {
    child.once("message", (m) => resolve(m as T));
    child.send(message as string);
  });
}

async function login(base: string, email: string, password: string) {
  // The administrator enrols an authenticator at its first sign-in (ADR 0037).
  const { cookie, csrfToken } = await signInOverHttp(base, email, password);
  return { cookie, csrfToken };
}

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
  writes: number;
  /** Wall-clock [sent, answered] of every request, for setting them against recomputations. */
  spans: [number, number][];
  /** Every response time, sorted. */
  times: number[];
  seconds: number;
}

/** Runs of the same URL taken in turns, as one: requests over seconds, percentiles of all. */
function merge(runs: Run[]): Run {
  const times = runs.flatMap((r) => r.times).sort((a, b) => a - b);
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  return {
    rps: times.length / seconds,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    n: times.length,
    errors: runs.reduce((t, r) => t + r.errors, 0),
    writes: runs.reduce((t, r) => t + r.writes, 0),
    spans: runs.flatMap((r) => r.spans),
    times,
    seconds,
  };
}

const describeRun = (r: Run) =>
  `p50 ${ms(r.p50)} · p95 ${ms(r.p95)} · p99 ${ms(r.p99)} · ${Math.round(r.rps)} req/s · n=${r.n}${r.errors ? ` · ${r.errors} errors` : ""}${r.writes ? ` · ${r.writes} writes` : ""}`;

const clock = () => performance.timeOrigin + performance.now();

/**
 * Load on one URL. Latencies are taken from every response (autocannon's summary has no p95),
 * and `during` runs alongside, e.g. writes that invalidate cached figures.
 */
function load(
  url: string,
  cookie: string,
  options: { during?: () => Promise<unknown>; seconds?: number } = {},
): Promise<Run> {
  const { during } = options;
  const times: number[] = [];
  const spans: [number, number][] = [];
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
      {
        url,
        connections: CONNECTIONS,
        duration: options.seconds ?? SECONDS,
        headers: { cookie, "accept-encoding": BROWSER_ENCODING },
      } as autocannon.Options,
      (err, result) => {
        stop = true;
        if (err) return reject(err);
        void writer.then(() => {
          times.sort((a, b) => a - b);
          resolve({
            rps: result.requests.average,
            p50: percentile(times, 0.5),
            p95: percentile(times, 0.95),
            p99: percentile(times, 0.99),
            n: times.length,
            errors: result.non2xx + result.errors,
            writes,
            spans,
            times,
            seconds: options.seconds ?? SECONDS,
          });
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
      if (during) {
        const now = clock();
        spans.push([now - responseTime, now]);
      }
    });
  });
}

/** The endpoint and its static reference, one after the other, each after a second of warm-up. */
async function againstReference(
  child: ChildProcess,
  base: string,
  name: string,
  path: string,
  cookie: string,
): Promise<string> {
  await ask(child, {
    reference: name,
    path,
    headers: { cookie, "accept-encoding": BROWSER_ENCODING },
  });
  const reference = `${base}/__reference/${name}`;
  await load(`${base}${path}`, cookie, { seconds: 1 });
  await load(reference, cookie, { seconds: 1 });
  // In turns, A B B A…: on a shared machine the load drifts, and both sides should see the same.
  const endpointRuns: Run[] = [];
  const referenceRuns: Run[] = [];
  const seconds = Math.max(1, Math.round(SECONDS / ROUNDS));
  let queries = 0;
  let queryMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? ["endpoint", "reference"] : ["reference", "endpoint"]) {
      if (side === "reference") {
        referenceRuns.push(await load(reference, cookie, { seconds }));
        continue;
      }
      const before = await ask<{ queries: number; queryMs: number }>(child, "stats");
      endpointRuns.push(await load(`${base}${path}`, cookie, { seconds }));
      const after = await ask<{ queries: number; queryMs: number }>(child, "stats");
      queries += after.queries - before.queries;
      queryMs += after.queryMs - before.queryMs;
    }
  }
  const endpoint = merge(endpointRuns);
  const ref = merge(referenceRuns);
  const versions = queries
    ? `version queries: ${queries} (1 per ${(endpoint.n / queries).toFixed(1)} requests, mean ${ms(queryMs / queries)})`
    : "version queries: none";
  return [
    describeRun(endpoint),
    `reference  p50 ${ms(ref.p50)} · p95 ${ms(ref.p95)} · ${Math.round(ref.rps)} req/s · n=${ref.n}`,
    `ratio      ${(endpoint.rps / ref.rps).toFixed(2)} × the reference's req/s, p95 ${(endpoint.p95 / ref.p95).toFixed(2)} ×; ${versions}`,
  ].join("\n             ");
}

async function measureBackend(backend: "pglite" | "postgres", listen = true): Promise<Figures> {
  const { child, ready } = await startServer(backend, listen);
  const base = `http://127.0.0.1:${ready.port}`;
  const { admin, focal } = ready;
  try {
    const a = await login(base, admin.email, admin.password);
    const f = await login(base, focal.email, focal.password);
    const figures: Figures = {};
    // The first request computes (a cold database, nine years of trend); the load runs after it.
    const dashboard = "/api/policies/pntp/dashboard?year=2023";
    const first = performance.now();
    await fetch(`${base}${dashboard}`, { headers: { cookie: a.cookie } }).then((r) =>
      r.arrayBuffer(),
    );
    figures["GET dashboard 2023, first request (computes)"] = ms(performance.now() - first);
    figures["GET dashboard 2023 (cached)"] = await againstReference(
      child,
      base,
      "dashboard",
      dashboard,
      a.cookie,
    );
    // A value validated every second somewhere in the country: each one moves the data
    // version, so the dashboard is computed again while the load goes on. Most requests still
    // find it cached; the ones in flight while figures were recomputed (sent before one ended,
    // answered after one began, as the client saw them) are counted apart.
    const changing = await load(`${base}${dashboard}`, a.cookie, { during: () => touch(child) });
    const computations = await ask<[number, number][]>(child, "computations");
    const waited = changing.spans
      .filter(([sent, answered]) => computations.some(([from, to]) => sent < to && answered > from))
      .map(([sent, answered]) => answered - sent)
      .sort((x, y) => x - y);
    figures["GET dashboard 2023, data changing every second"] = [
      describeRun(changing),
      `in flight during a recomputation: ${waited.length} of ${changing.n} (${((100 * waited.length) / Math.max(1, changing.n)).toFixed(2)} %), their p50 ${ms(percentile(waited, 0.5))} · p95 ${ms(percentile(waited, 0.95))}`,
    ].join("\n             ");
    figures["GET evaluation 2023 (cached)"] = await againstReference(
      child,
      base,
      "evaluation",
      "/api/policies/pntp/evaluation?year=2023&preview=true",
      a.cookie,
    );
    figures["GET tasks (focal point, cached)"] = await againstReference(
      child,
      base,
      "tasks",
      "/api/policies/pntp/tasks",
      f.cookie,
    );
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
    figures["GET published evaluation 2023 (public, cached)"] = await againstReference(
      child,
      base,
      "published",
      "/api/policies/pntp/evaluation?year=2023",
      "",
    );
    figures["compressed sizes (identity / gzip 6 / br 5 as served; br 11 for comparison)"] =
      await compressedSizes(base, a.cookie, [
        ["dashboard 2023", dashboard],
        ["evaluation 2023", "/api/policies/pntp/evaluation?year=2023&preview=true"],
        ["open data CSV", "/api/public/statistics.csv"],
      ]);
    const delivery = await ask<number[] | null>(child, "delivery");
    if (delivery) {
      const sorted = [...delivery].sort((x, y) => x - y);
      figures["NOTIFY heard after another pool's commit is acknowledged (50 commits)"] =
        `p50 ${ms(percentile(sorted, 0.5))} · p95 ${ms(percentile(sorted, 0.95))} · max ${ms(sorted.at(-1) ?? NaN)} · heard before the acknowledgement: ${sorted.filter((d) => d <= 0).length} of ${sorted.length}`;
    }
    figures[
      `validation → dashboard showing it (${SAMPLES} samples, from the validation's response)`
    ] = await freshness(child, base, a, f);
    return figures;
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.send("stop");
    await exited;
  }
}

const br11 = promisify(brotliCompress);

/** Bytes of each response in each coding, and the time to encode it (median of 5). */
async function compressedSizes(
  base: string,
  cookie: string,
  paths: [string, string][],
): Promise<string> {
  const lines: string[] = [];
  const timed = async (run: () => Promise<Buffer>) => {
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      size = (await run()).length;
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    return `${(size / 1024).toFixed(1)} KB in ${ms(times[2] ?? NaN)}`;
  };
  for (const [name, path] of paths) {
    const res = await fetch(`${base}${path}`, {
      headers: { cookie, "accept-encoding": "identity" },
    });
    const identity = new Uint8Array(await res.arrayBuffer());
    lines.push(
      `${name.padEnd(16)} ${(identity.length / 1024).toFixed(1)} KB / gzip ${await timed(() => compress(identity, "gzip"))} / br ${await timed(() => compress(identity, "br"))}; br 11: ${await timed(() => br11(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))}`,
    );
  }
  return lines.join("\n             ");
}

/**
 * From each validation's response to the first dashboard (year 2024) that shows the validated
 * value: a new value of indicator 1.1 each time (a correction after the first), so every sample
 * is a real change the dashboard has to recompute.
 */
async function freshness(
  child: ChildProcess,
  base: string,
  a: { cookie: string; csrfToken: string },
  f: { cookie: string; csrfToken: string },
): Promise<string> {
  const post = async (s: { cookie: string; csrfToken: string }, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        cookie: s.cookie,
        "x-csrf-token": s.csrfToken,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id: number; lockVersion: number };
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  type Shown = {
    evaluation: { index: { tipo2: unknown }; indicators: { code: string; value: number | null }[] };
  };
  const shown = async () =>
    (await (
      await fetch(`${base}/api/policies/pntp/dashboard?year=2024`, {
        headers: { cookie: a.cookie },
      })
    ).json()) as Shown;
  const valueShown = (d: Shown) => d.evaluation.indicators.find((i) => i.code === "1.1")?.value;
  const indexBefore = (await shown()).evaluation.index.tipo2;
  const times: number[] = [];
  let polls = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const value = 9.9 + i / 10;
    const created = await post(f, "/api/policies/pntp/indicators/1.1/measurements", {
      year: 2024,
      period: "ANUAL",
      value,
      numerator: null,
      denominator: null,
      ...(i > 0 ? { correctionReason: "Corrección de prueba de rendimiento" } : {}),
    });
    const sent = await post(f, `/api/measurements/${created.id}/submit`, {
      lockVersion: created.lockVersion,
    });
    await post(a, `/api/measurements/${created.id}/validate`, { lockVersion: sent.lockVersion });
    const t0 = performance.now();
    let seen = valueShown(await shown());
    polls += 1;
    while (seen !== value && performance.now() - t0 < 10_000) {
      seen = valueShown(await shown());
      polls += 1;
    }
    times.push(seen === value ? performance.now() - t0 : Number.POSITIVE_INFINITY);
  }
  const indexAfter = (await shown()).evaluation.index.tipo2;
  times.sort((x, y) => x - y);
  // The same, after a catalogue change instead (a write every evaluation reads): the whole
  // dashboard is recomputed, nine years of trend, as after every write before ADR 0043.
  const full: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await touch(child);
    const t0 = performance.now();
    await shown();
    full.push(performance.now() - t0);
  }
  full.sort((x, y) => x - y);
  return [
    `p50 ${ms(percentile(times, 0.5))} · p95 ${ms(percentile(times, 0.95))} · max ${ms(times.at(-1) ?? NaN)} · ${polls} dashboard reads for ${SAMPLES} validations (índice 2024 ${String(indexBefore)} → ${String(indexAfter)})`,
    `after a catalogue change instead (everything recomputed, as after any write before ADR 0043): p50 ${ms(percentile(full, 0.5))} · p95 ${ms(percentile(full, 0.95))}`,
  ].join("\n             ");
}

async function main() {
  console.log(
    `Vigía bench:http — ${CONNECTIONS} connections × ${SECONDS} s per endpoint; ${DISTRICTS} districts × ${YEARS.length} years of synthetic values; ${cpus().length} CPU(s), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; goals: p95 ≤ 50 ms, cached ≥ 0.9 × the static reference, ≤ 1 s to fresh figures`,
  );
  const results: Record<string, Figures | string> = {};
  if (BACKENDS.includes("pglite")) results.PGlite = await measureBackend("pglite");
  if (BACKENDS.includes("postgres")) {
    try {
      results.PostgreSQL = await measureBackend("postgres");
    } catch (err) {
      results.PostgreSQL = `skipped: ${(err as Error).message}`;
    }
  }
  // Before LISTEN, in the same run: a version query per burst of cached reads.
  if (BACKENDS.includes("postgres-query")) {
    try {
      results["PG, query"] = await measureBackend("postgres", false);
    } catch (err) {
      results["PG, query"] = `skipped: ${(err as Error).message}`;
    }
  }
  const metrics = [
    ...new Set(
      Object.values(results).flatMap((r) => (typeof r === "object" ? Object.keys(r) : [])),
    ),
  ];
  for (const metric of metrics) {
    console.log(`\n${metric}`);
    for (const [backend, figures] of Object.entries(results)) {
      console.log(
        `  ${backend.padEnd(10)} ${typeof figures === "string" ? figures : (figures[metric] ?? "—")}`,
      );
    }
  }
}

await main();
process.exit(0);
