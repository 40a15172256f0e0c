import pg from "pg";
import type { Database } from "./database.ts";
import {
  DATA_VERSION_QUERY,
  type DataScope,
  isDataScope,
  noteNotifiedVersion,
} from "./read-cache.ts";

/**
 * The PostgreSQL side of the read cache's freshness (ADR 0026): one connection, outside the
 * pool, that LISTENs for the version bumps migration 0023 announces, so cached reads need not
 * ask for the versions before every burst. While it is down (a restart, a dropped connection),
 * the cache asks the database on every burst as before, and the listener reconnects on its own.
 */

export const VERSION_CHANNEL = "vigia_data_version";
const RECONNECT_MS = 1_000;

export interface VersionListener {
  /** Changes whenever the listener (re)connects; null while it is not listening. */
  epoch(): number | null;
  /** The version query on the listener's own connection, or null while it is down. */
  query(): Promise<{ scope: DataScope; version: string | number }[]> | null;
  /** The backend process of the listening connection (tests end it to see the fallback). */
  pid(): number | null;
  /** Resolves at the next notification for this schema (tests and bench:http time delivery). */
  nextNotification(): Promise<void>;
  /** Settles once the first connection attempt is over, listening or not. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function startVersionListener(
  db: Database,
  config: pg.ClientConfig,
  onProblem: (message: string) => void,
): VersionListener {
  let client: pg.Client | null = null;
  let listening: { epoch: number; pid: number } | null = null;
  let epochs = 0;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let waiters: (() => void)[] = [];

  const down = (client: pg.Client) => {
    listening = null;
    client.removeAllListeners("notification");
    void client.end().catch(() => {});
    if (!closed && !timer) {
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, RECONNECT_MS);
      timer.unref();
    }
  };

  const connect = async () => {
    const next = new pg.Client({ ...config, application_name: "vigia-version-listener" });
    client = next;
    next.on("error", (err) => {
      onProblem(`la escucha de versiones de datos se cortó: ${err.message}`);
      down(next);
    });
    next.on("end", () => {
      if (client === next && listening) down(next);
    });
    try {
      await next.connect();
      const { rows } = await next.query<{ schema: string; pid: number }>(
        "select current_schema() as schema, pg_backend_pid() as pid",
      );
      const schema = rows[0]?.schema ?? "public";
      next.on("notification", (msg) => {
        if (msg.channel !== VERSION_CHANNEL || !msg.payload) return;
        // "<schema> <scope> <version>"; the scope is what lies between, whatever its spaces.
        const first = msg.payload.indexOf(" ");
        const last = msg.payload.lastIndexOf(" ");
        const from = msg.payload.slice(0, first);
        const scope = msg.payload.slice(first + 1, last);
        const version = msg.payload.slice(last + 1);
        if (first < 0 || last <= first || from !== schema || !scope || !isDataScope(scope)) return;
        noteNotifiedVersion(db, scope, Number(version));
        const woken = waiters;
        waiters = [];
        for (const wake of woken) wake();
      });
      // LISTEN before the epoch is published: a version read in this epoch starts after it, so
      // any later commit is announced to us.
      await next.query(`LISTEN ${VERSION_CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      epochs += 1;
      listening = { epoch: epochs, pid: rows[0]?.pid ?? 0 };
    } catch (err) {
      onProblem(`no se pudo escuchar las versiones de datos: ${(err as Error).message}`);
      down(next);
    }
  };
  const ready = connect();

  return {
    ready,
    epoch: () => listening?.epoch ?? null,
    query: () =>
      listening && client
        ? client
            .query<{ scope: DataScope; version: string | number }>(DATA_VERSION_QUERY)
            .then((r) => r.rows)
        : null,
    pid: () => listening?.pid ?? null,
    nextNotification: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      listening = null;
      await client?.end().catch(() => {});
    },
  };
}

const listeners = new WeakMap<Database, VersionListener>();
export const registerVersionListener = (db: Database, listener: VersionListener) =>
  listeners.set(db, listener);
/** The listener of a PostgreSQL handle (none on PGlite). */
export const versionListenerOf = (db: Database) => listeners.get(db) ?? null;
