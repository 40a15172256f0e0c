import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { toCsvLine } from "../../src/shared/budget/csv-stream.ts";
import { centsToDecimalString } from "../../src/shared/budget/money.ts";

/**
 * Realistic MEF-shaped budget files for tests and benchmarks: the open-data column layout, a
 * national / regional / local mix of pliegos and ejecutoras, valid ubigeo, amounts that respect
 * PIA, PIM ≥ certificación ≥ compromiso ≥ devengado ≥ girado, and a few trafficking-related
 * chains among a sea of unrelated ones. Deterministic (seeded PRNG): the same options write the
 * same bytes. NOT MEF data. Test and benchmark support only: product code never imports it.
 */

/** Column headers of MEF's open data file "Presupuesto y ejecución de gasto" (annual). */
export const MEF_HEADERS = [
  "ANO_EJE",
  "NIVEL_GOBIERNO",
  "NIVEL_GOBIERNO_NOMBRE",
  "SECTOR",
  "SECTOR_NOMBRE",
  "PLIEGO",
  "PLIEGO_NOMBRE",
  "SEC_EJEC",
  "EJECUTORA_NOMBRE",
  "PROGRAMA_PPTO",
  "PROGRAMA_PPTO_NOMBRE",
  "PRODUCTO_PROYECTO",
  "PRODUCTO_PROYECTO_NOMBRE",
  "ACTIVIDAD_ACCION_OBRA",
  "ACTIVIDAD_ACCION_OBRA_NOMBRE",
  "FUNCION",
  "FUNCION_NOMBRE",
  "DIVISION_FUNCIONAL",
  "DIVISION_FUNCIONAL_NOMBRE",
  "GRUPO_FUNCIONAL",
  "GRUPO_FUNCIONAL_NOMBRE",
  "META",
  "META_NOMBRE",
  "FINALIDAD",
  "FINALIDAD_NOMBRE",
  "DEPARTAMENTO_META",
  "PROVINCIA_META",
  "DISTRITO_META",
  "FUENTE_FINANCIAMIENTO",
  "FUENTE_FINANCIAMIENTO_NOMBRE",
  "GENERICA",
  "GENERICA_NOMBRE",
  "MONTO_PIA",
  "MONTO_PIM",
  "MONTO_CERTIFICADO",
  "MONTO_COMPROMETIDO_ANUAL",
  "MONTO_DEVENGADO",
  "MONTO_GIRADO",
] as const;

export type MefRow = Record<(typeof MEF_HEADERS)[number], string>;

export function mefRowToCsv(row: MefRow): string {
  return toCsvLine(MEF_HEADERS.map((h) => row[h]));
}

/** mulberry32: small, fast, seeded; spreads the amounts here and the benchmarks' counts. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UBIGEO_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../reference/geo/ubigeo_distrito.csv",
);

/** District codes of the shipped INEI reference (first column), skipping codes marked NA. */
export async function readDistrictCodes(path = UBIGEO_FILE): Promise<string[]> {
  const text = await readFile(path, "utf8");
  const codes: string[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    const code = line.slice(0, 6);
    if (/^\d{6}$/.test(code) && line[6] === ",") codes.push(code);
  }
  return codes;
}

const PROGRAMAS = [
  ["9001", "ACCIONES CENTRALES"],
  ["9002", "ASIGNACIONES PRESUPUESTARIAS QUE NO RESULTAN EN PRODUCTOS"],
  ["0030", "REDUCCION DE DELITOS Y FALTAS QUE AFECTAN LA SEGURIDAD CIUDADANA"],
  ["0090", "LOGROS DE APRENDIZAJE DE ESTUDIANTES DE LA EDUCACION BASICA REGULAR"],
  ["0138", "REDUCCION DEL COSTO, TIEMPO E INSEGURIDAD EN EL SISTEMA DE TRANSPORTE"],
  ["0068", "REDUCCION DE VULNERABILIDAD Y ATENCION DE EMERGENCIAS POR DESASTRES"],
  ["1002", "PRODUCTOS ESPECIFICOS PARA REDUCCION DE LA VIOLENCIA CONTRA LA MUJER"],
  ["0001", "PROGRAMA ARTICULADO NUTRICIONAL"],
] as const;

const ACTIVIDADES = [
  ["5000003", "GESTION ADMINISTRATIVA"],
  ["5000001", "PLANEAMIENTO Y PRESUPUESTO"],
  ["5001253", "TRANSFERENCIA DE RECURSOS PARA LA EJECUCION DE PROYECTOS"],
  ["5000276", "GESTION DEL PROGRAMA"],
  ["5001122", "PROTECCION SOCIAL"],
  ["5004280", "MANTENIMIENTO DE VIAS VECINALES"],
  ["5005898", "TRATAMIENTO DE RESIDUOS SOLIDOS"],
  ["5001189", "CONTRATACION ADMINISTRATIVA DE SERVICIOS"],
  ["5006269", "PREVENCION, CONTROL, DIAGNOSTICO Y TRATAMIENTO DE CORONAVIRUS"],
  ["5000960", "PATRULLAJE POR SECTOR"],
] as const;

