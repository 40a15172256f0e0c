import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CsvError, type CsvErrorCode, parse } from "csv-parse/sync";
import type { Actor } from "../../../shared/actor.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import {
  countUbigeoByLevel,
  sumDistrictValuesByDepartment,
  type UbigeoRow,
  upsertUbigeo,
} from "./territory.repository.ts";

/** The INEI ubigeo files shipped with Vigía (see reference/geo/README.md). */
const UBIGEO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../reference/geo");

const FILES = {
  departamento: "ubigeo_departamento.csv",
  provincia: "ubigeo_provincia.csv",
  distrito: "ubigeo_distrito.csv",
} as const;

type Level = keyof typeof FILES;

/** What csv-parse's refusals mean, said to the person who gave the file. */
const CSV_PROBLEMS: Partial<Record<CsvErrorCode, string>> = {
  CSV_QUOTE_NOT_CLOSED: "comillas sin cerrar",
  CSV_INVALID_CLOSING_QUOTE: "texto después de las comillas de cierre",
  INVALID_OPENING_QUOTE: "comillas en medio de un campo sin comillas",
};

/**
 * RFC 4180 records, read by csv-parse (ADR 0016): quoted fields may hold commas, doubled quotes
 * and line breaks (two district capitals in the INEI file do), so the text cannot be split by
 * lines. Blank lines are skipped. A malformed file is refused in Spanish, naming the record
 * (1 is the first after the header), the line and the column.
 */
