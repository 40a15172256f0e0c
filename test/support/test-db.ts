import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import pg from "pg";
import type { DatabaseConfig } from "../../src/server/config.ts";
import { type DatabaseHandle, openDatabase } from "../../src/server/db/connect.ts";
import { migrateDatabase } from "../../src/server/db/migrate.ts";
import { seedBundledCatalogue } from "../../src/server/features/catalogue/catalogue.service.ts";
import { loadUbigeoReference } from "../../src/server/features/territory/territory.service.ts";
import { systemActor } from "../../src/shared/actor.ts";

/**
 * Test databases start from templates: a database is migrated (and, for `pntp`, seeded with
 * the bundled PNTP) once, and every suite gets its own copy of it. Building a template costs
 * an initdb, every migration and the seed (several seconds on PGlite); copying one costs a
 * fraction of a second. On PGlite the template is a data-directory dump on disk; on the server
 * (npm run test:pg) it is a database used as `CREATE DATABASE … TEMPLATE`.
 *
 * A template is named by a hash of everything that shapes its contents (migrations, shipped
 * catalogues and reference data, server and shared code), so a change in any of them builds a
 * new one and a stale template is never used.
 */

export type TemplateName = "empty" | "pntp" | "pntp+ubigeo";

export type TestDatabase = DatabaseHandle & {
  /** The configuration that opens this same database again (a second connection). */
  config: DatabaseConfig;
  dispose(): Promise<void>;
};

const ROOT = resolve(import.meta.dirname, "../..");
const HASHED = ["db/migrations", "catalogues", "reference/geo", "src/server", "src/shared"];

let contentHash: string | null = null;
/** Hash of the files a template is built from: names, sizes and bytes. */
function templateHash(): string {
  if (contentHash) return contentHash;
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.includes(".test.")) {
        hash.update(relative(ROOT, path));
        hash.update(readFileSync(path));
      }
    }
  };
  for (const dir of HASHED) walk(join(ROOT, dir));
  contentHash = hash.digest("hex").slice(0, 16);
  return contentHash;
}

async function fillTemplate(handle: DatabaseHandle, name: TemplateName): Promise<void> {
  await migrateDatabase(handle.db);
  if (name === "empty") return;
  const actor = systemActor("test-template");
  await seedBundledCatalogue(handle.db, actor, { code: "pntp", replace: false });
  if (name === "pntp+ubigeo") await loadUbigeoReference(handle.db, actor);
}

// ---- PGlite: a dump of the data directory, kept in the system's temp folder ----

const PGLITE_CACHE = join(tmpdir(), "vigia-test-templates");
const pgliteDumps = new Map<TemplateName, Promise<Blob>>();

async function buildPgliteDump(name: TemplateName): Promise<Blob> {
  const file = join(PGLITE_CACHE, `${templateHash()}-${name.replace("+", "-")}.tar`);
  try {
    if (statSync(file).size > 0) return new Blob([readFileSync(file)]);
  } catch {
    // not built yet
  }
  const handle = await openDatabase({ backend: "pglite", dataDir: null });
  try {
    await fillTemplate(handle, name);
    const dump = await handle.dumpDataDir();
    mkdirSync(PGLITE_CACHE, { recursive: true });
    // Written beside and renamed: suites that build the same template at once never read a
    // half-written file.
    const partial = `${file}.${process.pid}.${randomBytes(3).toString("hex")}`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  } finally {
    await handle.close();
  }
}

// ---- PostgreSQL: a template database on the server ----

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery<T extends pg.QueryResultRow>(
  url: string,
  text: string,
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<T>(text);
  } finally {
    await client.end();
  }
}

const TEMPLATE_PREFIX = "vigia_tpl_";
const serverTemplates = new Map<TemplateName, Promise<string>>();

