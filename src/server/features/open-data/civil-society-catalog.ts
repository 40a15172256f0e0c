import {
  CIVIL_SOCIETY_DATASETS,
  CIVIL_SOCIETY_FORMATS,
  CIVIL_SOCIETY_MEDIA_TYPES,
  civilSocietyPaths,
} from "../../../shared/open-data/civil-society-datasets.ts";
import { OPEN_DATA_LICENSE } from "../../../shared/open-data/open-data-datasets.ts";
import { LICENCE_COLUMN } from "./open-data-files.ts";

/**
 * The live datasets of civil society and of what has no public value (served by the
 * civil-society feature, defined in src/shared/open-data/civil-society-datasets.ts) as entries
 * of a published year's DCAT catalogue and data package, so a harvester finds them beside the
 * frozen ones. Kept apart from the frozen datasets' code: they are read live, not from the
 * release.
 */

/** One DCAT dataset per live dataset of a published year, with a distribution per format. */
export function civilSocietyDcatDatasets(
  policy: { code: string; name: string },
  year: number,
  abs: (path: string) => string,
  shared: Record<string, unknown>,
  es: (value: string) => { "@value": string; "@language": string },
  fileType: (format: string) => string,
) {
  const iri = (id: string) => ({ "@id": id });
  return CIVIL_SOCIETY_DATASETS.map((d) => ({
    "@id": abs(civilSocietyPaths.dataset(policy.code, d.id, year, "csv")).replace(/\.csv$/, ""),
    "@type": "dcat:Dataset",
    "dct:identifier": `${policy.code}-${d.id}-${year}`,
    "dct:title": es(`${d.title}, ${year} (${policy.name})`),
    "dct:description": es(d.description),
    "dcat:keyword": [policy.code, ...d.keywords, `${year}`].map(es),
    ...shared,
    "dct:temporal": {
      "@type": "dct:PeriodOfTime",
      "dcat:startDate": `${year}-01-01`,
      "dcat:endDate": `${year}-12-31`,
    },
    "dcat:distribution": CIVIL_SOCIETY_FORMATS.map((format) => {
      const url = abs(civilSocietyPaths.dataset(policy.code, d.id, year, format));
      return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": es(`${d.title}, ${year} (${format.toUpperCase()})`),
        "dcat:accessURL": iri(url),
        "dcat:downloadURL": iri(url),
        "dcat:mediaType": iri(
          `https://www.iana.org/assignments/media-types/${CIVIL_SOCIETY_MEDIA_TYPES[format].split(";")[0]}`,
        ),
        "dct:format": iri(fileType(format)),
        "dct:license": iri(OPEN_DATA_LICENSE.path),
      };
    }),
  }));
}

/** The live datasets as tabular resources of a year's data package (their CSV address). */
export function civilSocietyPackageResources(policyCode: string, year: number, baseUrl: string) {
  return CIVIL_SOCIETY_DATASETS.map((d) => ({
    name: d.id,
    path: `${baseUrl}${civilSocietyPaths.dataset(policyCode, d.id, year, "csv")}`,
    profile: "tabular-data-resource",
    title: d.title,
    description: `${d.description} Se lee en vivo: cambia cuando una organización publica.`,
    format: "csv",
    mediatype: "text/csv",
    encoding: "utf-8",
    licenses: [OPEN_DATA_LICENSE],
    schema: {
      fields: [...d.fields, LICENCE_COLUMN].map((f) => ({ ...f })),
      primaryKey: [...d.primaryKey],
      missingValues: [""],
    },
  }));
}
