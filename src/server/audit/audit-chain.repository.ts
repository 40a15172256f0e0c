import { sql } from "kysely";
import type { Executor } from "../db/connect.ts";

/**
 * SQL of the audit chain (migration 0021). The fields come back as the text the digest is
 * computed over: the instant in UTC with microseconds and the jsonb columns as PostgreSQL prints
 * them, so the application can recompute every hash without trusting the database's functions.
 */

export interface ChainedEventText {
  id: string;
  prevHash: string | null;
  hash: string;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  before: string | null;
  after: string | null;
  ip: string | null;
}

/** Up to `limit` events after `afterId`, in id (= chain) order. */
export async function listChainedEvents(
  db: Executor,
  afterId: string,
  limit: number,
): Promise<ChainedEventText[]> {
  const { rows } = await sql<ChainedEventText>`
    SELECT id::text AS id, prev_hash AS "prevHash", hash,
      to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
      actor, action, object_type AS "objectType", object_id AS "objectId",
      before::text AS before, after::text AS after, ip
    FROM audit_event e WHERE e.id > ${afterId}::bigint ORDER BY e.id LIMIT ${limit}`.execute(db);
  return rows;
}

export async function findChainHead(
  db: Executor,
): Promise<{ lastId: string | null; lastHash: string | null } | null> {
  const { rows } = await sql<{ lastId: string | null; lastHash: string | null }>`
    SELECT last_id::text AS "lastId", last_hash AS "lastHash" FROM audit_chain_head`.execute(db);
  return rows[0] ?? null;
}

export async function listAnchors(
  db: Executor,
): Promise<{ day: string; lastId: string | null; hash: string | null }[]> {
  const { rows } = await sql<{ day: string; lastId: string | null; hash: string | null }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, last_id::text AS "lastId", hash
    FROM audit_anchor ORDER BY day`.execute(db);
  return rows;
}

/** Records the head as today's anchor, unless the day has one; returns the day's anchor. */
export async function insertAnchor(
  db: Executor,
  day: string,
): Promise<{ day: string; lastId: string | null; hash: string | null; created: boolean }> {
  const inserted = await sql<{ lastId: string | null; hash: string | null }>`
    INSERT INTO audit_anchor (day, last_id, hash)
    SELECT ${day}::date, last_id, last_hash FROM audit_chain_head
    ON CONFLICT (day) DO NOTHING
    RETURNING last_id::text AS "lastId", hash`.execute(db);
  if (inserted.rows[0]) return { day, ...inserted.rows[0], created: true };
  const { rows } = await sql<{ lastId: string | null; hash: string | null }>`
    SELECT last_id::text AS "lastId", hash FROM audit_anchor WHERE day = ${day}::date`.execute(db);
  return { day, lastId: rows[0]?.lastId ?? null, hash: rows[0]?.hash ?? null, created: false };
}
