import { toCsvLine } from "../../../shared/budget/csv-stream.ts";
import {
  datasetFields,
  OPEN_DATA_LICENSE,
  OPEN_DATA_MEDIA_TYPES,
  type OpenDataCell,
  type OpenDataDatasetId,
  type OpenDataField,
  type OpenDataFormat,
  type OpenDataRelease,
  openDataDataset,
} from "../../../shared/open-data/open-data-datasets.ts";
import { loadExcelJs } from "../../lib/lazy-modules.ts";

/**
 * One dataset of a release as a file: CSV (UTF-8 without BOM, comma, CRLF, header first, the
 * budget's CSV line writer), JSON (rows with their field list) or XLSX (data, dictionary and
 * licence sheets). Each states the licence inside the file, so that it travels with a copy: the
 * CSV's last column, the JSON's `licencia`, the XLSX's «licencia» sheet and properties.
 */

export const LICENCE_COLUMN: OpenDataField = {
  name: "licencia",
  type: "string",
  description: `Licencia de los datos: ${OPEN_DATA_LICENSE.name} (${OPEN_DATA_LICENSE.path}); citar la fuente`,
};

/** The columns of the CSV of a dataset: its fields, then the licence. */
export const csvColumns = (release: OpenDataRelease, id: OpenDataDatasetId) => [
  ...datasetFields(release, id),
  LICENCE_COLUMN,
];

const cellText = (v: OpenDataCell | undefined) => (v === null || v === undefined ? "" : String(v));

export function datasetCsv(release: OpenDataRelease, id: OpenDataDatasetId): string {
  const fields = datasetFields(release, id);
  const rows = release.tables[id] ?? [];
  const lines = [toCsvLine([...fields.map((f) => f.name), LICENCE_COLUMN.name])];
  for (const row of rows) {
    lines.push(toCsvLine([...fields.map((f) => cellText(row[f.name])), OPEN_DATA_LICENSE.name]));
  }
  return `${lines.join("\r\n")}\r\n`;
}

export function datasetJson(release: OpenDataRelease, id: OpenDataDatasetId) {
  const def = openDataDataset(id);
  return {
    conjunto: id,
    titulo: def.title,
    descripcion: def.description,
    politica: release.policy,
    version: String(release.year),
    fechaCorte: release.cutOff,
    licencia: OPEN_DATA_LICENSE,
    campos: datasetFields(release, id),
    clavePrimaria: def.primaryKey,
    filas: release.tables[id] ?? [],
  };
}

export async function datasetXlsx(
  release: OpenDataRelease,
  id: OpenDataDatasetId,
): Promise<Uint8Array> {
  const def = openDataDataset(id);
  const fields = datasetFields(release, id);
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = "Vigía";
  workbook.title = `${def.title}, ${release.year}`;
  workbook.description = `${release.policy.name}. Licencia: ${OPEN_DATA_LICENSE.title} (${OPEN_DATA_LICENSE.path}).`;
  const data = workbook.addWorksheet("datos");
  data.addRow(fields.map((f) => f.name)).font = { bold: true };
  for (const row of release.tables[id] ?? []) data.addRow(fields.map((f) => row[f.name] ?? null));
  const dictionary = workbook.addWorksheet("diccionario");
  dictionary.addRow(["campo", "tipo", "descripcion"]).font = { bold: true };
  for (const f of fields) dictionary.addRow([f.name, f.type, f.description]);
  const licence = workbook.addWorksheet("licencia");
  licence.addRows([
    ["Conjunto", def.title],
    ["Política", release.policy.name],
    ["Publica", release.policy.conductor],
    ["Versión (año publicado)", release.year],
    ["Fecha de corte", release.cutOff],
    ["Licencia", `${OPEN_DATA_LICENSE.title} (${OPEN_DATA_LICENSE.name})`],
    ["Texto de la licencia", OPEN_DATA_LICENSE.path],
  ]);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

export interface OpenDataFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

export async function datasetFile(
  release: OpenDataRelease,
  id: OpenDataDatasetId,
  format: OpenDataFormat,
): Promise<OpenDataFile> {
  const fileName = `${release.policy.code}-${id}-${release.year}.${format}`;
  const contentType = OPEN_DATA_MEDIA_TYPES[format];
  const utf8 = (text: string) => new TextEncoder().encode(text);
  if (format === "csv") return { fileName, contentType, bytes: utf8(datasetCsv(release, id)) };
  if (format === "json") {
    return { fileName, contentType, bytes: utf8(JSON.stringify(datasetJson(release, id))) };
  }
  return { fileName, contentType, bytes: await datasetXlsx(release, id) };
}
