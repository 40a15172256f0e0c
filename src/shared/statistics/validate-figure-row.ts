import type { FigureDimensions } from "./figure-dimensions.ts";
import { CANONICAL_HEADERS, type FigureField, foldValue } from "./figure-fields.ts";
import { type Period, parsePeriod } from "./period.ts";
import {
  DIMENSION_LABELS,
  DIMENSIONS,
  MAX_FIGURE_VALUE,
  NON_ADDITIVE_UNITS,
  type StatDimension,
} from "./statistics-codes.ts";

/**
 * One row of a statistics file → one figure, or the reasons it is refused, each naming the row
 * and the column as the person sees them in the spreadsheet. Everything is checked here, before
 * the database: control characters (and the invisible bidirectional marks that make a cell read
 * differently from what it holds), over-long texts, values that are not counts or are
 * implausibly large, periods before 1990 or after today, codes outside the code lists.
 */

/** A cell as it arrives: text from CSV, text or number from XLSX, nothing for an empty cell. */
export type Cell = string | number | null | undefined;

export interface FigureInput extends FigureDimensions {
  concept: string;
  period: Period;
  value: number;
  unit: string;
  definition: string;
  extractionDate: string | null;
  reportedVia: string | null;
  document: string;
  location: string | null;
  note: string | null;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export type FigureRowResult =
  | { ok: true; figure: FigureInput }
  | { ok: false; problems: RowProblem[] };

export interface CodeInfo {
  retired: boolean;
}

export interface FigureRowContext {
  columns: Partial<Record<FigureField, number>>;
  /** The header text of each column, to name it in messages. */
  header: readonly string[];
  constants: Partial<Record<FigureField, string>>;
  /** The source's own words for codes, folded (foldValue) → code. */
  recode: Partial<Record<"concept" | "unit" | StatDimension, Record<string, string>>>;
  concepts: ReadonlyMap<string, CodeInfo & { defaultUnit: string; definition: string }>;
  units: ReadonlyMap<string, CodeInfo>;
  dimensions: Record<StatDimension, ReadonlyMap<string, CodeInfo>>;
  ubigeo: ReadonlySet<string>;
  today: string;
  /** Provenance when the file has no document column: the file's name. */
  fileName: string;
}

const MAX_TEXT = 2000;
// C0 and C1 controls except tab and line breaks, and the bidirectional overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK = /[\r\n]/;

const codePoint = (c: string) =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** A count as institutions write it: 1054, 1,054, 1.054, 1 054; a share may carry decimals. */
export function parseFigureValue(
  cell: string | number,
  additive: boolean,
): { ok: true; value: number } | { ok: false; message: string } {
  let value: number;
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { ok: false, message: "no es un número" };
    value = cell;
  } else {
    const t = cell.replace(/[\s\u00A0]/g, "");
    if (/^-/.test(t)) return { ok: false, message: `«${cell}» es negativo` };
    if (/^\d+$/.test(t)) value = Number(t);
    else if (additive && /^\d{1,3}(,\d{3})+$/.test(t)) value = Number(t.replaceAll(",", ""));
    else if (additive && /^\d{1,3}(\.\d{3})+$/.test(t)) value = Number(t.replaceAll(".", ""));
    else if (/^\d+[.,]\d+$/.test(t)) {
      if (additive)
        return {
          ok: false,
          message: `«${cell}» no es un número entero (una cuenta no tiene decimales)`,
        };
      value = Number(t.replace(",", "."));
    } else return { ok: false, message: `«${cell}» no es un número` };
  }
  if (value < 0) return { ok: false, message: `${value} es negativo` };
  if (additive && !Number.isInteger(value))
    return {
      ok: false,
      message: `${value} no es un número entero (una cuenta no tiene decimales)`,
    };
  if (!additive && value > 100) return { ok: false, message: `${value} % es mayor que 100` };
  if (value > MAX_FIGURE_VALUE)
    return {
      ok: false,
      message: `${value.toLocaleString("es-PE")} es demasiado grande (máximo ${MAX_FIGURE_VALUE.toLocaleString("es-PE")})`,
    };
  return { ok: true, value };
}

