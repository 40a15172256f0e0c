import type { Context } from "hono";
import type { z } from "zod";
import type { Actor } from "../../shared/actor.ts";
import { formatPath } from "../../shared/catalogue/parse-catalogue.ts";
import type { Database } from "../db/connect.ts";
import { invalid } from "../errors.ts";

/**
 * One API route: its HTTP shape (zod schemas for params, query and response) and a thin
 * handler that validates, calls one domain function and presents the result. The same list
 * drives the router and the OpenAPI document.
 */
export interface RouteContext<P, Q> {
  db: Database;
  actor: Actor;
  params: P;
  query: Q;
}

export interface ApiRoute<P = unknown, Q = unknown, R = unknown> {
  method: "get" | "post" | "put" | "delete";
  /** Hono path syntax: /api/policies/:code/evaluation */
  path: string;
  summary: string;
  tags: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** JSON response schema; omitted for file downloads, which describe `files` instead. */
  response?: z.ZodType<R>;
  /** Content types of a file download: the handler returns a `Response` with the file. */
  files?: string[];
  handle(ctx: RouteContext<P, Q>): Promise<R | Response>;
}

export function defineRoute<P, Q, R>(route: ApiRoute<P, Q, R>): ApiRoute {
  return route as unknown as ApiRoute;
}

export function parseInput<T>(schema: z.ZodType<T> | undefined, input: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(input);
  if (!result.success) {
    throw invalid(
      "Solicitud inválida.",
      result.error.issues.map((i) => ({
        path: [where, formatPath(i.path)].filter(Boolean).join("."),
        message: i.message,
      })),
    );
  }
  return result.data;
}

/** The caller's address, for the audit log. */
export function clientIp(c: Context): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
