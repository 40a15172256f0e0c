import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Hono } from "hono";

const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".geojson": "application/geo+json",
  ".woff2": "font/woff2",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
};

/** Text formats worth compressing; PNG and WOFF2 are compressed already. */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".geojson", ".webmanifest"]);

interface Encoded {
  mtimeMs: number;
  size: number;
  identity: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
}

/**
 * The built single-page app: files by path, index.html for client-side routes. Text files are
 * sent compressed (Brotli, else gzip) to browsers that accept it. Regional offices often work on
 * slow links, and the department map alone is 140 KB of GeoJSON (32 KB with Brotli). Each
 * file is compressed once, at the highest level, and kept until it changes on disk.
 */
export function serveWeb(app: Hono, webRoot: string) {
  const root = resolve(webRoot);
  const cache = new Map<string, Encoded>();

  const encoded = (path: string): Encoded => {
    const stat = statSync(path);
    const known = cache.get(path);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known;
    const identity = readFileSync(path);
    const compress = COMPRESSIBLE.has(extname(path)) && identity.length > 1024;
    const entry: Encoded = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      identity,
      br: compress
        ? brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
        : null,
      gzip: compress ? gzipSync(identity, { level: 9 }) : null,
    };
    cache.set(path, entry);
    return entry;
  };

  const send = (path: string, acceptEncoding: string, cacheControl: string) => {
    const file = encoded(path);
    const accepts = (coding: string) =>
      acceptEncoding.split(",").some((part) => {
        const [name, ...params] = part.trim().split(";");
        return name?.trim() === coding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
      });
    const [body, coding] =
      file.br && accepts("br")
        ? [file.br, "br"]
        : file.gzip && accepts("gzip")
          ? [file.gzip, "gzip"]
          : [file.identity, null];
    const headers: Record<string, string> = {
      "Content-Type": MEDIA_TYPES[extname(path)] ?? "application/octet-stream",
      "Cache-Control": cacheControl,
    };
    if (file.br || file.gzip) headers.Vary = "Accept-Encoding";
    if (coding) headers["Content-Encoding"] = coding;
    return new Response(new Uint8Array(body), { headers });
  };

  const index = join(root, "index.html");
  app.get("*", (c) => {
    const acceptEncoding = c.req.header("accept-encoding") ?? "";
    const requested = normalize(join(root, decodeURIComponent(new URL(c.req.url).pathname)));
    if (
      requested.startsWith(root) &&
      requested !== root &&
      existsSync(requested) &&
      extname(requested)
    ) {
      const isAsset = requested.startsWith(join(root, "assets"));
      return send(
        requested,
        acceptEncoding,
        isAsset ? "public, max-age=31536000, immutable" : "no-cache",
      );
    }
    return send(index, acceptEncoding, "no-cache");
  });
}