async function buildServerTemplate(url: string, name: TemplateName): Promise<string> {
  const database = `${TEMPLATE_PREFIX}${templateHash()}_${name.replace("+", "_")}`;
  const exists = await adminQuery(url, `SELECT 1 FROM pg_database WHERE datname = '${database}'`);
  if (exists.rowCount) return database;
  // Built under a name of its own, then renamed: a suite never copies a half-built template.
  const building = `${database}_b${randomBytes(3).toString("hex")}`;
  await adminQuery(url, `CREATE DATABASE ${building}`);
  const handle = await openDatabase({
    backend: "postgres",
    url: withDatabase(url, building),
    schema: null,
  });
  try {
    await fillTemplate(handle, name);
  } finally {
    await handle.close();
  }
  await adminQuery(url, `COMMENT ON DATABASE ${building} IS 'vigia test template ${Date.now()}'`);
  try {
    await adminQuery(url, `ALTER DATABASE ${building} RENAME TO ${database}`);
  } catch {
    // Another suite built the same template meanwhile: use that one.
    await adminQuery(url, `DROP DATABASE IF EXISTS ${building}`);
  }
  await dropOldTemplates(url, database);
  return database;
}

/** Templates of earlier code versions, a day old or more, are dropped (CI machines are kept). */
async function dropOldTemplates(url: string, keep: string): Promise<void> {
  const old = await adminQuery<{ datname: string; note: string | null }>(
    url,
    `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS note FROM pg_database d
     WHERE d.datname LIKE '${TEMPLATE_PREFIX}%' AND d.datname <> '${keep}'`,
  );
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const row of old.rows) {
    const built = Number(row.note?.match(/(\d+)$/)?.[1] ?? 0);
    if (built < dayAgo) await adminQuery(url, `DROP DATABASE IF EXISTS ${row.datname}`);
  }
}

/**
 * A PGlite data directory on disk holding a copy of a template, for tests that start real
 * processes on it: cheaper than each process's initdb and migrations.
 */
export async function createPgliteDataDir(dataDir: string, name: TemplateName = "empty") {
  let dump = pgliteDumps.get(name);
  if (!dump) {
    dump = buildPgliteDump(name);
    pgliteDumps.set(name, dump);
  }
  // The dump is a tar of the data directory. Unpacked with tar rather than opened with PGlite's
  // loadDataDir: a PGlite opened on disk that way keeps this process alive after close.
  mkdirSync(dataDir, { recursive: true });
  const archive = `${dataDir}.tar`;
  writeFileSync(archive, new Uint8Array(await (await dump).arrayBuffer()));
  const unpacked = spawnSync("tar", ["-xf", archive, "-C", dataDir], { encoding: "utf8" });
  rmSync(archive, { force: true });
  if (unpacked.status !== 0) throw new Error(`tar: ${unpacked.stderr}`);
}

/**
 * A database of one test file's own, copied from a template: in-memory PGlite by default, or,
 * when DATABASE_URL is set (npm run test:pg), a database of its own on that server, dropped at
 * the end, so suites never see each other's rows.
 *
 *   createTestDatabase()                  migrated, empty
 *   createTestDatabase({ seed: "pntp" })  the PNTP as `npm start` seeds it (2022–2023 data)
 */
export async function createTestDatabase(
  options: { seed?: "pntp" | "pntp+ubigeo" } = {},
): Promise<TestDatabase> {
  const name: TemplateName = options.seed ?? "empty";
  const url = process.env.DATABASE_URL;
  if (!url) {
    let dump = pgliteDumps.get(name);
    if (!dump) {
      dump = buildPgliteDump(name);
      pgliteDumps.set(name, dump);
    }
    const config: DatabaseConfig = { backend: "pglite", dataDir: null };
    const handle = await openDatabase(config, { initialData: await dump });
    return { ...handle, config, dispose: () => handle.close() };
  }
  let template = serverTemplates.get(name);
  if (!template) {
    template = buildServerTemplate(url, name);
    serverTemplates.set(name, template);
  }
  const source = await template;
  const database = `vigia_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(url, `CREATE DATABASE ${database} TEMPLATE ${source} STRATEGY FILE_COPY`);
  const config: DatabaseConfig = {
    backend: "postgres",
    url: withDatabase(url, database),
    schema: null,
  };
  const handle = await openDatabase(config);
  return {
    ...handle,
    config,
    async dispose() {
      await handle.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}
