import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import type { Database } from "./database.ts";

/**
 * Forward-only migrations: plain SQL files in db/migrations, applied in name order, each in
 * its own transaction, identical on PGlite and PostgreSQL. An applied file whose text changed
 * stops the start: history is never rewritten, a new file is added instead.
 */

const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../db/migrations");

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

function readMigrations(dir: string) {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), "utf8");
      return { name, text, checksum: createHash("sha256").update(text).digest("hex") };
    });
}

/** The migrations this code knows, in order: a backup from a later one is refused. */
export function codeMigrations(dir = MIGRATIONS_DIR): { name: string; checksum: string }[] {
  return readMigrations(dir).map(({ name, checksum }) => ({ name, checksum }));
}

/**
 * Applies the pending migrations; with `upTo`, only those up to that one (a restore loads a
 * backup into the schema it was taken from, then brings it forward).
 */
export async function migrateDatabase(
  db: Database,
  dir = MIGRATIONS_DIR,
  options: { upTo?: string } = {},
): Promise<MigrationResult> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  const done = new Map(
    (await db.selectFrom("schemaMigration").select(["name", "checksum"]).execute()).map((r) => [
      r.name,
      r.checksum,
    ]),
  );
  const applied: string[] = [];
  for (const m of readMigrations(dir)) {
    if (options.upTo !== undefined && m.name > options.upTo) break;
    const known = done.get(m.name);
    if (known !== undefined) {
      if (known !== m.checksum) {
        throw new Error(
          `La migración ${m.name} ya aplicada fue modificada (checksum distinto). Las migraciones son solo hacia adelante: agregue un archivo nuevo.`,
        );
      }
      continue;
    }
    await db.transaction().execute(async (tx) => {
      await sql.raw(m.text).execute(tx);
      await tx
        .insertInto("schemaMigration")
        .values({ name: m.name, checksum: m.checksum })
        .execute();
    });
    applied.push(m.name);
  }
  return { applied, alreadyApplied: done.size };
}
