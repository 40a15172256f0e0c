import type { OpenDataCatalogue } from "../../../shared/contracts/open-data.contract.ts";
import { OPEN_DATA_LICENSE, openDataPaths } from "../../../shared/open-data/open-data-datasets.ts";
import { civilSocietyDcatDatasets } from "./civil-society-catalog.ts";
import { veeduriaDcatDatasets } from "./veeduria-files.ts";

/**
 * The open data as a DCAT-AP catalogue in JSON-LD, what CKAN's DCAT harvester (ckanext-dcat)
 * reads: one `dcat:Dataset` per dataset and published year, each with a `dcat:Distribution`
 * per format (download URL, IANA media type, EU file type, licence), the publisher, the period
 * covered and Peru as the place; plus one dataset per policy for the SDMX series. The context is
 * inline, so a reader needs no network to expand it. Identifiers are the files' stable URLs.
 */

const CONTEXT = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  owl: "http://www.w3.org/2002/07/owl#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  "dct:issued": { "@type": "xsd:dateTime" },
  "dct:modified": { "@type": "xsd:dateTime" },
  "dcat:startDate": { "@type": "xsd:date" },
  "dcat:endDate": { "@type": "xsd:date" },
};

const EU = "http://publications.europa.eu/resource/authority";
const FILE_TYPES: Record<string, string> = {
  csv: `${EU}/file-type/CSV`,
  json: `${EU}/file-type/JSON`,
  xlsx: `${EU}/file-type/XLSX`,
  pdf: `${EU}/file-type/PDF`,
  zip: `${EU}/file-type/ZIP`,
};
const THEME = `${EU}/data-theme/GOVE`;
const PERU = `${EU}/country/PER`;
const SPANISH = `${EU}/language/SPA`;

const es = (value: string) => ({ "@value": value, "@language": "es" });
const iri = (id: string) => ({ "@id": id });
const mediaType = (type: string) =>
  iri(`https://www.iana.org/assignments/media-types/${type.split(";")[0]?.trim()}`);

