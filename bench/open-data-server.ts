/**
 * The server side of `npm run bench:open-data`, in its own process so the load generator does
 * not share its event loop. Loads the PNTP with its 2022–2023 values, the reconstructed budget,
 * the transcribed statistics and veeduría counts, publishes 2023, and times the full open-data
 * release: the release itself (the evaluation model read once, every dataset's rows) and then
 * every file a visitor can download, each built once from cold caches. Then serves the app
 * (rate limit on, with a limit no run reaches, so its cost is in the figures) and answers:
 *   → { ready, port, targets, build }           once listening
 *   ← { reference, path, headers } → { referenced, bytes, status }: the app's answer to that
 *                                   request, kept and served as is at /__reference/NAME through
 *                                   the same Hono app (the static-bytes reference)
 *   ← "stop"                        closes everything
 */

import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { type DatabaseHandle, openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { importBudgetFile } from "../src/server/features/budget/budget-import.service.ts";
import { ensureBundledBudgetSetup } from "../src/server/features/budget/budget-rules.service.ts";
import { seedBundledCatalogue } from "../src/server/features/catalogue/catalogue.service.ts";
import { publishEvaluation } from "../src/server/features/publication/publication.service.ts";
import { buildEvaluationReportModel } from "../src/server/features/reports/evaluation/evaluation-model.service.ts";
import { buildOpenDataRelease } from "../src/server/features/reports/publication/open-data-release.service.ts";
import { importReferenceFigures } from "../src/server/features/statistics/statistics-reference.service.ts";
import { loadUbigeoReference } from "../src/server/features/territory/territory.service.ts";
import { importVeeduriaReference } from "../src/server/features/veedurias/veeduria-reference.service.ts";
import { createDiskFileStore } from "../src/server/files/file-store.ts";
import { createApp } from "../src/server/http/app.ts";
import { systemActor } from "../src/shared/actor.ts";
import type { OpenDataCatalogue } from "../src/shared/contracts/open-data.contract.ts";

export interface OpenDataServerReady {
  ready: true;
  port: number;
  targets: { name: string; path: string; bytes: number }[];
  build: { releaseMs: number; filesMs: number; files: number; bytes: number; largest: string };
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const YEAR = 2023;
const tmp = mkdtempSync(join(tmpdir(), "vigia-bench-open-data-"));
const send = (message: unknown) => process.send?.(message);
let handle: DatabaseHandle | null = null;

async function cleanUp() {
  await handle?.close();
  rmSync(tmp, { recursive: true, force: true });
}

try {
  handle = await openDatabase({ backend: "pglite", dataDir: join(tmp, "pgdata") });
  const db = handle.db;
  const actor = systemActor("bench");
  await migrateDatabase(db);
  await seedBundledCatalogue(db, actor, { code: "pntp", replace: false });
  await loadUbigeoReference(db, actor);
  await ensureBundledBudgetSetup(db, actor, { policyCode: "pntp" });
  await importBudgetFile(db, actor, {
    path: join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv"),
  });
  await importReferenceFigures(db, actor);
  await importVeeduriaReference(db, actor);
  await publishEvaluation(db, actor, { policyCode: "pntp", year: YEAR });

  // The release as publishing builds it (the Informe and package are not open data).
  const releaseStarted = performance.now();
  const model = await buildEvaluationReportModel(db, actor, { policyCode: "pntp", year: YEAR });
  await buildOpenDataRelease(db, actor, model);
  const releaseMs = performance.now() - releaseStarted;

  const app = createApp(handle, {
    fileStore: createDiskFileStore(join(tmp, "files")),
    publicRateLimit: { requests: 1_000_000_000, seconds: 1 },
  });
  // Registered before the first request: Hono builds its router then.
  const references = new Map<string, { bytes: Uint8Array<ArrayBuffer>; headers: Headers }>();
  app.get("/__reference/:name", (c) => {
    const reference = references.get(c.req.param("name"));
    if (!reference) return c.body(null, 404);
    return c.body(reference.bytes, 200, Object.fromEntries(reference.headers));
  });
  // Every file of the release and the catalogues, each built once from cold caches.
  const filesStarted = performance.now();
  const get = async (path: string) => {
    const res = await app.request(
      path,
      {},
      { incoming: { socket: { remoteAddress: "127.0.0.1" } } },
    );
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer()).length;
  };
  const catalogueRes = await app.request("/api/public/datasets");
  const catalogueText = await catalogueRes.text();
  const catalogue = JSON.parse(catalogueText) as OpenDataCatalogue;
  const paths = ["/api/public/catalog.jsonld"];
  for (const policy of catalogue.policies) {
    paths.push(policy.sdmx.data, policy.sdmx.json, ...policy.sdmx.codelists.map((c) => c.url));
    for (const release of policy.releases) {
      paths.push(release.datapackage);
      for (const d of release.datasets) paths.push(...d.distributions.map((x) => x.url));
    }
  }
  for (const v of catalogue.veedurias) {
    paths.push(v.semaforo, v.datapackage);
    for (const d of v.datasets) paths.push(...d.distributions.map((x) => x.url));
  }
  const sizes = new Map<string, number>([
    ["/api/public/datasets", new TextEncoder().encode(catalogueText).length],
  ]);
  for (const path of paths) sizes.set(path, await get(path));
  const filesMs = performance.now() - filesStarted;
  const csvs = [...sizes].filter(([p]) => /\/datasets\/.*\.csv$/.test(p));
  const [largest, largestBytes] = csvs.sort((a, b) => b[1] - a[1])[0] ?? ["", 0];

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
    } else if (message === "stop") {
      server.close();
      void cleanUp().then(() => process.exit(0));
    }
  });
  const ready: OpenDataServerReady = {
    ready: true,
    port: (server.address() as AddressInfo).port,
    targets: [
      {
        name: "catálogo",
        path: "/api/public/datasets",
        bytes: sizes.get("/api/public/datasets") ?? 0,
      },
      { name: "CSV más grande", path: largest, bytes: largestBytes },
      {
        name: "SDMX-CSV",
        path: "/api/public/sdmx/pntp/indicadores.csv",
        bytes: sizes.get("/api/public/sdmx/pntp/indicadores.csv") ?? 0,
      },
      {
        name: "semáforo veedurías",
        path: "/api/public/veedurias/pntp",
        bytes: sizes.get("/api/public/veedurias/pntp") ?? 0,
      },
    ],
    build: {
      releaseMs,
      filesMs,
      files: paths.length + 1,
      bytes: [...sizes.values()].reduce((a, b) => a + b, 0),
      largest,
    },
  };
  send(ready);
} catch (err) {
  send({ error: (err as Error).stack ?? (err as Error).message });
  await cleanUp().catch(() => {});
  process.exit(1);
}
