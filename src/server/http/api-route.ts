import { isIP } from "node:net";
import type { Context } from "hono";
import type { z } from "zod";
import type { Actor } from "../../shared/actor.ts";
import { formatPath } from "../../shared/catalogue/parse-catalogue.ts";
import type { Contract, ContractResponse, ParsedPart } from "../../shared/contracts/contract.ts";
import { findTextProblems } from "../../shared/schemas/text-guard.ts";
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

export type { RouteAccess } from "../../shared/contracts/contract.ts";

export interface ApiRoute<P = unknown, Q = unknown, B = unknown, R = unknown>
  extends Omit<Contract, "params" | "query" | "body" | "response"> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response?: z.ZodType<R>;
  handle(ctx: RouteContext<P, Q, B>): Promise<R | Response>;
}

/** A route's handler, typed by its contract: parsed params, query and body in, response out. */
export type RouteHandler<C extends Contract> = (
  ctx: RouteContext<ParsedPart<C["params"]>, ParsedPart<C["query"]>, ParsedPart<C["body"]>>,
) => Promise<ContractResponse<C> | Response>;

/** Binds a handler to its contract (src/shared/contracts): the route the router serves. */
export function bindRoute<C extends Contract>(contract: C, handle: RouteHandler<C>): ApiRoute {
  return { ...contract, handle } as unknown as ApiRoute;
}

export function parseInput<T>(schema: z.ZodType<T> | undefined, input: unknown, where: string): T {
  if (!schema) return undefined as T;
  const textProblems = findTextProblems(input, where);
  if (textProblems.length > 0) throw localizedError("invalid", "request.invalid", {}, textProblems);
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

/**
 * The caller's address, for the audit log and login throttling: the socket's peer, unless that
 * peer is a configured reverse proxy; then the nearest address in `X-Forwarded-For` that is not
 * one of ours (read from the right: whatever a client writes on the left is not evidence).
 */
export function clientIp(
  c: Context,
  trustedProxies: ReadonlySet<string> = NO_PROXIES,
): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  const peer = incoming?.socket?.remoteAddress ?? null;
  if (!peer || !trustedProxies.has(peer)) return peer;
  const hops = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (isIP(hop) === 0) return peer;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}

const NO_PROXIES: ReadonlySet<string> = new Set();
