import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { serveWeb } from "./static-files.ts";

describe("static files of the web app", () => {
  const root = mkdtempSync(join(tmpdir(), "vigia-web-"));
  mkdirSync(join(root, "assets"));
  const geojson = JSON.stringify({
    type: "FeatureCollection",
    features: Array.from({ length: 200 }, (_, i) => ({
      type: "Feature",
      properties: { ubigeo: String(i).padStart(2, "0"), nombre: `DEPARTAMENTO ${i}` },
      geometry: { type: "Point", coordinates: [-75 + i / 100, -10] },
    })),
  });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>Vigía</title>");
  writeFileSync(join(root, "assets", "peru.geojson"), geojson);
  writeFileSync(join(root, "assets", "logo.png"), Buffer.alloc(4096, 7));
  writeFileSync(join(root, "manifest.webmanifest"), JSON.stringify({ name: "Vigía" }));
  writeFileSync(join(root, "sw.js"), "self.addEventListener('fetch', () => {});");
  const app = new Hono();
  serveWeb(app, root);
  after(() => rmSync(root, { recursive: true, force: true }));

  const get = (path: string, acceptEncoding?: string) =>
    app.request(path, { headers: acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {} });

  test("text files go compressed to browsers that accept it, and plain to others", async () => {
    const br = await get("/assets/peru.geojson", "gzip, deflate, br");
    assert.equal(br.headers.get("content-encoding"), "br");
    assert.equal(br.headers.get("vary"), "Accept-Encoding");
    assert.equal(br.headers.get("content-type"), "application/geo+json");
    assert.match(br.headers.get("cache-control") ?? "", /immutable/);
    const brBytes = Buffer.from(await br.arrayBuffer());
    assert.ok(brBytes.length < geojson.length / 3, `${brBytes.length} bytes`);
    assert.equal(brotliDecompressSync(brBytes).toString(), geojson);

    const gz = await get("/assets/peru.geojson", "gzip");
    assert.equal(gz.headers.get("content-encoding"), "gzip");
    assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), geojson);

    for (const refused of [undefined, "identity", "br;q=0, gzip;q=0"]) {
      const plain = await get("/assets/peru.geojson", refused);
      assert.equal(plain.headers.get("content-encoding"), null, String(refused));
      assert.equal(await plain.text(), geojson);
    }
  });

  test("images are sent as they are; client routes get index.html", async () => {
    const png = await get("/assets/logo.png", "br, gzip");
    assert.equal(png.headers.get("content-encoding"), null);
    assert.equal((await png.arrayBuffer()).byteLength, 4096);
    const route = await get("/presupuesto?anio=2024", "gzip");
    assert.equal(route.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(route.headers.get("cache-control"), "no-cache");
    assert.match(await route.text(), /Vigía/);
  });

  test("a file rebuilt on disk is served anew, not from the compressed copy", async () => {
    const path = join(root, "assets", "peru.geojson");
    const changed = geojson.replace("DEPARTAMENTO 0", "AMAZONAS");
    writeFileSync(path, changed);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const res = await get("/assets/peru.geojson", "br");
    assert.equal(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString(), changed);
  });

  test("paths outside the web root are not served", async () => {
    const res = await get("/..%2F..%2Fetc%2Fpasswd");
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  });

  test("the web manifest has its media type, and the service worker is never cached stale", async () => {
    const manifest = await get("/manifest.webmanifest");
    assert.equal(manifest.headers.get("content-type"), "application/manifest+json");
    assert.equal(((await manifest.json()) as { name: string }).name, "Vigía");
    const sw = await get("/sw.js");
    assert.match(sw.headers.get("content-type") ?? "", /text\/javascript/);
    // A new build must reach the browser at its next visit: no long-lived caching of sw.js.
    assert.equal(sw.headers.get("cache-control"), "no-cache");
  });
});
