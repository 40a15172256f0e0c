import { createHash } from "node:crypto";
import type { Actor } from "../../../shared/actor.ts";
import type { OpenDataCatalogue } from "../../../shared/contracts/open-data.contract.ts";
import {
  datasetFields,
  OPEN_DATA_DATASETS,
  OPEN_DATA_FORMATS,
  OPEN_DATA_LICENSE,
  OPEN_DATA_MEDIA_TYPES,
  type OpenDataDatasetId,
  type OpenDataFormat,
  openDataPaths,
} from "../../../shared/open-data/open-data-datasets.ts";
import type { Database } from "../../db/connect.ts";
import { cachedRead } from "../../db/read-cache.ts";
import { notFound } from "../../errors.ts";
import { listPolicies } from "../catalogue/policy.repository.ts";
import { requirePolicy } from "../catalogue/policy.service.ts";
import {
  findPublishedRelease,
  listPublications,
  type PublishedRelease,
} from "../publication/publication.service.ts";
import { buildDatapackage } from "./datapackage.ts";
import { buildDcatCatalogue } from "./dcat-catalog.ts";
import { datasetFile, type OpenDataFile } from "./open-data-files.ts";
import {
  SDMX_AGENCY,
  SDMX_CODELISTS,
  SDMX_CSV_MEDIA_TYPE,
  type SdmxCodelist,
  sdmxCodelist,
  sdmxDataflowId,
  sdmxIndicatorSeries,
} from "./sdmx-csv.ts";
import { SDMX_JSON_MEDIA_TYPE, sdmxJsonSeries } from "./sdmx-json.ts";
import { listVeeduriaCatalogue } from "./veeduria-files.ts";

/**
 * The open data of the published years (docs/open-data.md): every file is written from the
 * release frozen with the year's publication, so an unpublished or withdrawn year has none, and
 * what anyone downloads agrees with the published Informe. A file's version tag (ETag) is the
 * release's SHA-256 with the file's address, the same in every process; the bytes are kept in
 * a small cache under it, since a release never changes.
 */

export interface VersionedFile extends OpenDataFile {
  etag: string;
  lastModified: Date;
  /** A `Link` to the file's description, when it has one. */
  describedBy?: string;
}

const MAX_CACHED_FILES = 256;
const cache = new Map<string, OpenDataFile>();

async function cached(etag: string, make: () => Promise<OpenDataFile>): Promise<OpenDataFile> {
  const known = cache.get(etag);
  if (known) return known;
  const file = await make();
  if (cache.size >= MAX_CACHED_FILES) cache.delete(cache.keys().next().value as string);
  cache.set(etag, file);
  return file;
}

const tag = (...parts: (string | number)[]) =>
  `W/"${createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32)}"`;

function notPublishedData(policyCode: string, year: number) {
  return notFound(
    `No hay datos abiertos de ${year} de "${policyCode}": el año no está publicado (o se publicó antes de que Vigía guardara los datos abiertos con la publicación; vuelva a publicarlo).`,
  );
}

/**
 * A year's standing release, looked up once per data version: a download burst then asks the
 * database nothing (a publication or withdrawal moves the policy's version).
 */
async function requireRelease(db: Database, actor: Actor, policyCode: string, year: number) {
  const found = await cachedRead(db, "policy", `open-data:release:${policyCode}:${year}`, () =>
    findPublishedRelease(db, actor, { policyCode, year }),
  );
  if (!found) throw notPublishedData(policyCode, year);
  return found;
}

/** The standing releases of a policy, oldest year first. */
async function policyReleases(
  db: Database,
  actor: Actor,
  policyCode: string,
): Promise<PublishedRelease[]> {
  const years = await listPublications(db, actor, { policyCode });
  const found = await Promise.all(
    years.map((p) => findPublishedRelease(db, actor, { policyCode, year: p.year })),
  );
  return found
    .filter((r): r is PublishedRelease => r !== null)
    .sort((a, b) => a.release.year - b.release.year);
}

/**
 * Every policy with its standing releases and the address of each file; cached under the
 * policy's data version (publications, withdrawals and veeduría grades all move it), so a
 * download burst reads nothing from the database (bench:open-data).
 */
