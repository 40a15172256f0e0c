import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ApiSession } from "../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { loadConfig } from "../config.ts";
import { createDiskFileStore } from "../files/file-store.ts";
import { createApp } from "./app.ts";

/** The limit on /api/public/* through the real router: 429, Retry-After, CORS, per address. */
describe("rate limit of the public data API (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  const fileStore = createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-")));
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  test("past the limit an address gets 429 with Retry-After; other addresses and private routes do not", async () => {
    // One token every 1,200 s: a slow first (uncached) request refills a little, never a token.
    const app = createApp(t, { fileStore, publicRateLimit: { requests: 3, seconds: 3600 } });
    const visitor = new ApiSession(app, "203.0.113.7");
    for (let i = 0; i < 3; i++) {
      assert.equal((await visitor.request("GET", "/api/public/datasets")).status, 200, `${i}`);
    }
    const limited = await visitor.request("GET", "/api/public/veedurias/pntp");
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter > 1100 && retryAfter <= 1200, `Retry-After ${retryAfter}`);
    assert.equal(limited.headers.get("access-control-allow-origin"), "*");
    assert.match(
      String((limited.json.error as { message: string }).message),
      new RegExp(`en ${retryAfter} s`),
    );
    const english = await visitor.request("GET", "/api/public/datasets", undefined, {
      headers: { "accept-language": "en" },
    });
    assert.match(String((english.json.error as { message: string }).message), /Too many/);
    // Another address, and routes outside /api/public, are not limited by this one's use.
    assert.equal(
      (await new ApiSession(app, "203.0.113.8").request("GET", "/api/public/datasets")).status,
      200,
    );
    assert.equal((await visitor.request("GET", "/api/health")).status, 200);
  });

  test("behind a trusted proxy the limit follows X-Forwarded-For, and not from anyone else", async () => {
    const app = createApp(t, {
      fileStore,
      publicRateLimit: { requests: 1, seconds: 60 },
      trustedProxies: ["10.0.0.1"],
    });
    const proxy = new ApiSession(app, "10.0.0.1");
    const via = (client: string) =>
      proxy.request("GET", "/api/public/datasets", undefined, {
        headers: { "x-forwarded-for": client },
      });
    assert.equal((await via("198.51.100.1")).status, 200);
    assert.equal((await via("198.51.100.1")).status, 429);
    assert.equal((await via("198.51.100.2")).status, 200);
    // A client that is not the proxy cannot pick its bucket by writing the header.
    const direct = new ApiSession(app, "192.0.2.50");
    const spoof = (client: string) =>
      direct.request("GET", "/api/public/datasets", undefined, {
        headers: { "x-forwarded-for": client },
      });
    assert.equal((await spoof("198.51.100.3")).status, 200);
    assert.equal((await spoof("198.51.100.4")).status, 429);
  });

  test("the limit is configured with VIGIA_PUBLIC_RATE_LIMIT, 600/60 by default", () => {
    assert.deepEqual(loadConfig({}).publicRateLimit, { requests: 600, seconds: 60 });
    assert.equal(loadConfig({ VIGIA_PUBLIC_RATE_LIMIT: "off" }).publicRateLimit, null);
    assert.throws(
      () => loadConfig({ VIGIA_PUBLIC_RATE_LIMIT: "mucho" }),
      /Configuración inválida: VIGIA_PUBLIC_RATE_LIMIT/,
    );
  });
});