/** An ubigeo as a spreadsheet may have turned it into a number: 4 → «04», 40101 → «040101». */
export function normalizeUbigeo(value: string): string {
  const t = value.trim();
  return /^\d+$/.test(t) && t.length % 2 === 1 ? `0${t}` : t;
}

export function createFigureRowValidator(ctx: FigureRowContext) {
  const columnName = (field: FigureField) => {
    const index = ctx.columns[field];
    return index === undefined
      ? `${CANONICAL_HEADERS[field][0]} (constante de la correspondencia)`
      : String(ctx.header[index] ?? field);
  };

  return (row: readonly Cell[], rowNo: number): FigureRowResult => {
    const problems: RowProblem[] = [];
    const problem = (field: FigureField | string, message: string) =>
      problems.push({
        row: rowNo,
        column: (CANONICAL_HEADERS as Record<string, unknown>)[field]
          ? columnName(field as FigureField)
          : field,
        message,
      });

    // Every cell is checked, also those of ignored columns: a control character anywhere in
    // the row says the file is not what it seems.
    row.forEach((cell, index) => {
      if (typeof cell !== "string") return;
      const bad = CONTROL.exec(cell);
      const name = String(ctx.header[index] ?? `columna ${index + 1}`);
      if (bad)
        problems.push({
          row: rowNo,
          column: name,
          message: `carácter de control ${codePoint(bad[0])} no permitido`,
        });
      else if (cell.length > MAX_TEXT)
        problems.push({
          row: rowNo,
          column: name,
          message: `texto de ${cell.length} caracteres (máximo ${MAX_TEXT})`,
        });
    });
    if (problems.length > 0) return { ok: false, problems };

    /** A field's value: its column, else the mapping's constant; trimmed, empty as null. */
    const raw = (field: FigureField): Cell => {
      const index = ctx.columns[field];
      const cell = index === undefined ? undefined : row[index];
      if (cell !== undefined && cell !== null && String(cell).trim() !== "") return cell;
      return ctx.constants[field];
    };
    const textOf = (field: FigureField): string | null => {
      const cell = raw(field);
      if (cell === undefined || cell === null) return null;
      const t = String(cell).trim();
      return t === "" ? null : t;
    };
    const singleLine = (field: FigureField): string | null => {
      const t = textOf(field);
      if (t !== null && LINE_BREAK.test(t)) {
        problem(field, "un código no puede tener saltos de línea");
        return null;
      }
      return t;
    };
    const coded = (
      field: FigureField,
      recodeKey: "concept" | "unit" | StatDimension,
      known: ReadonlyMap<string, CodeInfo>,
      label: string,
    ): string | null => {
      const t = singleLine(field);
      if (t === null) return null;
      const code = ctx.recode[recodeKey]?.[foldValue(t)] ?? t;
      const info = known.get(code);
      if (!info) {
        problem(field, `${label} «${t}» no está en la lista de códigos`);
        return null;
      }
      if (info.retired) {
        problem(field, `${label} «${t}» fue retirado de la lista de códigos`);
        return null;
      }
      return code;
    };

    const concept = coded("concept", "concept", ctx.concepts, "concepto");
    if (concept === null && textOf("concept") === null) problem("concept", "falta el concepto");

    // The period is given one way: a period, a year, or a first and last day.
    let period: Period | null = null;
    const ways = [
      textOf("period") !== null,
      textOf("year") !== null,
      textOf("periodStart") !== null || textOf("periodEnd") !== null,
    ].filter(Boolean).length;
    if (ways === 0) problem("period", "falta el periodo");
    else if (ways > 1)
      problem("period", "indique el periodo de una sola forma (periodo, año o inicio y fin)");
    else {
      const start = textOf("periodStart");
      const end = textOf("periodEnd");
      const field: FigureField =
        textOf("period") !== null ? "period" : textOf("year") !== null ? "year" : "periodStart";
      let text: string;
      if (field === "periodStart") {
        if (start === null || end === null) {
          problem(
            start === null ? "periodStart" : "periodEnd",
            "indique el inicio y el fin del periodo",
          );
          text = "";
        } else text = `${start}/${end}`;
      } else text = textOf(field) as string;
      if (text !== "") {
        const parsed = parsePeriod(text, ctx.today);
        if (parsed.ok) period = parsed.period;
        else problem(field, parsed.message);
      }
    }

    let ubigeo: string | null = null;
    const ubigeoText = singleLine("ubigeo");
    if (ubigeoText !== null && foldValue(ubigeoText) !== "NACIONAL") {
      const u = normalizeUbigeo(ubigeoText);
      if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(u)) problem("ubigeo", `ubigeo «${ubigeoText}» inválido`);
      else if (!ctx.ubigeo.has(u)) problem("ubigeo", `ubigeo «${ubigeoText}» desconocido`);
      else ubigeo = u;
    }

    const dims = {} as Record<StatDimension, string | null>;
    for (const d of DIMENSIONS) {
      dims[d] = coded(d, d, ctx.dimensions[d], DIMENSION_LABELS[d]);
    }

    const conceptInfo = concept === null ? undefined : ctx.concepts.get(concept);
    const unit =
      textOf("unit") === null
        ? (conceptInfo?.defaultUnit ?? null)
        : coded("unit", "unit", ctx.units, "unidad");
    const definition = textOf("definition") ?? conceptInfo?.definition ?? null;

    let value: number | null = null;
    const valueCell = raw("value");
    if (valueCell === undefined || valueCell === null || String(valueCell).trim() === "")
      problem("value", "falta el valor");
    else {
      const parsed = parseFigureValue(valueCell, !NON_ADDITIVE_UNITS.has(unit ?? ""));
      if (parsed.ok) value = parsed.value;
      else problem("value", parsed.message);
    }

    let extractionDate: string | null = null;
    const extraction = singleLine("extractionDate");
    if (extraction !== null) {
      const valid =
        /^\d{4}-\d{2}-\d{2}$/.test(extraction) &&
        parsePeriod(`${extraction}/${extraction}`, "9999-12-31").ok;
      if (!valid) problem("extractionDate", `fecha «${extraction}» inválida (AAAA-MM-DD)`);
      else if (extraction > ctx.today)
        problem(
          "extractionDate",
          `la extracción (${extraction}) es posterior a hoy (${ctx.today})`,
        );
      else if (period && extraction < period.start)
        problem(
          "extractionDate",
          `la extracción (${extraction}) es anterior al inicio del periodo`,
        );
      else extractionDate = extraction;
    }

    if (
      problems.length > 0 ||
      concept === null ||
      period === null ||
      value === null ||
      unit === null ||
      definition === null
    )
      return { ok: false, problems };
    return {
      ok: true,
      figure: {
        concept,
        period,
        ubigeo,
        ...dims,
        value,
        unit,
        definition,
        extractionDate,
        reportedVia: singleLine("reportedVia"),
        document: textOf("document") ?? ctx.fileName,
        location: textOf("location") ?? `fila ${rowNo}`,
        note: textOf("note"),
      },
    };
  };
}

/** A figure's identity: a second figure with the same key restates the first. */
export function figureKey(
  source: string,
  f: Pick<FigureInput, "concept" | "period" | "ubigeo" | "unit" | "reportedVia" | StatDimension>,
): string {
  return [
    source,
    f.concept,
    f.reportedVia ?? "",
    f.period.start,
    f.period.end,
    f.ubigeo ?? "",
    ...DIMENSIONS.map((d) => f[d] ?? ""),
    f.unit,
  ].join("\u0001");
}
