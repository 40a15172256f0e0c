import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CompiledQuery } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type CopyValue, csvField } from "../../shared/copy-csv-field.ts";
import type { Executor } from "./database.ts";

export { type CopyValue, csvField };

/**
 * Bulk writes with COPY, inside the caller's transaction, on both backends. The rows travel as
 * the single parameter of a `COPY … FROM STDIN` query; each backend's connection recognises it:
 * PostgreSQL streams it with pg-copy-streams, PGlite reads it as its /dev/blob device. A
 * million-line budget import spends far less time here than in multi-row INSERTs of arrays,
 * whose element escaping (client) and parsing (server) cost more than the COPY text itself.
 */
export class CopyPayload {
  /** CSV text, or its UTF-8 bytes (written by a worker thread, ADR 0044). */
  constructor(readonly text: string | Uint8Array) {}
}

export async function copyRows(
  db: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  let text = "";
  for (const row of rows) {
    let line = csvField(row[0] ?? null);
    for (let i = 1; i < row.length; i++) line += `,${csvField(row[i] ?? null)}`;
    text += `${line}\n`;
  }
  await copyCsv(db, table, columns, text);
}

/**
 * COPY of rows already written as CSV lines (each ending in a line break), for a caller that
 * knows its values need no quoting and can skip `csvField` for them.
 */
export async function copyCsv(
  db: Executor,
  table: string,
  columns: readonly string[],
  text: string | Uint8Array,
): Promise<void> {
  if (text.length === 0) return;
  await db.executeQuery(
    CompiledQuery.raw(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`, [
      new CopyPayload(text),
    ]),
  );
}

/** The copy payload of a query, when it is a COPY from copyRows. */
export function copyPayloadOf(parameters: readonly unknown[]): CopyPayload | null {
  const first = parameters[0];
  return parameters.length === 1 && first instanceof CopyPayload ? first : null;
}

/**
 * Teaches the pool's clients the COPY parameter. Kysely calls `client.query(sql, parameters)`;
 * a copy payload there becomes a COPY stream on the same client, so it runs in the same
 * transaction as everything else.
 */
export function installCopySupport(pool: pg.Pool): void {
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
      ...args: unknown[]
    ) => {
      const payload = Array.isArray(args[1]) ? copyPayloadOf(args[1]) : null;
      if (!payload || typeof args[0] !== "string") return query(...args);
      const stream = query(copyFrom(args[0])) as ReturnType<typeof copyFrom>;
      return pipeline(Readable.from([payload.text]), stream).then(() => ({
        command: "COPY",
        rowCount: stream.rowCount,
        rows: [],
      }));
    };
  });
}
