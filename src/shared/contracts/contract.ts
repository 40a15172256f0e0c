import type { z } from "zod";
import type { Permission } from "../permissions.ts";

/**
 * An API contract: everything about a route except its handler. It is written once, here in
 * src/shared, and read by four consumers: the server binds a handler to it (router), the
 * OpenAPI document and the access sweep walk the same list, and the web client calls it with
 * typed arguments and parses the answer with the same response schema (ADR 0011).
 */
export type RouteAccess =
  /** Anyone, signed in or not. */
  | "public"
  /** Any signed-in user. */
  | "signed-in"
  /** A signed-in user whose role grants the permission. */
  | Permission;

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface Contract {
  method: HttpMethod;
  /** Hono path syntax: /api/policies/:code/evaluation */
  path: string;
  summary: string;
  /** Longer OpenAPI description: what the response contains beyond the summary. */
  description?: string;
  tags: readonly string[];
  access: RouteAccess;
  /**
   * Reachable by a session whose password must be changed first (an administrator's reset, a
   * demo account's printed password): reading the session, changing the password, signing
   * out. Every other signed-in route answers 403 to such a session; public routes treat it as
   * anonymous.
   */
  duringPasswordChange?: true;
  /**
   * Reachable by a session opened with the password alone whose second factor is still to
   * give (ADR 0037): reading the session, the MFA steps, signing out. Every other signed-in
   * route answers 403 to it; public routes treat it as anonymous.
   */
  duringMfa?: true;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Documented only: multipart uploads are read by the handler from the raw request. */
  multipart?: boolean;
  /** Largest JSON body accepted, in bytes, when a route needs more than the small default. */
  maxBodyBytes?: number;
  /** JSON response schema; omitted for 204 and file downloads. */
  response?: z.ZodType;
  status?: 200 | 201 | 204;
  /** Content types of a file download. */
  files?: readonly string[];
  /**
   * An example answer for the OpenAPI document: the JSON of a JSON response, the opening text
   * of a CSV or JSON file. Public routes have one, since their readers have no account to try
   * them with first (a test checks the JSON ones against the response schema).
   */
  example?: unknown;
}

/** Identity at run time; keeps the literal type so handlers and callers see the schemas. */
export function defineContract<const C extends Contract>(contract: C): C {
  return contract;
}

/** What a handler receives for a part of the request (after zod's transforms). */
export type ParsedPart<S> = S extends z.ZodType ? z.output<S> : undefined;
/** What a caller sends for a part of the request (before zod's transforms). */
export type InputPart<S> = S extends z.ZodType ? z.input<S> : undefined;
/** The response a contract promises: the parsed JSON, or nothing for 204 and files. */
export type ContractResponse<C extends Contract> = C["response"] extends z.ZodType
  ? z.output<C["response"]>
  : undefined;
