import type { Executor } from "../../db/connect.ts";

/** Idempotency keys of measurement writes (migration 0017): one row per user and key. */

export type WriteAction = "create" | "update" | "submit";

export async function findWriteKey(
  db: Executor,
  userId: number,
  key: string,
): Promise<{ action: WriteAction; measurementId: number } | null> {
  const row = await db
    .selectFrom("measurementWriteKey")
    .select(["action", "measurementId"])
    .where("userId", "=", userId)
    .where("idempotencyKey", "=", key)
    .executeTakeFirst();
  return row ? { action: row.action as WriteAction, measurementId: row.measurementId } : null;
}

/** Claims the key; a second claim of the same key fails on the primary key. */
export async function insertWriteKey(
  tx: Executor,
  row: { userId: number; key: string; action: WriteAction; measurementId: number },
): Promise<void> {
  await tx
    .insertInto("measurementWriteKey")
    .values({
      userId: row.userId,
      idempotencyKey: row.key,
      action: row.action,
      measurementId: row.measurementId,
    })
    .execute();
}
