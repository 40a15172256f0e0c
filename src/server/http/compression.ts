import { hash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/**
 * Compressed API responses (ADR 0026). Focal points in regional offices read the Tablero over
 * slow links (seed 004), and a national dashboard is 54 KB of JSON: Brotli or gzip, chosen by
 * the request's Accept-Encoding. A cached read is encoded once per value, and values are
 * replaced when their data version moves (read-cache.ts), so the encoded bytes are as fresh as
 * the value they sit next to; anything else above a threshold is compressed as it is sent.
 */

export type Coding = "br" | "gzip";

/** Below this a compressed body saves less than a TCP packet and costs a zlib call. */
export const COMPRESSION_THRESHOLD = 1024;

/**
 * Level 5 Brotli and level 6 gzip: within a few percent of their maxima on our JSON and CSV at a
 * fraction of the time (quality 11 takes ~30× longer on the dashboard, and a recomputation after
 * a validation would wait for it). Run on libuv's thread pool, so the event loop keeps serving.
 */
const BROTLI_OPTIONS = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 5,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
};
const GZIP_OPTIONS = { level: 6 };
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export function compress(body: Uint8Array, coding: Coding): Promise<Buffer> {
  return coding === "br" ? brotliAsync(body, BROTLI_OPTIONS) : gzipAsync(body, GZIP_OPTIONS);
}

/** Media types worth compressing: our JSON and the open-data CSV, SDMX's included (spreadsheets are zip already). */
export function isCompressible(contentType: string | null | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  // +csv: the SDMX-CSV series (application/vnd.sdmx.data+csv).
  return (
    type === "application/json" ||
    type.endsWith("+json") ||
    type === "text/csv" ||
    type.endsWith("+csv")
  );
}

/**
 * The coding to send for an Accept-Encoding header (RFC 9110 §12.5.3): the acceptable coding
 * with the highest q-value, Brotli before gzip on a tie, `*` standing for any coding not named;
 * null means identity. A client that refuses identity and every coding we have still gets
 * identity: a readable answer is better than a 406 for a header no browser sends.
 */
export function negotiateEncoding(header: string | null | undefined): Coding | null {
  if (!header) return null;
  const known = negotiated.get(header);
  if (known !== undefined) return known;
  const coding = parseAcceptEncoding(header);
  // Browsers send a handful of distinct headers; a bound keeps odd clients from growing it.
  if (negotiated.size >= 256) negotiated.clear();
  negotiated.set(header, coding);
  return coding;
}
const negotiated = new Map<string, Coding | null>();

function parseAcceptEncoding(header: string): Coding | null {
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.split(";");
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*(.*?)\s*$/i.exec(p);
      if (m) weight = /^[0-9.]+$/.test(m[1] ?? "") ? Number(m[1]) : Number.NaN;
    }
    if (!Number.isFinite(weight) || weight < 0 || weight > 1) weight = 0;
    q.set(name, Math.max(weight, q.get(name) ?? 0));
  }
  const weightOf = (coding: Coding) =>
    q.get(coding) ?? (coding === "gzip" ? q.get("x-gzip") : undefined) ?? q.get("*") ?? 0;
  const br = weightOf("br");
  const gz = weightOf("gzip");
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? "br" : "gzip";
}

/**
 * One response body in every coding it has been asked for. `tag` is the strong validator of the
 * identity bytes; an encoded representation carries it with the coding appended, since its
 * bytes differ (RFC 9110 §8.8.3).
 */
export interface EncodedBody {
  identity: Uint8Array<ArrayBuffer>;
  tag: string;
  encodings: Partial<Record<Coding, Promise<Buffer>>>;
}

export function encodedBody(identity: Uint8Array<ArrayBuffer>): EncodedBody {
  const tag = hash("sha1", identity, "base64url").slice(0, 22);
  return { identity, tag, encodings: {} };
}

/** The body's bytes in `coding`, compressed on first use and kept (one run for concurrent callers). */
export function encodingOf(body: EncodedBody, coding: Coding): Promise<Buffer> {
  let known = body.encodings[coding];
  if (!known) {
    known = compress(body.identity, coding);
    body.encodings[coding] = known;
    known.catch(() => {
      if (body.encodings[coding] === known) delete body.encodings[coding];
    });
  }
  return known;
}

export const etagOf = (tag: string, coding: Coding | null) =>
  `"${coding ? `${tag}-${coding}` : tag}"`;

/** The headers and bytes to send `body` with, for the request's Accept-Encoding. */
export async function representation(
  body: EncodedBody,
  acceptEncoding: string | null | undefined,
): Promise<{ bytes: Uint8Array; headers: Record<string, string> }> {
  const coding =
    body.identity.length >= COMPRESSION_THRESHOLD ? negotiateEncoding(acceptEncoding) : null;
  const bytes = coding ? await encodingOf(body, coding) : body.identity;
  const headers: Record<string, string> = {
    Vary: "Accept-Encoding",
    ETag: etagOf(body.tag, coding),
    "Content-Length": String(bytes.length),
  };
  if (coding) headers["Content-Encoding"] = coding;
  return { bytes, headers };
}

/**
 * A response built by a route (a CSV download), compressed as it is sent when its type is
 * worth it, it is large enough and the client accepts a coding. Its other headers are kept;
 * a Content-Length is replaced by the compressed one.
 */
export async function compressResponse(
  response: Response,
  acceptEncoding: string | null | undefined,
): Promise<Response> {
  const headers = response.headers;
  if (
    !response.body ||
    headers.has("Content-Encoding") ||
    !isCompressible(headers.get("Content-Type")) ||
    response.status < 200 ||
    response.status === 204 ||
    response.status === 206
  ) {
    return response;
  }
  const identity = new Uint8Array(await response.arrayBuffer());
  const out = new Headers(headers);
  out.append("Vary", "Accept-Encoding");
  const coding =
    identity.length >= COMPRESSION_THRESHOLD ? negotiateEncoding(acceptEncoding) : null;
  let bytes: Uint8Array = identity;
  if (coding) {
    bytes = await compress(identity, coding);
    out.set("Content-Encoding", coding);
    const etag = out.get("ETag");
    if (etag) out.set("ETag", etag.replace(/"$/, `-${coding}"`));
  }
  out.set("Content-Length", String(bytes.length));
  return new Response(bytes as unknown as BodyInit, {
    status: response.status,
    statusText: response.statusText,
    headers: out,
  });
}
