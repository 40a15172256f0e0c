import { type DomainError, localizedError } from "../errors.ts";

/**
 * What an unexpected error becomes at the edge. Two database refusals are the client's
 * business, not a fault: a unique violation when two identical creates race (PostgreSQL
 * checks the constraint only at insert, after both requests passed the service's "already
 * exists?" read) is a 409, and a serialization failure or deadlock is a 409 the client may
 * retry. A malformed percent-encoding in the path is the client's 400. Everything else is a
 * 500 whose log line names the error, never the SQL or its parameters, which carry user data.
 */

const PG_CONFLICT: Record<string, "request.duplicate" | "request.concurrent"> = {
  "23505": "request.duplicate", // unique_violation
  "40001": "request.concurrent", // serialization_failure
  "40P01": "request.concurrent", // deadlock_detected
};

function pgCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** The domain error an unexpected error maps to, or null for a genuine server fault. */
export function clientErrorOf(err: unknown): DomainError | null {
  const code = pgCode(err);
  const key = code ? PG_CONFLICT[code] : undefined;
  if (key) return localizedError("conflict", key);
  if (err instanceof URIError) return localizedError("invalid", "request.badPath");
  return null;
}

/** One log line for a server fault: kind, SQLSTATE and message, and the stack's own frames. */
export function describeServerError(err: unknown): string {
  if (!(err instanceof Error)) return `error no identificado (${typeof err})`;
  const code = pgCode(err);
  // Database drivers put the statement, its parameters or the offending row in the message
  // and extra fields (detail, query, params); the first line of the message names the fault.
  const message = (err.message.split("\n")[0] ?? "").slice(0, 300);
  const frames = (err.stack ?? "")
    .split("\n")
    .slice(1)
    .filter((l) => l.includes("/src/"))
    .slice(0, 6)
    .join("\n");
  return `${err.name}${code ? ` [SQLSTATE ${code}]` : ""}: ${code ? "error de base de datos" : message}${frames ? `\n${frames}` : ""}`;
}