export async function readOpenDataCatalogue(
  db: Database,
  actor: Actor,
): Promise<OpenDataCatalogue & { etag: string; lastModified: Date | null }> {
  return cachedRead(db, "policy", "open-data:catalogue", () => buildCatalogue(db, actor));
}

async function buildCatalogue(
  db: Database,
  actor: Actor,
): Promise<OpenDataCatalogue & { etag: string; lastModified: Date | null }> {
  const policies = await listPolicies(db);
  const entries = [];
  const versions: string[] = [];
  let lastModified: Date | null = null;
  for (const policy of policies) {
    const releases = await policyReleases(db, actor, policy.code);
    for (const r of releases) {
      versions.push(`${r.publicationId}:${r.sha256}`);
      if (!lastModified || r.publishedAt > lastModified) lastModified = r.publishedAt;
    }
    const conductor = releases.at(-1)?.release.policy.conductor ?? policy.conductor;
    entries.push({
      code: policy.code,
      name: policy.name,
      conductor,
      sdmx: {
        dataflow: `${SDMX_AGENCY}:${sdmxDataflowId(policy.code)}(1.0)`,
        data: openDataPaths.sdmxData(policy.code),
        json: openDataPaths.sdmxJson(policy.code),
        codelists: SDMX_CODELISTS.map((id) => ({
          id,
          url: openDataPaths.sdmxCodelist(policy.code, id),
        })),
      },
      releases: releases
        .map(({ release, publishedAt }) => ({
          version: String(release.year),
          year: release.year,
          publishedAt: publishedAt.toISOString(),
          cutOff: release.cutOff,
          datapackage: openDataPaths.datapackage(policy.code, release.year),
          informe: openDataPaths.informe(policy.code, release.year),
          paquete: openDataPaths.paquete(policy.code, release.year),
          datasets: OPEN_DATA_DATASETS.filter((d) => release.tables[d.id] !== undefined).map(
            (d) => ({
              id: d.id,
              theme: d.theme,
              title: d.title,
              description: d.description,
              rows: release.tables[d.id]?.length ?? 0,
              fields: [...datasetFields(release, d.id)],
              distributions: OPEN_DATA_FORMATS.map((format) => ({
                format,
                mediaType: OPEN_DATA_MEDIA_TYPES[format],
                url: openDataPaths.dataset(policy.code, d.id, release.year, format),
              })),
            }),
          ),
        }))
        .reverse(),
    });
  }
  // --- Veedurías (issue 16 item 3): live, so their version enters the catalogue's tag ---
  const veedurias = await listVeeduriaCatalogue(db, actor);
  for (const v of veedurias) {
    versions.push(`veedurias:${v.policy}:${v.version}`);
    const modified = v.modified ? new Date(v.modified) : null;
    if (modified && (!lastModified || modified > lastModified)) lastModified = modified;
  }
  return {
    license: OPEN_DATA_LICENSE,
    dcat: openDataPaths.dcat,
    policies: entries,
    veedurias,
    etag: tag("catalogue", ...versions),
    lastModified,
  };
}

/** One dataset of a published year in one format; 404 when the year is not published. */
export async function readDatasetFile(
  db: Database,
  actor: Actor,
  input: { policyCode: string; dataset: OpenDataDatasetId; year: number; format: OpenDataFormat },
): Promise<VersionedFile> {
  const published = await requireRelease(db, actor, input.policyCode, input.year);
  const { release } = published;
  if (release.tables[input.dataset] === undefined) {
    throw notFound(
      `El año ${input.year} de "${input.policyCode}" no tiene el conjunto «${input.dataset}»: no había presupuesto importado con reglas de etiquetado cuando se publicó.`,
    );
  }
  const etag = tag(published.sha256, input.dataset, input.format);
  const file = await cached(etag, () => datasetFile(release, input.dataset, input.format));
  return {
    ...file,
    etag,
    lastModified: published.publishedAt,
    describedBy: openDataPaths.datapackage(input.policyCode, input.year),
  };
}

