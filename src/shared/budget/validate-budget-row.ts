import {
  AMOUNT_FIELDS,
  type AmountField,
  type BudgetLineInput,
  DIMENSIONS,
  type Dimension,
  type ImportField,
  type Level,
} from "./budget-fields.ts";
import { centsFromNumber, type ParsedAmount, parseAmount } from "./money.ts";

/** Why a row was refused: one stable code per reason, counted in the import report. */
export const REJECTION_REASONS = {
  monto_negativo: "monto negativo",
  devengado_mayor_pim: "devengado mayor que el PIM",
  ubigeo_desconocido: "ubigeo desconocido",
  codigo_invalido: "código inválido",
  monto_invalido: "monto inválido",
  campo_vacio: "campo requerido vacío",
  anio_distinto: "año distinto del indicado",
  duplicada: "línea duplicada",
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;

export interface RowProblem {
  reason: RejectionReason;
  message: string;
}

export type RowResult = { ok: true; line: BudgetLineInput } | { ok: false; problems: RowProblem[] };

/** A cell as it arrives: text from CSV, text or number from XLSX, nothing for an empty cell. */
export type Cell = string | number | null | undefined;

const LEVEL_BY_TEXT: Record<string, Level> = {
  E: "nacional",
  NACIONAL: "nacional",
  "GOBIERNO NACIONAL": "nacional",
  R: "regional",
  REGIONAL: "regional",
  "GOBIERNO REGIONAL": "regional",
  "GOBIERNOS REGIONALES": "regional",
  M: "local",
  L: "local",
  LOCAL: "local",
  "GOBIERNO LOCAL": "local",
  "GOBIERNOS LOCALES": "local",
};

const text = (cell: Cell): string =>
  cell === null || cell === undefined ? "" : String(cell).trim();

/** Consulta Amigable writes "007: M. DEL INTERIOR" in one cell; open data splits the two. */
const CODE_AND_NAME = /^([0-9A-Z][0-9A-Z.-]*)\s*:\s*(.+)$/;
const CODE = /^[0-9A-Z][0-9A-Z.-]{0,19}$/;
const UBIGEO_DIGITS: Record<number, RegExp> = { 2: /^\d{2}$/, 4: /^\d{4}$/, 6: /^\d{6}$/ };

function splitCodeName(value: string): { code: string; name: string | null } {
  const m = CODE_AND_NAME.exec(value);
  return m
    ? { code: m[1] ?? value, name: (m[2] ?? "").trim() || null }
    : { code: value, name: null };
}

export interface RowContext {
  columns: Partial<Record<ImportField, number>>;
  /** --year, when given: rows of another year are refused (anio_distinto). */
  year: number | null;
  /** Ubigeo codes known to the reference (2, 4 and 6 digits). */
  ubigeo: ReadonlySet<string>;
}

function amountOf(cell: Cell): ParsedAmount {
  return typeof cell === "number" ? centsFromNumber(cell) : parseAmount(text(cell));
}

function ubigeoPart(value: string, parent: string | null, digits: number): string | null {
  if (value === "") return null;
  const { code } = splitCodeName(value);
  // Open data writes a province as "01" inside its department; Consulta Amigable as "1501".
  if (parent && code.length < digits && parent.length + code.length === digits)
    return `${parent}${code}`;
  return code;
}

/**
 * Validates one data row. Pure: the caller supplies the ubigeo reference and counts duplicates
 * (they need the whole file). A row can have several problems; all are reported.
 */
export function validateBudgetRow(
  row: readonly Cell[],
  lineNo: number,
  ctx: RowContext,
): RowResult {
  const problems: RowProblem[] = [];
  const cell = (field: ImportField): Cell => {
    const index = ctx.columns[field];
    return index === undefined ? undefined : row[index];
  };

  let year = ctx.year ?? 0;
  if (ctx.columns.year !== undefined) {
    const raw = text(cell("year"));
    const parsed = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(parsed) || parsed < 1990 || parsed > 2100) {
      problems.push({ reason: "codigo_invalido", message: `año inválido «${raw}»` });
    } else if (ctx.year !== null && parsed !== ctx.year) {
      problems.push({
        reason: "anio_distinto",
        message: `la fila es del año ${parsed}, se importa ${ctx.year}`,
      });
    } else {
      year = parsed;
    }
  }

  const nivelText = splitCodeName(text(cell("nivel")).toUpperCase());
  const nivel =
    LEVEL_BY_TEXT[nivelText.code] ?? LEVEL_BY_TEXT[(nivelText.name ?? "").toUpperCase()] ?? null;
  if (!nivel) {
    problems.push(
      text(cell("nivel")) === ""
        ? { reason: "campo_vacio", message: "nivel de gobierno vacío" }
        : {
            reason: "codigo_invalido",
            message: `nivel de gobierno desconocido «${text(cell("nivel"))}» (E, R o M)`,
          },
    );
  }

  const codes = {} as Record<Dimension, string | null>;
  const names = {} as Record<Dimension, string | null>;
  for (const d of DIMENSIONS) {
    const raw = text(cell(`${d}_code`));
    const split = raw === "" ? { code: "", name: null } : splitCodeName(raw);
    const name = text(cell(`${d}_name`)) || split.name;
    if (split.code !== "" && !CODE.test(split.code)) {
      problems.push({
        reason: "codigo_invalido",
        message: `código de ${d} inválido «${split.code.slice(0, 30)}»`,
      });
    }
    codes[d] = split.code || null;
    names[d] = name || null;
  }
  if (!codes.pliego) problems.push({ reason: "campo_vacio", message: "pliego vacío" });
  const metaRaw = text(cell("meta_code"));
  const meta = metaRaw === "" ? { code: "", name: null } : splitCodeName(metaRaw);
  if (meta.code !== "" && !CODE.test(meta.code)) {
    problems.push({ reason: "codigo_invalido", message: `código de meta inválido «${meta.code}»` });
  }
  const metaName = text(cell("meta_name")) || meta.name;

  // Ubigeo: a 6-digit UBIGEO column, or department / province / district columns.
  let department: string | null = null;
  let province: string | null = null;
  let district: string | null = null;
  const ubigeo = splitCodeName(text(cell("ubigeo"))).code;
  if (ubigeo !== "") {
    if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(ubigeo)) {
      problems.push({ reason: "codigo_invalido", message: `ubigeo inválido «${ubigeo}»` });
    } else {
      department = ubigeo.slice(0, 2);
      province = ubigeo.length >= 4 ? ubigeo.slice(0, 4) : null;
      district = ubigeo.length === 6 ? ubigeo : null;
    }
  } else {
    department = ubigeoPart(text(cell("departamento")), null, 2);
    province = ubigeoPart(text(cell("provincia")), department, 4);
    district = ubigeoPart(text(cell("distrito")), province, 6);
  }
  for (const [code, digits] of [
    [department, 2],
    [province, 4],
    [district, 6],
  ] as const) {
    if (code === null) continue;
    if (!UBIGEO_DIGITS[digits]?.test(code)) {
      problems.push({ reason: "codigo_invalido", message: `ubigeo inválido «${code}»` });
    } else if (!ctx.ubigeo.has(code)) {
      problems.push({
        reason: "ubigeo_desconocido",
        message: `ubigeo ${code} no existe en la referencia INEI`,
      });
      // Its province and district cannot exist either: one problem, not three.
      break;
    } else if (code.length > 2 && department && !code.startsWith(department)) {
      problems.push({
        reason: "codigo_invalido",
        message: `ubigeo ${code} no pertenece al departamento ${department}`,
      });
    }
  }

  const amounts = {} as Record<AmountField, number | null>;
  for (const field of AMOUNT_FIELDS) {
    if (ctx.columns[field] === undefined) {
      amounts[field] = null;
      continue;
    }
    const parsed = amountOf(cell(field));
    if (!parsed.ok) {
      problems.push({ reason: "monto_invalido", message: `${field}: ${parsed.reason}` });
      amounts[field] = null;
    } else if (parsed.cents < 0) {
      problems.push({
        reason: "monto_negativo",
        message: `${field} negativo (${(parsed.cents / 100).toFixed(2)})`,
      });
      amounts[field] = null;
    } else {
      amounts[field] = parsed.cents;
    }
  }
  const { pia, pim, devengado } = amounts;
  if (pim !== null && devengado !== null && devengado > pim) {
    problems.push({
      reason: "devengado_mayor_pim",
      message: `devengado ${(devengado / 100).toFixed(2)} mayor que el PIM ${(pim / 100).toFixed(2)}`,
    });
  }

  if (problems.length > 0 || !nivel || pia === null || pim === null || devengado === null) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    line: {
      lineNo,
      year,
      nivel,
      codes,
      names,
      metaCode: meta.code || null,
      metaName: metaName || null,
      departmentCode: department,
      provinceCode: province,
      districtCode: district,
      pia,
      pim,
      certificacion: amounts.certificacion,
      compromiso: amounts.compromiso,
      devengado,
      girado: amounts.girado,
    },
  };
}

/**
 * The budget chain that identifies a line: two lines with the same chain in one year are the
 * same line twice (an export pasted twice, a join gone wrong).
 */
export function chainKey(line: BudgetLineInput): string {
  const c = line.codes;
  return [
    line.year,
    line.nivel,
    c.pliego,
    c.ejecutora,
    c.programa,
    c.producto,
    c.actividad,
    c.funcion,
    c.division,
    c.grupo,
    line.metaCode,
    c.finalidad,
    c.fuente,
    c.generica,
    line.departmentCode,
    line.provinceCode,
    line.districtCode,
  ].join("|");
}