export function buildDcatCatalogue(catalogue: OpenDataCatalogue, baseUrl: string) {
  const abs = (path: string) => `${baseUrl}${path}`;
  const license = iri(OPEN_DATA_LICENSE.path);
  const datasets: unknown[] = [];
  for (const policy of catalogue.policies) {
    const publisher = {
      "@id": abs(`/datos-abiertos#${policy.code}-publicador`),
      "@type": "foaf:Agent",
      "foaf:name": policy.conductor,
    };
    const contact = {
      "@id": abs(`/datos-abiertos#${policy.code}-contacto`),
      "@type": "vcard:Organization",
      "vcard:fn": policy.conductor,
    };
    for (const release of policy.releases) {
      for (const d of release.datasets) {
        const id = abs(openDataPaths.dataset(policy.code, d.id, release.year, "csv")).replace(
          /\.csv$/,
          "",
        );
        datasets.push({
          "@id": id,
          "@type": "dcat:Dataset",
          "dct:identifier": `${policy.code}-${d.id}-${release.year}`,
          "dct:title": es(`${d.title}, ${release.year} (${policy.name})`),
          "dct:description": es(d.description),
          "dcat:keyword": [policy.code, d.theme, `${release.year}`].map(es),
          "dcat:theme": iri(THEME),
          "dct:publisher": publisher,
          "dcat:contactPoint": contact,
          "dct:issued": release.publishedAt,
          "dct:modified": release.publishedAt,
          "owl:versionInfo": release.version,
          "dct:language": iri(SPANISH),
          "dct:spatial": iri(PERU),
          "dct:license": license,
          "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": `${release.year}-01-01`,
            "dcat:endDate": `${release.year}-12-31`,
          },
          "dcat:landingPage": iri(abs("/datos-abiertos")),
          "dct:conformsTo": iri(abs(release.datapackage)),
          "dcat:distribution": d.distributions.map((dist) => ({
            "@id": abs(dist.url),
            "@type": "dcat:Distribution",
            "dct:title": es(`${d.title}, ${release.year} (${dist.format.toUpperCase()})`),
            "dcat:accessURL": iri(abs(dist.url)),
            "dcat:downloadURL": iri(abs(dist.url)),
            "dcat:mediaType": mediaType(dist.mediaType),
            "dct:format": iri(FILE_TYPES[dist.format] ?? dist.format),
            "dct:license": license,
          })),
        });
      }
      // Civil society (issue 16 items 2 and 5): the live datasets of the same year.
      datasets.push(
        ...civilSocietyDcatDatasets(
          policy,
          release.year,
          abs,
          {
            "dcat:theme": iri(THEME),
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dct:issued": release.publishedAt,
            "dct:language": iri(SPANISH),
            "dct:spatial": iri(PERU),
            "dct:license": license,
            "dcat:landingPage": iri(abs("/datos-abiertos")),
          },
          es,
          (format) => FILE_TYPES[format] ?? format,
        ),
      );
      // End of civil society.
    }
    if (policy.releases.length > 0) {
      const years = policy.releases.map((r) => r.year);
      datasets.push({
        "@id": abs(policy.sdmx.data).replace(/\.csv$/, ""),
        "@type": "dcat:Dataset",
        "dct:identifier": policy.sdmx.dataflow,
        "dct:title": es(`Serie de indicadores en SDMX (${policy.name})`),
        "dct:description": es(
          "Valor, meta y avances tipo 1 y tipo 2 de cada indicador en cada año publicado, como mensaje de datos SDMX-CSV 2.0, con sus listas de códigos.",
        ),
        "dcat:keyword": [policy.code, "SDMX", "indicadores"].map(es),
        "dcat:theme": iri(THEME),
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:language": iri(SPANISH),
        "dct:spatial": iri(PERU),
        "dct:license": license,
        "dct:temporal": {
          "@type": "dct:PeriodOfTime",
          "dcat:startDate": `${Math.min(...years)}-01-01`,
          "dcat:endDate": `${Math.max(...years)}-12-31`,
        },
        "dcat:distribution": [
          {
            "@id": abs(policy.sdmx.data),
            "@type": "dcat:Distribution",
            "dct:title": es("Datos SDMX-CSV 2.0"),
            "dcat:accessURL": iri(abs(policy.sdmx.data)),
            "dcat:downloadURL": iri(abs(policy.sdmx.data)),
            "dcat:mediaType": iri("https://www.iana.org/assignments/media-types/text/csv"),
            "dct:format": iri(FILE_TYPES.csv ?? "csv"),
            "dct:conformsTo": iri("https://sdmx.org/?page_id=5008"),
            "dct:license": license,
          },
          {
            "@id": abs(policy.sdmx.json),
            "@type": "dcat:Distribution",
            "dct:title": es("Datos SDMX-JSON"),
            "dcat:accessURL": iri(abs(policy.sdmx.json)),
            "dcat:downloadURL": iri(abs(policy.sdmx.json)),
            "dcat:mediaType": iri("https://www.iana.org/assignments/media-types/application/json"),
            "dct:format": iri(FILE_TYPES.json ?? "json"),
            "dct:license": license,
          },
          ...policy.sdmx.codelists.map((cl) => ({
            "@id": abs(cl.url),
            "@type": "dcat:Distribution",
            "dct:title": es(`Lista de códigos ${cl.id}`),
            "dcat:accessURL": iri(abs(cl.url)),
            "dcat:downloadURL": iri(abs(cl.url)),
            "dcat:mediaType": iri("https://www.iana.org/assignments/media-types/text/csv"),
            "dct:format": iri(FILE_TYPES.csv ?? "csv"),
            "dct:license": license,
          })),
        ],
      });
    }
  }
  return {
    "@context": CONTEXT,
    "@id": abs(openDataPaths.dcat),
    "@type": "dcat:Catalog",
    "dct:title": es("Vigía: datos abiertos de las políticas nacionales"),
    "dct:description": es(
      "Conjuntos de datos de los años publicados: evaluación, valores validados con su procedencia, metas, presupuesto y estadísticas con control de divulgación.",
    ),
    "dct:language": iri(SPANISH),
    "dct:license": license,
    "foaf:homepage": iri(abs("/datos-abiertos")),
    "dct:publisher": {
      "@id": abs("/datos-abiertos#vigia"),
      "@type": "foaf:Agent",
      "foaf:name": catalogue.policies[0]?.conductor ?? "Vigía",
    },
    // Veedurías (issue 16 item 3): civil society's semáforo, its own publisher.
    "dcat:dataset": [...datasets, ...veeduriaDcatDatasets(catalogue.veedurias, baseUrl)],
  };
}
