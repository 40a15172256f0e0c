import { isCalendarDay } from "../schemas/common.schema.ts";
import {
  type CodeScheme,
  type Crosswalk,
  type CrosswalkEntry,
  labelOf,
  validityProblem,
} from "./ubigeo-crosswalk.ts";

/**
 * CSV rows of the territory registers (coordination spaces, trainings) → typed rows, or the
 * problems of each row named by row and column, in Spanish. Pure: the caller reads the file
 * and writes the rows, all or nothing. Row 1 is the header, as a spreadsheet numbers them.
 */

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export const SPACE_LEVELS = ["regional", "provincial", "distrital", "centro_poblado"] as const;
export const SPACE_KINDS = ["mesa", "red", "comision", "comite", "otro", "no_indicado"] as const;
export const SPACE_STATUSES = ["activo", "inactivo", "en_creacion", "sin_informacion"] as const;
export const MODALITIES = ["presencial", "virtual", "mixta", "no_indicada"] as const;
export const AUDIENCES = [
  "personal_policial",
  "fiscales",
  "jueces",
  "funcionarios_regionales",
  "funcionarios_locales",
  "docentes",
  "personal_salud",
  "inspectores",
  "sociedad_civil",
  "comunidad",
  "otro",
] as const;

/** The ubigeo level each space level sits on. */
export const LEVEL_OF_SPACE: Record<(typeof SPACE_LEVELS)[number], CrosswalkEntry["level"]> = {
  regional: "departamento",
  provincial: "provincia",
  distrital: "distrito",
  centro_poblado: "distrito",
};

const UBIGEO_HEADERS = { ubigeo_inei: "inei", ubigeo_reniec: "reniec", ubigeo: "auto" } as const;

export interface ParsedSpace {
  row: number;
  level: (typeof SPACE_LEVELS)[number];
  kind: (typeof SPACE_KINDS)[number];
  name: string;
  ubigeoCode: string | null;
  departmentCode: string | null;
  centroPoblado: string | null;
  ordinanceNumber: string | null;
  ordinanceDate: string | null;
  status: (typeof SPACE_STATUSES)[number];
  plan: string | null;
  note: string | null;
  referenceKey: string | null;
  source: string | null;
  convertedFromReniec: boolean;
}

export interface ParsedTraining {
  row: number;
  course: string;
  modality: (typeof MODALITIES)[number];
  ubigeoCode: string;
  departmentCode: string;
  audienceType: (typeof AUDIENCES)[number];
  participants: number;
  participantsWomen: number | null;
  participantsMen: number | null;
  cascadeLevel: number;
  startedOn: string;
  endedOn: string;
  entity: string;
  serviceCode: string | null;
  note: string | null;
  referenceKey: string | null;
  source: string | null;
  convertedFromReniec: boolean;
}

interface Reader {
  problems: RowProblem[];
  /** The file's ubigeo column and the scheme it implies (or the one the caller forces). */
  ubigeo: { column: string; scheme: CodeScheme };
  cell(record: string[], row: number, column: string, required: boolean): string | null;
  oneOf<T extends string>(
    record: string[],
    row: number,
    column: string,
    values: readonly T[],
    fallback?: T,
  ): T | null;
  date(record: string[], row: number, column: string, required: boolean): string | null;
  count(record: string[], row: number, column: string, required: boolean): number | null;
  place(
    record: string[],
    row: number,
    level: CrosswalkEntry["level"] | null,
    required: boolean,
  ): { entry: CrosswalkEntry; converted: boolean } | null;
}

