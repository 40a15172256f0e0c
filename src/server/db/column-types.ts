import type { ColumnType } from "kysely";

/**
 * A jsonb column as the drivers hand it over: read back parsed, written as JSON text
 * (`JSON.stringify`), so a value is never stored as a JSON string of itself. Used by the
 * generated row types (schema.generated.ts).
 */
export type JsonText<T> = ColumnType<T, string, string>;
