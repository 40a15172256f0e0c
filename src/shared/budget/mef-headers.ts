import {
  describeField,
  IMPORT_FIELDS,
  type ImportField,
  REQUIRED_FIELDS,
} from "./budget-fields.ts";

/**
 * Header mapping: the column names MEF uses (open data files, Consulta Amigable exports, and
 * the spellings analysts type) → our fields. Headers are compared after normalization (upper
 * case, no accents, runs of other characters as one "_"), so "Año", "AÑO_EJE" and "ano eje"
 * meet. For a field with several known headers, the first one present in the file wins, in the
 * order of this table: the open-data code column before its name column.
 */
const KNOWN_HEADERS: Record<ImportField, readonly string[]> = {
  year: ["ANO_EJE", "ANO", "ANIO", "ANO_EJERCICIO", "EJERCICIO", "YEAR"],
  nivel: ["NIVEL_GOBIERNO", "NIVEL_DE_GOBIERNO", "NIVEL_GOBIERNO_NOMBRE", "NIVEL"],
  sector_code: ["SECTOR", "SECTOR_CODIGO", "COD_SECTOR"],
  sector_name: ["SECTOR_NOMBRE", "NOMBRE_SECTOR"],
  pliego_code: ["PLIEGO", "PLIEGO_CODIGO", "COD_PLIEGO"],
  pliego_name: ["PLIEGO_NOMBRE", "NOMBRE_PLIEGO"],
  ejecutora_code: ["SEC_EJEC", "EJECUTORA", "UNIDAD_EJECUTORA", "COD_EJECUTORA"],
  ejecutora_name: ["EJECUTORA_NOMBRE", "UNIDAD_EJECUTORA_NOMBRE", "NOMBRE_EJECUTORA"],
  programa_code: [
    "PROGRAMA_PPTO",
    "PROGRAMA_PRESUPUESTAL",
    "CATEGORIA_PRESUPUESTAL",
    "PROGRAMA",
    "PP",
  ],
  programa_name: [
    "PROGRAMA_PPTO_NOMBRE",
    "PROGRAMA_PRESUPUESTAL_NOMBRE",
    "CATEGORIA_PRESUPUESTAL_NOMBRE",
    "PROGRAMA_NOMBRE",
  ],
  producto_code: ["PRODUCTO_PROYECTO", "PRODUCTO", "PROYECTO"],
  producto_name: ["PRODUCTO_PROYECTO_NOMBRE", "PRODUCTO_NOMBRE", "PROYECTO_NOMBRE"],
  actividad_code: [
    "ACTIVIDAD_ACCION_OBRA",
    "ACTIVIDAD_ACCION_DE_INVERSION_OBRA",
    "ACTIVIDAD_OBRA_ACCION_DE_INVERSION",
    "ACTIVIDAD",
  ],
  actividad_name: [
    "ACTIVIDAD_ACCION_OBRA_NOMBRE",
    "ACTIVIDAD_ACCION_DE_INVERSION_OBRA_NOMBRE",
    "ACTIVIDAD_NOMBRE",
  ],
  funcion_code: ["FUNCION", "FUNCION_CODIGO"],
  funcion_name: ["FUNCION_NOMBRE"],
  division_code: ["DIVISION_FUNCIONAL", "DIVISION_FUNCIONAL_CODIGO"],
  division_name: ["DIVISION_FUNCIONAL_NOMBRE"],
  grupo_code: ["GRUPO_FUNCIONAL", "GRUPO_FUNCIONAL_CODIGO"],
  grupo_name: ["GRUPO_FUNCIONAL_NOMBRE"],
  meta_code: ["META", "SEC_FUNC", "META_CODIGO"],
  meta_name: ["META_NOMBRE", "NOMBRE_META"],
  finalidad_code: ["FINALIDAD", "FINALIDAD_CODIGO"],
  finalidad_name: ["FINALIDAD_NOMBRE", "NOMBRE_FINALIDAD"],
  departamento: ["DEPARTAMENTO_META", "DEPARTAMENTO", "DEPARTAMENTO_EJECUTORA"],
  provincia: ["PROVINCIA_META", "PROVINCIA", "PROVINCIA_EJECUTORA"],
  distrito: ["DISTRITO_META", "DISTRITO", "DISTRITO_EJECUTORA"],
  ubigeo: ["UBIGEO", "UBIGEO_META", "UBIGEO_EJECUTORA"],
  fuente_code: ["FUENTE_FINANCIAMIENTO", "FUENTE_DE_FINANCIAMIENTO", "FUENTE_FINANC", "FUENTE"],
  fuente_name: ["FUENTE_FINANCIAMIENTO_NOMBRE", "FUENTE_DE_FINANCIAMIENTO_NOMBRE"],
  generica_code: ["GENERICA", "GENERICA_GASTO", "GENERICA_DE_GASTO"],
  generica_name: ["GENERICA_NOMBRE", "GENERICA_GASTO_NOMBRE", "GENERICA_DE_GASTO_NOMBRE"],
  pia: ["MONTO_PIA", "PIA"],
  pim: ["MONTO_PIM", "PIM"],
  certificacion: ["MONTO_CERTIFICADO", "CERTIFICACION", "CERTIFICADO", "MONTO_CERTIFICACION"],
  compromiso: ["MONTO_COMPROMETIDO_ANUAL", "COMPROMISO_ANUAL", "COMPROMETIDO_ANUAL"],
  devengado: ["MONTO_DEVENGADO", "DEVENGADO"],
  girado: ["MONTO_GIRADO", "GIRADO"],
};

