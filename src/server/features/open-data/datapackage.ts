import {
  OPEN_DATA_DATASETS,
  OPEN_DATA_LICENSE,
  type OpenDataRelease,
  openDataPaths,
} from "../../../shared/open-data/open-data-datasets.ts";
import { RESERVED } from "../statistics/statistics-csv.builder.ts";
import { civilSocietyPackageResources } from "./civil-society-catalog.ts";
import { csvColumns } from "./open-data-files.ts";

/**
 * The Frictionless data package (Data Package v1, tabular data resources) of one release: one
 * resource per dataset, its CSV at its stable address (absolute: the spec forbids `..` in a
 * relative path, and the descriptor lives under another folder), its fields with types and
 * descriptions, its primary key, the missing values (`ND`: not computable; `reservado`:
 * suppressed by disclosure control) and the licence.
 */

/** Progress «ND» (not computable) and a suppressed cell are declared missing values. */
export const OPEN_DATA_MISSING_VALUES = ["", "ND", RESERVED];

export function buildDatapackage(release: OpenDataRelease, publishedAt: Date, baseUrl: string) {
  const code = release.policy.code;
  return {
    profile: "tabular-data-package",
    name: `${code}-datos-abiertos-${release.year}`,
    title: `${release.policy.name}: datos abiertos ${release.year}`,
    description: `Datos publicados de ${release.year}: evaluación, valores validados con su procedencia, metas y líneas de base, presupuesto y estadísticas con control de divulgación (k = ${release.k}). Fecha de corte: ${release.cutOff}.`,
    version: String(release.year),
    created: publishedAt.toISOString(),
    homepage: `${baseUrl}/datos-abiertos`,
    licenses: [OPEN_DATA_LICENSE],
    contributors: [{ title: release.policy.conductor, role: "publisher" }],
    keywords: ["datos abiertos", "política nacional", code],
    resources: [
      ...OPEN_DATA_DATASETS.filter((d) => release.tables[d.id] !== undefined).map((d) => ({
        name: d.id,
        path: `${baseUrl}${openDataPaths.dataset(code, d.id, release.year, "csv")}`,
        profile: "tabular-data-resource",
        title: d.title,
        description: d.description,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        licenses: [OPEN_DATA_LICENSE],
        schema: {
          fields: csvColumns(release, d.id).map((f) => ({ ...f })),
          primaryKey: [...d.primaryKey],
          missingValues: OPEN_DATA_MISSING_VALUES,
        },
      })),
      // Civil society (issue 16 items 2 and 5): the live datasets of the same year.
      ...civilSocietyPackageResources(code, release.year, baseUrl),
    ],
  };
}
