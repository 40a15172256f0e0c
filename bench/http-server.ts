/**
 * The server side of `npm run bench:http`, in its own process so the load generator does not
 * share its event loop (as a real client would not). Prepares a national-scale database,
 * serves the app on a free port, and answers the parent's messages:
 *   → { ready, port, admin, focal }   once listening (credentials of two fresh accounts)
 *   ← "touch" / → "touched"          a committed change to the policy's data
 *   ← { reference, path, headers }    → { referenced, bytes }: the app's answer to that request
 *                                    is kept and served as is at /__reference/NAME, through the
 *                                    same Hono app and middleware: the static reference
 *   ← "stats" / → VersionReadStats   what the read cache's version queries have cost so far
 *   ← "stop"                          closes everything (and drops the PostgreSQL schema)
 *
 *   ← "computations" / → [from, to][] wall-clock intervals when a recomputation was under way
 */

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { sql } from "kysely";
import { type DatabaseHandle, openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { observeComputations, versionReadStats } from "../src/server/db/read-cache.ts";
import { versionListenerOf } from "../src/server/db/version-listener.ts";
import { openPeriod } from "../src/server/features/periods/periods.service.ts";
import { importReferenceFigures } from "../src/server/features/statistics/statistics-reference.service.ts";
import { createDiskFileStore } from "../src/server/files/file-store.ts";
import { createApp } from "../src/server/http/app.ts";
import { systemActor } from "../src/shared/actor.ts";
import { buildUser } from "../test/factories.ts";
import { generateSyntheticData } from "./synthetic-data.ts";

export interface ServerReady {
  ready: true;
  port: number;
  admin: { email: string; password: string };
  focal: { email: string; password: string };
}

const backend = process.env.BENCH_BACKEND === "postgres" ? "postgres" : "pglite";
const tmp = mkdtempSync(join(tmpdir(), "vigia-bench-http-"));
const schema = backend === "postgres" ? `bench_http_${randomBytes(4).toString("hex")}` : null;
const send = (message: unknown) => process.send?.(message);

let handle: DatabaseHandle | null = null;
async function cleanUp() {
  if (handle) {
    if (schema) await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(handle.db);
    await handle.close();
  }
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * How long after a commit on another pool the listener hears of it, measured from the moment
 * the writer is told its commit succeeded (negative: heard before): the window in which a
 * cached read elsewhere could still serve the previous figures.
 */
async function notificationDelivery(): Promise<number[] | null> {
  const listener = handle ? versionListenerOf(handle.db) : null;
  if (!handle || !listener || schema === null) return null;
  const other = await openDatabase(
    { backend: "postgres", url: process.env.BENCH_DATABASE_URL ?? "", schema },
    { listenForVersions: false },
  );
  const deltas: number[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      let heard = Number.NaN;
      const announced = listener.nextNotification().then(() => {
        heard = performance.now();
      });
      await sql`UPDATE policy SET name = name WHERE code = 'pntp'`.execute(other.db);
      const acknowledged = performance.now();
      await announced;
      deltas.push(heard - acknowledged);
    }
  } finally {
    await other.close();
  }
  return deltas;
}

try {
  handle =
    schema !== null
      ? await openDatabase(
          {
            backend: "postgres",
            url: process.env.BENCH_DATABASE_URL ?? "",
            schema,
          },
          { listenForVersions: process.env.BENCH_LISTEN !== "off" },
        )
      : await openDatabase({ backend: "pglite", dataDir: join(tmp, "pgdata") });
  const db = handle.db;
  await migrateDatabase(db);
  const actor = systemActor("bench");
  await generateSyntheticData(db, {
    districts: Number(process.env.BENCH_DISTRICTS),
    years: JSON.parse(process.env.BENCH_YEARS_LIST ?? "[2022,2023]") as number[],
    seed: 42,
    batchSize: 5_000,
  });
  await openPeriod(db, actor, {
    policyCode: "pntp",
    year: 2024,
    period: "ANUAL",
    opensOn: "2025-01-02",
    deadline: "2099-12-31",
  });
  // The shipped reference figures: what /api/public/statistics.csv (open data) is made of.
  await importReferenceFigures(db, actor);
  const admin = await buildUser(db, "administrador");
  const focal = await buildUser(db, "punto_focal", { entities: ["SUNAFIL"] });
  const app = createApp(handle, { fileStore: createDiskFileStore(join(tmp, "files")) });
  const references = new Map<string, { bytes: Uint8Array<ArrayBuffer>; headers: Headers }>();
  app.get("/__reference/:name", (c) => {
    const reference = references.get(c.req.param("name"));
    if (!reference) return c.body(null, 404);
    return c.body(reference.bytes, 200, Object.fromEntries(reference.headers));
  });
  // When figures were being recomputed, as wall-clock intervals the load generator can set its
  // requests against: on PGlite a recomputation holds the event loop, so requests that arrive
  // meanwhile are read only after it, and the server alone cannot tell they waited.
  const clock = () => performance.timeOrigin + performance.now();
  let computing = 0;
  let since = 0;
  const computations: [number, number][] = [];
  observeComputations({
    started: () => {
      if (computing++ === 0) since = clock();
    },
    settled: () => {
      if (--computing === 0) computations.push([since, clock()]);
    },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  process.on("message", (message: unknown) => {
    if (typeof message === "object" && message && "reference" in message) {
      const { reference, path, headers } = message as {
        reference: string;
        path: string;
        headers: Record<string, string>;
      };
      void Promise.resolve(app.request(path, { headers })).then(async (res) => {
        const kept = new Headers(res.headers);
        for (const h of ["set-cookie", "date"]) kept.delete(h);
        const bytes = new Uint8Array(await res.arrayBuffer());
        references.set(reference, { bytes, headers: kept });
        send({ referenced: reference, bytes: bytes.length, status: res.status });
      });
    } else if (message === "delivery") {
      void notificationDelivery().then(send);
    } else if (message === "computations") {
      send(computing > 0 ? [...computations, [since, clock()]] : computations);
    } else if (message === "stats") {
      send(versionReadStats(db));
    } else if (message === "touch") {
      void sql`UPDATE policy SET name = name WHERE code = 'pntp'`
        .execute(db)
        .then(() => send("touched"));
    } else if (message === "stop") {
      server.close();
      void cleanUp().then(() => process.exit(0));
    }
  });
  const ready: ServerReady = {
    ready: true,
    port: (server.address() as AddressInfo).port,
    admin: { email: admin.email, password: admin.password },
    focal: { email: focal.email, password: focal.password },
  };
  send(ready);
} catch (err) {
  send({ error: (err as Error).message });
  await cleanUp().catch(() => {});
  process.exit(1);
}
