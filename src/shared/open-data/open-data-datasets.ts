import { z } from "../schemas/zod-locale.ts";

/**
 * The open-data datasets of a published year (docs/open-data.md): what each is, its columns
 * with their types and meaning, and the frozen release that holds their rows. The same field
 * list writes the CSV header, the XLSX dictionary sheet, the JSON's `campos`, the Frictionless
 * data package and the DCAT catalogue, so a file and its description cannot disagree.
 *
 * The columns have stable names across years (`meta`, `valor`, not `meta_2023`), so that the
 * files of two releases can be appended into one series.
 */

/**
 * The Open Data Commons Attribution License, the one datasets on Peru's Plataforma Nacional de
 * Datos Abiertos show (anchors_systems.md §5.6; docs/disclosure.md). `spdx` is its SPDX id.
 */
export const OPEN_DATA_LICENSE = {
  name: "ODC-By-1.0",
  title: "Open Data Commons Attribution License v1.0",
  path: "https://opendatacommons.org/licenses/by/1-0/",
} as const;

export type OpenDataFieldType = "string" | "number" | "integer" | "date";

export interface OpenDataField {
  name: string;
  type: OpenDataFieldType;
  description: string;
}

export const OPEN_DATA_THEMES = ["evaluacion", "presupuesto", "estadistica"] as const;
export type OpenDataTheme = (typeof OPEN_DATA_THEMES)[number];

export interface OpenDataDatasetDef {
  id: string;
  theme: OpenDataTheme;
  title: string;
  description: string;
  keywords: readonly string[];
  primaryKey: readonly string[];
  fields: readonly OpenDataField[];
}

/** Column builders of the datasets' field lists (string, number, integer). */
export const s = (name: string, description: string): OpenDataField => ({
  name,
  type: "string",
  description,
});
export const n = (name: string, description: string): OpenDataField => ({
  name,
  type: "number",
  description,
});
export const i = (name: string, description: string): OpenDataField => ({
  name,
  type: "integer",
  description,
});

const STAGES: readonly OpenDataField[] = [
  n("pia", "Presupuesto Institucional de Apertura, en soles"),
  n("pim", "Presupuesto Institucional Modificado, en soles"),
  n("devengado", "Devengado, en soles"),
  n("ejecucion", "Devengado / PIM × 100 (sin redondear); vacío si no es calculable"),
];

