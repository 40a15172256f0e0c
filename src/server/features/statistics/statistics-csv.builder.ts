/**
 * The public statistics as one CSV (open data, and `datos/estadisticas.csv` of the publication
 * package): one row per cell of every disclosure-controlled table, long format, so a reader can
 * filter a table and add up its parts. The same field list writes the file and describes it
 * (the package's datapackage.json and LEEME.md, docs/disclosure.md): the two cannot disagree.
 *
 * A suppressed cell is `reservado`, whatever its rule: telling primary from complementary
 * suppressions would show which cells are below k. UTF-8 without BOM, comma-separated, CRLF,
 * header first, as the package's other CSV files (Frictionless reads them as `utf-8`).
 */

/** The mark of a suppressed cell, declared a missing value of `valor`. */
export const RESERVED = "reservado";

/** The licence of the open data (src/shared/open-data), stated on every file. */
export { OPEN_DATA_LICENSE } from "../../../shared/open-data/open-data-datasets.ts";

/** A protected public table, as the statistics service returns it (public audience). */
export interface CsvTable {
  code: string;
  concept: string;
  conceptLabel: string;
  source: string;
  sourceLabel: string;
  period: { start: string; end: string; label: string };
  unit: string;
  unitLabel: string;
  breakdown: string;
  transcribed: boolean;
  cells: readonly {
    key: string;
    label: string;
    level: number;
    value: number | null;
    suppressed: boolean;
  }[];
}

interface CsvRow {
  table: CsvTable;
  cell: CsvTable["cells"][number];
}

export interface StatisticsCsvField {
  name: string;
  type: "string" | "integer" | "date";
  description: string;
  value(row: CsvRow): string | number;
}

export const STATISTICS_CSV_FIELDS: readonly StatisticsCsvField[] = [
  {
    name: "tabla",
    type: "string",
    description: "Código de la tabla: concepto/fuente/periodo (victim/PNP-RETA/2019)",
    value: (r) => r.table.code,
  },
  {
    name: "concepto",
    type: "string",
    description: "Código del concepto contado (lista de códigos de conceptos)",
    value: (r) => r.table.concept,
  },
  {
    name: "concepto_nombre",
    type: "string",
    description: "Nombre del concepto",
    value: (r) => r.table.conceptLabel,
  },
  {
    name: "fuente",
    type: "string",
    description: "Código de la fuente: institución y sistema (PNP-RETA)",
    value: (r) => r.table.source,
  },
  {
    name: "fuente_nombre",
    type: "string",
    description: "Nombre de la fuente",
    value: (r) => r.table.sourceLabel,
  },
  {
    name: "periodo",
    type: "string",
    description: "Periodo: 2019, 2025-S1, 2023-T2, 2024-03 o inicio/fin",
    value: (r) => r.table.period.label,
  },
  {
    name: "periodo_inicio",
    type: "date",
    description: "Primer día del periodo (AAAA-MM-DD)",
    value: (r) => r.table.period.start,
  },
  {
    name: "periodo_fin",
    type: "date",
    description: "Último día del periodo (AAAA-MM-DD)",
    value: (r) => r.table.period.end,
  },
  {
    name: "unidad",
    type: "string",
    description: "Código de la unidad contada (persona, caso, …)",
    value: (r) => r.table.unit,
  },
  {
    name: "unidad_nombre",
    type: "string",
    description: "Nombre de la unidad",
    value: (r) => r.table.unitLabel,
  },
  {
    name: "desglose",
    type: "string",
    description: "total (solo el total), dimensiones (sexo, edad, …) o departamentos",
    value: (r) => r.table.breakdown,
  },
  {
    name: "celda",
    type: "string",
    description: "Clave de la celda: total, sex=F;ageBand=menor_18, ubigeo=04",
    value: (r) => r.cell.key,
  },
  {
    name: "celda_nombre",
    type: "string",
    description: "Nombre de la celda (Total, Mujer · Menor de 18 años, Arequipa)",
    value: (r) => r.cell.label,
  },
  {
    name: "nivel",
    type: "integer",
    description: "0: el total de la tabla; 1: una de sus partes (las partes suman el total)",
    value: (r) => r.cell.level,
  },
  {
    name: "valor",
    type: "integer",
    description: `Conteo; «${RESERVED}» si la celda se reservó por control de divulgación (tiene menos de k casos, o se reservó para que no pueda calcularse una que los tiene; ambas se marcan igual)`,
    value: (r) => (r.cell.value === null ? RESERVED : r.cell.value),
  },
  {
    name: "transcrito",
    type: "string",
    description:
      "si: la tabla se armó con cifras transcritas de documentos publicados; no: de archivos de las instituciones",
    value: (r) => (r.table.transcribed ? "si" : "no"),
  },
];

export const STATISTICS_CSV_PRIMARY_KEY = ["tabla", "unidad", "celda"];

function csvEscape(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text of the protected public tables; refuses a cell that was not protected. */
export function statisticsCsv(tables: readonly CsvTable[]): string {
  const lines = [STATISTICS_CSV_FIELDS.map((f) => f.name).join(",")];
  for (const table of tables) {
    for (const cell of table.cells) {
      if (cell.suppressed !== (cell.value === null)) {
        throw new Error(`La celda ${table.code} ${cell.key} no viene del control de divulgación.`);
      }
      lines.push(STATISTICS_CSV_FIELDS.map((f) => csvEscape(f.value({ table, cell }))).join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