function reader(
  header: string[],
  required: string[],
  crosswalk: Crosswalk,
  forcedScheme: CodeScheme | undefined,
): Reader {
  const names = header.map((h) => h.trim().toLowerCase());
  const index = new Map(names.map((h, i) => [h, i]));
  const problems: RowProblem[] = [];
  const ubigeoColumns = names.filter((h) => h in UBIGEO_HEADERS) as (keyof typeof UBIGEO_HEADERS)[];
  if (ubigeoColumns.length !== 1) {
    problems.push({
      row: 1,
      column: "ubigeo",
      message:
        ubigeoColumns.length === 0
          ? "falta la columna de ubigeo: ubigeo_inei, ubigeo_reniec o ubigeo"
          : `hay más de una columna de ubigeo (${ubigeoColumns.join(", ")}); deje una`,
    });
  }
  for (const column of required) {
    if (!index.has(column)) problems.push({ row: 1, column, message: "falta esta columna" });
  }
  const ubigeoColumn = ubigeoColumns[0] ?? "ubigeo";
  const r: Reader = {
    problems,
    ubigeo: { column: ubigeoColumn, scheme: forcedScheme ?? UBIGEO_HEADERS[ubigeoColumn] },
    cell(record, row, column, isRequired) {
      const at = index.get(column);
      const value = at === undefined ? "" : (record[at] ?? "").trim();
      if (value === "") {
        if (isRequired) problems.push({ row, column, message: "falta el valor" });
        return null;
      }
      return value;
    },
    oneOf(record, row, column, values, fallback) {
      const v = r.cell(record, row, column, fallback === undefined);
      if (v === null) return fallback ?? null;
      const normalized = v.toLowerCase().replace(/ /g, "_");
      const hit = values.find((x) => x === normalized);
      if (!hit) problems.push({ row, column, message: `«${v}» no es ${values.join(", ")}` });
      return hit ?? null;
    },
    date(record, row, column, isRequired) {
      const v = r.cell(record, row, column, isRequired);
      if (v === null) return null;
      if (!isCalendarDay(v)) {
        problems.push({ row, column, message: `«${v}» no es una fecha AAAA-MM-DD` });
        return null;
      }
      return v;
    },
    count(record, row, column, isRequired) {
      const v = r.cell(record, row, column, isRequired);
      if (v === null) return null;
      if (!/^\d{1,7}$/.test(v)) {
        problems.push({ row, column, message: `«${v}» no es un número entero no negativo` });
        return null;
      }
      return Number(v);
    },
    place(record, row, level, isRequired) {
      const raw = r.cell(record, row, ubigeoColumn, isRequired);
      if (raw === null) return null;
      const name = r.cell(record, row, "lugar", false);
      const res = crosswalk.resolve(raw, r.ubigeo.scheme, name);
      if (!res.ok) {
        problems.push({ row, column: ubigeoColumn, message: res.message });
        return null;
      }
      if (level && res.entry.level !== level) {
        problems.push({
          row,
          column: ubigeoColumn,
          message: `${labelOf(res.entry)} no es un ${level}, que es lo que pide el nivel de la fila`,
        });
        return null;
      }
      return { entry: res.entry, converted: res.converted };
    },
  };
  return r;
}

export function parseSpaceRows(
  records: string[][],
  crosswalk: Crosswalk,
  options: { scheme?: CodeScheme; allowUnplaced?: boolean } = {},
): { rows: ParsedSpace[]; problems: RowProblem[] } {
  const [header = [], ...body] = records;
  const r = reader(header, ["nivel", "tipo", "nombre"], crosswalk, options.scheme);
  if (r.problems.length > 0) return { rows: [], problems: r.problems };
  const rows: ParsedSpace[] = [];
  body.forEach((rec, i) => {
    const row = i + 2;
    const before = r.problems.length;
    const level = r.oneOf(rec, row, "nivel", SPACE_LEVELS);
    const kind = r.oneOf(rec, row, "tipo", SPACE_KINDS);
    const name = r.cell(rec, row, "nombre", true);
    const place = r.place(rec, row, level ? LEVEL_OF_SPACE[level] : null, !options.allowUnplaced);
    const centroPoblado = r.cell(rec, row, "centro_poblado", level === "centro_poblado");
    if (centroPoblado && level !== "centro_poblado") {
      r.problems.push({
        row,
        column: "centro_poblado",
        message: "solo los espacios de nivel centro_poblado nombran un centro poblado",
      });
    }
    const ordinanceNumber = r.cell(rec, row, "ordenanza_numero", false);
    const ordinanceDate = r.date(rec, row, "ordenanza_fecha", false);
    if (ordinanceDate && !ordinanceNumber) {
      r.problems.push({
        row,
        column: "ordenanza_numero",
        message: "falta el número de la ordenanza fechada",
      });
    }
    if (place && ordinanceDate) {
      const p = validityProblem(place.entry, ordinanceDate);
      if (p) r.problems.push({ row, column: "ordenanza_fecha", message: p });
    }
    const status = r.oneOf(rec, row, "estado", SPACE_STATUSES, "activo");
    if (r.problems.length > before || !level || !kind || !name || !status) return;
    rows.push({
      row,
      level,
      kind,
      name,
      ubigeoCode: place?.entry.inei ?? null,
      departmentCode: place ? place.entry.inei.slice(0, 2) : null,
      centroPoblado: level === "centro_poblado" ? centroPoblado : null,
      ordinanceNumber,
      ordinanceDate,
      status,
      plan: r.cell(rec, row, "plan", false),
      note: r.cell(rec, row, "nota", false),
      referenceKey: r.cell(rec, row, "clave_referencia", false),
      source: r.cell(rec, row, "fuente", false),
      convertedFromReniec: place?.converted ?? false,
    });
  });
  return { rows, problems: r.problems };
}