/** The published year's datasets, in the order the page and the catalogue list them. */
export const OPEN_DATA_DATASETS = [
  {
    id: "evaluacion-indicadores",
    theme: "evaluacion",
    title: "Evaluación: resultados por indicador",
    description:
      "Avance tipo 1 y tipo 2 de cada indicador de objetivo prioritario y de servicio en el año publicado, con su meta, su valor validado y los del año anterior (metodología CEPLAN). Avances redondeados a un decimal (half-up), como en el Informe de Evaluación.",
    keywords: ["evaluación", "indicadores", "CEPLAN", "avance"],
    primaryKey: ["anio", "indicador"],
    fields: [
      i("anio", "Año evaluado"),
      s("indicador", "Código del indicador"),
      s("tipo", "objetivo (indicador de objetivo prioritario) o servicio"),
      s("objetivo", "Código del objetivo prioritario"),
      s("servicio", "Código del servicio (vacío para indicadores de objetivo)"),
      s("nombre", "Nombre del indicador (ficha técnica en vigor)"),
      s("responsable", "Sigla de la entidad responsable"),
      s("unidad", "porcentaje, numero, tasa o razon"),
      n("linea_base", "Línea de base (vacía si no tiene)"),
      n("meta", "Logro esperado del año"),
      n("valor", "Valor obtenido del año (validado)"),
      n("avance_tipo1", "Avance tipo 1 (%); ND si no es calculable"),
      n("avance_tipo2", "Avance tipo 2 (%); ND sin línea de base"),
      s("nivel", "Nivel según el avance tipo 1: bajo, intermedio, alto o ND"),
      n("meta_anterior", "Logro esperado del año anterior"),
      n("valor_anterior", "Valor obtenido del año anterior (validado)"),
      n("avance_tipo1_anterior", "Avance tipo 1 del año anterior (%)"),
      s("alertas", "Códigos de las reglas de calidad que observan el valor, separados por «;»"),
    ],
  },
  {
    id: "evaluacion-objetivos",
    theme: "evaluacion",
    title: "Evaluación: avance de los objetivos prioritarios",
    description:
      "Media de los avances de los indicadores de cada objetivo prioritario, acotados a [0, 100].",
    keywords: ["evaluación", "objetivos prioritarios", "CEPLAN"],
    primaryKey: ["anio", "objetivo"],
    fields: [
      i("anio", "Año evaluado"),
      s("objetivo", "Código del objetivo prioritario"),
      s("nombre", "Enunciado del objetivo prioritario"),
      n("avance_tipo1", "Avance tipo 1 (%)"),
      n("avance_tipo2", "Avance tipo 2 (%)"),
      s("nivel", "Nivel según el avance tipo 1"),
      n("avance_tipo1_anterior", "Avance tipo 1 del año anterior (%)"),
    ],
  },
  {
    id: "evaluacion-indice",
    theme: "evaluacion",
    title: "Evaluación: índice de gestión y valoración de la implementación",
    description:
      "Índice de gestión (media del avance tipo 2 de los objetivos) y valoración de la implementación, con cada criterio de la valoración en una fila.",
    keywords: ["evaluación", "índice de gestión", "valoración"],
    primaryKey: ["anio", "componente"],
    fields: [
      i("anio", "Año evaluado"),
      s(
        "componente",
        "indice_gestion, valoracion (puntaje total) o el código de un criterio de la valoración",
      ),
      s("nombre", "Nombre del componente o del criterio"),
      n("valor", "Índice (%) o puntaje; ND si no es calculable"),
      s("nivel", "bajo/intermedio/alto (índice) o INICIAL/INTERMEDIO/AVANZADO (valoración)"),
      n("peso", "Peso del criterio (vacío para el índice y el total)"),
      s("fundamento", "Cómo se obtuvo el nivel del criterio"),
    ],
  },
  {
    id: "valores-validados",
    theme: "evaluacion",
    title: "Valores validados con su procedencia",
    description:
      "Valores reportados por las entidades y validados por el conductor (última revisión validada de cada indicador, año y periodo, del año publicado y el anterior), con el identificador del valor y de su revisión, el sistema de origen y el documento que los respalda.",
    keywords: ["valores validados", "procedencia", "seguimiento"],
    primaryKey: ["id_medicion"],
    fields: [
      i("id_medicion", "Identificador del valor en Vigía"),
      i("revision", "Revisión del valor (1 = original): identifica la versión publicada"),
      s("indicador", "Código del indicador"),
      i("anio", "Año del valor"),
      s("periodo", "ANUAL, S1 o S2"),
      i("version_ficha", "Versión de la ficha técnica con la que se reportó"),
      n("valor", "Valor obtenido"),
      n("numerador", "Numerador, si se reportó"),
      n("denominador", "Denominador, si se reportó"),
      s("sistema_origen", "Sistema de información del que proviene la cifra"),
      s("entidad_reporta", "Entidad cuyo punto focal registró el valor"),
      s("entidad_titular", "Entidad a la que pertenece la cifra"),
      s("referencia", "Documento y ubicación de la cifra"),
    ],
  },
  {
    id: "metas-lineas-base",
    theme: "evaluacion",
    title: "Metas y líneas de base",
    description:
      "Logros esperados (metas) de cada indicador por año, con su fuente y revisión, y la línea de base de la ficha técnica en vigor en el año publicado (marcada cuando fue despejada de cifras publicadas).",
    keywords: ["metas", "línea de base", "indicadores"],
    primaryKey: ["indicador", "anio_meta"],
    fields: [
      s("indicador", "Código del indicador"),
      s("nombre", "Nombre del indicador (ficha técnica en vigor)"),
      i("anio_meta", "Año de la meta"),
      n("meta", "Logro esperado"),
      s("fuente_meta", "De dónde viene la meta (documento de la política, revisión, …)"),
      i("revision_meta", "Revisión de la meta (1 = original)"),
      n("linea_base", "Línea de base de la ficha en vigor (vacía si no tiene)"),
      i("anio_linea_base", "Año de la línea de base"),
      s("linea_base_derivada", "si: despejada de resultados publicados; no: declarada"),
    ],
  },
  {
    id: "presupuesto-servicios",
    theme: "presupuesto",
    title: "Presupuesto específico por servicio",
    description:
      "Presupuesto de las líneas del MEF etiquetadas a cada servicio de la política por las reglas del conductor, con su clase presupuestal. Montos en soles con dos decimales.",
    keywords: ["presupuesto", "servicios", "MEF"],
    primaryKey: ["anio", "servicio"],
    fields: [
      i("anio", "Año fiscal"),
      s("servicio", "Código del servicio"),
      s("nombre", "Nombre del servicio"),
      s("objetivo", "Código del objetivo prioritario"),
      s("proveedor", "Entidad responsable del servicio en la política"),
      s("clase", "asignacion_especifica, meta_sin_asignacion_especifica o sin_meta_presupuestal"),
      ...STAGES,
      s("pliegos", "Pliegos que tienen su presupuesto específico, separados por espacios"),
    ],
  },
  {
    id: "presupuesto-niveles",
    theme: "presupuesto",
    title: "Presupuesto específico por nivel de gobierno",
    description: "Presupuesto específico de la política por nivel de gobierno.",
    keywords: ["presupuesto", "nivel de gobierno"],
    primaryKey: ["anio", "nivel"],
    fields: [
      i("anio", "Año fiscal"),
      s("nivel", "nacional, regional o local"),
      s("nivel_nombre", "Nivel de gobierno"),
      ...STAGES,
    ],
  },
  {
    id: "presupuesto-pliegos",
    theme: "presupuesto",
    title: "Presupuesto específico en los pliegos priorizados",
    description:
      "Participación del presupuesto específico en los pliegos priorizados, nacionales y regionales; la fila «total» de cada nivel suma sus pliegos.",
    keywords: ["presupuesto", "pliegos"],
    primaryKey: ["anio", "nivel", "pliego"],
    fields: [
      i("anio", "Año fiscal"),
      s("nivel", "nacional, regional o local"),
      s("pliego", "Código del pliego, o «total» para la suma del nivel"),
      s("pliego_nombre", "Nombre del pliego"),
      n("pia_pliego", "PIA total del pliego, en soles"),
      n("pim_pliego", "PIM total del pliego, en soles"),
      s("fuente_total", "referencia, lineas o ninguna: de dónde sale el total del pliego"),
      n("pia", "PIA específico, en soles"),
      n("pim", "PIM específico, en soles"),
      n("devengado", "Devengado específico, en soles"),
      n("participacion_pia", "PIA específico / PIA del pliego × 100"),
      n("participacion_pim", "PIM específico / PIM del pliego × 100"),
    ],
  },
  {
    id: "presupuesto-departamentos",
    theme: "presupuesto",
    title: "Presupuesto específico por departamento",
    description:
      "Presupuesto específico por departamento del ubigeo de la línea del MEF; las líneas sin ubigeo, aparte.",
    keywords: ["presupuesto", "departamentos", "ubigeo"],
    primaryKey: ["anio", "departamento"],
    fields: [
      i("anio", "Año fiscal"),
      s("departamento", "Código INEI del departamento (2 dígitos); «sin_ubicacion»"),
      s("departamento_nombre", "Nombre del departamento"),
      ...STAGES,
      n("participacion_pim", "Parte del PIM específico del año (%)"),
    ],
  },
  {
    id: "estadisticas",
    theme: "estadistica",
    title: "Estadísticas públicas del registro estadístico",
    description:
      "Las tablas de conteos del registro estadístico cuyo periodo cae en el año publicado, una fila por celda, con control de divulgación: «reservado» marca una celda con menos de k casos o reservada para que no pueda calcularse una que los tiene (ambas igual).",
    keywords: ["estadística", "trata de personas", "control de divulgación"],
    primaryKey: ["tabla", "unidad", "celda"],
    // The same columns as GET /api/public/statistics.csv (statistics-csv.builder.ts).
    fields: [],
  },
] as const satisfies readonly OpenDataDatasetDef[];

