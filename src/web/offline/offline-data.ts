import type { OfflineData } from "../../shared/contracts/data-entry.contract.ts";
import { ApiError, api, type Session } from "../api-client.ts";
import { offlineDb, type SessionRow, type SnapshotRow } from "./store.ts";

/**
 * The signed-in focal point's offline data: fetched on every online visit (a few bytes while
 * the server's data version is unchanged) and read back when a request finds no connection.
 */

let currentUser: number | null = null;

/** Set by the session layer: whose rows the offline reads may return. */
export function setOfflineUser(userId: number | null): void {
  currentUser = userId;
}
export const offlineUser = (): number | null => currentUser;

const snapshotKey = (userId: number, policy: string) => `${userId}|${policy}`;

/** Asks the server for the data if it changed since the version held, and keeps it. */
export async function refreshOfflineData(userId: number, policy: string): Promise<SnapshotRow> {
  const key = snapshotKey(userId, policy);
  const held = await offlineDb.snapshots.get(key);
  const answer = await api.offlineData(policy, held?.dataVersion);
  const savedAt = new Date().toISOString();
  if (answer.unchanged && held) {
    await offlineDb.snapshots.update(key, { savedAt });
    return { ...held, savedAt };
  }
  const row: SnapshotRow = {
    key,
    userId,
    policy,
    dataVersion: answer.dataVersion,
    savedAt,
    bytes: new Blob([JSON.stringify(answer)]).size,
    data: answer,
  };
  await offlineDb.snapshots.put(row);
  return row;
}

/** The current user's snapshots (of one policy, or all). */
async function snapshots(policy?: string): Promise<SnapshotRow[]> {
  if (currentUser === null) return [];
  if (policy) {
    const row = await offlineDb.snapshots.get(snapshotKey(currentUser, policy));
    return row ? [row] : [];
  }
  return offlineDb.snapshots.where("userId").equals(currentUser).toArray();
}

export const isNetworkError = (err: unknown): boolean =>
  err instanceof ApiError && err.code === "network";

/**
 * A read that, finding no connection, answers from the snapshot instead; a read the snapshot
 * cannot answer fails as it would have.
 */
export async function orOffline<T>(
  read: () => Promise<T>,
  fromSnapshot: (data: OfflineData) => T | undefined,
  policy?: string,
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!isNetworkError(err)) throw err;
    for (const row of await snapshots(policy)) {
      const value = fromSnapshot(row.data);
      if (value !== undefined) return value;
    }
    throw err;
  }
}

/** Remembers the session seen online, so a reload without a connection still knows who. */
export async function rememberSession(session: Session): Promise<void> {
  const { csrfToken: _token, ...rest } = session;
  await offlineDb.sessions.put({
    userId: session.user.id,
    savedAt: new Date().toISOString(),
    session: rest,
  });
}

/** The last session remembered on this device, if any. */
export async function rememberedSession(): Promise<SessionRow | null> {
  const rows = await offlineDb.sessions.toArray();
  rows.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  return rows[0] ?? null;
}
