import type { Context } from "hono";
import { openDataContract } from "../../../shared/contracts/open-data.contract.ts";
import { veeduriasContract } from "../../../shared/contracts/veedurias.contract.ts";
import { OPEN_DATA_LICENSE } from "../../../shared/open-data/open-data-datasets.ts";
import { bindRoute } from "../../http/api-route.ts";
import {
  COMPRESSION_THRESHOLD,
  type EncodedBody,
  encodedBody,
  encodingOf,
  isCompressible,
  negotiateEncoding,
} from "../../http/compression.ts";
import {
  readDatapackage,
  readDatasetFile,
  readDcatCatalogue,
  readOpenDataCatalogue,
  readSdmxCodelist,
  readSdmxJson,
  readSdmxSeries,
  type VersionedFile,
} from "./open-data.service.ts";
import type { SdmxCodelist } from "./sdmx-csv.ts";
import { readVeeduriaFile } from "./veeduria-files.ts";

/**
 * Open-data handlers (contracts in open-data.contract.ts, all public GETs). The HTTP side of a
 * file lives here: its version tag and date for caches (a matching `If-None-Match` or
 * `If-Modified-Since` answers 304), CORS for any origin (the data is public and the responses
 * carry no cookie), and the licence as a `Link: rel="license"` header.
 */

/** Headers every open-data answer carries, the JSON catalogue's included. */
export const OPEN_DATA_CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Content-Disposition",
  "Cross-Origin-Resource-Policy": "cross-origin",
} as const;

const LICENSE_LINK = `<${OPEN_DATA_LICENSE.path}>; rel="license"; title="${OPEN_DATA_LICENSE.title}"`;
// Published data only, so shared caches may keep it; a short life so a withdrawal shows soon.
const CACHE_CONTROL = "public, max-age=60, must-revalidate";

/** The server's own origin as the visitor reached it, for absolute addresses. */
const originOf = (c: Context) => new URL(c.req.url).origin;

function notModified(c: Context, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = c.req.header("if-none-match");
  if (ifNoneMatch !== undefined) {
    // Weak comparison (RFC 9110 §13.1.2): the tags are weak, equal opaque parts match; a
    // compressed copy's tag (…-br", …-gzip") names the same version of the file.
    const opaque = (t: string) =>
      t
        .trim()
        .replace(/^W\//, "")
        .replace(/-(br|gzip)"$/, '"');
    return (
      ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((t) => opaque(t) === opaque(etag))
    );
  }
  const since = c.req.header("if-modified-since");
  if (since === undefined || lastModified === null) return false;
  const date = Date.parse(since);
  // HTTP dates have whole seconds.
  return !Number.isNaN(date) && Math.floor(lastModified.getTime() / 1000) * 1000 <= date;
}

function versionHeaders(etag: string, lastModified: Date | null, describedBy?: string) {
  return {
    ...OPEN_DATA_CORS,
    ETag: etag,
    ...(lastModified ? { "Last-Modified": lastModified.toUTCString() } : {}),
    "Cache-Control": CACHE_CONTROL,
    Link: [
      LICENSE_LINK,
      ...(describedBy ? [`<${describedBy}>; rel="describedby"; type="application/json"`] : []),
    ].join(", "),
  };
}

/**
 * A file's compressed copies, kept beside its bytes: the files are cached per version (their
 * ETag), so each is compressed once per coding instead of once per download (bench:open-data).
 */
const encoded = new WeakMap<Uint8Array, EncodedBody>();

export async function openDataResponse(
  c: Context,
  file: Omit<VersionedFile, "lastModified"> & { lastModified: Date | null },
): Promise<Response> {
  const compressible = isCompressible(file.contentType);
  const coding =
    compressible && file.bytes.length >= COMPRESSION_THRESHOLD
      ? negotiateEncoding(c.req.header("accept-encoding"))
      : null;
  const etag = coding ? file.etag.replace(/"$/, `-${coding}"`) : file.etag;
  const headers = {
    ...versionHeaders(etag, file.lastModified, file.describedBy),
    ...(compressible ? { Vary: "Accept-Encoding" } : {}),
  };
  if (notModified(c, file.etag, file.lastModified))
    return new Response(null, { status: 304, headers });
  let bytes = file.bytes;
  if (coding) {
    let body = encoded.get(file.bytes);
    if (!body) {
      body = encodedBody(file.bytes as Uint8Array<ArrayBuffer>);
      encoded.set(file.bytes, body);
    }
    bytes = await encodingOf(body, coding);
  }
  const inline = /json/.test(file.contentType);
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      ...headers,
      "Content-Type": file.contentType,
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${file.fileName}"`,
      "Content-Length": String(bytes.length),
      ...(coding ? { "Content-Encoding": coding } : {}),
    },
  });
}

/** The catalogue's JSON bytes, once per cached catalogue (a new data version is a new one). */
const catalogueBytes = new WeakMap<object, Uint8Array>();

export const openDataRoutes = [
  bindRoute(openDataContract.catalogue, async ({ db, actor, http }) => {
    const read = await readOpenDataCatalogue(db, actor);
    let bytes = catalogueBytes.get(read);
    if (!bytes) {
      const { etag: _etag, lastModified: _lastModified, ...catalogue } = read;
      bytes = new TextEncoder().encode(JSON.stringify(catalogue));
      catalogueBytes.set(read, bytes);
    }
    return openDataResponse(http, {
      fileName: "datasets.json",
      contentType: "application/json; charset=utf-8",
      bytes,
      etag: read.etag,
      lastModified: read.lastModified,
    });
  }),
  bindRoute(openDataContract.dataset, async ({ db, actor, params, http }) =>
    openDataResponse(
      http,
      await readDatasetFile(db, actor, {
        policyCode: params.code,
        dataset: params.dataset,
        year: params.file.year,
        format: params.file.format,
      }),
    ),
  ),
  bindRoute(openDataContract.datapackage, async ({ db, actor, params, http }) =>
    openDataResponse(
      http,
      await readDatapackage(db, actor, {
        policyCode: params.code,
        year: params.year,
        baseUrl: originOf(http),
      }),
    ),
  ),
  bindRoute(openDataContract.sdmxData, async ({ db, actor, params, http }) =>
    openDataResponse(http, await readSdmxSeries(db, actor, { policyCode: params.code })),
  ),
  bindRoute(openDataContract.sdmxJson, async ({ db, actor, params, http }) =>
    openDataResponse(http, await readSdmxJson(db, actor, { policyCode: params.code })),
  ),
  bindRoute(openDataContract.sdmxCodelist, async ({ db, actor, params, http }) =>
    openDataResponse(
      http,
      await readSdmxCodelist(db, actor, {
        policyCode: params.code,
        list: params.file.replace(/\.csv$/, "") as SdmxCodelist,
      }),
    ),
  ),
  bindRoute(openDataContract.dcat, async ({ db, actor, http }) =>
    openDataResponse(http, await readDcatCatalogue(db, actor, { baseUrl: originOf(http) })),
  ),
  // --- Veedurías (issue 16 item 3): the semáforo's files ---
  bindRoute(veeduriasContract.file, async ({ db, actor, params, http }) =>
    openDataResponse(
      http,
      await readVeeduriaFile(db, actor, {
        policyCode: params.code,
        file: params.file,
        baseUrl: originOf(http),
      }),
    ),
  ),
];
