import { sql } from "kysely";
import type { Database } from "./database.ts";

/**
 * Derived reads (an evaluation, the dashboard, a session) cached under the data version they
 * were computed at. Migration 0006 moves a scope's version at the commit of any transaction
 * that changed its tables, from this process or any other, so a cached value is served only
 * while nothing it depends on has changed: a validation shows at once, with no batch job and no
 * invalidation call to forget.
 */

export type DataScope = "policy" | "access";
type Versions = Record<DataScope, number>;

interface Entry {
  version: number;
  value: Promise<unknown>;
}

/** What the version reads have cost so far (bench:http prints it). */
export interface VersionReadStats {
  /** Version queries sent to the database. */
  queries: number;
  /** Time spent in them, summed, in milliseconds. */
  queryMs: number;
}

interface CacheState {
  readVersions: () => Promise<Versions>;
  entries: Map<string, Entry>;
  stats: VersionReadStats;
  notified: Versions;
}

/**
 * Told when a computation starts and when it settles: how bench:http tells the requests that
 * ran while figures were being recomputed from those that found them cached.
 */
export interface ComputationObserver {
  started(): void;
  settled(): void;
}
let computationObserver: ComputationObserver | null = null;
export function observeComputations(observer: ComputationObserver | null): void {
  computationObserver = observer;
}

/** Enough for every policy-year, preview and dashboard plus the active sessions. */
const MAX_ENTRIES = 1_000;

const states = new WeakMap<Database, CacheState>();

/** The version query, as text: the PGlite dialect does not count it as activity (see below). */
export const DATA_VERSION_QUERY = "select scope, version from data_version";

/**
 * When the versions read last are still the versions, without asking the database.
 *
 * `activity` counts the statements this handle's own connections have finished, the version
 * query excepted: while it stands still this process has changed nothing. PGlite (behind its
 * data-directory lock) has no other writer, so that is enough and a burst of cached reads costs
 * no query at all. On PostgreSQL other processes write too: `listening` is the epoch of the
 * connection that LISTENs for their commits (version-listener.ts), null while it is down, and
 * `noteNotifiedVersion` receives what it hears. Versions are reused only while this process is
 * idle and the same listener has been up since they were read; anything else asks again.
 */
export interface VersionSource {
  activity: () => number;
  listening?: () => number | null;
  /** The version query on a connection outside the pool (so that it is not activity). */
  query?: () => Promise<{ scope: DataScope; version: string | number }[]>;
}
const versionSources = new WeakMap<Database, VersionSource>();
export function registerVersionSource(db: Database, source: VersionSource): void {
  versionSources.set(db, source);
}

/** A version announced by the database (NOTIFY); kept as a floor under the versions read. */
export function noteNotifiedVersion(db: Database, scope: DataScope, version: number): void {
  const state = stateOf(db);
  if (version > state.notified[scope]) state.notified[scope] = version;
}

/**
 * One query shared by every caller that arrives while another run is under way. A caller never
 * gets the result of a run that started before it arrived, so it sees every commit that
 * preceded its request; under load, fifty concurrent requests cost one or two queries.
 */
export function shareQuery<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let queued: Promise<T> | null = null;
  const start = () => {
    const current = run().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (queued) return queued;
    if (!running) return start();
    const next = running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return start();
      });
    queued = next;
    return next;
  };
}

function stateOf(db: Database): CacheState {
  let state = states.get(db);
  if (state) return state;
  const source = versionSources.get(db);
  const stats: VersionReadStats = { queries: 0, queryMs: 0 };
  const notified: Versions = { policy: 0, access: 0 };
  const runQuery =
    source?.query ??
    (async () =>
      (
        await sql<{ scope: DataScope; version: string | number }>`${sql.raw(
          DATA_VERSION_QUERY,
        )}`.execute(db)
      ).rows);
  const query = shareQuery(async () => {
    const started = performance.now();
    stats.queries += 1;
    const versions: Versions = { policy: 0, access: 0 };
    for (const r of await runQuery()) versions[r.scope] = Number(r.version);
    stats.queryMs += performance.now() - started;
    return versions;
  });
  // A notification can arrive while a query is under way and report a later commit than the
  // query saw: the versions served are the greater of the two.
  const withNotified = (v: Versions): Versions =>
    v.policy >= notified.policy && v.access >= notified.access
      ? v
      : {
          policy: Math.max(v.policy, notified.policy),
          access: Math.max(v.access, notified.access),
        };
  let known: { at: number; epoch: number | null; versions: Versions | null } | null = null;
  const readVersions = source
    ? () => {
        const at = source.activity();
        const epoch = source.listening ? source.listening() : 0;
        if (known?.versions && epoch !== null && known.at === at && known.epoch === epoch)
          return Promise.resolve(withNotified(known.versions));
        const entry: { at: number; epoch: number | null; versions: Versions | null } = {
          at,
          epoch,
          versions: null,
        };
        // Taken only once the query is over, so no caller is handed versions older than its
        // arrival; callers meanwhile share the query.
        const versions = query().then((v) => {
          entry.versions = v;
          return withNotified(v);
        });
        if (epoch !== null) known = entry;
        versions.catch(() => {
          if (known === entry) known = null;
        });
        return versions;
      }
    : () => query().then(withNotified);
  state = { readVersions, entries: new Map(), stats, notified };
  states.set(db, state);
  return state;
}

export function versionReadStats(db: Database): VersionReadStats {
  return { ...stateOf(db).stats };
}

/** The committed version of a scope, as the cache sees it. */
export async function readDataVersion(db: Database, scope: DataScope): Promise<number> {
  return (await stateOf(db).readVersions())[scope];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The value of `compute` for `key`, reused while the scope's version is unchanged. Cached values
 * are shared between requests, so they are frozen: a caller that needs to change one copies it.
 * Inside a transaction the cache is bypassed, since the transaction may see its own writes.
 */
export async function cachedRead<T>(
  db: Database,
  scope: DataScope,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return compute();
  const state = stateOf(db);
  const version = (await state.readVersions())[scope];
  const cacheKey = `${scope}:${key}`;
  const hit = state.entries.get(cacheKey);
  // A newer entry is as good: it reflects every commit this caller could expect to see.
  if (hit && hit.version >= version) {
    state.entries.delete(cacheKey);
    state.entries.set(cacheKey, hit);
    return hit.value as Promise<T>;
  }
  const observer = computationObserver;
  observer?.started();
  const value = compute().then(deepFreeze);
  const entry: Entry = { version, value };
  if (observer) value.then(observer.settled, observer.settled);
  state.entries.set(cacheKey, entry);
  value.catch(() => {
    if (state.entries.get(cacheKey) === entry) state.entries.delete(cacheKey);
  });
  // Map order is insertion order and hits re-insert: the first key is the least recently used.
  while (state.entries.size > MAX_ENTRIES) {
    const oldest = state.entries.keys().next().value;
    if (oldest === undefined) break;
    state.entries.delete(oldest);
  }
  return value;
}
