import { type MessageKey, type MessageParams, serverMessage } from "./messages.ts";

/**
 * Domain errors with a Spanish message for the user and, where it applies, the list of bad
 * fields. The HTTP layer maps them to status codes; the CLI prints them. An error built with
 * `localizedError` also names its catalogue key, so the HTTP layer can answer in English.
 */
export class DomainError extends Error {
  constructor(
    readonly code:
      | "not_found"
      | "invalid"
      | "conflict"
      | "forbidden"
      | "unauthenticated"
      | "locked"
      | "rate_limited"
      | "blocked_by_validation"
      | "payload_too_large"
      | "unsupported_media_type",
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
    readonly localized: { key: MessageKey; params: MessageParams } | null = null,
  ) {
    super(message);
  }
}

/** Too many attempts: the HTTP layer answers 429 with `Retry-After` (whole seconds). */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
  }
}

/** A domain error whose message comes from the server's catalogue (Spanish here). */
export function localizedError(
  code: DomainError["code"],
  key: MessageKey,
  params: MessageParams = {},
  issues: readonly { path: string; message: string }[] = [],
): DomainError {
  return new DomainError(code, serverMessage(key, "es", params), issues, { key, params });
}

export const notFound = (message: string) => new DomainError("not_found", message);
export const invalid = (
  message: string,
  issues: readonly { path: string; message: string }[] = [],
) => new DomainError("invalid", message, issues);
export const conflict = (message: string) => new DomainError("conflict", message);
export const forbidden = (message: string) => new DomainError("forbidden", message);
