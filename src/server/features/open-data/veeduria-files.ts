import { createHash } from "node:crypto";
import type { Actor } from "../../../shared/actor.ts";
import { toCsvLine } from "../../../shared/budget/csv-stream.ts";
import type { OpenDataCatalogue } from "../../../shared/contracts/open-data.contract.ts";
import type { VEEDURIA_FILES } from "../../../shared/contracts/veedurias.contract.ts";
import {
  OPEN_DATA_LICENSE,
  type OpenDataCell,
} from "../../../shared/open-data/open-data-datasets.ts";
import {
  VEEDURIA_DATASETS,
  type VeeduriaDatasetId,
  veeduriaPaths,
} from "../../../shared/open-data/veeduria-datasets.ts";
import {
  countStatuses,
  VEEDURIA_STATUS_LABELS,
  VEEDURIA_STATUSES,
} from "../../../shared/veedurias/veeduria-semaforo.ts";
import type { Database } from "../../db/connect.ts";
import { listPolicies } from "../catalogue/policy.repository.ts";
import { readVeeduriaData, type VeeduriaData } from "../veedurias/veedurias.service.ts";
import { LICENCE_COLUMN, type OpenDataFile } from "./open-data-files.ts";

/** A file with its version tag and date (the shape open-data.routes.ts answers with). */
export interface VeeduriaFile extends OpenDataFile {
  etag: string;
  lastModified: Date;
  describedBy?: string;
}

/**
 * The veedurías' open data (issue 16 item 3): the semáforo's grades and the counts per status,
 * in CSV (licence in the last column) and JSON, with a Frictionless data package of both and
 * their entries in the DCAT catalogue. Unlike a published year's datasets they are live: the
 * files are rebuilt when the policy's data version moves (the veeduría tables move it,
 * migration 0027) and tagged with the SHA-256 of their bytes, so every process gives the
 * same ETag and a client's revalidation answers 304 until a grade changes.
 */

type Row = Record<string, OpenDataCell>;
type FileName = (typeof VEEDURIA_FILES)[number];

/** The two tables, one row per grade and one per (veeduría, period, status, origin). */
export function veeduriaTables(data: VeeduriaData): Record<VeeduriaDatasetId, Row[]> {
  const byId = new Map(data.veedurias.map((v) => [v.id, v]));
  const objectiveOf = new Map(data.lineamientos.map((l) => [l.code, l.objective]));
  const head = (veeduriaId: number, period: string): Row => {
    const v = byId.get(veeduriaId);
    return {
      veeduria: v?.code ?? null,
      veeduria_nombre: v?.name ?? null,
      departamento: v?.department ?? null,
      departamento_nombre: v?.departmentName ?? null,
      periodo: period,
    };
  };
  const semaforo = data.assessments.map((a) => ({
    ...head(a.veeduriaId, a.period),
    lineamiento: a.lineamiento,
    objetivo: objectiveOf.get(a.lineamiento) ?? null,
    estado: a.status,
    estado_nombre: VEEDURIA_STATUS_LABELS[a.status],
    fundamento: a.rationale,
    fecha_registro: a.recordedAt.slice(0, 10),
  }));
  const conteos: Row[] = [];
  const graded = new Map<string, (typeof data.assessments)[number][]>();
  for (const a of data.assessments) {
    const key = `${a.veeduriaId}|${a.period}`;
    graded.set(key, [...(graded.get(key) ?? []), a]);
  }
  for (const [key, grades] of graded) {
    const [id, period] = key.split("|") as [string, string];
    const counts = countStatuses(grades.map((g) => g.status));
    for (const status of VEEDURIA_STATUSES) {
      if (counts[status] === 0) continue;
      conteos.push({
        ...head(Number(id), period),
        estado: status,
        estado_nombre: VEEDURIA_STATUS_LABELS[status],
        lineamientos: counts[status],
        origen: "evaluaciones",
        fuente: null,
        cita: null,
      });
    }
  }
  for (const c of data.referenceCounts) {
    conteos.push({
      ...head(c.veeduriaId, c.period),
      estado: c.status,
      estado_nombre: VEEDURIA_STATUS_LABELS[c.status],
      lineamientos: c.lineamientos,
      origen: "referencia",
      fuente: c.source,
      cita: c.citation,
    });
  }
  return { "veedurias-semaforo": semaforo, "veedurias-conteos": conteos };
}