const FUNCIONES = [
  [
    "03",
    "PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA",
    "006",
    "GESTION",
    "0008",
    "ASESORAMIENTO Y APOYO",
  ],
  ["05", "ORDEN PUBLICO Y SEGURIDAD", "014", "ORDEN INTERNO", "0031", "ORDEN INTERNO"],
  ["15", "TRANSPORTE", "033", "TRANSPORTE TERRESTRE", "0066", "VIAS VECINALES"],
  ["22", "EDUCACION", "047", "EDUCACION BASICA", "0090", "EDUCACION PRIMARIA"],
  [
    "23",
    "PROTECCION SOCIAL",
    "051",
    "ASISTENCIA SOCIAL",
    "0115",
    "PROTECCION DE POBLACIONES EN RIESGO",
  ],
  [
    "17",
    "AMBIENTE",
    "055",
    "GESTION INTEGRAL DE LA CALIDAD AMBIENTAL",
    "0124",
    "GESTION DE LOS RESIDUOS SOLIDOS",
  ],
] as const;

const FUENTES = [
  ["1", "RECURSOS ORDINARIOS"],
  ["2", "RECURSOS DIRECTAMENTE RECAUDADOS"],
  ["4", "DONACIONES Y TRANSFERENCIAS"],
  ["5", "RECURSOS DETERMINADOS"],
] as const;

const GENERICAS = [
  ["2.1", "PERSONAL Y OBLIGACIONES SOCIALES"],
  ["2.3", "BIENES Y SERVICIOS"],
  ["2.5", "OTROS GASTOS"],
  ["2.6", "ADQUISICION DE ACTIVOS NO FINANCIEROS"],
] as const;

const META_WORDS = [
  "GESTION ADMINISTRATIVA",
  "MANTENIMIENTO DE INFRAESTRUCTURA",
  "APOYO AL CIUDADANO",
  "SERENAZGO Y VIGILANCIA",
  "ATENCION DE SALUD BASICA",
  "CONTRATACION DE PERSONAL",
  "TRATAMIENTO DE AGUA POTABLE",
  "FORTALECIMIENTO INSTITUCIONAL",
];

/** Chains a budget analyst would recognize as trafficking-related, matched by PNTP rules. */
const TRAFFICKING = [
  ["0312002", "SENSIBILIZACION EN MATERIA DE TRATA DE PERSONAS"],
  ["0312020", "FORTALECIMIENTO DE CAPACIDADES POLICIALES CONTRA LA TRATA DE PERSONAS"],
  ["0312028", "CAPACITACION A OPERADORES EN TRATA DE PERSONAS Y VIOLENCIA BASADA EN GENERO"],
  ["0009999", "ACCIONES DE PREVENCION DE LA TRATA DE PERSONAS"],
] as const;

export interface SyntheticOptions {
  rows: number;
  year: number;
  seed: number;
  /** District codes to place metas in (readDistrictCodes()). */
  districts: readonly string[];
}

