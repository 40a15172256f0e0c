import type { PGlite } from "@electric-sql/pglite";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from "kysely";
import { copyPayloadOf } from "./copy-rows.ts";
import { DATA_VERSION_QUERY } from "./read-cache.ts";

/**
 * Kysely dialect for PGlite. PGlite is one Postgres session, so two callers that interleave
 * statements would share each other's transactions. The driver therefore hands out its single
 * connection to one caller at a time: a query waits while a transaction is open elsewhere.
 */

class Mutex {
  #tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
}

/** Statements run, the data-version query excepted (read-cache.ts). */
interface ActivityCounter {
  statements: number;
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pg: PGlite,
    private readonly counter: ActivityCounter,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.run<R>(query);
    } finally {
      // Counted once the statement is over, so a reader that sees the new count sees its effect.
      if (query.sql !== DATA_VERSION_QUERY) this.counter.statements += 1;
    }
  }

  private async run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const copy = copyPayloadOf(query.parameters);
    if (copy) {
      // PGlite has no COPY protocol: it reads the rows from its /dev/blob device instead.
      const result = await this.pg.query<R>(
        query.sql.replace(/FROM STDIN/i, "FROM '/dev/blob'"),
        [],
        { blob: new Blob([copy.text as string | Uint8Array<ArrayBuffer>]) },
      );
      return {
        rows: [],
        ...(result.affectedRows !== undefined
          ? { numAffectedRows: BigInt(result.affectedRows) }
          : {}),
      };
    }
    // Without parameters, exec() takes several statements (migrations); query() takes one.
    const result =
      query.parameters.length === 0
        ? ((await this.pg.exec(query.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pg.query<R>(query.sql, query.parameters as unknown[]);
    const affected = result.affectedRows;
    return {
      rows: result.rows as R[],
      ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; streaming is refused loudly.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming queries are not supported on PGlite");
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #connection: PGliteConnection;
  #release: (() => void) | null = null;

  constructor(
    private readonly pg: PGlite,
    counter: ActivityCounter,
  ) {
    this.#connection = new PGliteConnection(pg, counter);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: "begin", parameters: [] } as unknown as CompiledQuery);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: "commit", parameters: [] } as unknown as CompiledQuery);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: "rollback", parameters: [] } as unknown as CompiledQuery);
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

export class PGliteDialect implements Dialect {
  readonly #counter: ActivityCounter = { statements: 0 };
  constructor(private readonly pg: PGlite) {}
  /** Statements run so far: this process is the database's only client. */
  statementsRun(): number {
    return this.#counter.statements;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.#counter);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
