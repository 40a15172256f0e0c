/**
 * npm run bench:offline — offline entry (issue 19): the bytes of the app shell the service
 * worker precaches, the bytes of a focal point's offline data (the SUNAFIL focal point, and
 * the conductor's, which covers every PNTP indicator), and the time the browser's own sync
 * code (src/web/offline/sync.ts, with Dexie on fake-indexeddb) takes to send 100 queued values
 * to the in-process server on PGlite. Figures are printed beside the issue's goals, with the
 * load average; nothing is asserted.
 *
 *   BENCH_VALUES (default 100)  values queued and sent
 */
import "fake-indexeddb/auto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { openPeriod } from "../src/server/features/periods/periods.service.ts";
import { createDiskFileStore } from "../src/server/files/file-store.ts";
import { createApp } from "../src/server/http/app.ts";
import { systemActor } from "../src/shared/actor.ts";
import { OfflineDataSchema } from "../src/shared/contracts/data-entry.contract.ts";
import { setCsrfToken } from "../src/web/api-client.ts";
import { refreshOfflineData, setOfflineUser } from "../src/web/offline/offline-data.ts";
import { saveToQueue } from "../src/web/offline/queue.ts";
import { syncQueue } from "../src/web/offline/sync.ts";
import { EMPTY_FORM } from "../src/web/pages/measurement/measurement-form.ts";
import { signIn } from "../test/factories.ts";
import { createTestDatabase } from "../test/support/test-db.ts";
import { positiveInt } from "./bench-options.ts";

const ROOT = join(import.meta.dirname, "..");
const VALUES = positiveInt("BENCH_VALUES", 100);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function appShell() {
  const build = spawnSync(process.execPath, [join(ROOT, "scripts/build-web.mjs")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(build.stderr);
  const web = join(ROOT, "dist/web");
  const sw = readFileSync(join(web, "sw.js"), "utf8");
  const urls = [...new Set([...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] as string))];
  let raw = 0;
  let brotli = 0;
  for (const url of urls) {
    const bytes = readFileSync(join(web, url));
    raw += statSync(join(web, url)).size;
    brotli += brotliCompressSync(bytes).length;
  }
  return { files: urls.length, raw, brotli };
}

const shell = appShell();
const t = await createTestDatabase({ seed: "pntp" });
const actor = systemActor("bench");
for (const [year, period] of [
  [2024, "ANUAL"],
  [2025, "S1"],
  [2025, "ANUAL"],
] as const)
  await openPeriod(t.db, actor, {
    policyCode: "pntp",
    year,
    period,
    opensOn: "2025-01-02",
    deadline: "2099-03-31",
  });
const app = createApp(t, {
  fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-bench-files-"))),
});
const sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
const { session: admin, user: adminUser } = await signIn(app, t.db, "administrador");

const focal = await sunafil.request("GET", "/api/policies/pntp/offline-data");
const focalData = OfflineDataSchema.parse(focal.json);
const focalBytes = new TextEncoder().encode(JSON.stringify(focal.json)).length;
const whole = await admin.request("GET", "/api/policies/pntp/offline-data");
const wholeData = OfflineDataSchema.parse(whole.json);
const wholeBytes = new TextEncoder().encode(JSON.stringify(whole.json)).length;
const unchanged = await admin.request(
  "GET",
  `/api/policies/pntp/offline-data?since=${wholeData.dataVersion}`,
);
const unchangedBytes = JSON.stringify(unchanged.json).length;

// The browser's api-client speaks to the in-process app: relative paths, the admin's cookie.
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const headers = new Headers(init?.headers);
  if (admin.cookie) headers.set("cookie", admin.cookie);
  return app.request(String(input), { ...init, headers });
}) as typeof fetch;
setCsrfToken(admin.csrf);
setOfflineUser(adminUser.id);
const snapshot = await refreshOfflineData(adminUser.id, "pntp");

const contexts = new Map(
  snapshot.data.ruleContexts.map((r) => [`${r.indicator}|${r.year}|${r.period}`, r.context]),
);
const todo = snapshot.data.tasks.filter((task) => task.measurementId === null).slice(0, VALUES);
for (const task of todo) {
  const context = contexts.get(`${task.indicator.code}|${task.year}|${task.period}`);
  if (!context) continue;
  let value = Math.max(context.meta ?? 10, context.previous?.value ?? 0);
  if (context.unit === "porcentaje") value = Math.min(value, 100);
  await saveToQueue(
    {
      userId: adminUser.id,
      policy: "pntp",
      indicator: task.indicator.code,
      indicatorName: task.indicator.name,
      year: task.year,
      period: task.period,
      entity: task.entity,
      measurementId: null,
      lockVersion: null,
      form: { ...EMPTY_FORM, value: String(value) },
      body: {
        value,
        numerator: null,
        denominator: null,
        disaggregations: [],
        logros: null,
        dificultades: null,
        medidas: null,
        sourceSystem: null,
        justification: "Valor del banco de medición de la sincronización sin conexión.",
      },
      context,
    },
    "listo",
  );
}
const started = performance.now();
const outcome = await syncQueue(adminUser.id);
const seconds = (performance.now() - started) / 1000;
await t.dispose();

const [l1, l5] = loadavg();
console.log(
  `bench:offline · ${cpus().length} CPU · load average ${l1?.toFixed(2)} / ${l5?.toFixed(2)}`,
);
console.log("figure                                   measured          goal (issue 19)");
console.log(
  `app shell (${shell.files} precached files)        ${kb(shell.raw).padEnd(10)} raw, ${kb(shell.brotli)} brotli`,
);
console.log(
  `offline data, SUNAFIL focal point         ${kb(focalBytes).padEnd(17)} ${focalData.tasks.length} tasks, ${focalData.ruleContexts.length} rule contexts`,
);
console.log(
  `offline data, every PNTP indicator        ${kb(wholeBytes).padEnd(17)} ≤ 2 MB (${wholeData.tasks.length} tasks, 3 open periods)`,
);
console.log(`offline data while unchanged             ${`${unchangedBytes} B`.padEnd(17)} —`);
console.log(
  `sync of ${todo.length} queued values (create+submit)  ${`${seconds.toFixed(2)} s`.padEnd(17)} ≤ 10 s  (sent ${outcome.sent}, conflicts ${outcome.conflicts}, errors ${outcome.errors})`,
);