const datasetOf = (file: string) =>
  VEEDURIA_DATASETS.find((d) => d.file === file.replace(/\.(csv|json)$/, ""));

function csv(def: (typeof VEEDURIA_DATASETS)[number], rows: Row[]): string {
  const cell = (v: OpenDataCell | undefined) => (v === null || v === undefined ? "" : String(v));
  const lines = [toCsvLine([...def.fields.map((f) => f.name), LICENCE_COLUMN.name])];
  for (const row of rows)
    lines.push(toCsvLine([...def.fields.map((f) => cell(row[f.name])), OPEN_DATA_LICENSE.name]));
  return `${lines.join("\r\n")}\r\n`;
}

function datapackage(data: VeeduriaData, baseUrl: string) {
  const code = data.policy.code;
  return {
    profile: "tabular-data-package",
    name: `${code}-veedurias`,
    title: `${data.policy.name}: semáforo de las veedurías ciudadanas`,
    description:
      "Calificaciones de las veedurías ciudadanas regionales a los lineamientos de la política y los conteos por estado, con los transcritos de documentos rotulados como tales.",
    homepage: `${baseUrl}${veeduriaPaths.page}`,
    licenses: [OPEN_DATA_LICENSE],
    keywords: ["datos abiertos", "veedurías", "sociedad civil", code],
    resources: VEEDURIA_DATASETS.map((d) => ({
      name: d.id,
      path: `${baseUrl}${veeduriaPaths.file(code, `${d.file}.csv`)}`,
      profile: "tabular-data-resource",
      title: d.title,
      description: d.description,
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      licenses: [OPEN_DATA_LICENSE],
      schema: {
        fields: [...d.fields, LICENCE_COLUMN].map((f) => ({ ...f })),
        primaryKey: [...d.primaryKey],
        missingValues: [""],
      },
    })),
  };
}

/** Built files, per data value (a new data version is a new object) and file and origin. */
const built = new WeakMap<VeeduriaData, Map<string, VeeduriaFile>>();

function build(data: VeeduriaData, file: FileName, baseUrl: string): VeeduriaFile {
  let files = built.get(data);
  if (!files) {
    files = new Map();
    built.set(data, files);
  }
  const key = file === "datapackage.json" ? `${file}|${baseUrl}` : file;
  const known = files.get(key);
  if (known) return known;
  const code = data.policy.code;
  let text: string;
  if (file === "datapackage.json") {
    text = JSON.stringify(datapackage(data, baseUrl), null, 2);
  } else {
    const def = datasetOf(file);
    if (!def) throw new Error(`archivo de veedurías desconocido: ${file}`);
    const rows = veeduriaTables(data)[def.id];
    text = file.endsWith(".csv")
      ? csv(def, rows)
      : JSON.stringify({
          conjunto: def.id,
          titulo: def.title,
          descripcion: def.description,
          politica: data.policy,
          licencia: OPEN_DATA_LICENSE,
          campos: def.fields,
          clavePrimaria: def.primaryKey,
          filas: rows,
        });
  }
  const bytes = new TextEncoder().encode(text);
  const result: VeeduriaFile = {
    fileName: file === "datapackage.json" ? file : `${code}-veedurias-${file}`,
    contentType: file.endsWith(".csv")
      ? "text/csv; charset=utf-8"
      : "application/json; charset=utf-8",
    bytes,
    etag: `W/"${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}"`,
    lastModified: new Date(data.lastModified ?? 0),
    ...(file === "datapackage.json"
      ? {}
      : { describedBy: veeduriaPaths.file(code, "datapackage.json") }),
  };
  if (files.size >= 16) files.clear();
  files.set(key, result);
  return result;
}