export type OpenDataDatasetId = (typeof OPEN_DATA_DATASETS)[number]["id"];
export const OPEN_DATA_DATASET_IDS = OPEN_DATA_DATASETS.map((d) => d.id) as [
  OpenDataDatasetId,
  ...OpenDataDatasetId[],
];

export const OPEN_DATA_FORMATS = ["csv", "json", "xlsx"] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

export const OPEN_DATA_MEDIA_TYPES: Record<OpenDataFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A cell of a dataset row: numbers stay numbers; ND and «reservado» are text. */
export const OpenDataCellSchema = z.union([z.string(), z.number(), z.null()]);
export type OpenDataCell = z.infer<typeof OpenDataCellSchema>;

/**
 * What publishing a year freezes for the open data: every dataset's rows, read once with the
 * evaluation, its Informe and its package, and the names the code lists need. Stored as JSON
 * beside the Informe (`publication_file`, kind `datos-abiertos`, migration 0020).
 */
export const OpenDataReleaseSchema = z.object({
  format: z.literal(1),
  policy: z.object({ code: z.string(), name: z.string(), conductor: z.string() }),
  year: z.number().int(),
  cutOff: z.string(),
  generatedAt: z.string(),
  /** Statistics: the k the tables were protected with (output `datos-abiertos/publicacion`). */
  k: z.number().int(),
  /** Columns of the `estadisticas` dataset, as the statistics feature writes them. */
  statisticsFields: z.array(
    z.object({
      name: z.string(),
      type: z.enum(["string", "number", "integer", "date"]),
      description: z.string(),
    }),
  ),
  entities: z.array(z.object({ code: z.string(), name: z.string() })),
  territories: z.array(z.object({ code: z.string(), name: z.string() })),
  tables: z.partialRecord(
    z.enum(OPEN_DATA_DATASET_IDS),
    z.array(z.record(z.string(), OpenDataCellSchema)),
  ),
});
export type OpenDataRelease = z.infer<typeof OpenDataReleaseSchema>;

