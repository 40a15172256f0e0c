/**
 * The fields of a budget line, as MEF publishes them in Consulta Amigable and in its open data
 * ("Presupuesto y ejecución de gasto"). Pure data: the header mapping, the row validation, the
 * web app and the exports all read this one list.
 */

export const LEVELS = ["nacional", "regional", "local"] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, string> = {
  nacional: "Gobierno nacional",
  regional: "Gobiernos regionales",
  local: "Gobiernos locales",
};

/** Budget stages, in MEF's order. PIA, PIM and devengado are required; the rest optional. */
export const AMOUNT_FIELDS = [
  "pia",
  "pim",
  "certificacion",
  "compromiso",
  "devengado",
  "girado",
] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

const AMOUNT_LABELS: Record<AmountField, string> = {
  pia: "PIA",
  pim: "PIM",
  certificacion: "Certificación",
  compromiso: "Compromiso anual",
  devengado: "Devengado",
  girado: "Girado",
};

/** Dimensions with a code and a name. Names are stored once per code (budget_label). */
export const DIMENSIONS = [
  "sector",
  "pliego",
  "ejecutora",
  "programa",
  "producto",
  "actividad",
  "funcion",
  "division",
  "grupo",
  "finalidad",
  "fuente",
  "generica",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const DIMENSION_LABELS: Record<Dimension | "meta", string> = {
  sector: "Sector",
  pliego: "Pliego",
  ejecutora: "Unidad ejecutora",
  programa: "Programa presupuestal",
  producto: "Producto/proyecto",
  actividad: "Actividad/acción de inversión/obra",
  funcion: "Función",
  division: "División funcional",
  grupo: "Grupo funcional",
  meta: "Meta",
  finalidad: "Finalidad",
  fuente: "Fuente de financiamiento",
  generica: "Genérica de gasto",
};

/**
 * Every field the importer can fill. `year` is required unless --year is given (a Consulta
 * Amigable export has no year column: the year is chosen on the page).
 */
export const IMPORT_FIELDS = [
  "year",
  "nivel",
  ...DIMENSIONS.flatMap((d) => [`${d}_code`, `${d}_name`] as const),
  "meta_code",
  "meta_name",
  "departamento",
  "provincia",
  "distrito",
  "ubigeo",
  ...AMOUNT_FIELDS,
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const REQUIRED_FIELDS: readonly ImportField[] = [
  "nivel",
  "pliego_code",
  "pia",
  "pim",
  "devengado",
];

/** Spanish name of a field, for error messages and the mapping report. */
export function describeField(field: ImportField): string {
  if (field === "year") return "año";
  if (field === "nivel") return "nivel de gobierno";
  if (field === "departamento" || field === "provincia" || field === "distrito") return field;
  if (field === "ubigeo") return "ubigeo";
  if ((AMOUNT_FIELDS as readonly string[]).includes(field)) {
    return AMOUNT_LABELS[field as AmountField];
  }
  const [dimension, part] = field.split("_") as [Dimension | "meta", "code" | "name"];
  return `${DIMENSION_LABELS[dimension].toLowerCase()} (${part === "code" ? "código" : "nombre"})`;
}

/** A budget line after validation: codes, names, ubigeo and amounts in integer cents. */
export interface BudgetLineInput {
  lineNo: number;
  year: number;
  nivel: Level;
  codes: Record<Dimension, string | null>;
  names: Record<Dimension, string | null>;
  metaCode: string | null;
  metaName: string | null;
  departmentCode: string | null;
  provinceCode: string | null;
  districtCode: string | null;
  pia: number;
  pim: number;
  certificacion: number | null;
  compromiso: number | null;
  devengado: number;
  girado: number | null;
}
