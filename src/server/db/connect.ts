import { mkdirSync } from "node:fs";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import { installCopySupport } from "./copy-rows.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import type { Database } from "./database.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { registerActivityCounter } from "./read-cache.ts";
import type { DB } from "./schema.generated.ts";

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
}

// numeric and bigint come back as JavaScript numbers: metas and values are decimals typed by
// people (6.9, 0.0003), which survive the trip through a double exactly as typed.
const NUMERIC_OID = 1700;
const INT8_OID = 20;
// A `date` is a calendar day (a deadline), not an instant: keep it as its 'YYYY-MM-DD' text
// so no time zone can move it.
const DATE_OID = 1082;
const toNumber = (v: string) => Number(v);
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
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      types: typeParsers,
      ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    });
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
    return {
      db,
      backend: "postgres",
      dumpDataDir: () => Promise.reject(new Error("dumpDataDir is for PGlite only")),
      close: () => db.destroy(),
    };
  }
  let unlock = () => {};
  if (config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    unlock = lockDataDir(config.dataDir);
  }
  const pglite = new PGlite({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    ...(options.initialData ? { loadDataDir: options.initialData } : {}),
    parsers: { [NUMERIC_OID]: toNumber, [pgliteTypes.INT8]: toNumber, [DATE_OID]: asText },
  });
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<DB>({ dialect, plugins });
  registerActivityCounter(db, () => dialect.statementsRun());
  return {
    db,
    backend: "pglite",
    dumpDataDir: () => pglite.dumpDataDir("none"),
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}
