import type { Actor } from "../../../shared/actor.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { localizedError } from "../../errors.ts";
import { findWriteKey, insertWriteKey, type WriteAction } from "./write-keys.repository.ts";

/** Records the key in the write's own transaction, once the value's id is known. */
export type ClaimKey = (tx: Executor, measurementId: number) => Promise<void>;

/**
 * Runs a measurement write at most once per idempotency key (ADR 0024). An offline browser
 * resends what it queued when the connection returns, and a request whose answer was lost is
 * sent again: the first run claims the key in the transaction that writes, and every later
 * request with the key gets the value as it stands now instead of a second value or revision.
 * Two requests racing with one key: the loser's claim breaks the primary key, its transaction
 * rolls back, and it answers as a retry. Without a key (the online form) nothing changes.
 */
export async function onceForKey<T>(
  db: Database,
  actor: Actor,
  key: string | undefined,
  action: WriteAction,
  write: (claim: ClaimKey) => Promise<number>,
  present: (measurementId: number) => Promise<T>,
): Promise<T> {
  const userId = actor.user?.id;
  if (!key || userId === undefined) return present(await write(async () => {}));
  const replay = async () => {
    const earlier = await findWriteKey(db, userId, key);
    if (!earlier) return null;
    // A key names one request: used again for another action it is a client bug, not a retry.
    if (earlier.action !== action)
      throw localizedError("conflict", "measurement.keyReused", { action: earlier.action });
    return present(earlier.measurementId);
  };
  const replayed = await replay();
  if (replayed !== null) return replayed;
  try {
    return present(
      await write((tx, measurementId) =>
        insertWriteKey(tx, { userId, key, action, measurementId }),
      ),
    );
  } catch (err) {
    const raced = await replay();
    if (raced !== null) return raced;
    throw err;
  }
}