/** The rows of a synthetic MEF file, one at a time (a million never sit in memory). */
export function* syntheticMefRows(options: SyntheticOptions): Generator<MefRow> {
  const random = createPrng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const districts = options.districts;
  if (districts.length === 0) throw new Error("synthetic MEF rows need district codes");
  const departments = [...new Set(districts.map((d) => d.slice(0, 2)))];
  // Pliegos: ~150 national, one regional government per department, ~1,800 municipalities.
  const national = Array.from({ length: 150 }, (_, i) => String(i + 1).padStart(3, "0"));
  const municipalities = districts.slice(0, 1800);
  const lima = districts.filter((d) => d.startsWith("1501"));
  const byDepartment = new Map(
    departments.map((dep) => [dep, districts.filter((d) => d.startsWith(dep)).slice(0, 50)]),
  );
  const metaCounter = new Map<string, number>();
  for (let i = 0; i < options.rows; i++) {
    const r = random();
    const nivel = r < 0.15 ? "E" : r < 0.4 ? "R" : "M";
    let pliego: string;
    let pliegoName: string;
    let sector: string;
    let sectorName: string;
    let district: string;
    if (nivel === "E") {
      pliego = pick(national);
      pliegoName = `PLIEGO NACIONAL ${pliego}`;
      sector = pliego.slice(1);
      sectorName = `SECTOR ${sector}`;
      district = lima.length ? pick(lima) : pick(districts);
    } else if (nivel === "R") {
      const dep = pick(departments);
      pliego = String(440 + departments.indexOf(dep)).padStart(3, "0");
      pliegoName = `GOBIERNO REGIONAL ${dep}`;
      sector = "99";
      sectorName = "GOBIERNOS REGIONALES";
      district = pick(byDepartment.get(dep) ?? districts);
    } else {
      const muni = pick(municipalities);
      pliego = `M${muni}`;
      pliegoName = `MUNICIPALIDAD ${muni}`;
      sector = "M";
      sectorName = "GOBIERNOS LOCALES";
      district = muni;
    }
    // Ejecutoras: a few per pliego; metas numbered within each, so no chain repeats.
    const ejecutora = `${nivel}${pliego}${Math.floor(random() * 3)}`.slice(-6).padStart(6, "0");
    const ejecutoraKey = `${pliego}|${ejecutora}`;
    const meta = (metaCounter.get(ejecutoraKey) ?? 0) + 1;
    metaCounter.set(ejecutoraKey, meta);
    const related = random() < 0.0005;
    const programa = related ? PROGRAMAS[1] : pick(PROGRAMAS);
    const actividad = pick(ACTIVIDADES);
    const funcion = related ? FUNCIONES[1] : pick(FUNCIONES);
    const traf = related ? pick(TRAFFICKING) : null;
    const finalidad = traf ?? [
      String(100000 + Math.floor(random() * 900000)).padStart(7, "0"),
      pick(META_WORDS),
    ];
    const fuente = pick(FUENTES);
    const generica = pick(GENERICAS);
    // Amounts in cents: a long tail, as budgets have.
    const pim = Math.floor(10 ** (3 + random() * 5)) * 100;
    const pia = Math.floor(pim * (0.4 + random() * 0.8));
    const certificado = Math.floor(pim * (0.7 + random() * 0.3));
    const compromiso = Math.floor(certificado * (0.85 + random() * 0.15));
    const devengado = Math.floor(compromiso * (0.8 + random() * 0.2));
    const girado = Math.floor(devengado * (0.9 + random() * 0.1));
    yield {
      ANO_EJE: String(options.year),
      NIVEL_GOBIERNO: nivel,
      NIVEL_GOBIERNO_NOMBRE:
        nivel === "E"
          ? "GOBIERNO NACIONAL"
          : nivel === "R"
            ? "GOBIERNOS REGIONALES"
            : "GOBIERNOS LOCALES",
      SECTOR: sector,
      SECTOR_NOMBRE: sectorName,
      PLIEGO: pliego,
      PLIEGO_NOMBRE: pliegoName,
      SEC_EJEC: ejecutora,
      EJECUTORA_NOMBRE: `UNIDAD EJECUTORA ${ejecutora}`,
      PROGRAMA_PPTO: programa[0],
      PROGRAMA_PPTO_NOMBRE: programa[1],
      PRODUCTO_PROYECTO: "3999999",
      PRODUCTO_PROYECTO_NOMBRE: "SIN PRODUCTO",
      ACTIVIDAD_ACCION_OBRA: actividad[0],
      ACTIVIDAD_ACCION_OBRA_NOMBRE: actividad[1],
      FUNCION: funcion[0],
      FUNCION_NOMBRE: funcion[1],
      DIVISION_FUNCIONAL: funcion[2],
      DIVISION_FUNCIONAL_NOMBRE: funcion[3],
      GRUPO_FUNCIONAL: funcion[4],
      GRUPO_FUNCIONAL_NOMBRE: funcion[5],
      META: String(meta).padStart(4, "0"),
      META_NOMBRE: finalidad[1],
      FINALIDAD: finalidad[0],
      FINALIDAD_NOMBRE: finalidad[1],
      DEPARTAMENTO_META: district.slice(0, 2),
      PROVINCIA_META: district.slice(2, 4),
      DISTRITO_META: district.slice(4, 6),
      FUENTE_FINANCIAMIENTO: fuente[0],
      FUENTE_FINANCIAMIENTO_NOMBRE: fuente[1],
      GENERICA: generica[0],
      GENERICA_NOMBRE: generica[1],
      MONTO_PIA: centsToDecimalString(pia),
      MONTO_PIM: centsToDecimalString(pim),
      MONTO_CERTIFICADO: centsToDecimalString(certificado),
      MONTO_COMPROMETIDO_ANUAL: centsToDecimalString(compromiso),
      MONTO_DEVENGADO: centsToDecimalString(devengado),
      MONTO_GIRADO: centsToDecimalString(girado),
    };
  }
}

/** Writes a synthetic MEF CSV, honouring the stream's back-pressure. Returns its size. */
export async function writeSyntheticMefCsv(
  path: string,
  options: SyntheticOptions,
): Promise<number> {
  const out = createWriteStream(path);
  let failure: Error | null = null;
  out.on("error", (err) => {
    failure = err;
  });
  let bytes = 0;
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      bytes += Buffer.byteLength(text);
      if (out.write(text)) resolve();
      else out.once("drain", resolve);
    });
  await write(`${MEF_HEADERS.join(",")}\n`);
  let chunk: string[] = [];
  for (const row of syntheticMefRows(options)) {
    chunk.push(mefRowToCsv(row));
    if (chunk.length === 2000) {
      await write(`${chunk.join("\n")}\n`);
      chunk = [];
    }
  }
  if (chunk.length) await write(`${chunk.join("\n")}\n`);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return bytes;
}
