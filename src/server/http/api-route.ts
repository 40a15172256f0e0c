import type { Context } from "hono";
import type { z } from "zod";
import type { Actor } from "../../shared/actor.ts";
import { formatPath } from "../../shared/catalogue/parse-catalogue.ts";
import type { Permission } from "../../shared/permissions.ts";
import type { Database } from "../db/connect.ts";
import { localizedError } from "../errors.ts";

/**
 * One API route: its HTTP shape (zod schemas for params, query, body and response), who may
 * call it, and a thin handler that calls one domain function. The same list drives the router
 * and the OpenAPI document.
 */
export interface RouteContext<P, Q, B> {
  db: Database;
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  /** The raw request, for the few routes that need headers, cookies or multipart bodies. */
  http: Context;
}

export type RouteAccess =
  /** Anyone, signed in or not. */
  | "public"
  /** Any signed-in user. */
  | "signed-in"
  /** A signed-in user whose role grants the permission. */
  | Permission;

export interface ApiRoute<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Hono path syntax: /api/policies/:code/evaluation */
  path: string;
  summary: string;
  /** Longer OpenAPI description: what the response contains beyond the summary. */
  description?: string;
  tags: string[];
  access: RouteAccess;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documented only: multipart uploads are read by the handler from `http`. */
  multipart?: boolean;
  /** JSON response schema; omitted for 204 and file downloads. */
  response?: z.ZodType<R>;
  status?: 200 | 201 | 204;
  /** Content types of a file download: the handler returns a `Response` with the file. */
  files?: string[];
  handle(ctx: RouteContext<P, Q, B>): Promise<R | Response>;
}

export function defineRoute<P, Q, B, R>(route: ApiRoute<P, Q, B, R>): ApiRoute {
  return route as unknown as ApiRoute;
}

export function parseInput<T>(schema: z.ZodType<T> | undefined, input: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(input);
  if (!result.success) {
    throw localizedError(
      "invalid",
      "request.invalid",
      {},
      result.error.issues.map((i) => ({
        path: [where, formatPath(i.path)].filter(Boolean).join("."),
        message: i.message,
      })),
    );
  }
  return result.data;
}

/** The caller's address, for the audit log and login throttling. */
export function clientIp(c: Context): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
