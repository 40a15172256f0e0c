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
  settled: boolean;
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
}

/**
 * Told, inside the caller's async context, each time a cached read waits for a computation (its
 * own, or one another caller started): how bench:http counts the requests a change slowed down.
 */
let computationWaitObserver: (() => void) | null = null;
export function observeComputationWaits(observer: (() => void) | null): void {
  computationWaitObserver = observer;
}

/** Enough for every policy-year, preview and dashboard plus the active sessions. */
const MAX_ENTRIES = 1_000;

const states = new WeakMap<Database, CacheState>();

/** The version query, as text: the PGlite dialect does not count it as activity (see below). */
export const DATA_VERSION_QUERY = "select scope, version from data_version";

/**
 * For a database only this process can reach (PGlite, behind its data-directory lock), a count
 * of the statements run since it opened, the version query excepted. While it stands still
 * nothing can have changed, so the versions read last are still the versions: a burst of cached
 * reads costs no query at all.
 */
const activityCounters = new WeakMap<Database, () => number>();
export function registerActivityCounter(db: Database, count: () => number): void {
  activityCounters.set(db, count);
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
  if (!state) {
    const stats: VersionReadStats = { queries: 0, queryMs: 0 };
    const query = shareQuery(async () => {
      const started = performance.now();
      stats.queries += 1;
      const { rows } = await sql<{ scope: DataScope; version: string | number }>`${sql.raw(
        DATA_VERSION_QUERY,
      )}`.execute(db);
      const versions: Versions = { policy: 0, access: 0 };
      for (const r of rows) versions[r.scope] = Number(r.version);
      stats.queryMs += performance.now() - started;
      return versions;
    });
    const activity = activityCounters.get(db);
    let known: { at: number; versions: Promise<Versions> } | null = null;
    const created: CacheState = {
      readVersions: activity
        ? () => {
            const now = activity();
            if (known && known.at === now) return known.versions;
            const versions = query();
            known = { at: now, versions };
            versions.catch(() => {
              known = null;
            });
            return versions;
          }
        : query,
      entries: new Map(),
      stats,
    };
    states.set(db, created);
    state = created;
  }
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
    if (!hit.settled) computationWaitObserver?.();
    return hit.value as Promise<T>;
  }
  computationWaitObserver?.();
  const value = compute().then(deepFreeze);
  const entry: Entry = { version, value, settled: false };
  value.then(
    () => {
      entry.settled = true;
    },
    () => {},
  );
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
