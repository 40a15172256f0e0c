import type { Kysely } from "kysely";
import type { DB } from "./schema.generated.ts";

/**
 * The database types, apart from connect.ts so that the modules connect.ts wires in (the COPY
 * support, the read cache) can name them without importing it back. connect.ts re-exports
 * them for the repositories.
 */

export type Database = Kysely<DB>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<DB>;
