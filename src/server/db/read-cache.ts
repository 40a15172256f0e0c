import { sql } from "kysely";
import type { Database } from "./database.ts";

/**
 * Derived reads (an evaluation, the dashboard, a session) cached under the data version they
 * were computed at. Migration 0006 moves a scope's version at the commit of any transaction
 * that changed its tables, from this process or any other, so a cached value is served only
 * while nothing it depends on has changed: a validation shows at once, with no batch job and no
 * invalidation call to forget.
 */

/**
 * What a cached read depends on (migrations 0006, 0037): `policy` moves with any write to the
 * policy model and its values, `catalogue` with any of it but the values, `values:<code>` with
 * a value of that policy, `values:<code>:<year>` with one of that year, `parts:<code>:<year>`
 * with a district (or other) row of a value of that year; `access` with accounts,
 * grants and sessions. A reader names the narrowest scopes that cover what it reads.
 */
export type DataScope =
  | "policy"
  | "access"
  | "catalogue"
  | `values:${string}`
  | `values:${string}:${number}`
  | `parts:${string}:${number}`;

/** The scope a value of `policyCode` moves: of any year, or of `year`. */
export const valuesScope = (policyCode: string, year?: number): DataScope =>
  year === undefined ? `values:${policyCode}` : `values:${policyCode}:${year}`;

export const isDataScope = (s: string): s is DataScope =>
  s === "policy" ||
  s === "access" ||
  s === "catalogue" ||
  s.startsWith("values:") ||
  s.startsWith("parts:");

/** The scope a value's district rows move (not its status: a validation leaves it alone). */
export const partsScope = (policyCode: string, year: number): DataScope =>
  `parts:${policyCode}:${year}`;

/** Scopes never written yet have no row: their version is 0. */
type Versions = ReadonlyMap<string, number>;
const versionOf = (v: Versions, scope: string) => v.get(scope) ?? 0;

interface Entry {
  /** The versions of the entry's scopes, in the order the reader named them. */
  versions: number[];
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
  notified: Map<string, number>;
  /** Notifications heard so far: a versions map merged at this count needs no new merge. */
  heard: { count: number };
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
  if (version > versionOf(state.notified, scope)) {
    state.notified.set(scope, version);
    state.heard.count += 1;
  }
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
  const notified = new Map<string, number>();
  const heard = { count: 0 };
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
    const versions = new Map<string, number>();
    for (const r of await runQuery()) versions.set(r.scope, Number(r.version));
    stats.queryMs += performance.now() - started;
    return versions;
  });
  // A notification can arrive while a query is under way and report a later commit than the
  // query saw: the versions served are the greater of the two. Versions only grow, so the floor is merged into the map read (ours alone) in place, and only
  // when something was heard since the last merge: a cached read costs no walk over the scopes.
  const mergedAt = new WeakMap<Versions, number>();
  const withNotified = (v: Map<string, number>): Versions => {
    if (mergedAt.get(v) === heard.count) return v;
    for (const [scope, version] of notified)
      if (version > versionOf(v, scope)) v.set(scope, version);
    mergedAt.set(v, heard.count);
    return v;
  };
  let known: { at: number; epoch: number | null; versions: Map<string, number> | null } | null =
    null;
  const readVersions = source
    ? () => {
        const at = source.activity();
        const epoch = source.listening ? source.listening() : 0;
        if (known?.versions && epoch !== null && known.at === at && known.epoch === epoch)
          return Promise.resolve(withNotified(known.versions));
        const entry: { at: number; epoch: number | null; versions: Map<string, number> | null } = {
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
  state = { readVersions, entries: new Map(), stats, notified, heard };
  states.set(db, state);
  return state;
}

export function versionReadStats(db: Database): VersionReadStats {
  return { ...stateOf(db).stats };
}

/** The committed version of a scope, as the cache sees it. */
export async function readDataVersion(db: Database, scope: DataScope): Promise<number> {
  return versionOf(await stateOf(db).readVersions(), scope);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function isAtLeast(held: readonly number[], wanted: readonly number[]): boolean {
  for (let i = 0; i < wanted.length; i++) if ((held[i] ?? 0) < (wanted[i] ?? 0)) return false;
  return true;
}

/**
 * The value of `compute` for `key`, reused while the versions of its scopes are unchanged (a
 * reader of several scopes is recomputed when any of them moves). Cached values are shared
 * between requests, so they are frozen: a caller that needs to change one copies it. Inside a
 * transaction the cache is bypassed, since the transaction may see its own writes.
 */
export async function cachedRead<T>(
  db: Database,
  scope: DataScope | readonly DataScope[],
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return compute();
  const state = stateOf(db);
  const scopes: readonly DataScope[] = typeof scope === "string" ? [scope] : scope;
  const current = await state.readVersions();
  const versions = scopes.map((s) => versionOf(current, s));
  const cacheKey = `${scopes.join(",")}|${key}`;
  const hit = state.entries.get(cacheKey);
  // A newer entry is as good: it reflects every commit this caller could expect to see.
  if (hit && isAtLeast(hit.versions, versions)) {
    state.entries.delete(cacheKey);
    state.entries.set(cacheKey, hit);
    return hit.value as Promise<T>;
  }
  const observer = computationObserver;
  observer?.started();
  const value = compute().then(deepFreeze);
  const entry: Entry = { versions, value };
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
