import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Context, Hono } from "hono";
import { type Actor, publicActor, userActor } from "../../shared/actor.ts";
import { systemContract } from "../../shared/contracts/system.contract.ts";
import { hasPermission } from "../../shared/permissions.ts";
import type { DatabaseHandle } from "../db/connect.ts";
import { DomainError, localizedError, RateLimitedError } from "../errors.ts";
import { accessRequestRoutes } from "../features/access-requests/access-requests.routes.ts";
import { auditLogRoutes } from "../features/audit-log/audit-log.routes.ts";
import { authRoutes, SESSION_COOKIE } from "../features/auth/auth.routes.ts";
import { resolveSession, type SessionView } from "../features/auth/auth.service.ts";
import { budgetRoutes } from "../features/budget/budget.routes.ts";
import { catalogueAdminRoutes, catalogueRoutes } from "../features/catalogue/catalogue.routes.ts";
import { civilSocietyRoutes } from "../features/civil-society/civil-society.routes.ts";
import { commitmentRoutes } from "../features/commitments/commitments.routes.ts";
import { dashboardRoutes } from "../features/dashboard/dashboard.routes.ts";
import { dataEntryRoutes } from "../features/data-entry/data-entry.routes.ts";
import { evaluationRoutes } from "../features/evaluation/evaluation.routes.ts";
import { linkageRoutes } from "../features/linkage/linkage.routes.ts";
import { notificationRoutes } from "../features/notifications/notifications.routes.ts";
import { OPEN_DATA_CORS, openDataRoutes } from "../features/open-data/open-data.routes.ts";
import { periodRoutes } from "../features/periods/periods.routes.ts";
import { planRoutes } from "../features/plans/plans.routes.ts";
import { publicationRoutes } from "../features/publication/publication.routes.ts";
import { reportRoutes } from "../features/reports/reports.routes.ts";
import { ruleSettingsRoutes } from "../features/rule-settings/rule-settings.routes.ts";
import { statisticsRoutes } from "../features/statistics/statistics.routes.ts";
import { territoryRoutes } from "../features/territory/territory.routes.ts";
import { territoryViewRoutes } from "../features/territory-view/territory-view.routes.ts";
import { tipEntriesRoutes } from "../features/tip-entries/tip-entries.routes.ts";
import { userRoutes } from "../features/users/users.routes.ts";
import { valoracionRoutes } from "../features/valoracion/valoracion.routes.ts";
import { veeduriaRoutes } from "../features/veedurias/veedurias.routes.ts";
import type { FileStore } from "../files/file-store.ts";
import { languageOf, serverMessage } from "../messages.ts";
import { type ApiRoute, bindRoute, clientIp, parseInput } from "./api-route.ts";
import { DEFAULT_JSON_BODY_LIMIT, readLimitedBody, refuseDeclaredBody } from "./body-limit.ts";
import { compressResponse, type EncodedBody, encodedBody, representation } from "./compression.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import {
  DEFAULT_PUBLIC_RATE_LIMIT,
  PublicRateLimiter,
  type RateLimit,
} from "./public-rate-limit.ts";
import { securityHeaders } from "./security-headers.ts";
import { clientErrorOf, describeServerError } from "./server-errors.ts";
import { serveWeb } from "./static-files.ts";

const STATUS: Record<
  DomainError["code"],
  400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429
> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  blocked_by_validation: 422,
  locked: 423,
  rate_limited: 429,
};

export const APP_VERSION = "0.2.0";