export function openDataDataset(id: OpenDataDatasetId): OpenDataDatasetDef {
  const def = OPEN_DATA_DATASETS.find((d) => d.id === id);
  if (!def) throw new Error(`Conjunto de datos desconocido: ${id}`);
  return def;
}

/** The dataset's columns in a release (the statistics' come with the release). */
export function datasetFields(
  release: Pick<OpenDataRelease, "statisticsFields">,
  id: OpenDataDatasetId,
): readonly OpenDataField[] {
  return id === "estadisticas" ? release.statisticsFields : openDataDataset(id).fields;
}

/** The stable address of each open-data file (relative to the server's origin). */
export const openDataPaths = {
  catalogue: "/api/public/datasets",
  dcat: "/api/public/catalog.jsonld",
  dataset: (policy: string, id: string, year: number, format: OpenDataFormat) =>
    `/api/public/datasets/${policy}/${id}/${year}.${format}`,
  datapackage: (policy: string, year: number) =>
    `/api/public/releases/${policy}/${year}/datapackage.json`,
  sdmxData: (policy: string) => `/api/public/sdmx/${policy}/indicadores.csv`,
  sdmxJson: (policy: string) => `/api/public/sdmx/${policy}/indicadores.json`,
  sdmxCodelist: (policy: string, list: string) =>
    `/api/public/sdmx/${policy}/codelists/${list}.csv`,
  informe: (policy: string, year: number) => `/api/policies/${policy}/publications/${year}/report`,
  paquete: (policy: string, year: number) => `/api/policies/${policy}/publications/${year}/package`,
};
