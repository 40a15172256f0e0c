/**
 * npm run bench:soak — does the server hold up, and hold its memory, under hours-like load
 * (issue 18, item 7)? The real server (src/server/main.ts with the first-run demo: the PNTP,
 * the two regional demo plans and their accounts) runs in a child process, as in production.
 * 50 clients read what people read all day (dashboard, tasks, evaluation, value lists, the
 * public pages) and 5 write (focal points saving, correcting and submitting values; the
 * administrator validating what was submitted) for BENCH_SOAK_SECONDS, on PGlite and then on
 * PostgreSQL (a schema of its own, dropped at the end). Printed per minute: requests, errors,
 * p95; and the child's resident memory (VmRSS) at the start and the end of the load with the
 * growth against the goal of at most 10 %, and the load average at both ends. Nothing is
 * asserted.
 *
 *   BENCH_SOAK_SECONDS (default 600)   length of the load on each backend
 *   BENCH_SOAK_READERS (default 50), BENCH_SOAK_WRITERS (default 5: four focal points and the
 *                                      administrator's validations)
 *   BENCH_SOAK_THINK_MS (default 100)  pause of each client between two requests
 *   BENCH_BACKEND pglite | postgres    one backend only (default: both)
 *   BENCH_DATABASE_URL                 default postgres://postgres@127.0.0.1:5432/test
 *   BENCH_SMOKE=1                      20 s, 10 readers and 2 writers (CI)
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import type {
  Measurement,
  MeasurementPage,
  Task,
} from "../src/shared/contracts/data-entry.contract.ts";
import { createCrashServer, HttpClient } from "../test/crash/crash-server.ts";
import { positiveInt } from "./bench-options.ts";

const SMOKE = process.env.BENCH_SMOKE === "1";
const SECONDS = positiveInt("BENCH_SOAK_SECONDS", SMOKE ? 20 : 600);
const READERS = positiveInt("BENCH_SOAK_READERS", SMOKE ? 10 : 50);
const WRITERS = Math.min(5, positiveInt("BENCH_SOAK_WRITERS", SMOKE ? 2 : 5));
const THINK_MS = Number(process.env.BENCH_SOAK_THINK_MS ?? 100);
// Every simulated reader comes from 127.0.0.1, so the shipped per-address limit on the public
// API (600/60) would turn the soak into a test of the limiter (bench:open-data measures that).
process.env.VIGIA_PUBLIC_RATE_LIMIT ??= "1000000/60";
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const BACKENDS =
  process.env.BENCH_BACKEND === "pglite"
    ? (["pglite"] as const)
    : process.env.BENCH_BACKEND === "postgres"
      ? (["postgres"] as const)
      : (["pglite", "postgres"] as const);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

function p95(samples: number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number;
}

interface Minute {
  requests: number;
  errors: number;
  latencies: number[];
}

async function soak(backend: "pglite" | "postgres") {
  const server = await createCrashServer({ databaseUrl: backend === "postgres" ? PG_URL : "" });
  try {
    const startMs = await server.start();
    const pid = server.pid();
    if (pid === null) throw new Error("the server has no process id");
    const account = async (email: string) => {
      const http = new HttpClient(server.url);
      await http.login(email);
      return http;
    };
    // One session per account, shared by that account's readers as a browser's tabs would.
    const admin = await account("admin@demo.vigia.pe");
    const focal = {
      sunafil: await account("sunafil@demo.vigia.pe"),
      mimp: await account("mimp@demo.vigia.pe"),
      puno: await account("puno@demo.vigia.pe"),
      cusco: await account("cusco@demo.vigia.pe"),
    };
    const conductor = await account("conductor.puno@demo.vigia.pe");
    const anonymous = new HttpClient(server.url);

    const minutes: Minute[] = [];
    const errorSamples = new Map<string, { count: number; first: string }>();
    const began = performance.now();
    const until = began + SECONDS * 1000;
    let running = true;
    let writes = 0;
    const timed = async (http: HttpClient, method: string, path: string, body?: unknown) => {
      const t0 = performance.now();
      let status = 0;
      let text = "";
      try {
        const res = await http.send(method, path, body);
        status = res.status;
        text = res.text;
      } catch (err) {
        status = 0;
        text = String((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message);
      }
      const t1 = performance.now();
      const m = Math.floor((t1 - began) / 60_000);
      const minute = minutes[m] ?? { requests: 0, errors: 0, latencies: [] };
      minutes[m] = minute;
      if (method !== "GET") writes += 1;
      minute.requests += 1;
      minute.latencies.push(t1 - t0);
      if (status === 0 || status >= 400) {
        minute.errors += 1;
        const key = `${method} ${path.replace(/\d+/g, "N")} → ${status}`;
        const seen = errorSamples.get(key);
        // The first answer of each kind is kept: what the server said, or why fetch failed.
        errorSamples.set(key, {
          count: (seen?.count ?? 0) + 1,
          first: seen?.first ?? text.slice(0, 160),
        });
      }
      // A lost connection or an error page is no answer to read: the caller sees null.
      const json = (): unknown => {
        try {
          return status > 0 && text ? JSON.parse(text) : null;
        } catch {
          return null;
        }
      };
      return { status, json };
    };

    const signedInReads = (policy: string) => [
      `/api/policies/${policy}/dashboard?year=2023`,
      `/api/policies/${policy}/tasks`,
      `/api/policies/${policy}/measurements?limit=50`,
      "/api/notifications/unread-count",
    ];
    const readerMixes: { http: HttpClient; paths: string[] }[] = [
      {
        http: admin,
        paths: [
          ...signedInReads("pntp"),
          "/api/policies/pntp/evaluation?year=2023",
          "/api/policies/pntp/measurements?status=enviado&limit=50",
        ],
      },
      { http: focal.sunafil, paths: signedInReads("pntp") },
      {
        http: focal.mimp,
        paths: [...signedInReads("pntp"), "/api/policies/pntp/evaluation?year=2023"],
      },
      { http: focal.puno, paths: [...signedInReads("prtp-puno-demo"), "/api/plans"] },
      {
        http: focal.cusco,
        paths: ["/api/plans", "/api/policies/pntp/tasks", "/api/notifications"],
      },
      {
        http: conductor,
        paths: [
          "/api/plans/prtp-puno-demo/progress",
          "/api/plans",
          "/api/policies/prtp-puno-demo/measurements?limit=50",
        ],
      },
      {
        http: anonymous,
        paths: [
          "/api/health",
          "/api/policies/pntp/publications",
          "/api/public/datasets",
          "/api/public/statistics",
          "/api/public/access-requests/compliance",
          "/api/public/veedurias/pntp",
        ],
      },
    ];

    async function reader(index: number) {
      const mix = readerMixes[index % readerMixes.length] as (typeof readerMixes)[number];
      let turn = index;
      while (running && performance.now() < until) {
        await timed(mix.http, "GET", mix.paths[turn++ % mix.paths.length] as string);
        await sleep(THINK_MS);
      }
    }

    /** A focal point's loop over its own tasks: a draft, saved again, submitted; then a correction. */
    async function writer(http: HttpClient, policy: string, share: [number, number]) {
      const tasks = ((await timed(http, "GET", `/api/policies/${policy}/tasks`)).json() as Task[])
        .filter((t) => t.grant === "propia")
        .filter((_, i) => i % share[1] === share[0]);
      if (tasks.length === 0) throw new Error(`no tasks to write on ${policy}`);
      const slots = tasks.map((task) => ({
        task,
        current: null as Measurement | null,
        corrections: 0,
        saves: 0,
      }));
      let n = 0;
      while (running && performance.now() < until) {
        const slot = slots[n++ % slots.length] as (typeof slots)[number];
        const value = Math.round(((n * 7.3) % 89) * 10 + 10) / 10;
        const logros = `Avance ${n} de la prueba de resistencia`;
        const m = slot.current;
        let res: Awaited<ReturnType<typeof timed>> | null = null;
        if (!m) {
          res = await timed(
            http,
            "POST",
            `/api/policies/${policy}/indicators/${slot.task.indicator.code}/measurements`,
            {
              year: slot.task.year,
              period: slot.task.period,
              value,
              numerator: null,
              denominator: null,
              logros,
              ...(slot.corrections > 0
                ? { correctionReason: `Corrección ${slot.corrections} de la prueba de resistencia` }
                : {}),
            },
          );
          slot.saves = 0;
        } else if (m.status === "borrador" && slot.saves < 5) {
          res = await timed(http, "PUT", `/api/measurements/${m.id}`, {
            lockVersion: m.lockVersion,
            value,
            numerator: null,
            denominator: null,
            logros,
          });
          slot.saves += 1;
        } else if (m.status === "borrador") {
          res = await timed(http, "POST", `/api/measurements/${m.id}/submit`, {
            lockVersion: m.lockVersion,
            justification: "Valor de la prueba de resistencia, revisado por el punto focal.",
          });
        } else if (m.status === "validado") {
          slot.current = null;
          slot.corrections += 1;
          continue;
        } else {
          // Submitted: waiting for the administrator; look again.
          res = await timed(http, "GET", `/api/measurements/${m.id}`);
        }
        if (res && res.status < 300) slot.current = res.json() as Measurement;
        else if (res) {
          // A write answered with a conflict, or lost with its connection, may have committed
          // all the same: the task says which value it points to now.
          const now = ((await timed(http, "GET", `/api/policies/${policy}/tasks`)).json() ??
            []) as Task[];
          const same = now.find(
            (t) =>
              t.indicator.code === slot.task.indicator.code &&
              t.year === slot.task.year &&
              t.period === slot.task.period &&
              t.entity === slot.task.entity,
          );
          const id = same?.measurementId ?? null;
          const current = id === null ? null : await timed(http, "GET", `/api/measurements/${id}`);
          slot.current = current && current.status < 300 ? (current.json() as Measurement) : null;
        }
        await sleep(THINK_MS);
      }
    }

    /** The administrator's review queue: every submitted value validated with the version seen. */
    async function validator() {
      while (running && performance.now() < until) {
        for (const policy of ["pntp", "prtp-puno-demo"]) {
          const page = (
            await timed(
              admin,
              "GET",
              `/api/policies/${policy}/measurements?status=enviado&limit=50`,
            )
          ).json() as MeasurementPage | null;
          for (const m of page?.items ?? []) {
            await timed(admin, "POST", `/api/measurements/${m.id}/validate`, {
              lockVersion: m.lockVersion,
            });
          }
        }
        await sleep(Math.max(THINK_MS, 500));
      }
    }

    const writerLoops = [
      () => validator(),
      () => writer(focal.sunafil, "pntp", [0, 2]),
      () => writer(focal.mimp, "pntp", [0, 1]),
      () => writer(focal.puno, "prtp-puno-demo", [0, 1]),
      () => writer(focal.sunafil, "pntp", [1, 2]),
    ].slice(0, WRITERS);

    const rssStart = rssMiB(pid);
    const loadStart = load();
    console.log(
      `bench:soak ${backend}: server up in ${(startMs / 1000).toFixed(1)} s (pid ${pid}); ${READERS} readers + ${writerLoops.length} writers for ${SECONDS} s, think ${THINK_MS} ms; load ${loadStart}; RSS ${rssStart.toFixed(1)} MiB`,
    );
    const rssByMinute: number[] = [];
    const sampler = setInterval(() => {
      rssByMinute.push(rssMiB(pid));
    }, 60_000);
    const stopTimer = setTimeout(() => {
      running = false;
    }, SECONDS * 1000);
    const results = await Promise.allSettled([
      ...Array.from({ length: READERS }, (_, i) => reader(i)),
      ...writerLoops.map((loop) => loop()),
    ]);
    clearTimeout(stopTimer);
    clearInterval(sampler);
    running = false;
    const rssEnd = rssMiB(pid);
    const loadEnd = load();
    for (const r of results)
      if (r.status === "rejected") console.log(`  client stopped: ${(r.reason as Error).message}`);

    const width = String(minutes.length).length;
    minutes.forEach((m, i) => {
      const rss = rssByMinute[i];
      console.log(
        `  minute ${String(i + 1).padStart(width)}: ${String(m.requests).padStart(6)} requests, ${String(m.errors).padStart(4)} errors, p95 ${p95(m.latencies).toFixed(1).padStart(7)} ms${rss !== undefined ? `, RSS ${rss.toFixed(1)} MiB` : ""}`,
      );
    });
    const all = minutes.flatMap((m) => m.latencies);
    const requests = minutes.reduce((s, m) => s + m.requests, 0);
    const errors = minutes.reduce((s, m) => s + m.errors, 0);
    for (const [key, { count, first }] of [...errorSamples]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, 8))
      console.log(`  error ${key}: ${count} (first: ${first})`);
    const growth = ((rssEnd - rssStart) / rssStart) * 100;
    const warm = rssByMinute[0];
    console.log(
      `bench:soak ${backend}: ${requests} requests (${(requests / SECONDS).toFixed(1)}/s; ${writes} writes), ${errors} errors, p95 ${p95(all).toFixed(1)} ms; RSS ${rssStart.toFixed(1)} → ${rssEnd.toFixed(1)} MiB (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %, goal ≤ 10 %${warm !== undefined ? `; from the end of minute 1, ${warm.toFixed(1)} MiB: ${(((rssEnd - warm) / warm) * 100).toFixed(1)} %` : ""}); load ${loadStart} → ${loadEnd}`,
    );
  } finally {
    await server.stop();
    await server.dispose();
  }
}

for (const backend of BACKENDS) await soak(backend);
