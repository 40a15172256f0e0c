import {
  OPEN_DATA_DATASET_IDS,
  OPEN_DATA_FORMATS,
  OPEN_DATA_MEDIA_TYPES,
  OPEN_DATA_THEMES,
} from "../open-data/open-data-datasets.ts";
import { CodeSchema, PolicyParamsSchema, YearQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";
import {
  CATALOGUE_EXAMPLE,
  CODELIST_CSV_EXAMPLE,
  DATAPACKAGE_EXAMPLE,
  DATASET_CSV_EXAMPLE,
  DCAT_EXAMPLE,
  SDMX_CSV_EXAMPLE,
} from "./public-examples.ts";

/**
 * Open data, no login (docs/open-data.md, ADR 0027): every dataset of every published year,
 * frozen when the year was published, in CSV, JSON and XLSX at a stable address per dataset and
 * version (the published year); a Frictionless data package per release; the indicator series
 * in SDMX-CSV 2.0 with its code lists; and a DCAT-AP catalogue in JSON-LD for CKAN's harvester.
 * Unpublished (or withdrawn) years answer 404. Every file states its licence (ODC-By-1.0) in a
 * `Link: rel="license"` header and inside itself, and carries `ETag`, `Last-Modified` and CORS
 * for GET.
 */

const FILE_PATTERN = new RegExp(`^(\\d{4})\\.(${OPEN_DATA_FORMATS.join("|")})$`);

export const DatasetFileParamsSchema = PolicyParamsSchema.extend({
  dataset: z.enum(OPEN_DATA_DATASET_IDS).describe("Conjunto de datos"),
  file: z
    .string()
    .regex(FILE_PATTERN, "use AAAA.csv, AAAA.json o AAAA.xlsx (AAAA: año publicado)")
    .describe("Versión (año publicado) y formato: 2023.csv, 2023.json, 2023.xlsx")
    .transform((f) => {
      const [, year, format] = FILE_PATTERN.exec(f) ?? [];
      return { year: Number(year), format: format as (typeof OPEN_DATA_FORMATS)[number] };
    }),
});

export const ReleaseParamsSchema = PolicyParamsSchema.extend({
  year: YearQuerySchema.describe("Año publicado"),
});

export const SdmxCodelistParamsSchema = PolicyParamsSchema.extend({
  file: z
    .string()
    .regex(
      /^CL_(INDICADOR|ENTIDAD|TERRITORIO|PERIODO|MEDIDA|OBS_STATUS)\.csv$/,
      "lista de códigos desconocida",
    )
    .describe("CL_INDICADOR.csv, CL_ENTIDAD.csv, CL_TERRITORIO.csv, CL_PERIODO.csv, …"),
});

const DistributionSchema = z.object({
  format: z.enum(OPEN_DATA_FORMATS),
  mediaType: z.string(),
  url: z.string().describe("Stable path of the file, relative to the server"),
});

// --- Veedurías (issue 16 item 3): live files beside the published years' datasets ---
export const VeeduriaCatalogueSchema = z.array(
  z.object({
    policy: z.string(),
    policyName: z.string(),
    page: z.string(),
    semaforo: z.string().describe("The public semáforo (JSON)"),
    datapackage: z.string(),
    periods: z.array(z.string()),
    modified: z.string().nullable(),
    version: z.string().describe("Changes whenever a grade or count changes"),
    datasets: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        description: z.string(),
        rows: z.number().int(),
        fields: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })),
        distributions: z.array(
          z.object({ format: z.enum(["csv", "json"]), mediaType: z.string(), url: z.string() }),
        ),
      }),
    ),
  }),
);
// --- end Veedurías ---

