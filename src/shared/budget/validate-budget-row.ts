import {
  AMOUNT_FIELDS,
  type AmountField,
  type BudgetLineInput,
  DIMENSIONS,
  type Dimension,
  type ImportField,
  type Level,
} from "./budget-fields.ts";
import { centsFromNumber, type ParsedAmount, parseAmount, plainCents } from "./money.ts";

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

/** A code cell: its code, the name written beside it, and what is wrong with it. */
interface CodeCell {
  code: string | null;
  name: string | null;
  problem: RowProblem | null;
}

interface UbigeoCells {
  department: string | null;
  province: string | null;
  district: string | null;
  problems: RowProblem[];
}

/**
 * True for a cell that is a valid code by itself (the open-data spelling: "007", "2.6"):
 * then it is its own code, with no name and no problem, and the regular expressions are not
 * needed. Equivalent to CODE, checked character by character.
 */
function isPlainCode(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || n > 20) return false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (!alnum && (i === 0 || (c !== 46 && c !== 45))) return false;
  }
  return true;
}

function readCode(raw: string, what: string, width: number): CodeCell {
  if (raw === "") return { code: null, name: null, problem: null };
  const split = splitCodeName(raw);
  return {
    code: split.code || null,
    name: split.name,
    problem:
      split.code !== "" && !CODE.test(split.code)
        ? {
            reason: "codigo_invalido",
            message: `código de ${what} inválido «${split.code.slice(0, width)}»`,
          }
        : null,
  };
}

function readYear(raw: string, given: number | null): { year: number; problem: RowProblem | null } {
  const parsed = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 1990 || parsed > 2100)
    return { year: 0, problem: { reason: "codigo_invalido", message: `año inválido «${raw}»` } };
  if (given !== null && parsed !== given)
    return {
      year: 0,
      problem: {
        reason: "anio_distinto",
        message: `la fila es del año ${parsed}, se importa ${given}`,
      },
    };
  return { year: parsed, problem: null };
}

function readNivel(raw: string): { nivel: Level | null; problem: RowProblem | null } {
  const split = splitCodeName(raw.toUpperCase());
  const nivel =
    LEVEL_BY_TEXT[split.code] ?? LEVEL_BY_TEXT[(split.name ?? "").toUpperCase()] ?? null;
  if (nivel) return { nivel, problem: null };
  return {
    nivel: null,
    problem:
      raw === ""
        ? { reason: "campo_vacio", message: "nivel de gobierno vacío" }
        : {
            reason: "codigo_invalido",
            message: `nivel de gobierno desconocido «${raw}» (E, R o M)`,
          },
  };
}

/** Ubigeo: a 6-digit UBIGEO column, or department / province / district columns. */
function readUbigeo(
  ubigeoRaw: string,
  parts: readonly [string, string, string],
  reference: ReadonlySet<string>,
): UbigeoCells {
  const problems: RowProblem[] = [];
  let department: string | null = null;
  let province: string | null = null;
  let district: string | null = null;
  const ubigeo = splitCodeName(ubigeoRaw).code;
  if (ubigeo !== "") {
    if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(ubigeo)) {
      problems.push({ reason: "codigo_invalido", message: `ubigeo inválido «${ubigeo}»` });
    } else {
      department = ubigeo.slice(0, 2);
      province = ubigeo.length >= 4 ? ubigeo.slice(0, 4) : null;
      district = ubigeo.length === 6 ? ubigeo : null;
    }
  } else {
    department = ubigeoPart(parts[0], null, 2);
    province = ubigeoPart(parts[1], department, 4);
    district = ubigeoPart(parts[2], province, 6);
  }
  for (const [code, digits] of [
    [department, 2],
    [province, 4],
    [district, 6],
  ] as const) {
    if (code === null) continue;
    if (!UBIGEO_DIGITS[digits]?.test(code)) {
      problems.push({ reason: "codigo_invalido", message: `ubigeo inválido «${code}»` });
    } else if (!reference.has(code)) {
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
  return { department, province, district, problems };
}

/** The trimmed text of a cell; CSV cells are already strings. */
function cellText(row: readonly Cell[], index: number): string {
  if (index < 0) return "";
  const cell = row[index];
  return typeof cell === "string" ? cell.trim() : text(cell);
}

/** Year, level and ubigeo repeat from row to row: their verdicts are remembered. */
const MEMO_LIMIT = 50_000;
function remembered<T>(memo: Map<string, T>, key: string, read: (key: string) => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = read(key);
    memo.set(key, value);
  }
  return value;
}