export interface AppOptions {
  /** Directory of the built web app (dist/web); not served when absent. */
  webRoot?: string | null;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies?: boolean;
  /** Reverse proxies whose X-Forwarded-For names the client (config `trustedProxies`). */
  trustedProxies?: readonly string[];
  /** Requests per client address to /api/public/* (default 600/60); null: no limit. */
  publicRateLimit?: RateLimit | null;
  /** Where evidence files are kept. */
  fileStore: FileStore;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_HEADERS = { "Content-Type": "application/json" };

/**
 * Cached reads are frozen and shared (see read-cache.ts): their JSON is encoded once, and so is
 * each compressed form a client asks for (compression.ts), which under load is most of the cost
 * of a dashboard response. A new data version brings a new value, hence new bytes.
 */
const encodedBodies = new WeakMap<object, EncodedBody>();
const utf8 = new TextEncoder();
function encodeJson(result: object): EncodedBody {
  const known = encodedBodies.get(result);
  if (known !== undefined) return known;
  const body = encodedBody(utf8.encode(JSON.stringify(result)));
  if (Object.isFrozen(result)) encodedBodies.set(result, body);
  return body;
}

/**
 * One cookie's value. Every request reads the session cookie, and parsing the whole header into
 * an object (hono/cookie) was a tenth of a cached dashboard's handling.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let at = 0;
  while (at < header.length) {
    const end = header.indexOf(";", at);
    const pair = header.slice(at, end === -1 ? undefined : end).trim();
    const eq = pair.indexOf("=");
    if (eq !== -1 && pair.slice(0, eq).trim() === name) {
      let value = pair.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
        value = value.slice(1, -1);
      try {
        return value.includes("%") ? decodeURIComponent(value) : value;
      } catch {
        return undefined;
      }
    }
    if (end === -1) break;
    at = end + 1;
  }
  return undefined;
}

/**
 * Params and query strings parsed by their route's schema, kept by their raw text: the parse is
 * pure, and a polled dashboard sends the same one every time. Frozen, since they are shared;
 * only successes are kept, so bad input is refused afresh each time.
 */
const parsedParts = new WeakMap<object, Map<string, unknown>>();
function parseCached<T>(
  schema: Parameters<typeof parseInput<T>>[0],
  raw: string,
  input: () => unknown,
  where: string,
): T {
  if (!schema) return undefined as T;
  let known = parsedParts.get(schema);
  if (!known) {
    known = new Map();
    parsedParts.set(schema, known);
  }
  if (known.has(raw)) return known.get(raw) as T;
  const parsed = parseInput(schema, input(), where);
  if (parsed && typeof parsed === "object") Object.freeze(parsed);
  if (known.size >= 500) known.clear();
  known.set(raw, parsed);
  return parsed;
}

/** If-None-Match (RFC 9110 §13.1.2): weak comparison, so a W/ prefix still matches. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** Every API route, in one list: the router, the OpenAPI document and the access tests use it. */
export function buildApiRoutes(
  database: Pick<DatabaseHandle, "db" | "backend">,
  options: AppOptions,
): ApiRoute[] {
  return [
    bindRoute(systemContract.health, async () => ({
      status: "ok" as const,
      database: database.backend,
      version: APP_VERSION,
    })),
    ...authRoutes({ secureCookies: options.secureCookies ?? false }),
    ...catalogueRoutes,
    ...evaluationRoutes,
    ...dashboardRoutes,
    ...publicationRoutes,
    ...periodRoutes,
    ...dataEntryRoutes(options.fileStore),
    ...userRoutes,
    ...catalogueAdminRoutes,
    ...commitmentRoutes(options.fileStore),
    ...ruleSettingsRoutes,
    ...auditLogRoutes,
    ...budgetRoutes,
    ...reportRoutes,
    ...statisticsRoutes,
    ...tipEntriesRoutes,
    ...accessRequestRoutes,
    ...notificationRoutes,
    ...openDataRoutes,
    ...territoryRoutes,
    ...planRoutes,
    ...linkageRoutes,
    ...civilSocietyRoutes(options.fileStore),
    ...veeduriaRoutes,
    ...valoracionRoutes(options.fileStore),
    ...territoryViewRoutes,
  ];
}

export function createApp(database: Pick<DatabaseHandle, "db" | "backend">, options: AppOptions) {
  const routes = buildApiRoutes(database, options);
  const openapi = buildOpenApiDocument(routes, APP_VERSION);

  const trustedProxies = new Set(options.trustedProxies ?? []);
  const app = new Hono();
  app.onError((err, c) => {
    // The web app sends its language switch as Accept-Language; catalogued messages follow it.
    const lang = languageOf(c.req.header("accept-language"));
    const asClientError = err instanceof DomainError ? err : clientErrorOf(err);
    if (asClientError) {
      const err = asClientError;
      const { localized } = err;
      if (err instanceof RateLimitedError)
        c.header("Retry-After", String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
      return c.json(
        {
          error: {
            code: err.code,
            message: localized ? serverMessage(localized.key, lang, localized.params) : err.message,
            ...(localized ? { key: localized.key } : {}),
            ...(err.issues.length ? { issues: err.issues } : {}),
          },
        },
        STATUS[err.code],
      );
    }
    console.error(`Vigía: ${c.req.method} ${c.req.routePath}: ${describeServerError(err)}`);
    return c.json(
      { error: { code: "internal", key: "internal", message: serverMessage("internal", lang) } },
      500,
    );
  });
  app.use("*", securityHeaders({ secureCookies: options.secureCookies ?? false }));

  // The public data API is limited per client address (public-rate-limit.ts); the answer
  // carries CORS, so a cross-site reader can see the 429 and its Retry-After.
  const limit =
    options.publicRateLimit === undefined ? DEFAULT_PUBLIC_RATE_LIMIT : options.publicRateLimit;
  // Every public read answers any origin, the JSON ones the router writes included.
  app.use("/api/public/*", async (c, next) => {
    await next();
    if (c.res.headers.has("Access-Control-Allow-Origin")) return;
    for (const [name, value] of Object.entries(OPEN_DATA_CORS)) c.res.headers.set(name, value);
  });
  if (limit) {
    const limiter = new PublicRateLimiter(limit);
    app.use("/api/public/*", async (c, next) => {
      const wait = limiter.take(clientIp(c, trustedProxies) ?? "sin-direccion");
      if (wait === 0) return next();
      const seconds = Math.max(1, Math.ceil(wait));
      const lang = languageOf(c.req.header("accept-language"));
      return c.json(
        {
          error: {
            code: "rate_limited",
            key: "request.rateLimited",
            message: serverMessage("request.rateLimited", lang, { seconds }),
          },
        },
        429,
        { ...OPEN_DATA_CORS, "Retry-After": String(seconds) },
      );
    });
  }

  /** Authentication: the session cookie, if any, becomes the actor. */
  async function authenticate(c: Context): Promise<{ actor: Actor; session: SessionView | null }> {
    const token = cookieValue(c.req.header("cookie"), SESSION_COOKIE);
    const session = token ? await resolveSession(database.db, token) : null;
    const ip = clientIp(c, trustedProxies);
    return { actor: session ? userActor(session.user, ip) : publicActor(ip), session };
  }

  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      // A declared body over the limit is refused before authentication reads anything.
      refuseDeclaredBody(c, route);
      let { actor, session } = await authenticate(c);
      // A session opened with the password alone whose second factor is still owed (ADR 0037)
      // reaches only the MFA steps, like a password someone else issued below.
      if (session?.mfaStep && !route.duringMfa) {
        if (route.access !== "public") throw localizedError("forbidden", "auth.mfa");
        actor = publicActor(actor.ip);
        session = null;
      }
      // A password someone else issued (a reset, a demo account's printed one) opens a session
      // that reaches only the routes to replace it; elsewhere it is refused, or on public routes
      // treated as nobody's, so that it reads no more than an anonymous visitor.
      if (session?.user.mustChangePassword && !route.duringPasswordChange) {
        if (route.access !== "public") throw localizedError("forbidden", "auth.passwordChange");
        actor = publicActor(actor.ip);
        session = null;
      }
      if (route.access !== "public") {
        if (!actor.user) throw localizedError("unauthenticated", "auth.required");
        if (route.access !== "signed-in" && !hasPermission(actor.user.role, route.access)) {
          throw localizedError("forbidden", "auth.role");
        }
      }
      // CSRF: a signed-in browser must echo its session's token on every mutating request.
      if (
        session &&
        MUTATING.has(c.req.method) &&
        c.req.header("x-csrf-token") !== session.csrfToken
      ) {
        throw localizedError("forbidden", "auth.csrf");
      }
      const url = c.req.url;
      const search = url.indexOf("?");
      const params = parseCached(route.params, c.req.path, () => c.req.param(), "params");
      const query = parseCached(
        route.query,
        search === -1 ? "" : url.slice(search),
        () => c.req.query(),
        "query",
      );
      let body: unknown;
      if (route.body) {
        // JSON only: a form or text/plain body is what a cross-site page can send without a
        // CORS preflight (login CSRF), and nothing of ours sends one.
        const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
        if (type !== "application/json")
          throw localizedError("unsupported_media_type", "request.contentType");
        const bytes = await readLimitedBody(c, route.maxBodyBytes ?? DEFAULT_JSON_BODY_LIMIT);
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder().decode(bytes));
        } catch {
          throw localizedError("invalid", "request.json");
        }
        body = parseInput(route.body, json, "body");
      }
      const result = await route.handle({ db: database.db, actor, params, query, body, http: c });
      const acceptEncoding = c.req.header("accept-encoding");
      if (result instanceof Response) return compressResponse(result, acceptEncoding);
      if (route.status === 204) return c.body(null, 204);
      const { bytes, headers } = await representation(encodeJson(result as object), acceptEncoding);
      const status = route.status ?? 200;
      if (status === 200 && matchesEtag(c.req.header("if-none-match"), headers.ETag ?? "")) {
        return c.body(null, 304, { ETag: headers.ETag ?? "", Vary: headers.Vary ?? "" });
      }
      return c.body(bytes as Uint8Array<ArrayBuffer>, status, { ...JSON_HEADERS, ...headers });
    });
  }
  app.get("/api/openapi.json", (c) =>
    compressResponse(c.json(openapi), c.req.header("accept-encoding")),
  );
  // CORS preflight of the public reads (a cross-site fetch that revalidates with If-None-Match
  // sends one): any origin, GET only, no credentials.
  app.options(
    "/api/public/*",
    () =>
      new Response(null, {
        status: 204,
        headers: {
          ...OPEN_DATA_CORS,
          "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
          "Access-Control-Allow-Headers":
            "If-None-Match, If-Modified-Since, Accept, Accept-Language",
          "Access-Control-Max-Age": "86400",
        },
      }),
  );
  app.all("/api/*", () => {
    throw localizedError("not_found", "route.notFound");
  });

  if (options.webRoot && existsSync(join(options.webRoot, "index.html")))
    serveWeb(app, options.webRoot);
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: "Ruta no encontrada." } }, 404),
  );
  return app;
}