export function parseTrainingRows(
  records: string[][],
  crosswalk: Crosswalk,
  options: { scheme?: CodeScheme } = {},
): { rows: ParsedTraining[]; problems: RowProblem[] } {
  const [header = [], ...body] = records;
  const required = [
    "curso",
    "modalidad",
    "publico",
    "participantes",
    "fecha_inicio",
    "fecha_fin",
    "entidad",
  ];
  const r = reader(header, required, crosswalk, options.scheme);
  if (r.problems.length > 0) return { rows: [], problems: r.problems };
  const rows: ParsedTraining[] = [];
  body.forEach((rec, i) => {
    const row = i + 2;
    const before = r.problems.length;
    const course = r.cell(rec, row, "curso", true);
    const modality = r.oneOf(rec, row, "modalidad", MODALITIES);
    const place = r.place(rec, row, null, true);
    const audienceType = r.oneOf(rec, row, "publico", AUDIENCES);
    const participants = r.count(rec, row, "participantes", true);
    const women = r.count(rec, row, "mujeres", false);
    const men = r.count(rec, row, "hombres", false);
    if (participants !== null && (women ?? 0) + (men ?? 0) > participants) {
      r.problems.push({
        row,
        column: "mujeres",
        message: `mujeres (${women ?? 0}) más hombres (${men ?? 0}) superan los ${participants} participantes`,
      });
    }
    const cascade = r.count(rec, row, "nivel_cascada", false) ?? 0;
    if (cascade > 5)
      r.problems.push({ row, column: "nivel_cascada", message: "debe estar entre 0 y 5" });
    const startedOn = r.date(rec, row, "fecha_inicio", true);
    const endedOn = r.date(rec, row, "fecha_fin", true);
    if (startedOn && endedOn && startedOn > endedOn) {
      r.problems.push({
        row,
        column: "fecha_fin",
        message: `es anterior a la fecha de inicio ${startedOn}`,
      });
    } else if (place && startedOn && endedOn) {
      const p = validityProblem(place.entry, startedOn, endedOn);
      if (p) r.problems.push({ row, column: "fecha_inicio", message: p });
    }
    const entity = r.cell(rec, row, "entidad", true);
    if (
      r.problems.length > before ||
      !course ||
      !modality ||
      !place ||
      !audienceType ||
      participants === null ||
      !startedOn ||
      !endedOn ||
      !entity
    )
      return;
    rows.push({
      row,
      course,
      modality,
      ubigeoCode: place.entry.inei,
      departmentCode: place.entry.inei.slice(0, 2),
      audienceType,
      participants,
      participantsWomen: women,
      participantsMen: men,
      cascadeLevel: cascade,
      startedOn,
      endedOn,
      entity: entity.toUpperCase(),
      serviceCode: r.cell(rec, row, "servicio", false)?.toUpperCase() ?? null,
      note: r.cell(rec, row, "nota", false),
      referenceKey: r.cell(rec, row, "clave_referencia", false),
      source: r.cell(rec, row, "fuente", false),
      convertedFromReniec: place.converted,
    });
  });
  return { rows, problems: r.problems };
}
