/**
 * npm run bench:linkage-run — linking inside Vigía (docs/linkage.md, "Linking in Vigía") at the
 * issue's scale: three synthetic institutions' lists (default 100,000 records), encoded in this
 * process as the institutions would, uploaded with the service's function (COPY into
 * linkage_encoding), linked as a stored run (decode, blocking, Dice on every candidate pair for
 * the histogram, threshold from the valley, clusters, memberships and borderline pairs written),
 * and the result read (overlap table and MSE from the stored memberships). Side by side: the
 * in-memory `linkEncodings` on the same encodings at 0.7, the reference the stored run adds
 * its database work and its histogram to. Goal (issue 15 item 5): 100,000 records linked in
 * ≤ 30 s. Prints figures and /proc/loadavg; never fails on a slow one.
 *
 *   BENCH_LINKAGE_RECORDS  records over the three lists (default 100000)
 *   BENCH_SEED             PRNG seed (default 2019)
 *   BENCH_DATABASE_URL     PostgreSQL server (default: DATABASE_URL, then the local test server)
 *   BENCH_BACKENDS         postgres,pglite (default both, in this order)
 *
 * Smoke run: BENCH_LINKAGE_RECORDS=2000 BENCH_BACKENDS=pglite
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { DatabaseConfig } from "../src/server/config.ts";
import { openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { encodeVictimRows } from "../src/server/features/linkage/encode-victims.ts";
import { runLinkage, uploadEncodings } from "../src/server/features/linkage/linkage.service.ts";
import { readLinkageResult } from "../src/server/features/linkage/linkage-results.service.ts";
import { ensureStatisticsSetup } from "../src/server/features/statistics/statistics-code-lists.service.ts";
import { loadUbigeoReference } from "../src/server/features/territory/territory.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import { decodeEncodingFiles } from "../src/shared/linkage/encodings-file.ts";
import { linkEncodings } from "../src/shared/linkage/link-encodings.ts";
import { LinkageSchemaSchema } from "../src/shared/linkage/linkage-schema.ts";
import { syntheticLists } from "../src/shared/linkage/synthetic-lists.ts";
import { type Backend, positiveInt } from "./bench-options.ts";

const options = {
  records: positiveInt("BENCH_LINKAGE_RECORDS", 100_000),
  seed: positiveInt("BENCH_SEED", 2019),
  url:
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/test",
  backends: (process.env.BENCH_BACKENDS ?? "postgres,pglite").split(",") as Backend[],
};
const GOAL_S = 30;
const YEAR = 2019;
const CODES: Record<string, string> = { PNP: "PNP-RETA", MP: "MP-FISTRAP", MIMP: "MIMP-CEM" };
const actor = systemActor("bench");
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

const schema = LinkageSchemaSchema.parse(
  JSON.parse(readFileSync("reference/linkage/schema-v1.json", "utf8")),
);
process.stderr.write(`generating and encoding ${options.records} records…\n`);
const lists = syntheticLists({ records: options.records, seed: options.seed });
const secret = randomBytes(32);
const files = lists.sources.map((l) =>
  encodeVictimRows(l.rows, { schema, secret, source: CODES[l.source] ?? l.source, file: l.source }),
);
const [memory, memoryMs] = await timed(() =>
  linkEncodings(decodeEncodingFiles(files), { threshold: 0.7 }),
);
console.log(
  `reference: in-memory linkEncodings (threshold 0.7): ${s(memoryMs)}, ${memory.candidatePairs.toLocaleString("en")} candidate pairs, ${memory.clusters.length.toLocaleString("en")} clusters; truth: ${new Set(lists.truth.map((t) => t.entity)).size.toLocaleString("en")} people — load ${load()}`,
);

for (const backend of options.backends) {
  const dbSchema = `bench_linkage_${randomBytes(4).toString("hex")}`;
  const dataDir = backend === "pglite" ? mkdtempSync(join(tmpdir(), "vigia-bench-link-")) : null;
  const config: DatabaseConfig =
    backend === "postgres"
      ? { backend: "postgres", url: options.url, schema: dbSchema }
      : { backend: "pglite", dataDir: dataDir as string };
  const handle = await openDatabase(config);
  try {
    await migrateDatabase(handle.db);
    await loadUbigeoReference(handle.db, actor);
    await ensureStatisticsSetup(handle.db, actor);
    const [, uploadMs] = await timed(async () => {
      for (const file of files)
        await uploadEncodings(handle.db, actor, { sourceCode: file.source, year: YEAR, file });
    });
    const [run, runMs] = await timed(() => runLinkage(handle.db, actor, { year: YEAR }));
    const [, readMs] = await timed(() => readLinkageResult(handle.db, actor, { id: run.id }));
    console.log(
      `${backend}: upload ${s(uploadMs)}; run ${s(runMs)} (goal ≤ ${GOAL_S} s: ${runMs / 1000 <= GOAL_S ? "met" : "missed"}; ${(runMs / memoryMs).toFixed(1)}× the in-memory link); result read ${s(readMs)}; threshold ${run.threshold} (${run.thresholdOrigin}); ${run.deduplicated.toLocaleString("en")} people of ${run.records.toLocaleString("en")} records (in memory: ${memory.clusters.length.toLocaleString("en")}) — load ${load()}`,
    );
  } finally {
    if (backend === "postgres") {
      const client = new pg.Client({ connectionString: options.url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${dbSchema} CASCADE`);
      await client.end();
    }
    await handle.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
