import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../test/factories.ts";
import type { ApiSession } from "../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { createDiskFileStore } from "../files/file-store.ts";
import { createApp } from "./app.ts";

/**
 * The bad inputs the outside probe (issue 18) answered with 5xx, each now a 400 that names
 * the field, with nothing written. Each case failed before the fix.
 */
describe("bad input is refused with 400, never 5xx (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  let auditCount: () => Promise<number>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;
    auditCount = async () => {
      const row = await t.db
        .selectFrom("auditEvent")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
  });
  after(async () => {
    await t.dispose();
  });

  const refused = (res: { status: number; json: unknown }, field: RegExp) => {
    assert.equal(res.status, 400, JSON.stringify(res.json));
    const error = (res.json as { error: { issues?: { path: string; message: string }[] } }).error;
    const paths = (error.issues ?? []).map((i) => i.path).join(", ");
    assert.match(paths, field, `issues name the field: ${JSON.stringify(error)}`);
    for (const i of error.issues ?? [])
      assert.doesNotMatch(i.message, /SQL|select|insert|at .*\.ts/i);
  };

  test("an id beyond the database's integer range", async () => {
    refused(await admin.request("GET", "/api/measurements/2147483648"), /params\.id/);
    refused(await admin.request("GET", "/api/measurements/99999999999999999999"), /params\.id/);
  });

  test("a lockVersion beyond the integer range, and nothing written", async () => {
    const before = await auditCount();
    refused(
      await admin.request("POST", "/api/measurements/1/validate", { lockVersion: 2 ** 31 }),
      /body\.lockVersion/,
    );
    assert.equal(await auditCount(), before);
  });

  test("NUL, other control characters and lone surrogates in text fields", async () => {
    const before = await auditCount();
    for (const bad of ["a\u0000b", "uno\u0007dos", "x\ud800y", "\udc00"]) {
      refused(
        await admin.request("POST", "/api/measurements/1/comments", {
          comment: `Comentario ${bad} de prueba`,
        }),
        /body\.comment/,
      );
    }
    refused(await admin.request("GET", "/api/audit?actor=a%00b"), /query\.actor/);
    assert.equal(await auditCount(), before);
  });

  test("tabs and line breaks in text are still accepted", async () => {
    const res = await admin.request("GET", "/api/audit?actor=%0Auser&limit=1");
    assert.equal(res.status, 200);
  });

  test("audit dates outside the calendar Vigía handles", async () => {
    for (const date of ["-271821-04-20", "10000-01-01", "2024-13-01", "mañana"]) {
      refused(
        await admin.request("GET", `/api/audit?from=${encodeURIComponent(date)}`),
        /query\.from/,
      );
    }
    const ok = await admin.request("GET", "/api/audit?from=2024-01-01&to=2024-12-31T23:59:59Z");
    assert.equal(ok.status, 200);
  });

  test("a malformed percent-encoding in the path, without login", async () => {
    for (const path of ["/%ff", "/api/%ff", "/api/measurements/%ff"]) {
      const res = await app.request(path);
      assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
    }
  });
});

describe("races, headers, content types and entity scope (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
      secureCookies: true,
    });
    admin = (await signIn(app, t.db, "administrador")).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("a day that does not exist is a 400 naming the field", async () => {
    for (const deadline of ["2031-02-30", "2031-13-01", "3000-01-01"]) {
      const res = await admin.request("POST", "/api/policies/pntp/periods", {
        year: 2031,
        period: "S1",
        opensOn: "2031-01-02",
        deadline,
      });
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.match(JSON.stringify(res.json), /body\.deadline/);
    }
  });

  test("eight identical period openings at once: one is created, the others are 409", async () => {
    const body = { year: 2031, period: "S2", opensOn: "2031-07-01", deadline: "2031-08-15" };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => admin.request("POST", "/api/policies/pntp/periods", body)),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.equal(statuses.filter((s) => s < 300).length, 1, statuses.join(","));
    assert.deepEqual(
      statuses.filter((s) => s >= 300),
      Array(7).fill(409),
      JSON.stringify(answers.map((a) => a.json)),
    );
  });

  test("every response carries the security headers; API JSON is not stored", async () => {
    for (const path of ["/api/health", "/api/nada", "/publico"]) {
      const res = await app.request(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      // The installable app's service worker and manifest (ADR 0024), from our origin only.
      assert.match(csp, /worker-src 'self'(;|$)/, path);
      assert.match(csp, /manifest-src 'self'(;|$)/, path);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.ok(res.headers.get("referrer-policy"), path);
      assert.ok(res.headers.get("permissions-policy"), path);
      assert.match(res.headers.get("strict-transport-security") ?? "", /max-age=\d+/, path);
      if (path.startsWith("/api/")) assert.equal(res.headers.get("cache-control"), "no-store");
    }
    const plain = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    const res = await plain.request("/api/health");
    assert.equal(res.headers.get("strict-transport-security"), null, "no HSTS without HTTPS");
  });

  test("a login sent as text/plain or a form is refused with 415 (no login CSRF)", async () => {
    const body = JSON.stringify({ email: "admin@demo.vigia.pe", password: "x".repeat(12) });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
      const res = await app.request("/api/session", {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body,
      });
      assert.equal(res.status, 415, type);
      const json = (await res.json()) as { error: { message: string } };
      assert.match(json.error.message, /JSON/);
    }
  });

  test("SUNAFIL may not read MIMP's meta and previous value; its own indicator it may", async () => {
    const { session: sunafil } = await signIn(app, t.db, "punto_focal", {
      entities: ["SUNAFIL"],
    });
    const foreign = await sunafil.request(
      "GET",
      "/api/policies/pntp/indicators/3.1/rule-context?year=2024&period=ANUAL",
    );
    assert.equal(foreign.status, 403, JSON.stringify(foreign.json));
    // The form's context (meta, earlier values) is refused alike.
    const foreignForm = await sunafil.request(
      "GET",
      "/api/policies/pntp/indicators/3.1/entry-context?year=2024&period=ANUAL",
    );
    assert.equal(foreignForm.status, 403, JSON.stringify(foreignForm.json));
    const own = await sunafil.request(
      "GET",
      "/api/policies/pntp/indicators/1.1/rule-context?year=2024&period=ANUAL",
    );
    assert.equal(own.status, 200, JSON.stringify(own.json));
    const { session: admin } = await signIn(app, t.db, "administrador");
    const any = await admin.request(
      "GET",
      "/api/policies/pntp/indicators/3.1/rule-context?year=2024&period=ANUAL",
    );
    assert.equal(any.status, 200);
  });
});
