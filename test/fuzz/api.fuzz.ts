import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { sql } from "kysely";
import { createDiskFileStore } from "../../src/server/files/file-store.ts";
import type { ApiRoute } from "../../src/server/http/api-route.ts";
import { buildApiRoutes, createApp } from "../../src/server/http/app.ts";
import { signIn } from "../factories.ts";
import type { ApiSession } from "../support/api-session.ts";
import { createTestDatabase } from "../support/test-db.ts";
import { type FuzzRequest, malformedRequests } from "./malformed.ts";

/**
 * Fuzzing the whole API from its contracts (issue 18, item 2): for every route of
 * `buildApiRoutes`, fast-check draws malformed requests (wrong types, missing and unknown fields,
 * huge strings and arrays, deep nesting, control characters, lone surrogates, NaN/Infinity/1e400,
 * ids ≥ 2³¹, path traversal, oversized and truncated bodies, wrong content types, broken
 * multipart) and sends them as an administrator, who passes every permission check, so that the
 * input reaches the parsing and the handlers. Asserted: no 5xx, no stack trace or SQL in any
 * answer, every 400 names its fields (params/query/body…) in Spanish, and every table's row
 * count, the audit included, is the same after requests that were refused.
 */

const TOTAL = Number(process.env.VIGIA_FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.VIGIA_FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Answers after which nothing may have been written. */
const REFUSED = new Set([400, 404, 405, 409, 413, 415, 422]);
const LEAK =
  /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|syntax error|relation "|violates|duplicate key/i;
const ENGLISH =
  /\b(invalid input|expected|received|required|must be|too (big|small)|unrecognized)\b/i;
/** Routes that end the fuzzer's own session. */
const SKIP = new Set(["delete /api/session", "delete /api/sessions"]);

describe("fuzzing every API route from its contract", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  let routes: ApiRoute[];
  let tables: string[];
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    const options = { fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-fuzz-"))) };
    app = createApp(t, options);
    routes = buildApiRoutes(t, options).filter((r) => !SKIP.has(`${r.method} ${r.path}`));
    admin = (await signIn(app, t.db, "administrador")).session;
    const rows = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`.execute(t.db);
    tables = rows.rows.map((r) => r.name);
  });
  after(async () => {
    await t?.dispose();
  });

  /** Every table's row count (the audit's included), one query. */
  const counts = async (): Promise<string> => {
    const union = tables
      .map((name) => `SELECT '${name}' AS t, count(*) AS n FROM "${name}"`)
      .join(" UNION ALL ");
    const { rows } = await sql.raw<{ t: string; n: string }>(`${union} ORDER BY 1`).execute(t.db);
    return rows.map((r) => `${r.t}=${r.n}`).join(",");
  };

  test(`≥ ${TOTAL} malformed requests: no 5xx, no leak, fields named in Spanish, no partial write`, async () => {
    const started = performance.now();
    const perRoute = Math.ceil(TOTAL / routes.length);
    let sent = 0;
    let fiveXX = 0;
    let partialWrites = 0;
    const failures: string[] = [];
    for (const route of routes) {
      const samples = fc.sample(malformedRequests(route), { numRuns: perRoute, seed: SEED + sent });
      let before = await counts();
      let refusedOnly = true;
      for (const req of samples) {
        const res = await send(req);
        sent += 1;
        const where = `${req.method} ${req.path.slice(0, 120)} [${req.label}] → ${res.status}`;
        if (res.status >= 500) {
          fiveXX += 1;
          failures.push(`${where}: ${res.text.slice(0, 200)}`);
        }
        if (LEAK.test(res.text)) failures.push(`${where} leaks: ${res.text.slice(0, 200)}`);
        if (res.status === 400) {
          const problem = badRefusal(res.text);
          if (problem) failures.push(`${where}: ${problem}`);
        }
        // A 2xx may write by design (a read of record-level data is audited): counted again.
        if (!REFUSED.has(res.status)) refusedOnly = false;
        if (res.status === 401) await relogin();
      }
      const afterCounts = await counts();
      if (refusedOnly && afterCounts !== before) {
        partialWrites += 1;
        failures.push(`${route.method} ${route.path}: rows changed after refused requests`);
      }
      before = afterCounts;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz requests sent ${sent} / 5xx ${fiveXX} / partial writes ${partialWrites} (${routes.length} routes, ${seconds.toFixed(1)} s, seed ${SEED}, ${t.backend})`,
    );
    assert.ok(sent >= TOTAL, `only ${sent} requests`);
    assert.deepEqual(failures.slice(0, 30), []);
  });

  async function relogin() {
    const res = await admin.request("GET", "/api/session");
    if (res.status === 401) admin = (await signIn(app, t.db, "administrador")).session;
  }

  async function send(req: FuzzRequest): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { ...req.headers };
    if (admin.cookie) headers.cookie = admin.cookie;
    if (admin.csrf && req.method !== "GET") headers["x-csrf-token"] = admin.csrf;
    const res = await app.request(
      req.path,
      {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.body instanceof ReadableStream ? { duplex: "half" } : {}),
      } as RequestInit,
      { incoming: { socket: { remoteAddress: "127.0.0.9" } } },
    );
    return { status: res.status, text: await res.text() };
  }
});

/** Why a 400 does not say clearly what was wrong, or null. */
function badRefusal(text: string): string | null {
  let json: { error?: { message?: string; issues?: { path?: string; message?: string }[] } };
  try {
    json = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  const error = json.error;
  if (!error?.message) return "no message";
  if (ENGLISH.test(error.message)) return `English message: ${error.message}`;
  for (const issue of error.issues ?? []) {
    if (!issue.path) return `issue without a field: ${JSON.stringify(issue)}`;
    if (!issue.message || ENGLISH.test(issue.message))
      return `issue not in Spanish: ${JSON.stringify(issue)}`;
  }
  // «Solicitud inválida» alone would not say which field: it must come with its issues.
  if (/^Solicitud inválida\.?$/.test(error.message) && !(error.issues ?? []).length)
    return "no field named";
  return null;
}
