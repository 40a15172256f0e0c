/**
 * npm run bench:list-stall — does one long list stall everybody on PGlite (issue 18, item 9;
 * ADR 0036)? The seeded PNTP's values are copied into later years, each with a long narrative,
 * until the review queue holds BENCH_ROWS values; then a focal point's GET /periods is timed
 * alone and while 5 administrators read the queue in parallel: the whole queue in pages of
 * 200 (what one request answered before pagination was a single list of up to 1,000) and the
 * default page of 50 the web app asks for now. Figures are printed with the load average;
 * nothing is asserted.
 *
 *   BENCH_ROWS (default 1000)  values in the queue
 */
import { mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { createDiskFileStore } from "../src/server/files/file-store.ts";
import { createApp } from "../src/server/http/app.ts";
import { signIn } from "../test/factories.ts";
import { createTestDatabase } from "../test/support/test-db.ts";
import { positiveInt } from "./bench-options.ts";

const ROWS = positiveInt("BENCH_ROWS", 1000);

const t = await createTestDatabase({ seed: "pntp" });
const columns = (
  await sql<{ name: string }>`
    SELECT column_name AS name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'measurement'
      AND column_name NOT IN ('id', 'year', 'logros') ORDER BY ordinal_position`.execute(t.db)
).rows.map((r) => r.name);
const cols = sql.join(columns.map((c) => sql.id(c)));
const narrative = "Narrativa de prueba de carga. ".repeat(50);
for (let year = 2030; ; year++) {
  const { n } = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM measurement`.execute(t.db))
    .rows[0] as { n: number };
  if (n >= ROWS) break;
  await sql`
    INSERT INTO measurement (${cols}, year, logros)
    SELECT ${cols}, ${year}, ${narrative} FROM measurement WHERE year = 2023
    LIMIT ${ROWS - n}`.execute(t.db);
}

const app = createApp(t, { fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "bench-"))) });
const admins = await Promise.all(
  Array.from({ length: 5 }, async () => (await signIn(app, t.db, "administrador")).session),
);
const focal = (await signIn(app, t.db, "punto_focal", { entities: ["MIMP"] })).session;

const timed = async <T>(fn: () => Promise<T>) => {
  const began = performance.now();
  const value = await fn();
  return { ms: performance.now() - began, value };
};
const periods = () => focal.request("GET", "/api/policies/pntp/periods");
// Reads are cached under data versions (ADR 0009): a write first, as under real use, so that
// every timed read asks the database.
const invalidate = async () => {
  await sql`UPDATE measurement SET updated_at = now() WHERE id = (SELECT min(id) FROM measurement)`.execute(
    t.db,
  );
  await sql`UPDATE reporting_period SET deadline = deadline`.execute(t.db);
};

async function walkAll(session: (typeof admins)[number]) {
  let offset: number | null = 0;
  let bytes = 0;
  while (offset !== null) {
    const res = await session.request(
      "GET",
      `/api/policies/pntp/measurements?limit=200&offset=${offset}`,
    );
    bytes += JSON.stringify(res.json).length;
    offset = res.json.nextOffset as number | null;
  }
  return bytes;
}

async function scenario(name: string, load: (s: (typeof admins)[number]) => Promise<unknown>) {
  await invalidate();
  const began = performance.now();
  let done = false;
  const running = Promise.all(admins.map((s) => load(s))).then(() => {
    done = true;
  });
  // A focal point asks for the periods every 50 ms while the lists run: the worst wait is
  // what a person feels.
  const waits: number[] = [];
  while (!done) {
    waits.push((await timed(periods)).ms);
    await new Promise((r) => setTimeout(r, 50));
  }
  await running;
  const lists = { ms: performance.now() - began };
  const during = { ms: Math.max(...waits) };
  console.log(
    `${name.padEnd(46)} worst GET /periods ${during.ms.toFixed(0).padStart(6)} ms; the 5 lists ${lists.ms.toFixed(0).padStart(6)} ms`,
  );
}

await periods();
await invalidate();
const alone = await timed(periods);
const total = (await admins[0]?.request("GET", "/api/policies/pntp/measurements?limit=1"))?.json
  .total;
await invalidate();
const page = await timed(
  () => admins[0]?.request("GET", "/api/policies/pntp/measurements") as Promise<unknown>,
);
await invalidate();
const whole = await timed(() => walkAll(admins[0] as (typeof admins)[number]));
console.log(
  `PGlite, ${total} values in the queue; ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(`GET /periods alone: ${alone.ms.toFixed(0)} ms`);
console.log(
  `one default page (50): ${page.ms.toFixed(0)} ms; the whole queue in pages of 200: ${whole.ms.toFixed(0)} ms, ${(whole.value / 1e6).toFixed(2)} MB`,
);
await scenario("while 5 admins read the whole queue (200/page)", walkAll);
await scenario("while 5 admins read one page of 50", (s) =>
  s.request("GET", "/api/policies/pntp/measurements"),
);
await t.dispose();
