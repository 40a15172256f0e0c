import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import {
  COMPRESSION_THRESHOLD,
  compressResponse,
  encodedBody,
  encodingOf,
  negotiateEncoding,
  representation,
} from "./compression.ts";

describe("Accept-Encoding negotiation", () => {
  test("Brotli before gzip when both are equally welcome", () => {
    assert.equal(negotiateEncoding("gzip, deflate, br"), "br");
    assert.equal(negotiateEncoding("br;q=1.0, gzip;q=1.0"), "br");
  });

  test("q-values decide, and q=0 refuses a coding", () => {
    assert.equal(negotiateEncoding("br;q=0.5, gzip;q=0.8"), "gzip");
    assert.equal(negotiateEncoding("br;q=0, gzip"), "gzip");
    assert.equal(negotiateEncoding("br;q=0, gzip;q=0.000"), null);
    assert.equal(negotiateEncoding("BR ; Q=0.9"), "br");
  });

  test("no header, identity only, or codings we do not have mean identity", () => {
    assert.equal(negotiateEncoding(undefined), null);
    assert.equal(negotiateEncoding(""), null);
    assert.equal(negotiateEncoding("identity"), null);
    assert.equal(negotiateEncoding("deflate, zstd"), null);
    // A client that refuses identity and has no coding of ours still gets a readable answer.
    assert.equal(negotiateEncoding("identity;q=0, zstd"), null);
  });

  test("* stands for the codings not named; x-gzip is gzip", () => {
    assert.equal(negotiateEncoding("*"), "br");
    assert.equal(negotiateEncoding("br;q=0, *;q=0.5"), "gzip");
    assert.equal(negotiateEncoding("x-gzip"), "gzip");
  });

  test("a malformed q-value counts as refusal, not as welcome", () => {
    assert.equal(negotiateEncoding("br;q=abc, gzip;q=2"), null);
  });
});

const big = new TextEncoder().encode(
  JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ indicador: `1.${i}`, valor: i / 7 }))),
);

describe("encoded bodies", () => {
  test("each coding decodes to the identity bytes and is compressed once", async () => {
    const body = encodedBody(new Uint8Array(big));
    const br = await encodingOf(body, "br");
    assert.equal(await encodingOf(body, "br"), br, "kept, not compressed again");
    assert.deepEqual(new Uint8Array(brotliDecompressSync(br)), big);
    assert.deepEqual(new Uint8Array(gunzipSync(await encodingOf(body, "gzip"))), big);
    assert.ok(br.length < big.length / 3);
  });

  test("headers: coding, Vary, a per-coding ETag and the sent length", async () => {
    const body = encodedBody(new Uint8Array(big));
    const identity = await representation(body, "identity");
    const br = await representation(body, "gzip, br");
    const gzip = await representation(body, "gzip");
    assert.equal(identity.headers["Content-Encoding"], undefined);
    assert.equal(br.headers["Content-Encoding"], "br");
    assert.equal(gzip.headers["Content-Encoding"], "gzip");
    for (const r of [identity, br, gzip]) {
      assert.equal(r.headers.Vary, "Accept-Encoding");
      assert.equal(r.headers["Content-Length"], String(r.bytes.length));
    }
    const tags = new Set([identity, br, gzip].map((r) => r.headers.ETag));
    assert.equal(tags.size, 3, "each representation has its own validator");
    assert.match(br.headers.ETag ?? "", /^"[\w-]+-br"$/);
  });

  test("a small body is sent as is", async () => {
    const small = encodedBody(new TextEncoder().encode('{"status":"ok"}'));
    assert.ok(small.identity.length < COMPRESSION_THRESHOLD);
    const r = await representation(small, "br");
    assert.equal(r.headers["Content-Encoding"], undefined);
    assert.equal(r.bytes, small.identity);
  });

  test("a route's CSV response is compressed on the fly, keeping its other headers", async () => {
    const csv = "anio,valor\n".repeat(500);
    const original = () =>
      new Response(csv, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="x.csv"',
          "Content-Length": String(csv.length),
        },
      });
    const res = await compressResponse(original(), "gzip;q=1, br;q=0.1");
    assert.equal(res.headers.get("content-encoding"), "gzip");
    assert.equal(res.headers.get("content-disposition"), 'attachment; filename="x.csv"');
    assert.equal(res.headers.get("vary"), "Accept-Encoding");
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(res.headers.get("content-length"), String(bytes.length));
    assert.equal(gunzipSync(bytes).toString("utf8"), csv);
    const plain = await compressResponse(original(), undefined);
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(await plain.text(), csv);
  });

  test("binary downloads are left alone", async () => {
    const res = new Response(new Uint8Array(5000), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
    });
    assert.equal(await compressResponse(res, "br"), res);
  });
});