export async function readVeeduriaFile(
  db: Database,
  actor: Actor,
  input: { policyCode: string; file: FileName; baseUrl: string },
): Promise<VeeduriaFile> {
  const data = await readVeeduriaData(db, actor, { policyCode: input.policyCode });
  return build(data, input.file, input.baseUrl);
}

/** What the catalogue (JSON and DCAT) says of each policy's veeduría files. */
export async function listVeeduriaCatalogue(
  db: Database,
  actor: Actor,
): Promise<OpenDataCatalogue["veedurias"]> {
  const entries: OpenDataCatalogue["veedurias"] = [];
  for (const policy of await listPolicies(db)) {
    const data = await readVeeduriaData(db, actor, { policyCode: policy.code });
    if (data.veedurias.length === 0) continue;
    const tables = veeduriaTables(data);
    entries.push({
      policy: policy.code,
      policyName: policy.name,
      page: veeduriaPaths.page,
      semaforo: veeduriaPaths.semaforo(policy.code),
      datapackage: veeduriaPaths.file(policy.code, "datapackage.json"),
      periods: data.periods,
      modified: data.lastModified,
      // The version the catalogue's own ETag takes in: the bytes of both tables.
      version: createHash("sha256").update(JSON.stringify(tables)).digest("hex").slice(0, 16),
      datasets: VEEDURIA_DATASETS.map((d) => ({
        id: d.id as string,
        title: d.title,
        description: d.description,
        rows: tables[d.id].length,
        fields: [...d.fields, LICENCE_COLUMN].map((f) => ({ ...f })),
        distributions: (["csv", "json"] as const).map((format) => ({
          format,
          mediaType:
            format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
          url: veeduriaPaths.file(policy.code, `${d.file}.${format}`),
        })),
      })),
    });
  }
  return entries;
}

export type VeeduriaCatalogueEntry = OpenDataCatalogue["veedurias"][number];

/** The DCAT-AP datasets of the veeduría files (dcat-catalog.ts adds them to the catalogue). */
export function veeduriaDcatDatasets(entries: readonly VeeduriaCatalogueEntry[], baseUrl: string) {
  const abs = (path: string) => `${baseUrl}${path}`;
  const es = (value: string) => ({ "@value": value, "@language": "es" });
  const iri = (id: string) => ({ "@id": id });
  const license = iri(OPEN_DATA_LICENSE.path);
  const EU = "http://publications.europa.eu/resource/authority";
  return entries.flatMap((e) =>
    e.datasets.map((d) => ({
      "@id": abs(veeduriaPaths.file(e.policy, d.id.replace(/^veedurias-/, ""))),
      "@type": "dcat:Dataset",
      "dct:identifier": `${e.policy}-${d.id}`,
      "dct:title": es(`${d.title} (${e.policyName})`),
      "dct:description": es(d.description),
      "dcat:keyword": ["veedurías", "sociedad civil", e.policy].map(es),
      "dcat:theme": iri(`${EU}/data-theme/GOVE`),
      "dct:publisher": {
        "@id": abs(`${veeduriaPaths.page}#veedurias`),
        "@type": "foaf:Agent",
        "foaf:name": "Veedurías ciudadanas (registradas en Vigía)",
      },
      ...(e.modified ? { "dct:modified": e.modified } : {}),
      "dct:language": iri(`${EU}/language/SPA`),
      "dct:spatial": iri(`${EU}/country/PER`),
      "dct:license": license,
      "dcat:landingPage": iri(abs(e.page)),
      "dct:conformsTo": iri(abs(e.datapackage)),
      "dcat:distribution": d.distributions.map((dist) => ({
        "@id": abs(dist.url),
        "@type": "dcat:Distribution",
        "dct:title": es(`${d.title} (${dist.format.toUpperCase()})`),
        "dcat:accessURL": iri(abs(dist.url)),
        "dcat:downloadURL": iri(abs(dist.url)),
        "dcat:mediaType": iri(
          `https://www.iana.org/assignments/media-types/${dist.mediaType.split(";")[0]}`,
        ),
        "dct:format": iri(`${EU}/file-type/${dist.format.toUpperCase()}`),
        "dct:license": license,
      })),
    })),
  );
}