export function parseCsv(text: string, file = "CSV"): string[][] {
  let header: string[] | null = null;
  try {
    return parse(text, {
      bom: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      on_record: (record: string[]) => {
        header ??= record;
        return record;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const lines = Number(err.lines);
    const records = Number(err.records);
    if (records === 0) {
      const problem = CSV_PROBLEMS[err.code] ?? `no se puede leer (${err.code})`;
      throw invalid(
        `El archivo ${file} no es un CSV válido: la cabecera (línea ${lines}): ${problem}.`,
      );
    }
    const columns: string[] = header ?? [];
    let index = Number(err.column);
    let problem = CSV_PROBLEMS[err.code] ?? `no se puede leer (${err.code})`;
    if (err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") {
      const fields = Array.isArray(err.record) ? err.record.length : 0;
      // The first column that is missing, or the first one too many.
      index = Math.min(fields, columns.length);
      problem = `${fields < columns.length ? "falta este campo" : "sobran campos"}: el registro tiene ${fields} y la cabecera ${columns.length}`;
    }
    const name = columns[index];
    const where = `el registro ${records} (línea ${lines}), columna ${index + 1}${name ? ` «${name}»` : ""}`;
    throw invalid(`El archivo ${file} no es un CSV válido: ${where}: ${problem}.`);
  }
}

export interface UbigeoLoadSummary {
  /** Rows read from each file and written (inserted or already present). */
  loaded: Record<Level, number>;
  /** Rows inserted or changed by this load: 0 when the database already matched the files. */
  changed: number;
  /** Rows without a usable INEI code, left out instead of given an invented one. */
  skipped: { file: string; record: number; name: string; reason: string }[];
}

async function readLevel(dir: string, level: Level) {
  const file = FILES[level];
  const [header, ...records] = parseCsv(await readFile(join(dir, file), "utf8"), file);
  const column = (name: string) => {
    const index = header?.indexOf(name) ?? -1;
    if (index < 0) throw invalid(`El archivo ${file} no tiene la columna "${name}".`);
    return index;
  };
  const codeAt = column("inei");
  const reniecAt = column("reniec");
  // Each level's own name column; the district file also names its province and department.
  const nameAt = column(level === "departamento" ? "departamento" : level);
  const rows: UbigeoRow[] = [];
  const skipped: UbigeoLoadSummary["skipped"] = [];
  // The files give every level a 6-digit code padded with zeros (Amazonas is 010000).
  const width = { departamento: 2, provincia: 4, distrito: 6 }[level];
  records.forEach((r, n) => {
    const inei = r[codeAt]?.trim() ?? "";
    const name = r[nameAt]?.trim() ?? "";
    // Records, not lines: a quoted line break makes the two differ.
    const record = n + 1;
    // A level's own two digits are never 00: 150000 in the district file would be no district.
    if (
      !/^\d{6}$/.test(inei) ||
      !/^0*$/.test(inei.slice(width)) ||
      inei.slice(width - 2, width) === "00"
    ) {
      skipped.push({ file, record, name, reason: `código INEI "${inei}" no válido` });
      return;
    }
    const code = inei.slice(0, width);
    const reniec = r[reniecAt]?.trim() ?? "";
    rows.push({
      // RENIEC codes are padded like INEI's; NA (a district RENIEC lacks) is no code.
      reniecCode: /^\d{6}$/.test(reniec) ? reniec.slice(0, width) : null,
      code,
      level,
      name,
      departmentCode: code.slice(0, 2),
      provinceCode: level === "departamento" ? null : code.slice(0, 4),
    });
  });
  return { rows, skipped };
}

/**
 * Loads the INEI ubigeo reference into the database. Idempotent: run it again, or on a newer
 * copy of the files, and rows are updated by code. All-or-nothing: one transaction, with an
 * audit event when something changed (a reload that changes nothing leaves no trace).
 */
export async function loadUbigeoReference(
  db: Database,
  actor: Actor,
  input: { dir?: string } = {},
): Promise<UbigeoLoadSummary> {
  const dir = input.dir ?? UBIGEO_DIR;
  const levels = await Promise.all(
    (["departamento", "provincia", "distrito"] as const).map((l) => readLevel(dir, l)),
  );
  const rows = levels.flatMap((l) => l.rows);
  const codes = new Set(rows.map((r) => r.code));
  const orphans = rows.filter(
    (r) => !codes.has(r.departmentCode) || (r.provinceCode !== null && !codes.has(r.provinceCode)),
  );
  if (orphans.length > 0) {
    throw invalid(
      `${orphans.length} código(s) de ubigeo sin departamento o provincia en los archivos de referencia: ${orphans
        .slice(0, 10)
        .map((r) => r.code)
        .join(", ")}.`,
    );
  }
  const [departamento, provincia, distrito] = levels.map((l) => l.rows.length);
  const loaded = {
    departamento: departamento ?? 0,
    provincia: provincia ?? 0,
    distrito: distrito ?? 0,
  };
  const skipped = levels.flatMap((l) => l.skipped);
  const changed = await db.transaction().execute(async (tx) => {
    const n = await upsertUbigeo(tx, rows);
    if (n > 0) {
      await recordAudit(tx, actor, {
        action: "ubigeo.load",
        objectType: "ubigeo",
        objectId: "inei",
        after: { loaded, changed: n, skipped: skipped.length },
      });
    }
    return n;
  });
  return { loaded, changed, skipped };
}

/** How many departments, provinces and districts the database knows. */
export async function countUbigeo(db: Database, _actor: Actor): Promise<Record<Level, number>> {
  const n = await countUbigeoByLevel(db);
  return {
    departamento: n.departamento ?? 0,
    provincia: n.provincia ?? 0,
    distrito: n.distrito ?? 0,
  };
}

const PERIODS = ["ANUAL", "S1", "S2"] as const;

export interface RollUpDistrictsInput {
  policyCode: string;
  year: number;
  /** ANUAL unless given. */
  period?: (typeof PERIODS)[number];
  /** Include submitted (not yet validated) values, as the evaluation's preview does. */
  preview?: boolean;
}

export interface RegionRollUp {
  policyCode: string;
  year: number;
  period: string;
  basis: { statuses: string[] };
  /** One row per indicator and department, in indicator order then department code. */
  rows: {
    indicatorCode: string;
    departmentCode: string;
    /** Null when the districts' first two digits are no department of the reference. */
    departmentName: string | null;
    value: number;
    /** District rows summed. */
    districts: number;
  }[];
}

/**
 * Rolls district-level values (disaggregations by region keyed by district ubigeo) up to
 * departments, for the measurements of a policy-year in force. The sum runs in the database:
 * a national policy-year is tens of thousands of district rows.
 */
export async function rollUpDistrictsToRegions(
  db: Database,
  _actor: Actor,
  input: RollUpDistrictsInput,
): Promise<RegionRollUp> {
  const period = input.period ?? "ANUAL";
  if (!PERIODS.includes(period)) {
    throw invalid(`Periodo "${period}" no válido: use ${PERIODS.join(", ")}.`);
  }
  if (!Number.isInteger(input.year)) throw invalid(`Año "${input.year}" no válido.`);
  const policyId = await requirePolicyId(db, input.policyCode);
  const statuses: MeasurementStatus[] = input.preview ? ["validado", "enviado"] : ["validado"];
  const rows = await sumDistrictValuesByDepartment(db, {
    policyId,
    year: input.year,
    period,
    statuses,
  });
  return {
    policyCode: input.policyCode,
    year: input.year,
    period,
    basis: { statuses },
    rows: rows.map((r) => ({ ...r, value: Number(r.value), districts: Number(r.districts) })),
  };
}
