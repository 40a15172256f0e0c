/**
 * npm run bench:http — the Tablero's read endpoints under 50 concurrent connections, on PGlite
 * and on PostgreSQL side by side, and the time from a validation to the new índice being
 * served. Figures are printed, never asserted.
 *
 *   BENCH_SECONDS (default 8)  duration of each load run
 *   BENCH_CONNECTIONS (50)     concurrent connections
 *   BENCH_DATABASE_URL         server for the PostgreSQL column (postgres://postgres@127.0.0.1:5432/test)
 */

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { sql } from "kysely";
import { type DatabaseHandle, openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { seedBundledCatalogue } from "../src/server/features/catalogue/catalogue.service.ts";
import { openPeriod } from "../src/server/features/periods/periods.service.ts";
import { createDiskFileStore } from "../src/server/files/file-store.ts";
import { createApp } from "../src/server/http/app.ts";
import { systemActor } from "../src/shared/actor.ts";
import { buildUser } from "../test/factories.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Figures {
  [metric: string]: string;
}

async function withServer(handle: DatabaseHandle, run: (base: string) => Promise<Figures>) {
  const files = mkdtempSync(join(tmpdir(), "vigia-bench-files-"));
  const app = createApp(handle, { fileStore: createDiskFileStore(files) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as AddressInfo;
  try {
    return await run(`http://127.0.0.1:${port}`);
  } finally {
    server.close();
    rmSync(files, { recursive: true, force: true });
  }
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

async function load(url: string, cookie: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie },
  });
  const non2xx = result.non2xx + result.errors;
  return `p50 ${result.latency.p50} ms · p97.5 ${result.latency.p97_5} ms · p99 ${result.latency.p99} ms · ${Math.round(result.requests.average)} req/s${non2xx ? ` · ${non2xx} errors` : ""}`;
}

async function measureBackend(handle: DatabaseHandle): Promise<Figures> {
  await migrateDatabase(handle.db);
  const actor = systemActor("bench");
  await seedBundledCatalogue(handle.db, actor, { code: "pntp", replace: false });
  await openPeriod(handle.db, actor, {
    policyCode: "pntp",
    year: 2024,
    period: "ANUAL",
    opensOn: "2025-01-02",
    deadline: "2099-12-31",
  });
  const admin = await buildUser(handle.db, "administrador");
  const focal = await buildUser(handle.db, "punto_focal", { entities: ["SUNAFIL"] });
  return withServer(handle, async (base) => {
    const a = await login(base, admin.email, admin.password);
    const f = await login(base, focal.email, focal.password);
    const figures: Figures = {};
    figures["GET dashboard 2023"] = await load(
      `${base}/api/policies/pntp/dashboard?year=2023`,
      a.cookie,
    );
    figures["GET evaluation 2023"] = await load(
      `${base}/api/policies/pntp/evaluation?year=2023`,
      a.cookie,
    );
    figures["GET tasks (focal point)"] = await load(`${base}/api/policies/pntp/tasks`, f.cookie);

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
  });
}

async function main() {
  console.log(
    `Vigía bench:http — ${CONNECTIONS} connections × ${SECONDS} s per endpoint; goals: p95 ≤ 50 ms, ≤ 1 s to fresh figures`,
  );
  const results: Record<string, Figures | string> = {};
  const dir = mkdtempSync(join(tmpdir(), "vigia-bench-http-"));
  const pglite = await openDatabase({ backend: "pglite", dataDir: join(dir, "pgdata") });
  try {
    results.PGlite = await measureBackend(pglite);
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const schema = `bench_http_${randomBytes(4).toString("hex")}`;
  try {
    const pg = await openDatabase({ backend: "postgres", url: PG_URL, schema });
    try {
      results.PostgreSQL = await measureBackend(pg);
    } finally {
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(pg.db);
      await pg.close();
    }
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
