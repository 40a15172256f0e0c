/**
 * Domain errors with a Spanish message for the user and, where it applies, the list of bad
 * fields. The HTTP layer maps them to status codes; the CLI prints them.
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
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new DomainError("not_found", message);
export const invalid = (
  message: string,
  issues: readonly { path: string; message: string }[] = [],
) => new DomainError("invalid", message, issues);
export const conflict = (message: string) => new DomainError("conflict", message);
export const forbidden = (message: string) => new DomainError("forbidden", message);
