/**
 * The fixed vocabulary of the statistical register (ADR 0019). The lists that institutions and
 * classifications change (sexes, age bands, nationalities, forms of exploitation, statutes,
 * units, sources, concepts) are data: versioned files under reference/statistics/code-lists/,
 * loaded into the database. What is here is what the code itself branches on.
 */

/** The harmonized dimensions of a figure, in the order of a figure's key. */
export const DIMENSIONS = ["sex", "ageBand", "nationality", "exploitationForm", "statute"] as const;
export type StatDimension = (typeof DIMENSIONS)[number];

/** The code list each dimension takes its codes from. */
export const DIMENSION_LISTS: Record<StatDimension, DimensionList> = {
  sex: "sex",
  ageBand: "age_band",
  nationality: "nationality",
  exploitationForm: "exploitation_form",
  statute: "statute",
};

/** Code lists of plain codes (stat_code); sources and concepts have tables of their own. */
export const DIMENSION_LIST_CODES = [
  "sex",
  "age_band",
  "nationality",
  "exploitation_form",
  "statute",
  "unit",
] as const;
export type DimensionList = (typeof DIMENSION_LIST_CODES)[number];

export const CODE_LIST_CODES = [...DIMENSION_LIST_CODES, "source", "concept"] as const;
export type CodeListCode = (typeof CODE_LIST_CODES)[number];

export const DIMENSION_LABELS: Record<StatDimension, string> = {
  sex: "sexo",
  ageBand: "grupo de edad",
  nationality: "nacionalidad",
  exploitationForm: "forma de explotación",
  statute: "tipo penal",
};

export const PERIOD_TYPES = ["anio", "semestre", "trimestre", "mes", "rango"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const CAUSES = [
  "unidad_de_conteo",
  "base_de_fecha",
  "clasificacion",
  "cobertura",
  "otra",
] as const;
export type DiscrepancyCause = (typeof CAUSES)[number];

export const CAUSE_LABELS: Record<DiscrepancyCause, string> = {
  unidad_de_conteo: "unidad de conteo",
  base_de_fecha: "base de fecha",
  clasificacion: "clasificación",
  cobertura: "cobertura",
  otra: "otra",
};

export const OVERLAP_METHODS = ["suma", "maximo", "declarada", "desconocida"] as const;
export type OverlapMethod = (typeof OVERLAP_METHODS)[number];

export const ORIGINS = ["exportacion", "transcripcion"] as const;
export type FigureOrigin = (typeof ORIGINS)[number];

export const MILESTONES = [
  "denuncia",
  "investigacion",
  "formalizacion",
  "acusacion",
  "sentencia_condenatoria",
  "sentencia_absolutoria",
  "apelacion",
  "firme",
  "archivo",
] as const;
export type Milestone = (typeof MILESTONES)[number];

/**
 * Units whose figures add up. A share (porcentaje) is kept and compared, but never summed or
 * checked against a total.
 */
export const NON_ADDITIVE_UNITS: ReadonlySet<string> = new Set(["porcentaje"]);

/** Largest value a figure may carry: above the population of Peru by far, below any overflow. */
export const MAX_FIGURE_VALUE = 100_000_000;
