import { mkdirSync } from "node:fs";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import { installCopySupport } from "./copy-rows.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import type { Database } from "./database.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { DATA_VERSION_QUERY, type DataScope, registerVersionSource } from "./read-cache.ts";
import type { DB } from "./schema.generated.ts";
import { registerVersionListener, startVersionListener } from "./version-listener.ts";

export type { Database, Executor } from "./database.ts";

export interface DatabaseHandle {
  db: Database;
  backend: "pglite" | "postgres";
  /** PGlite only: the whole data directory as a tar file (test templates, backups). */
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PGlite only: start from this data-directory dump instead of an empty cluster. */
  initialData?: Blob;
  /**
   * PostgreSQL only (default true): learn of other connections' commits by LISTEN
   * (version-listener.ts) instead of a version query before every burst of cached reads.
   * bench:http turns it off to measure both in one run.
   */
  listenForVersions?: boolean;
}

// numeric and bigint come back as JavaScript numbers: metas and values are decimals typed by
// people (6.9, 0.0003), which survive the trip through a double exactly as typed.
const NUMERIC_OID = 1700;
const INT8_OID = 20;
// A `date` is a calendar day (a deadline), not an instant: keep it as its 'YYYY-MM-DD' text
// so no time zone can move it.
const DATE_OID = 1082;
const toNumber = (v: string) => Number(v);
/** How often the embedded database checkpoints (see openDatabase). */
const PGLITE_CHECKPOINT_MS = 2 * 60 * 1000;
const asText = (v: string) => v;

/** Opens the configured backend. The only place that knows there are two. */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenOptions = {},
): Promise<DatabaseHandle> {
  const plugins = [new CamelCasePlugin()];
  if (config.backend === "postgres") {
    const typeParsers = {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === NUMERIC_OID || oid === INT8_OID
          ? toNumber
          : oid === DATE_OID
            ? asText
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    };
    const clientConfig = {
      connectionString: config.url,
      types: typeParsers,
      ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    };
    const pool = new pg.Pool({ ...clientConfig, max: 10 });
    installCopySupport(pool);
    // An idle pooled connection that the server ends (a restart, an administrator, a dropped
    // test database) is reported here; without a listener node-postgres would crash the
    // process. The pool replaces it on the next query, so a line in the log is enough.
    pool.on("error", (err) => {
      console.error(`PostgreSQL cerró una conexión inactiva: ${err.message}`);
    });
    if (config.schema) {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${config.schema}`);
      } finally {
        client.release();
      }
    }
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    // The read cache's freshness (read-cache.ts): statements of this process are counted as
    // their connection returns to the pool, once they are over; other processes' commits are
    // heard on the listener's connection.
    let released = 0;
    pool.on("release", () => {
      released += 1;
    });
    const listener =
      options.listenForVersions === false
        ? null
        : startVersionListener(db, clientConfig, (message) =>
            console.error(`PostgreSQL: ${message}`),
          );
    const poolQuery = () =>
      sql<{ scope: DataScope; version: string | number }>`${sql.raw(DATA_VERSION_QUERY)}`
        .execute(db)
        .then((r) => r.rows);
    if (listener) {
      registerVersionListener(db, listener);
      registerVersionSource(db, {
        activity: () => released,
        listening: listener.epoch,
        query: () => listener.query() ?? poolQuery(),
      });
      await listener.ready;
    }
    return {
      db,
      backend: "postgres",
      dumpDataDir: () => Promise.reject(new Error("dumpDataDir is for PGlite only")),
      close: async () => {
        await listener?.close();
        await db.destroy();
      },
    };
  }
  let unlock = () => {};
  if (config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    unlock = await lockDataDir(config.dataDir);
  }
  const pglite = new PGlite({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    ...(options.initialData ? { loadDataDir: options.initialData } : {}),
    parsers: { [NUMERIC_OID]: toNumber, [pgliteTypes.INT8]: toNumber, [DATE_OID]: asText },
  });
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<DB>({ dialect, plugins });
  registerVersionSource(db, { activity: () => dialect.statementsRun() });
  // PGlite runs PostgreSQL in single-user mode: no checkpointer runs in the background, so a
  // checkpoint comes only when max_wal_size (1 GB) fills or at a clean close, and a kill -9
  // leaves the next start to replay all the WAL written since. A checkpoint every two minutes
  // bounds that replay, and the disk the WAL takes (ADR 0036). Recovery ends in a checkpoint of
  // its own, so none is needed at open.
  let checkpoints: NodeJS.Timeout | null = null;
  if (config.dataDir) {
    checkpoints = setInterval(() => {
      void db.executeQuery(CompiledQuery.raw("CHECKPOINT")).catch(() => {});
    }, PGLITE_CHECKPOINT_MS);
    checkpoints.unref();
  }
  return {
    db,
    backend: "pglite",
    dumpDataDir: () => pglite.dumpDataDir("none"),
    close: async () => {
      if (checkpoints) clearInterval(checkpoints);
      await db.destroy();
      unlock();
    },
  };
}
