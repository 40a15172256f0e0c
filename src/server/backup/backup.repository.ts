import { sql } from "kysely";
import type { Executor } from "../db/connect.ts";

/**
 * The SQL of backups (ADR 0036): the schema's tables and sequences, each table's rows as
 * canonical JSON text, and loading them back. Identifiers come from the catalogue of the
 * database itself, never from the archive, and are quoted with `sql.id`.
 */

/** Base tables of the connection's schema, by name. */
export async function listTables(db: Executor): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
    ORDER BY table_name COLLATE "C"`.execute(db);
  return r.rows.map((row) => row.name);
}

/** Columns a restore writes: every column but the generated ones, in table order. */
export async function listWritableColumns(db: Executor, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT column_name AS name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER'
    ORDER BY ordinal_position`.execute(db);
  return r.rows.map((row) => row.name);
}

/**
 * A table's rows as jsonb text, sorted bytewise: the same rows give the same text on either
 * backend (jsonb prints keys and numbers canonically), which is what the checksum is over.
 */
export async function tableRowsAsJson(db: Executor, table: string): Promise<string[]> {
  const r = await sql<{ row: string }>`
    SELECT to_jsonb(t)::text AS row FROM ${sql.id(table)} t
    ORDER BY to_jsonb(t)::text COLLATE "C"`.execute(db);
  return r.rows.map((row) => row.row);
}

export async function listSequences(
  db: Executor,
): Promise<{ name: string; lastValue: string; isCalled: boolean }[]> {
  const names = await sql<{ name: string }>`
    SELECT sequence_name AS name FROM information_schema.sequences
    WHERE sequence_schema = current_schema() ORDER BY sequence_name COLLATE "C"`.execute(db);
  const out: { name: string; lastValue: string; isCalled: boolean }[] = [];
  for (const { name } of names.rows) {
    const r = await sql<{ lastValue: string; isCalled: boolean }>`
      SELECT last_value::text AS last_value, is_called FROM ${sql.id(name)}`.execute(db);
    const row = r.rows[0];
    if (row) out.push({ name, lastValue: String(row.lastValue), isCalled: row.isCalled });
  }
  return out;
}

/** Names of the migrations applied to the database, in order. */
export async function listAppliedMigrations(db: Executor): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT name FROM schema_migration ORDER BY name COLLATE "C"`.execute(db);
  return r.rows.map((row) => row.name);
}

/**
 * Restore mode for the rest of the transaction: triggers (the audit's append-only and chain
 * triggers, the data-version bumps) and foreign-key checks do not fire, so rows go back
 * exactly as they were, hashes included. Needs a superuser on PostgreSQL (or, from PG 15, a
 * role granted SET on session_replication_role); PGlite's only role is one.
 */
/** One snapshot, instants printed in UTC whatever the server's time zone. */
export async function enterBackupSnapshot(tx: Executor): Promise<void> {
  // First statement of the transaction: every table is read from the same snapshot.
  await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(tx);
  await sql`SET LOCAL TimeZone = 'UTC'`.execute(tx);
}

export async function enterRestoreMode(tx: Executor): Promise<void> {
  await sql`SET LOCAL session_replication_role = replica`.execute(tx);
  await sql`SET LOCAL TimeZone = 'UTC'`.execute(tx);
}

export async function leaveRestoreMode(tx: Executor): Promise<void> {
  await sql`SET LOCAL session_replication_role = origin`.execute(tx);
}

export async function truncateTables(tx: Executor, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`TRUNCATE ${sql.join(tables.map((t) => sql.id(t)))}`.execute(tx);
}

/** Rows given as jsonb text back into their table, generated columns left to the database. */
export async function insertJsonRows(
  tx: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const cols = sql.join(columns.map((c) => sql.id(c)));
  await sql`
    INSERT INTO ${sql.id(table)} (${cols}) OVERRIDING SYSTEM VALUE
    SELECT ${cols} FROM jsonb_populate_recordset(NULL::${sql.id(table)}, ${`[${rows.join(",")}]`}::jsonb)`.execute(
    tx,
  );
}

export async function setSequence(
  tx: Executor,
  name: string,
  lastValue: string,
  isCalled: boolean,
): Promise<void> {
  await sql`SELECT setval(${name}::text::regclass, ${lastValue}::bigint, ${isCalled})`.execute(tx);
}

/** PostgreSQL `--replace`: the connection's schema dropped with everything in it, and made again. */
export async function recreateCurrentSchema(db: Executor): Promise<string> {
  const r = await sql<{ name: string }>`SELECT current_schema() AS name`.execute(db);
  const name = r.rows[0]?.name;
  if (!name) throw new Error("no current schema");
  await sql`DROP SCHEMA ${sql.id(name)} CASCADE`.execute(db);
  await sql`CREATE SCHEMA ${sql.id(name)}`.execute(db);
  return name;
}
