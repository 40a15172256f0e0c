import { Dexie, type EntityTable } from "dexie";
import type { Session } from "../../shared/contracts/auth.contract.ts";
import type {
  Measurement,
  MeasurementInputSchema,
  OfflineData,
  RuleContext,
} from "../../shared/contracts/data-entry.contract.ts";
import type { z } from "../../shared/schemas/zod-locale.ts";
import type { FormState } from "../pages/measurement/measurement-form.ts";

/**
 * The browser's own storage for offline entry (ADR 0024), in IndexedDB through Dexie. Every
 * row carries the id of the user it belongs to and the app reads only the signed-in user's
 * rows; signing out deletes them, another person signing in deletes the previous one's, and
 * «Borrar datos de este equipo» deletes the whole database.
 */

export type PeriodCode = "ANUAL" | "S1" | "S2" | "T1" | "T2" | "T3" | "T4";

/** The focal point's offline data as the server last sent it (GET offline-data). */
export interface SnapshotRow {
  key: string;
  userId: number;
  policy: string;
  dataVersion: string;
  savedAt: string;
  bytes: number;
  data: OfflineData;
}

/** The last session seen online: lets a reload without a connection open «Mis tareas». */
export interface SessionRow {
  userId: number;
  savedAt: string;
  /** Without the CSRF token: a new one is asked for when the connection returns. */
  session: Omit<Session, "csrfToken">;
}

export type QueueState = "borrador" | "listo" | "conflicto" | "error";

export type ConflictReason = "stale" | "inProgress" | "closed" | "meta" | "state";

/** One value entered on this device and not yet on the server in the state asked for. */
export interface QueueItem {
  id: string;
  userId: number;
  policy: string;
  /** Order of entry: items are sent oldest first. */
  seq: number;
  indicator: string;
  indicatorName: string;
  year: number;
  period: PeriodCode;
  entity: string | null;
  /** The value on the server this edits (null: a value to create). */
  measurementId: number | null;
  /** The version the person edited: the server refuses the write if it moved. */
  lockVersion: number | null;
  form: FormState;
  body: z.output<typeof MeasurementInputSchema>;
  /** The rule context the value was checked against (the meta in force, the previous value). */
  context: RuleContext;
  /** «listo para enviar»: submitted for review once saved; «borrador»: saved as a draft. */
  state: QueueState;
  /** What the person asked for before a conflict or an error stopped it. */
  wanted: "borrador" | "listo";
  /** One idempotency key per write, made once, so a resend after a lost answer is a retry. */
  keys: { create: string; update: string; submit: string };
  /** Set after the person chose to keep its version against a changed meta. */
  acceptMeta: boolean;
  conflict: null | {
    reason: ConflictReason;
    message: string;
    server: Measurement | null;
    serverContext: RuleContext | null;
  };
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An evidence file chosen offline, uploaded once its value exists on the server. */
export interface QueuedFile {
  id?: number;
  itemId: string;
  userId: number;
  name: string;
  type: string;
  blob: Blob;
}

export interface SyncRow {
  userId: number;
  lastSync: string | null;
}

export class OfflineDatabase extends Dexie {
  snapshots!: EntityTable<SnapshotRow, "key">;
  sessions!: EntityTable<SessionRow, "userId">;
  queue!: EntityTable<QueueItem, "id">;
  files!: EntityTable<QueuedFile, "id">;
  sync!: EntityTable<SyncRow, "userId">;

  constructor(name = "vigia-offline") {
    super(name);
    this.version(1).stores({
      snapshots: "key, userId",
      sessions: "userId",
      queue: "id, userId, seq, [userId+indicator+year+period], measurementId",
      files: "++id, itemId, userId",
      sync: "userId",
    });
  }
}

export const offlineDb = new OfflineDatabase();

/** Deletes every row of one user: its snapshot, its queue and files, its session. */
export async function clearUser(db: OfflineDatabase, userId: number): Promise<void> {
  await db.transaction("rw", [db.snapshots, db.sessions, db.queue, db.files, db.sync], async () => {
    await db.snapshots.where("userId").equals(userId).delete();
    await db.queue.where("userId").equals(userId).delete();
    await db.files.where("userId").equals(userId).delete();
    await db.sessions.delete(userId);
    await db.sync.delete(userId);
  });
}

/** Keeps one user's rows only: what someone else left on a shared computer is deleted. */
export async function keepOnlyUser(db: OfflineDatabase, userId: number): Promise<void> {
  const others = new Set<number>();
  for (const table of [db.snapshots, db.queue, db.files] as const)
    for (const key of await table.orderBy("userId").uniqueKeys()) others.add(Number(key));
  for (const table of [db.sessions, db.sync] as const)
    for (const key of await table.toCollection().primaryKeys()) others.add(Number(key));
  others.delete(userId);
  for (const other of others) await clearUser(db, other);
}

/** «Borrar datos de este equipo»: the whole database, every user. */
export async function wipeDevice(db: OfflineDatabase): Promise<void> {
  await db.transaction("rw", [db.snapshots, db.sessions, db.queue, db.files, db.sync], async () => {
    await Promise.all([
      db.snapshots.clear(),
      db.sessions.clear(),
      db.queue.clear(),
      db.files.clear(),
      db.sync.clear(),
    ]);
  });
}