export const OpenDataCatalogueSchema = z.object({
  license: z.object({ name: z.string(), title: z.string(), path: z.string() }),
  dcat: z.string(),
  policies: z.array(
    z.object({
      code: CodeSchema,
      name: z.string(),
      conductor: z.string(),
      sdmx: z.object({
        dataflow: z.string().describe("AGENCY:ID(VERSION)"),
        data: z.string(),
        json: z.string(),
        codelists: z.array(z.object({ id: z.string(), url: z.string() })),
      }),
      releases: z.array(
        z.object({
          version: z.string().describe("The published year"),
          year: z.number().int(),
          publishedAt: z.string(),
          cutOff: z.string(),
          datapackage: z.string(),
          informe: z.string(),
          paquete: z.string(),
          datasets: z.array(
            z.object({
              id: z.enum(OPEN_DATA_DATASET_IDS),
              theme: z.enum(OPEN_DATA_THEMES),
              title: z.string(),
              description: z.string(),
              rows: z.number().int(),
              fields: z.array(
                z.object({ name: z.string(), type: z.string(), description: z.string() }),
              ),
              distributions: z.array(DistributionSchema),
            }),
          ),
        }),
      ),
    }),
  ),
  /** Veedurías' semáforo files of each policy that has veedurías (issue 16 item 3). */
  veedurias: VeeduriaCatalogueSchema,
});
export type OpenDataCatalogue = z.infer<typeof OpenDataCatalogueSchema>;

const TAGS = ["datos abiertos", "público"] as const;

export const openDataContract = {
  catalogue: defineContract({
    method: "get",
    path: "/api/public/datasets",
    summary: "Conjuntos de datos abiertos de los años publicados, con sus formatos y licencia",
    tags: TAGS,
    access: "public",
    response: OpenDataCatalogueSchema,
    example: CATALOGUE_EXAMPLE,
  }),
  dataset: defineContract({
    method: "get",
    path: "/api/public/datasets/:code/:dataset/:file",
    summary:
      "Un conjunto de datos de un año publicado, en CSV, JSON o XLSX (404 si no está publicado)",
    description:
      "Dirección estable por conjunto y versión (año publicado): /api/public/datasets/pntp/evaluacion-indicadores/2023.csv. Las cifras son las congeladas al publicar. CSV en UTF-8 sin BOM, con la licencia en la última columna.",
    tags: TAGS,
    access: "public",
    params: DatasetFileParamsSchema,
    files: OPEN_DATA_FORMATS.map((f) => OPEN_DATA_MEDIA_TYPES[f]),
    example: DATASET_CSV_EXAMPLE,
  }),
  datapackage: defineContract({
    method: "get",
    path: "/api/public/releases/:code/:year/datapackage.json",
    summary: "Paquete de datos Frictionless (datapackage.json) de un año publicado",
    tags: TAGS,
    access: "public",
    params: ReleaseParamsSchema,
    files: ["application/json"],
    example: DATAPACKAGE_EXAMPLE,
  }),
  sdmxData: defineContract({
    method: "get",
    path: "/api/public/sdmx/:code/indicadores.csv",
    summary:
      "Serie de los indicadores en SDMX-CSV 2.0: valor, meta y avances de cada año publicado",
    tags: TAGS,
    access: "public",
    params: PolicyParamsSchema,
    files: ["application/vnd.sdmx.data+csv; version=2.0.0"],
    example: SDMX_CSV_EXAMPLE,
  }),
  sdmxJson: defineContract({
    method: "get",
    path: "/api/public/sdmx/:code/indicadores.json",
    summary: "La misma serie como mensaje de datos SDMX-JSON (vista plana, todas las dimensiones)",
    tags: TAGS,
    access: "public",
    params: PolicyParamsSchema,
    files: ["application/vnd.sdmx.data+json; version=1.0.0"],
    example: {
      meta: { schema: "https://json.sdmx.org/2.0.0/sdmx-json-data-schema.json" },
      data: { dataSets: [] },
    },
  }),
  sdmxCodelist: defineContract({
    method: "get",
    path: "/api/public/sdmx/:code/codelists/:file",
    summary: "Lista de códigos de la serie SDMX (indicadores, entidades, territorios, periodos…)",
    tags: TAGS,
    access: "public",
    params: SdmxCodelistParamsSchema,
    files: ["text/csv"],
    example: CODELIST_CSV_EXAMPLE,
  }),
  dcat: defineContract({
    method: "get",
    path: "/api/public/catalog.jsonld",
    summary:
      "Catálogo DCAT-AP (JSON-LD) de todos los conjuntos, cosechable por CKAN (ckanext-dcat)",
    tags: TAGS,
    access: "public",
    files: ["application/ld+json"],
    example: DCAT_EXAMPLE,
  }),
};