/**
 * Headers that mean the file is not what the importer expects. MES_EJE: the open-data file
 * repeats a chain once per month with that month's execution; summing it as annual lines would
 * count PIA and PIM twelve times.
 */
const REFUSED_HEADERS: Record<string, string> = {
  MES_EJE:
    "el archivo trae ejecución mensual (columna MES_EJE); Vigía importa el acumulado anual: agregue los meses o exporte el año desde Consulta Amigable",
};

export function normalizeHeader(header: string): string {
  return header
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

const BY_SPELLING = new Map<string, { field: ImportField; rank: number }>();
for (const field of IMPORT_FIELDS) {
  KNOWN_HEADERS[field].forEach((spelling, rank) => {
    BY_SPELLING.set(spelling, { field, rank });
  });
}

export interface HeaderMapping {
  /** Column index of each mapped field. */
  columns: Partial<Record<ImportField, number>>;
  /** Which header of the file fed each field, for the import report. */
  used: { field: ImportField; header: string }[];
  /** Headers of the file the importer does not read (and why). */
  ignored: { header: string; reason: string }[];
  /** Spanish errors; the import stops when there is any. */
  errors: string[];
}

/**
 * Maps a file's header row to our fields. A missing required column is an error naming it
 * (and the spellings that would have been recognized); unknown columns are ignored and listed.
 */
export function mapHeaders(
  headers: readonly string[],
  options: { yearGiven: boolean },
): HeaderMapping {
  const columns: Partial<Record<ImportField, number>> = {};
  const rankOf: Partial<Record<ImportField, number>> = {};
  const ignored: HeaderMapping["ignored"] = [];
  const errors: string[] = [];
  headers.forEach((raw, index) => {
    const header = normalizeHeader(raw);
    if (header === "") return;
    const refused = REFUSED_HEADERS[header];
    if (refused) {
      errors.push(`No se puede importar: ${refused}.`);
      return;
    }
    const known = BY_SPELLING.get(header);
    if (!known) {
      ignored.push({ header: raw, reason: "columna no reconocida" });
      return;
    }
    const current = columns[known.field];
    if (current === undefined || known.rank < (rankOf[known.field] ?? Infinity)) {
      if (current !== undefined) {
        ignored.push({
          header: headers[current] ?? "",
          reason: `se usa «${raw}» para ${describeField(known.field)}`,
        });
      }
      columns[known.field] = index;
      rankOf[known.field] = known.rank;
    } else {
      ignored.push({
        header: raw,
        reason: `se usa «${headers[current] ?? ""}» para ${describeField(known.field)}`,
      });
    }
  });
  const required = options.yearGiven ? REQUIRED_FIELDS : (["year", ...REQUIRED_FIELDS] as const);
  for (const field of required) {
    if (columns[field] !== undefined) continue;
    // A Consulta Amigable export may carry the level only through the pliego's sector; we do
    // not guess it: the analyses by level of government depend on it.
    errors.push(
      field === "year"
        ? "Falta la columna del año (ANO_EJE). Indique el año con --year si el archivo es de un solo año."
        : `Falta la columna requerida de ${describeField(field)}: se esperaba un encabezado como ${KNOWN_HEADERS[
            field
          ]
            .slice(0, 3)
            .map((h) => `«${h}»`)
            .join(", ")}.`,
    );
  }
  const used = (Object.entries(columns) as [ImportField, number][])
    .sort((a, b) => a[1] - b[1])
    .map(([field, index]) => ({ field, header: headers[index] ?? "" }));
  return { columns, used, ignored, errors };
}
