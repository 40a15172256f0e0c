import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { sql } from "kysely";
import { signIn } from "../../../test/factories.ts";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { systemActor } from "../../shared/actor.ts";
import { importReferenceFigures } from "../features/statistics/statistics-reference.service.ts";
import { createDiskFileStore } from "../files/file-store.ts";
import { createApp } from "./app.ts";

const decode = (bytes: Uint8Array, coding: string | null) =>
  (coding === "br"
    ? brotliDecompressSync(bytes)
    : coding === "gzip"
      ? gunzipSync(bytes)
      : Buffer.from(bytes)
  ).toString("utf8");

describe("compressed API responses (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let cookie: string;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await importReferenceFigures(t.db, systemActor("test"));
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    const { session } = await signIn(app, t.db, "administrador");
    cookie = session.cookie ?? "";
  });
  after(async () => {
    await t.dispose();
  });

  const get = async (path: string, acceptEncoding?: string, extra: Record<string, string> = {}) => {
    const res = await app.request(path, {
      headers: {
        cookie,
        ...(acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding }),
        ...extra,
      },
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const coding = res.headers.get("content-encoding");
    return { res, bytes, coding, text: decode(bytes, coding) };
  };

  const DASHBOARD = "/api/policies/pntp/dashboard?year=2023";

  test("the dashboard in Brotli, gzip and identity: same JSON, right headers", async () => {
    const identity = await get(DASHBOARD);
    assert.equal(identity.res.status, 200);
    assert.equal(identity.coding, null);
    const br = await get(DASHBOARD, "gzip, deflate, br");
    const gzip = await get(DASHBOARD, "gzip;q=1, br;q=0.5");
    assert.equal(br.coding, "br");
    assert.equal(gzip.coding, "gzip");
    for (const r of [identity, br, gzip]) {
      assert.equal(r.text, identity.text);
      assert.equal(r.res.headers.get("vary"), "Accept-Encoding");
      assert.equal(r.res.headers.get("content-length"), String(r.bytes.length));
      assert.match(r.res.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal(r.res.headers.get("cache-control"), "no-store");
    }
    assert.ok(br.bytes.length < identity.bytes.length / 4, "the dashboard compresses well");
    const etags = [identity, br, gzip].map((r) => r.res.headers.get("etag"));
    assert.equal(new Set(etags).size, 3, `one validator per representation: ${etags}`);
  });

  test("a cached read sends the same encoded bytes until the data version moves", async () => {
    const first = await get(DASHBOARD, "br");
    const again = await get(DASHBOARD, "br");
    assert.deepEqual(again.bytes, first.bytes);
    assert.equal(again.res.headers.get("etag"), first.res.headers.get("etag"));
    // Raw SQL, as another process would: the version moves, so must the bytes.
    await sql`UPDATE meta SET value = value * 10 WHERE year = 2023`.execute(t.db);
    try {
      const changed = await get(DASHBOARD, "br");
      assert.notEqual(changed.res.headers.get("etag"), first.res.headers.get("etag"));
      assert.notDeepEqual(changed.bytes, first.bytes);
      assert.equal(changed.text, (await get(DASHBOARD)).text, "fresh bytes decode to fresh JSON");
      assert.notEqual(changed.text, first.text);
    } finally {
      await sql`UPDATE meta SET value = value / 10 WHERE year = 2023`.execute(t.db);
    }
  });

  test("If-None-Match with the representation's ETag answers 304", async () => {
    const br = await get(DASHBOARD, "br");
    const etag = br.res.headers.get("etag") ?? "";
    const notModified = await get(DASHBOARD, "br", { "if-none-match": `W/${etag}` });
    assert.equal(notModified.res.status, 304);
    assert.equal(notModified.bytes.length, 0);
    // The gzip representation is another one: its bytes are sent.
    const other = await get(DASHBOARD, "gzip", { "if-none-match": etag });
    assert.equal(other.res.status, 200);
    assert.equal(other.coding, "gzip");
  });

  test("the evaluation and the public statistics CSV are compressed too", async () => {
    for (const path of [
      "/api/policies/pntp/evaluation?year=2023&preview=true",
      "/api/public/statistics.csv",
    ]) {
      const identity = await get(path, "identity");
      const gzip = await get(path, "gzip");
      const br = await get(path, "br");
      assert.equal(identity.res.status, 200, path);
      assert.equal(identity.coding, null);
      assert.equal(gzip.coding, "gzip", path);
      assert.equal(br.coding, "br", path);
      assert.equal(gzip.text, identity.text, path);
      assert.equal(br.text, identity.text, path);
      assert.equal(br.res.headers.get("vary"), "Accept-Encoding");
      assert.equal(br.res.headers.get("content-length"), String(br.bytes.length));
    }
    const csv = await get("/api/public/statistics.csv", "br");
    assert.match(csv.res.headers.get("content-disposition") ?? "", /attachment; filename=/);
    assert.match(csv.res.headers.get("link") ?? "", /rel="license"/);
  });

  test("a small body stays as is", async () => {
    const health = await get("/api/health", "br");
    assert.equal(health.coding, null);
    assert.equal(JSON.parse(health.text).status, "ok");
  });
});