/** The Frictionless data package of a published year. */
export async function readDatapackage(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; baseUrl: string },
): Promise<VersionedFile> {
  const published = await requireRelease(db, actor, input.policyCode, input.year);
  const etag = tag(published.sha256, "datapackage", input.baseUrl);
  const file = await cached(etag, async () => ({
    fileName: "datapackage.json",
    contentType: "application/json; charset=utf-8",
    bytes: new TextEncoder().encode(
      JSON.stringify(
        buildDatapackage(published.release, published.publishedAt, input.baseUrl),
        null,
        2,
      ),
    ),
  }));
  return { ...file, etag, lastModified: published.publishedAt };
}

function sdmxSource(db: Database, actor: Actor, policyCode: string) {
  return cachedRead(db, "policy", `open-data:sdmx:${policyCode}`, () =>
    readSdmxSource(db, actor, policyCode),
  );
}

async function readSdmxSource(db: Database, actor: Actor, policyCode: string) {
  await requirePolicy(db, policyCode);
  const releases = await policyReleases(db, actor, policyCode);
  if (releases.length === 0) {
    throw notFound(`"${policyCode}" no tiene ningún año publicado: la serie SDMX está vacía.`);
  }
  const lastModified = new Date(Math.max(...releases.map((r) => r.publishedAt.getTime())));
  return { releases, lastModified, versions: releases.map((r) => r.sha256) };
}

/** The indicator series over every published year, SDMX-CSV 2.0. */
export async function readSdmxSeries(
  db: Database,
  actor: Actor,
  input: { policyCode: string },
): Promise<VersionedFile> {
  const { releases, lastModified, versions } = await sdmxSource(db, actor, input.policyCode);
  const etag = tag("sdmx", input.policyCode, ...versions);
  const file = await cached(etag, async () => ({
    fileName: `${sdmxDataflowId(input.policyCode)}.csv`,
    contentType: SDMX_CSV_MEDIA_TYPE,
    bytes: new TextEncoder().encode(
      sdmxIndicatorSeries(
        input.policyCode,
        releases.map((r) => r.release),
      ),
    ),
  }));
  return { ...file, etag, lastModified };
}

/** The same series as an SDMX-JSON data message. */
export async function readSdmxJson(
  db: Database,
  actor: Actor,
  input: { policyCode: string },
): Promise<VersionedFile> {
  const { releases, lastModified, versions } = await sdmxSource(db, actor, input.policyCode);
  const etag = tag("sdmx-json", input.policyCode, ...versions);
  const file = await cached(etag, async () => ({
    fileName: `${sdmxDataflowId(input.policyCode)}.json`,
    contentType: SDMX_JSON_MEDIA_TYPE,
    bytes: new TextEncoder().encode(
      JSON.stringify(
        sdmxJsonSeries(
          input.policyCode,
          releases.map((r) => r.release),
          lastModified,
        ),
      ),
    ),
  }));
  return { ...file, etag, lastModified };
}

export async function readSdmxCodelist(
  db: Database,
  actor: Actor,
  input: { policyCode: string; list: SdmxCodelist },
): Promise<VersionedFile> {
  const { releases, lastModified, versions } = await sdmxSource(db, actor, input.policyCode);
  const etag = tag("sdmx-codelist", input.policyCode, input.list, ...versions);
  const file = await cached(etag, async () => ({
    fileName: `${input.list}.csv`,
    contentType: "text/csv; charset=utf-8",
    bytes: new TextEncoder().encode(
      sdmxCodelist(
        input.list,
        releases.map((r) => r.release),
      ),
    ),
  }));
  return { ...file, etag, lastModified };
}

/** The DCAT-AP catalogue of every dataset, with absolute addresses on `baseUrl`. */
export async function readDcatCatalogue(
  db: Database,
  actor: Actor,
  input: { baseUrl: string },
): Promise<VersionedFile> {
  const catalogue = await readOpenDataCatalogue(db, actor);
  const etag = tag(catalogue.etag, input.baseUrl);
  const file = await cached(etag, async () => ({
    fileName: "catalog.jsonld",
    contentType: "application/ld+json; charset=utf-8",
    bytes: new TextEncoder().encode(
      JSON.stringify(buildDcatCatalogue(catalogue, input.baseUrl), null, 2),
    ),
  }));
  return { ...file, etag, lastModified: catalogue.lastModified ?? new Date(0) };
}
