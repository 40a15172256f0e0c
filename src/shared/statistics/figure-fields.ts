import { foldForSearch } from "../text-search.ts";

/**
 * The fields of a figure in an import file and the header names that name them. Every source's
 * file is read with the canonical Spanish headers below; a source's mapping file
 * (reference/statistics/mappings/<source>.json) adds the names its own exports use, values
 * every row shares, and its own words for codes.
 */

export const FIGURE_FIELDS = [
  "concept",
  "period",
  "year",
  "periodStart",
  "periodEnd",
  "ubigeo",
  "sex",
  "ageBand",
  "nationality",
  "exploitationForm",
  "statute",
  "value",
  "unit",
  "definition",
  "extractionDate",
  "reportedVia",
  "document",
  "location",
  "note",
] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];

/** The header every file may use for each field, as people write it in Spanish. */
export const CANONICAL_HEADERS: Record<FigureField, readonly string[]> = {
  concept: ["concepto"],
  period: ["periodo"],
  year: ["anio", "año"],
  periodStart: ["inicio", "fecha_inicio", "desde"],
  periodEnd: ["fin", "fecha_fin", "hasta"],
  ubigeo: ["ubigeo"],
  sex: ["sexo"],
  ageBand: ["edad", "grupo_edad", "grupo_de_edad"],
  nationality: ["nacionalidad"],
  exploitationForm: ["forma_explotacion", "forma_de_explotacion", "finalidad"],
  statute: ["tipo_penal", "delito"],
  value: ["valor", "cantidad", "total"],
  unit: ["unidad", "unidad_de_conteo"],
  definition: ["definicion"],
  extractionDate: ["fecha_extraccion", "fecha_de_extraccion", "fecha_de_corte"],
  reportedVia: ["via", "publicado_en"],
  document: ["documento", "fuente_documento"],
  location: ["ubicacion", "lineas", "referencia"],
  note: ["nota", "observacion"],
};

/** What a header or a code is compared as: accents, case, spaces and hyphens folded. */
export function foldHeader(header: string): string {
  return foldForSearch(header.trim())
    .replace(/[\s\-/.]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** A code as a source may write it: «Mujer», «MUJER», «mujer » are one. */
export function foldValue(value: string): string {
  return foldForSearch(value.trim()).replace(/\s+/g, " ").toUpperCase();
}

export interface HeaderMapping {
  /** Column index of each field found in the header. */
  columns: Partial<Record<FigureField, number>>;
  used: { field: FigureField; header: string }[];
  /** Headers that name no field: ignored, and listed in the report. */
  ignored: string[];
  errors: string[];
}

/**
 * Which column holds which field. A field named by two columns is an error (which one is
 * meant?), as is a header left empty; unknown headers are ignored and listed.
 */
export function mapFigureHeaders(
  header: readonly string[],
  extra: Partial<Record<FigureField, readonly string[]>>,
): HeaderMapping {
  const names = new Map<string, FigureField>();
  for (const field of FIGURE_FIELDS) {
    for (const name of [...CANONICAL_HEADERS[field], ...(extra[field] ?? [])]) {
      names.set(foldHeader(name), field);
    }
  }
  const mapping: HeaderMapping = { columns: {}, used: [], ignored: [], errors: [] };
  header.forEach((raw, index) => {
    const folded = foldHeader(String(raw ?? ""));
    if (folded === "") {
      mapping.errors.push(`La columna ${index + 1} no tiene encabezado.`);
      return;
    }
    const field = names.get(folded);
    if (!field) {
      mapping.ignored.push(String(raw));
      return;
    }
    const known = mapping.columns[field];
    if (known !== undefined) {
      mapping.errors.push(
        `Las columnas «${header[known]}» y «${raw}» indican el mismo dato (${field}).`,
      );
      return;
    }
    mapping.columns[field] = index;
    mapping.used.push({ field, header: String(raw) });
  });
  return mapping;
}