const UBIGEO_SEP = "\u0000";

/** Values in DIMENSIONS order as a record; a literal, so every line has the same shape. */
function byDimension(v: readonly (string | null)[]): Record<Dimension, string | null> {
  return {
    sector: v[0] ?? null,
    pliego: v[1] ?? null,
    ejecutora: v[2] ?? null,
    programa: v[3] ?? null,
    producto: v[4] ?? null,
    actividad: v[5] ?? null,
    funcion: v[6] ?? null,
    division: v[7] ?? null,
    grupo: v[8] ?? null,
    finalidad: v[9] ?? null,
    fuente: v[10] ?? null,
    generica: v[11] ?? null,
  };
}

export type RowValidator = (row: readonly Cell[], lineNo: number) => RowResult;

/**
 * The validator of one file: column positions resolved once, then called for every data row.
 * The caller supplies the ubigeo reference and counts duplicates (they need the whole file). A
 * row can have several problems; all are reported, in the order of the columns' meaning (year,
 * level, codes, meta, ubigeo, amounts). Written as plain loops without per-row closures: it
 * runs a million times per file, and its verdicts are those of the regular expressions above
 * (the fast paths only skip them when the answer is already known).
 */
export function createRowValidator(ctx: RowContext): RowValidator {
  const col = (field: ImportField): number => ctx.columns[field] ?? -1;
  const yearCol = col("year");
  const readYearOf = (raw: string) => readYear(raw, ctx.year);
  const years = new Map<string, ReturnType<typeof readYear>>();
  const nivelCol = col("nivel");
  const niveles = new Map<string, ReturnType<typeof readNivel>>();
  const codeCols = DIMENSIONS.map((d) => col(`${d}_code`));
  const nameCols = DIMENSIONS.map((d) => col(`${d}_name`));
  const metaCol = col("meta_code");
  const metaNameCol = col("meta_name");
  const ubigeoCols = [col("ubigeo"), col("departamento"), col("provincia"), col("distrito")];
  const readUbigeoKey = (key: string) => {
    const [u = "", dep = "", prov = "", dist = ""] = key.split(UBIGEO_SEP);
    return readUbigeo(u, [dep, prov, dist], ctx.ubigeo);
  };
  const ubigeos = new Map<string, UbigeoCells>();
  const amountCols = AMOUNT_FIELDS.map((f) => col(f));
  const dimCount = DIMENSIONS.length;
  // Scratch space, overwritten for every row; the line gets copies of the values.
  const codes: (string | null)[] = new Array(dimCount).fill(null);
  const names: (string | null)[] = new Array(dimCount).fill(null);
  const amounts: (number | null)[] = new Array(AMOUNT_FIELDS.length).fill(null);

  return (row, lineNo) => {
    const problems: RowProblem[] = [];
    let year = ctx.year ?? 0;
    if (yearCol >= 0) {
      const y = remembered(years, cellText(row, yearCol), readYearOf);
      if (y.problem) problems.push(y.problem);
      else year = y.year;
    }
    const n = remembered(niveles, cellText(row, nivelCol), readNivel);
    if (n.problem) problems.push(n.problem);

    for (let i = 0; i < dimCount; i++) {
      const raw = cellText(row, codeCols[i] as number);
      let splitName: string | null = null;
      if (raw === "") codes[i] = null;
      else if (isPlainCode(raw)) codes[i] = raw;
      else {
        const c = readCode(raw, DIMENSIONS[i] as Dimension, 30);
        if (c.problem) problems.push(c.problem);
        codes[i] = c.code;
        splitName = c.name;
      }
      names[i] = cellText(row, nameCols[i] as number) || splitName || null;
    }
    if (!codes[1]) problems.push({ reason: "campo_vacio", message: "pliego vacío" });
    const metaRaw = cellText(row, metaCol);
    let metaCode: string | null = null;
    let metaSplitName: string | null = null;
    if (isPlainCode(metaRaw)) metaCode = metaRaw;
    else if (metaRaw !== "") {
      const m = readCode(metaRaw, "meta", Number.MAX_SAFE_INTEGER);
      if (m.problem) problems.push(m.problem);
      metaCode = m.code;
      metaSplitName = m.name;
    }
    const metaName = cellText(row, metaNameCol) || metaSplitName || null;

    const u0 = cellText(row, ubigeoCols[0] as number);
    const u1 = cellText(row, ubigeoCols[1] as number);
    const u2 = cellText(row, ubigeoCols[2] as number);
    const u3 = cellText(row, ubigeoCols[3] as number);
    const key = `${u0}${UBIGEO_SEP}${u1}${UBIGEO_SEP}${u2}${UBIGEO_SEP}${u3}`;
    // A cell holding the separator itself cannot be keyed: it is checked on its own.
    const u =
      key.length - u0.length - u1.length - u2.length - u3.length === 3 &&
      key.split(UBIGEO_SEP).length === 4
        ? remembered(ubigeos, key, readUbigeoKey)
        : readUbigeo(u0, [u1, u2, u3], ctx.ubigeo);
    for (let i = 0; i < u.problems.length; i++) problems.push(u.problems[i] as RowProblem);

    for (let i = 0; i < AMOUNT_FIELDS.length; i++) {
      amounts[i] = null;
      const index = amountCols[i] as number;
      if (index < 0) continue;
      const cell = row[index];
      const fast = typeof cell === "string" ? plainCents(cell) : -1;
      if (fast >= 0) {
        amounts[i] = fast;
        continue;
      }
      const parsed = amountOf(cell);
      const field = AMOUNT_FIELDS[i] as AmountField;
      if (!parsed.ok) {
        problems.push({ reason: "monto_invalido", message: `${field}: ${parsed.reason}` });
      } else if (parsed.cents < 0) {
        problems.push({
          reason: "monto_negativo",
          message: `${field} negativo (${(parsed.cents / 100).toFixed(2)})`,
        });
      } else {
        amounts[i] = parsed.cents;
      }
    }
    const pia = amounts[0] ?? null;
    const pim = amounts[1] ?? null;
    const devengado = amounts[4] ?? null;
    if (pim !== null && devengado !== null && devengado > pim) {
      problems.push({
        reason: "devengado_mayor_pim",
        message: `devengado ${(devengado / 100).toFixed(2)} mayor que el PIM ${(pim / 100).toFixed(2)}`,
      });
    }

    if (problems.length > 0 || !n.nivel || pia === null || pim === null || devengado === null) {
      return { ok: false, problems };
    }
    return {
      ok: true,
      line: {
        lineNo,
        year,
        nivel: n.nivel,
        codes: byDimension(codes),
        names: byDimension(names),
        metaCode,
        metaName,
        departmentCode: u.department,
        provinceCode: u.province,
        districtCode: u.district,
        pia,
        pim,
        certificacion: amounts[2] ?? null,
        compromiso: amounts[3] ?? null,
        devengado,
        girado: amounts[5] ?? null,
      },
    };
  };
}

/** One row checked on its own (tests, single rows); a file uses `createRowValidator`. */
export function validateBudgetRow(
  row: readonly Cell[],
  lineNo: number,
  ctx: RowContext,
): RowResult {
  return createRowValidator(ctx)(row, lineNo);
}
