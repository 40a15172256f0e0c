import type { Measurement } from "../../shared/contracts/data-entry.contract.ts";
import { offlineDb, type QueueItem, type QueueState } from "./store.ts";

/** The offline queue: values saved on this device, oldest first, for one user. */

const uuid = () => crypto.randomUUID();
const now = () => new Date().toISOString();

export type QueueDraft = Omit<
  QueueItem,
  | "id"
  | "seq"
  | "state"
  | "wanted"
  | "keys"
  | "acceptMeta"
  | "conflict"
  | "error"
  | "createdAt"
  | "updatedAt"
>;

export async function listQueue(userId: number): Promise<QueueItem[]> {
  return offlineDb.queue.where("userId").equals(userId).sortBy("seq");
}

/** The queued item for a saved value, or for a value not created yet (its task). */
export async function findQueued(
  userId: number,
  key: { measurementId: number | null; indicator: string; year: number; period: string },
): Promise<QueueItem | null> {
  if (key.measurementId !== null) {
    const byId = await offlineDb.queue.where("measurementId").equals(key.measurementId).toArray();
    const mine = byId.find((item) => item.userId === userId);
    if (mine) return mine;
  }
  const byTask = await offlineDb.queue
    .where("[userId+indicator+year+period]")
    .equals([userId, key.indicator, key.year, key.period])
    .toArray();
  return byTask.find((item) => key.measurementId === null || item.measurementId === null) ?? null;
}

/**
 * Saves what the form holds. An item already queued for the value keeps its place, its create
 * key and the version first edited (so a change made meanwhile on the server is still seen);
 * its update and submit keys are new, since the body they send is.
 */
export async function saveToQueue(draft: QueueDraft, wanted: QueueState): Promise<QueueItem> {
  const existing = await findQueued(draft.userId, draft);
  const state = wanted === "listo" ? "listo" : "borrador";
  if (existing) {
    const next: QueueItem = {
      ...existing,
      form: draft.form,
      body: draft.body,
      context: draft.context,
      wanted: state,
      state,
      keys: { create: existing.keys.create, update: uuid(), submit: uuid() },
      conflict: null,
      error: null,
      updatedAt: now(),
    };
    await offlineDb.queue.put(next);
    return next;
  }
  const last = await offlineDb.queue.orderBy("seq").last();
  const item: QueueItem = {
    ...draft,
    id: uuid(),
    seq: (last?.seq ?? 0) + 1,
    wanted: state,
    state,
    keys: { create: uuid(), update: uuid(), submit: uuid() },
    acceptMeta: false,
    conflict: null,
    error: null,
    createdAt: now(),
    updatedAt: now(),
  };
  await offlineDb.queue.add(item);
  return item;
}

export async function patchItem(id: string, changes: Partial<QueueItem>): Promise<void> {
  await offlineDb.queue.update(id, { ...changes, updatedAt: now() });
}

/** Drops an item and its files (sent, or given up for the server's version). */
export async function removeItem(id: string): Promise<void> {
  await offlineDb.transaction("rw", [offlineDb.queue, offlineDb.files], async () => {
    await offlineDb.files.where("itemId").equals(id).delete();
    await offlineDb.queue.delete(id);
  });
}

export async function addFiles(item: QueueItem, files: readonly File[]): Promise<void> {
  await offlineDb.files.bulkAdd(
    files.map((file) => ({
      itemId: item.id,
      userId: item.userId,
      name: file.name,
      type: file.type,
      blob: file,
    })),
  );
}

export const filesOf = (itemId: string) => offlineDb.files.where("itemId").equals(itemId).toArray();

/**
 * Resolving a conflict with the person's own version: it is written over the server's current
 * one, knowingly (the version it now holds), and a changed meta is accepted.
 */
export async function keepMine(item: QueueItem): Promise<void> {
  const server = item.conflict?.server ?? null;
  await patchItem(item.id, {
    measurementId: server?.id ?? item.measurementId,
    lockVersion: server?.lockVersion ?? item.lockVersion,
    context: item.conflict?.serverContext ?? item.context,
    acceptMeta: true,
    state: item.wanted,
    conflict: null,
    error: null,
    keys: { create: item.keys.create, update: uuid(), submit: uuid() },
  });
}

/** The server's version can be overwritten only while it is still a draft or observed. */
export const editableOnServer = (m: Measurement | null): boolean =>
  m === null || m.status === "borrador" || m.status === "observado";
