/**
 * One-off generator of `catalogues/pntp.catalogue.json`, the PNTP catalogue in the interchange
 * format of `src/shared/schemas/catalogue.schema.ts`.
 *
 *   node --import tsx scripts/build-pntp-catalogue.ts        (from the repository root)
 *
 * The committed JSON is what the product ships; CI does not run this script. It is kept so that
 * every figure in the catalogue can be traced back to where it was taken from.
 *
 * Inputs (read-only, outside the repository, paths relative to the repository root):
 *   - ../shared/reference/research/seed_001.json: the human extraction of MININTER's
 *     "Informe de Evaluación Institucional" 2022-2023 of the PNTP (objectives, lineamientos,
 *     services, indicators, metas, logros, raw counts, Matriz de compromisos …);
 *   - ../shared/seeds/001_6a8fd91fb577fbaf.txt: the report's text itself ("001:Lnnn" = line
 *     nnn). It is read for the verbatim cells the JSON abridges (the receptores of each
 *     service, the Matriz de compromisos cells) and to check that every quote used is in it.
 *
 * Facts written by hand (entities, org units, responsible units, data sources, special cases)
 * are the commented constants below. Published values are never corrected: where the report
 * contradicts itself, the catalogue keeps the figure the report's own calculations use and says
 * so in a note (the validation rules of the system flag the rest).
 */

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serializeCatalogue } from "../src/shared/catalogue/serialize-catalogue.ts";
import type {
  Catalogue,
  CatalogueIndicator,
  CatalogueMeasurement,
} from "../src/shared/schemas/catalogue.schema.ts";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SEED_JSON = resolve(REPO_ROOT, "../shared/reference/research/seed_001.json");
const SEED_TEXT = resolve(REPO_ROOT, "../shared/seeds/001_6a8fd91fb577fbaf.txt");
const OUTPUT = resolve(REPO_ROOT, "catalogues/pntp.catalogue.json");

/** Prefix of every SourceRef: the document the figures are transcribed from. */
const REPORT = "Informe de Evaluación 2022-2023";

// ---------------------------------------------------------------------------------------------
// Shape of the parts of seed_001.json this script reads
// ---------------------------------------------------------------------------------------------

type YearMap = Record<string, number | string>;

interface SeedRaw {
  lines?: string;
  quote?: string;
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

interface SeedServiceIndicator {
  code: string;
  name: string;
  name_lines: string;
  unit: string;
  table_row: { line: string; text: string };
  metas: YearMap;
  metas_2024_2025_source: string | null;
  logros: YearMap;
  avance_tipo1_stated_table: YearMap;
  avance_tipo1_recomputed: YearMap;
  raw_2023?: SeedRaw;
}

interface SeedService {
  code: string;
  number: number;
  name: string;
  objective: string;
  lineamiento: string;
  entity: string;
  provider: string;
  receptores_lines: string | null;
  indicators: SeedServiceIndicator[];
}

interface SeedOpIndicator {
  code: string;
  objective: string;
  entity: string;
  name: string;
  name_lines: string;
  unit: string;
  table_rows: { line: string; text: string }[];
  metas: YearMap;
  metas_source: Record<string, string | null>;
  target_2030: { value: number };
  logros: YearMap;
  avance_tipo1_stated: YearMap;
  avance_tipo1_recomputed: YearMap;
  avance_tipo2_stated: YearMap;
  raw_counts_2023: SeedRaw;
  formula?: { numerator: string; denominator: string; lines: string };
}

interface SeedJson {
  public_problem: { quote: string; lines: string[] };
  desired_future_2030: { quote: string; lines: string };
  objectives: {
    code: string;
    name: string;
    expected_2030_quote: string;
    expected_2030_lines: string;
  }[];
  lineamientos: { code: string; objective: string; text: string; services: string[] }[];
  op_indicators: SeedOpIndicator[];
  services: SeedService[];
  matriz_de_compromisos: {
    rows: {
      n: number;
      aspecto: string;
      recomendacion: string;
      targets: Record<string, number>;
      unidad_responsable: string;
      plazo: string;
      lines: string;
    }[];
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing: ${what}`);
  return value;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`check failed: ${message}`);
}

const seed = JSON.parse(readFileSync(SEED_JSON, "utf8")) as SeedJson;
const seedLines = readFileSync(SEED_TEXT, "utf8").split("\n");
const normalise = (s: string) => s.replace(/\s+/g, " ").trim();
const seedFlat = normalise(seedLines.join(" "));

/** "001:L1746-L1750" or "001:L2898" → [first, last] (1-based, inclusive). */
function parseRange(ref: string): [number, number] {
  const m = /001:L(\d+)(?:-L(\d+))?/.exec(ref);
  if (!m?.[1]) throw new Error(`bad line reference: ${ref}`);
  const first = Number(m[1]);
  return [first, m[2] ? Number(m[2]) : first];
}

/**
 * The text of lines [first, last] of the seed, one cell of a flattened table: trimmed lines
 * joined by a space, except after a line that ends in a hyphen ("DIRCTPTIM-" / "PNP").
 */
function seedText(first: number, last: number): string {
  let out = "";
  for (let n = first; n <= last; n++) {
    const line = (seedLines[n - 1] ?? "").trim();
    if (line === "") continue;
    out += out === "" || out.endsWith("-") ? line : ` ${line}`;
  }
  return out;
}

/** Throws unless the quote occurs in the seed text (whitespace-insensitive). */
function quoted(quote: string): string {
  check(seedFlat.includes(normalise(quote)), `quote not in the seed: «${quote}»`);
  return quote;
}

const lineRef = (ref: string) => {
  const [a, b] = parseRange(ref);
  return a === b ? `001:L${a}` : `001:L${a}-L${b}`;
};

const num = (v: number | string | undefined, what: string): number => {
  if (typeof v !== "number") throw new Error(`not a number: ${what} = ${String(v)}`);
  return v;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------------------------------------
// Hand-written facts: the policy
// ---------------------------------------------------------------------------------------------

const POLICY = {
  code: "pntp",
  name: "Política Nacional frente a la Trata de Personas y sus formas de explotación al 2030",
  // The report's own abbreviation in section 2 (e.g. 001:L1437).
  shortName: "PNFTPFE",
  // "Decreto Supremo N° 009-2021-IN, de fecha 27 de julio del 2021" (001:L1001-L1002).
  approvalNorm: "DS N° 009-2021-IN",
  approvalDate: "2021-07-27",
  horizonYear: 2030,
  // Ente rector and conductor (001:L13-L14); the monitoring system and the evaluation are run by
  // the DDF of the DGSD (001:L50-L52, 001:L124-L127).
  conductor: "MININTER",
  conductorUnit: "MININTER-DDF-DGSD",
} as const;

/** First year of responsibility of every service: the policy was approved in July 2021. */
const POLICY_START_YEAR = 2021;

// ---------------------------------------------------------------------------------------------
// Hand-written facts: entities and org units
// ---------------------------------------------------------------------------------------------

type EntityKind = Catalogue["entities"][number]["kind"];

/**
 * Every entity named in the tables or as a provider. The tables name the sector (S13 and S41
 * show "MININTER" for Migraciones), the narrative names the executing body; both appear here.
 */
const ENTITIES: { code: string; name: string; kind: EntityKind; parent: string | null }[] = [
  { code: "MININTER", name: "Ministerio del Interior", kind: "ministerio", parent: null },
  // The PNP is an "institución del Estado" that depends on the Ministerio del Interior (DL 1267)
  // and belongs to its pliego; it is not an organismo público adscrito, hence "otro".
  { code: "PNP", name: "Policía Nacional del Perú", kind: "otro", parent: "MININTER" },
  {
    code: "MIGRACIONES",
    name: "Superintendencia Nacional de Migraciones",
    kind: "organismo_adscrito",
    parent: "MININTER",
  },
  { code: "MINCUL", name: "Ministerio de Cultura", kind: "ministerio", parent: null },
  {
    code: "MTPE",
    name: "Ministerio de Trabajo y Promoción del Empleo",
    kind: "ministerio",
    parent: null,
  },
  {
    code: "SUNAFIL",
    name: "Superintendencia Nacional de Fiscalización Laboral",
    kind: "organismo_adscrito",
    parent: "MTPE",
  },
  { code: "MRE", name: "Ministerio de Relaciones Exteriores", kind: "ministerio", parent: null },
  {
    code: "MTC",
    name: "Ministerio de Transportes y Comunicaciones",
    kind: "ministerio",
    parent: null,
  },
  {
    // Legal name (Ley N° 29380); the report also writes "Superintendencia Nacional de …".
    code: "SUTRAN",
    name: "Superintendencia de Transporte Terrestre de Personas, Carga y Mercancías",
    kind: "organismo_adscrito",
    parent: "MTC",
  },
  { code: "MINEDU", name: "Ministerio de Educación", kind: "ministerio", parent: null },
  {
    code: "MIDAGRI",
    name: "Ministerio de Desarrollo Agrario y Riego",
    kind: "ministerio",
    parent: null,
  },
  {
    code: "SERFOR",
    name: "Servicio Nacional Forestal y de Fauna Silvestre",
    kind: "organismo_adscrito",
    parent: "MIDAGRI",
  },
  { code: "MINEM", name: "Ministerio de Energía y Minas", kind: "ministerio", parent: null },
  // The PCM has ministerial rank (Ley Orgánica del Poder Ejecutivo, art. 17); it takes over S14
  // in 2023 (001:L2563-L2566).
  { code: "PCM", name: "Presidencia del Consejo de Ministros", kind: "ministerio", parent: null },
  {
    code: "MIMP",
    name: "Ministerio de la Mujer y Poblaciones Vulnerables",
    kind: "ministerio",
    parent: null,
  },
  { code: "MINSA", name: "Ministerio de Salud", kind: "ministerio", parent: null },
  {
    code: "MINJUSDH",
    name: "Ministerio de Justicia y Derechos Humanos",
    kind: "ministerio",
    parent: null,
  },
  // The three "organismos constitucionalmente autónomos" that appear in the tables (001:L5-L7
  // says there are four; the fourth is not identifiable from the text).
  { code: "MP", name: "Ministerio Público", kind: "organismo_autonomo", parent: null },
  { code: "PJ", name: "Poder Judicial", kind: "organismo_autonomo", parent: null },
  {
    code: "RENIEC",
    name: "Registro Nacional de Identificación y Estado Civil",
    kind: "organismo_autonomo",
    parent: null,
  },
];

/** Org units named as conductor, proxy reporter, provider or responsible unit. */
const ORG_UNITS: { entity: string; code: string; name: string }[] = [
  {
    // Administers the monitoring system and runs the evaluation (001:L50-L52, 001:L124-L127).
    entity: "MININTER",
    code: "MININTER-DDF-DGSD",
    name: "Dirección de Derechos Fundamentales (DDF) de la Dirección General de Seguridad Democrática (DGSD)",
  },
  {
    // Reports both S16 indicators for the PNP (footnote 11, 001:L2893-L2898).
    entity: "MININTER",
    code: "MININTER-OPE-OGPP",
    name: "Oficina de Planeamiento y Estadística (OPE) de la Oficina General de Planeamiento y Presupuesto (OGPP)",
  },
  {
    // S15 (001:L2791-L2795).
    entity: "MININTER",
    code: "MININTER-CUD",
    name: "Central Única de Denuncias (CUD), Dirección de Canales de Atención y Denuncias de la Dirección General de la Información para la Seguridad",
  },
  {
    // 2.2, S12, S16, S19, S24, S27 (001:L2667-L2668, 001:L2389-L2390 …).
    entity: "PNP",
    code: "PNP-DIRCTPTIM",
    name: "Dirección Contra la Trata de Personas y el Tráfico Ilícito de Migrantes (DIRCTPTIM)",
  },
  {
    // S03 (001:L1836-L1838).
    entity: "PNP",
    code: "PNP-DIRCTPTIM-AREEDU",
    name: "Área de Educación (AREEDU) de la Dirección Contra la Trata de Personas y el Tráfico Ilícito de Migrantes",
  },
  {
    // S01 (001:L1706-L1707).
    entity: "MINCUL",
    code: "MINCUL-DGCI",
    name: "Dirección General de Ciudadanía Intercultural (DGCI)",
  },
  {
    // S02 (001:L1779-L1782).
    entity: "MTPE",
    code: "MTPE-DPPDFL",
    name: "Dirección de Promoción y Protección de Derechos Fundamentales Laborales (DPPDFL) de la Dirección General de Derechos Fundamentales y Seguridad y Salud en el Trabajo (DGDFSST)",
  },
  {
    // Responsible unit of indicator 1.1 in the Matriz de compromisos (001:L4879-L4887).
    entity: "SUNAFIL",
    code: "SUNAFIL-INII",
    name: "Intendencia Nacional de Inteligencia Inspectiva (INII)",
  },
  {
    // Inspectors behind indicator 1.1 (001:L1613-L1615).
    entity: "SUNAFIL",
    code: "SUNAFIL-GEIT-TFI",
    name: "Grupo Especializado de Inspectores del Trabajo en materia de Trabajo Forzoso y Trabajo Infantil (GEIT-TFI)",
  },
  {
    // S05, S26, S37 (001:L1993-L1994, 001:L3570, 001:L4217-L4221).
    entity: "MRE",
    code: "MRE-MISIONES-CONSULARES",
    name: "Misiones Consulares (Oficinas Consulares del Perú en el exterior)",
  },
  {
    // S06 (001:L2045-L2046).
    entity: "SUTRAN",
    code: "SUTRAN-GP",
    name: "Gerencia de Prevención",
  },
  {
    // S25 (001:L3409-L3410).
    entity: "SUTRAN",
    code: "SUTRAN-GAT",
    name: "Gerencia de Articulación Territorial (GAT) y Unidades Desconcentradas",
  },
  {
    // S09 (001:L2218-L2219).
    entity: "SERFOR",
    code: "SERFOR-UFMS",
    name: "Unidad Funcional de Monitoreo Satelital (UFMS) de la Dirección General de Información y Ordenamiento Forestal y de Fauna Silvestre",
  },
  {
    // S14 (001:L2535-L2536).
    entity: "MINEM",
    code: "MINEM-DGFM",
    name: "Dirección General de Formalización Minera (DGFM)",
  },
  {
    // 2.1, S17, S18, S21, S30 (001:L2616-L2619; Matriz row 2, 001:L4945-L4949).
    entity: "MP",
    code: "MP-FISTRAP",
    name: "Fiscalías Provinciales Especializadas en Delitos de Trata de Personas (FISTRAP)",
  },
  {
    // S23 (001:L3280-L3281).
    entity: "MP",
    code: "MP-CN-FISTRAP",
    name: "Coordinación Nacional de Fiscalías Especializadas en Delitos de Trata de Personas",
  },
  {
    // S35, S36 (001:L4126-L4129, 001:L4169-L4172).
    entity: "MP",
    code: "MP-UDAVIT",
    name: "Unidades Distritales de Asistencia a Víctimas y Testigos (UDAVIT)",
  },
  {
    // S35, S36; printed once as "UCAVIT" (001:L4171).
    entity: "MP",
    code: "MP-UAIVIT",
    name: "Unidades de Asistencia Inmediata a Víctimas y Testigos (UAIVIT)",
  },
  {
    // 3.2 and S38 (001:L3528-L3530, 001:L4267-L4268; Matriz row 4, 001:L5103-L5107).
    entity: "MIMP",
    code: "MIMP-AURORA",
    name: "Programa Nacional AURORA (Centros Emergencia Mujer, CEM)",
  },
  {
    // S39 (001:L4386-L4387).
    entity: "MIMP",
    code: "MIMP-INABIF",
    name: "Programa Integral Nacional para el Bienestar Familiar (INABIF)",
  },
  {
    // S28 and S42 (001:L3743-L3745, 001:L4600-L4601).
    entity: "MIMP",
    code: "MIMP-DATPS",
    name: "Dirección de Asistencia Técnica y Promoción de Servicios (DATPS) de la Dirección General Contra la Violencia de Género",
  },
  {
    // S29 (001:L3793-L3794).
    entity: "MIMP",
    code: "MIMP-DGNNA",
    name: "Dirección General de Niñas, Niños y Adolescentes (DGNNA)",
  },
  {
    // S34 (001:L4088-L4094).
    entity: "MIMP",
    code: "MIMP-DPE",
    name: "Dirección de Protección Especial (DPE)",
  },
  {
    // S40 (001:L4452-L4454).
    entity: "RENIEC",
    code: "RENIEC-DRIAS-SDFI",
    name: "Sub-Dirección de Fortalecimiento de la Identificación (SDFI) de la Dirección de Restitución de la Identidad y Apoyo Social (DRIAS)",
  },
];

/**
 * Responsible org unit of each indicator, where the text names one unit of the responsible
 * entity. Omitted (null): no unit named (2.3, 3.1, 7, 8, 10, 31 …), a unit of another entity
 * (13 and 41 are MININTER's in the tables but delivered by Migraciones; 11 by regional
 * governments), or two units sharing it (35, 36: UDAVIT and UAIVIT).
 */
const RESPONSIBLE_UNIT: Record<string, string> = {
  "1.1": "SUNAFIL-INII",
  "2.1": "MP-FISTRAP",
  "2.2": "PNP-DIRCTPTIM",
  "3.2": "MIMP-AURORA",
  "1": "MINCUL-DGCI",
  "2": "MTPE-DPPDFL",
  "3": "PNP-DIRCTPTIM-AREEDU",
  "4": "MININTER-DDF-DGSD",
  "5": "MRE-MISIONES-CONSULARES",
  "6": "SUTRAN-GP",
  "9": "SERFOR-UFMS",
  "12": "PNP-DIRCTPTIM",
  "14": "MINEM-DGFM",
  "15": "MININTER-CUD",
  "16.1": "PNP-DIRCTPTIM",
  "16.2": "PNP-DIRCTPTIM",
  "17": "MP-FISTRAP",
  "18": "MP-FISTRAP",
  "19": "PNP-DIRCTPTIM",
  "20": "MININTER-DDF-DGSD",
  "21": "MP-FISTRAP",
  "23": "MP-CN-FISTRAP",
  "24": "PNP-DIRCTPTIM",
  "25": "SUTRAN-GAT",
  "26": "MRE-MISIONES-CONSULARES",
  "27": "PNP-DIRCTPTIM",
  "28": "MIMP-DATPS",
  "29": "MIMP-DGNNA",
  "30": "MP-FISTRAP",
  "34": "MIMP-DPE",
  "37": "MRE-MISIONES-CONSULARES",
  "38": "MIMP-AURORA",
  "39": "MIMP-INABIF",
  "40": "RENIEC-DRIAS-SDFI",
  "42": "MIMP-DATPS",
};

/**
 * Provider texts of seed_001.json that carry English editorial glosses, rewritten in Spanish
 * from the cited lines.
 */
const PROVIDER_OVERRIDES: Record<string, string> = {
  // 001:L2170-L2173 names no unit.
  S08: "Ministerio de Educación (MINEDU)",
  // 001:L2211-L2219.
  S09: "Servicio Nacional Forestal y de Fauna Silvestre (SERFOR); los reportes los genera la Unidad Funcional de Monitoreo Satelital (UFMS) de la Dirección General de Información y Ordenamiento Forestal y de Fauna Silvestre",
  // 001:L2849-L2850 and footnote 11 (001:L2893-L2898).
  S16: "Ministerio del Interior, a través de la Dirección Contra la Trata de Personas y el Tráfico Ilícito de Migrantes de la Policía Nacional del Perú; los datos los reporta la Oficina de Planeamiento y Estadística de la Oficina General de Planeamiento y Presupuesto del Ministerio del Interior",
  // 001:L4169-L4172 (printed "UCAVIT").
  S36: "Ministerio Público – Fiscalía de la Nación; Unidad Distrital de Víctimas y Testigos (UDAVIT) y Asistencia Inmediata a Víctimas y Testigos (UAIVIT; el texto imprime «UCAVIT»)",
};

// ---------------------------------------------------------------------------------------------
// Hand-written facts: indicators
// ---------------------------------------------------------------------------------------------

/** Units: "%" → porcentaje, counts → numero; S31 is a "Tasa de variación porcentual". */
const UNIT_OVERRIDE: Record<string, "tasa"> = { "31": "tasa" };

/** Indicators whose name says "acumulado" (S26: "Número acumulado de víctimas …"). */
const CUMULATIVE = new Set(["26"]);

/** Numerator and denominator definitions, where the text states them. */
const RATIO_DEFINITIONS: Record<string, { numerator: string; denominator: string }> = {
  // 3.1 comes from seed_001.json op_indicators[].formula (001:L3493-L3497).
  // S11: "se mide el número de adolescentes cuya solicitud es aceptada o rechazada por las
  // Direcciones y Gerencias Regionales … según los plazos que se establecen en el Decreto
  // Supremo Nº 018-2020-TR, respecto al total de solicitantes" (001:L2353-L2356).
  "11": {
    numerator:
      "Número de adolescentes cuya solicitud de autorización laboral previa es aceptada o rechazada por las Direcciones y Gerencias Regionales de Trabajo y Promoción del Empleo según los plazos que se establecen en el Decreto Supremo Nº 018-2020-TR.",
    denominator: "Total de solicitantes.",
  },
};

/**
 * Data sources the text names for an indicator (seed_001.json `data_sources` and the
 * per-indicator `data_source`), with the system of the 2022-2023 figures when it is known.
 * Indicators not listed: the report names no source ([] and sourceSystem null).
 */
const SOURCES: Record<string, { dataSources: string[]; sourceSystem: string | null }> = {
  // 001:L1613-L1635, 001:L1666-L1669.
  "1.1": {
    dataSources: [
      "Sistema de Inspección del Trabajo (órdenes de inspección de la SUNAFIL y del GEIT-TFI)",
    ],
    sourceSystem: "Sistema de Inspección del Trabajo (SUNAFIL)",
  },
  // "De acuerdo con el reporte generado" (001:L2642-L2644); data_sources lists 2.1 with S17.
  "2.1": {
    dataSources: ["Sistemas informáticos del Ministerio Público (FISTRAP)"],
    sourceSystem: "Sistemas informáticos del Ministerio Público",
  },
  // 001:L2740-L2743.
  "2.3": {
    dataSources: [
      "Boletín de Condenas, cuya fuente es el Registro Nacional Judicial; valores reportados por la Subgerencia de Estadística del Poder Judicial",
    ],
    sourceSystem: "Boletín de Condenas – Registro Nacional Judicial",
  },
  // 001:L3493-L3500.
  "3.1": {
    dataSources: ["Registros de planes de reintegración (PTI-R / PRI) de NNA del MIMP"],
    sourceSystem: "Registros de planes de reintegración del MIMP",
  },
  // 001:L3528-L3532.
  "3.2": {
    dataSources: ["Registros de los Centros Emergencia Mujer (CEM) del Programa Nacional AURORA"],
    sourceSystem: "Registros de los CEM (Programa Nacional AURORA)",
  },
  // "evaluar, mediante una encuesta, la satisfacción" (001:L1732-L1739).
  "1": {
    dataSources: ["Encuesta de satisfacción de la asistencia técnica (DGCI-MINCUL)"],
    sourceSystem: "Encuesta de satisfacción (DGCI-MINCUL)",
  },
  // 001:L1864-L1866.
  "3": {
    dataSources: ["Notas Informativas de la DIRCTPTIM-PNP"],
    sourceSystem: "Notas Informativas de la DIRCTPTIM-PNP",
  },
  // 001:L2016-L2018.
  "5": {
    dataSources: ["Reportes de las Misiones Consulares (MRE)"],
    sourceSystem: "Reportes de las Misiones Consulares",
  },
  // 001:L2211-L2224.
  "9": {
    dataSources: ["Monitoreo satelital de la deforestación de la UFMS-SERFOR"],
    sourceSystem: "Monitoreo satelital UFMS-SERFOR",
  },
  // 001:L1275-L1279, 001:L2289-L2291.
  "10": {
    dataSources: [
      "Encuesta de satisfacción del servicio de orientación de la SUNAFIL (NT N° 001-2022/PCM/SGP)",
    ],
    sourceSystem: "Encuesta de satisfacción SUNAFIL",
  },
  // 001:L2794-L2802.
  "15": {
    dataSources: [
      "Central Única de Denuncias (CUD): Línea 1818, página web, correo electrónico y aplicativo Android",
    ],
    sourceSystem: "Central Única de Denuncias (CUD)",
  },
  // Footnote 11 (001:L2893-L2898): RETA is the system the indicator names, but it did not work
  // in 2022-2023; OPE-OGPP took the figures from SECEJE PNP/DIRTIC-DIVEST and Directiva 13.
  "16.1": {
    dataSources: [
      "Registro de Estadística del Delito de Trata de Personas y Afines (RETA 1 / RETA 2), módulo «ficha de alerta»",
      "SECEJE PNP/DIRTIC-DIVEST y Directiva 13",
    ],
    sourceSystem: "SECEJE PNP/DIRTIC-DIVEST y Directiva 13",
  },
  // Footnote 11 (001:L2898).
  "16.2": { dataSources: ["SIDPOL"], sourceSystem: "SIDPOL" },
  // The indicator's name: "registradas en los sistemas informáticos del Ministerio Público".
  "17": {
    dataSources: ["Sistemas informáticos del Ministerio Público"],
    sourceSystem: "Sistemas informáticos del Ministerio Público",
  },
  // 001:L2733-L2740, 001:L3218-L3219.
  "22.1": {
    dataSources: ["Expedientes judiciales del Poder Judicial (resueltos en apelación)"],
    sourceSystem: "Expedientes judiciales del Poder Judicial",
  },
  "22.2": {
    dataSources: ["Expedientes judiciales del Poder Judicial (resueltos)"],
    sourceSystem: "Expedientes judiciales del Poder Judicial",
  },
  // 001:L3606-L3610.
  "26": {
    dataSources: ["Reportes de las Misiones Consulares (MRE)"],
    sourceSystem: "Reportes de las Misiones Consulares",
  },
  // data_sources lists S30, S35 and S36 under the MP's systems.
  "30": {
    dataSources: ["Sistemas informáticos del Ministerio Público"],
    sourceSystem: "Sistemas informáticos del Ministerio Público",
  },
  // 001:L3982-L3984.
  "32": {
    dataSources: ["Registros de los Centros de Salud Mental Comunitaria (CSMC) del MINSA"],
    sourceSystem: "Registros de los CSMC (MINSA)",
  },
  // 001:L4031-L4032.
  "33": {
    dataSources: ["Registros de las IPRESS del MINSA"],
    sourceSystem: "Registros de las IPRESS (MINSA)",
  },
  // 001:L4096-L4099.
  "34": {
    dataSources: ["Registros de planes de reintegración (PTI-R) de la DPE-MIMP"],
    sourceSystem: "Registros de planes de reintegración del MIMP",
  },
  "35": {
    dataSources: ["Sistemas informáticos del Ministerio Público"],
    sourceSystem: "Sistemas informáticos del Ministerio Público",
  },
  "36": {
    dataSources: ["Sistemas informáticos del Ministerio Público"],
    sourceSystem: "Sistemas informáticos del Ministerio Público",
  },
  // 001:L4237-L4240.
  "37": {
    dataSources: ["Reportes de las Misiones Consulares (MRE)"],
    sourceSystem: "Reportes de las Misiones Consulares",
  },
  // 001:L4307-L4310.
  "38": {
    dataSources: ["Registros de los Centros Emergencia Mujer (CEM) del Programa Nacional AURORA"],
    sourceSystem: "Registros de los CEM (Programa Nacional AURORA)",
  },
  // 001:L4386-L4391.
  "39": {
    dataSources: ["Registros de los Centros de Acogida Residencial (CAR) del INABIF"],
    sourceSystem: "Registros de los CAR (INABIF)",
  },
  // 001:L4428-L4440.
  "40": {
    dataSources: ["Campañas y jornadas de documentación itinerante de la DRIAS (RENIEC)"],
    sourceSystem: "Registros de la DRIAS (RENIEC)",
  },
  // 001:L4504-L4508, 001:L4520-L4524.
  "41": {
    dataSources: ["Registros de las jefaturas zonales de Migraciones"],
    sourceSystem: "Registros de las jefaturas zonales de Migraciones",
  },
};

/**
 * Baselines of the OP indicators. The report prints no baseline; these are solved from its
 * printed avance tipo 2 for 2023, tipo2 = (V − LB) / (M − LB) × 100 (seed_001.md §2.4, §3.3).
 * 3.1 prints "ND" and has no baseline.
 */
const DERIVED_BASELINES: Record<string, { value: number; interval: string }> = {
  "1.1": { value: 7.2, interval: "[7.1986, 7.2001]" },
  "2.1": { value: 99.2, interval: "[99.196, 99.200]" },
  "2.2": { value: 1054, interval: "[1053.95, 1054.24]" },
  "2.3": { value: 24, interval: "[23.9995, 24.0005]" },
  "3.2": { value: 10, interval: "[9.9975, 10.0025]" },
};

/** Where each objective's logro esperado al 2030 is quoted (the 2030 metas of its indicators). */
const TARGET_2030_LINES: Record<string, string> = {
  OP1: "001:L1006-L1009",
  OP2: "001:L1014-L1018",
  OP3: "001:L1025-L1028",
};

/** Notes on published metas, kept as published. */
const META_NOTES: Record<string, string> = {
  "40/2022":
    "Kept as published: a meta of 0.0003 % turns any value into an avance tipo 1 of thousands of percent (the report prints 2,000 % and 3,210,000 %).",
  "40/2023":
    "Kept as published: a meta of 0.0003 % turns any value into an avance tipo 1 of thousands of percent (the report prints 2,000 % and 3,210,000 %).",
};

type Disaggregation = CatalogueMeasurement["disaggregations"][number];

const sex = (f: number, m: number): Disaggregation[] => [
  { dimension: "sexo", category: "F", label: null, value: f },
  { dimension: "sexo", category: "M", label: null, value: m },
];

interface MeasurementOverride {
  value?: number;
  numerator?: number | null;
  denominator?: number | null;
  disaggregations?: Disaggregation[];
  logros?: string | null;
  dificultades?: string | null;
  reportingEntity?: string;
  reportingUnit?: string | null;
  note: string;
}

/**
 * Special cases, keyed "indicator/year". Each says why it departs from the plain transcription
 * of the table row (value = logro, numerator/denominator = the narrative's raw counts).
 */
const MEASUREMENT_OVERRIDES: Record<string, MeasurementOverride> = {
  "1.1/2023": {
    note: "132 / 1,919 = 6.88 %; the table's 6.9 % is kept, because the printed avance tipo 1 (77.5) and tipo 2 (-17.6) are computed from it (with 6.88 tipo 1 would be 77.3).",
  },
  "2.1/2023": {
    note: "The OP2 card prints «Avance 2023 46.4%» (001:L2602-L2606), the table 45.5 (001:L1426) and the narrative 46 % (001:L2644-L2645); 708 / 1,831 = 38.67 %.",
  },
  "18/2022": {
    note: "The narrative says 79 % progress (001:L3013-L3014); the table's avance tipo 1 is 74.9 = 67.38 / 90 (001:L3034).",
  },
  "1/2023": {
    value: 100,
    note: "The table prints a valor obtenido of 0 % but an avance tipo 1 of 100 (001:L1773); the narrative reports 100 % satisfaction (001:L1746-L1753) and the Matriz de compromisos row 5 says «a pesar de haber conseguido un 100% en el 2023 (0% 2022)» (001:L5157-L5161). The catalogue keeps 100 %, which the report's level counts (8 bajo / 3 intermedio / 33 alto, 001:L1151-L1162) use; with the meta of 50 % it gives a tipo 1 of 200, not the printed 100. The sentences that count 9 low and 32 high service indicators (001:L756-L757, 001:L1251) and Cuadro 02 (001:L855) use the 0 %.",
  },
  "10/2023": {
    value: 90.42,
    numerator: 1868,
    denominator: 2066,
    note: "The table rounds the value to 90 % (001:L2312), but its avance tipo 1 of 155.9 is 90.42 / 58: the unrounded 1,868 / 2,066 = 90.42 % of the narrative (001:L2289-L2291). The catalogue keeps 90.42.",
  },
  "32/2023": {
    numerator: 3568,
    denominator: 56397,
    note: "Section 2 says 3,568 of 56,397 persons received the complete package (001:L1233-L1235), which gives the table's 6.33 %; section 3 says 6,568 (001:L3982-L3984), which would give 11.6 %. The catalogue keeps the table's value and the numerator that fits it.",
  },
  "35/2023": {
    numerator: 263,
    denominator: null,
    disaggregations: sex(220, 46),
    note: "Numerator: 263 victims lodged in the salas de acogida (001:L4140-L4142); the report gives no denominator. The breakdown is kept as published: 220 women (103 minors) and 46 men (35 minors) add up to 266, not 263 (001:L4142-L4144).",
  },
  "36/2023": {
    numerator: 857,
    denominator: null,
    disaggregations: sex(732, 125),
    note: "Numerator: 857 victims assisted by the UDAVIT and UAIVIT (001:L4184-L4187); the report gives no denominator. Of the 732 women 292 are minors, of the 125 men 66 (001:L4187-L4188).",
  },
  "16.1/2022": {
    reportingEntity: "MININTER",
    reportingUnit: "MININTER-OPE-OGPP",
    note: "Reported for the PNP by MININTER's OPE-OGPP because RETA 1 and RETA 2 do not work (footnote 11, 001:L2893-L2898; 001:L2880-L2884).",
  },
  "16.1/2023": {
    reportingEntity: "MININTER",
    reportingUnit: "MININTER-OPE-OGPP",
    note: "Reported for the PNP by MININTER's OPE-OGPP because RETA 1 and RETA 2 do not work (footnote 11, 001:L2893-L2898; 001:L2880-L2884).",
  },
  "16.2/2022": {
    reportingEntity: "MININTER",
    reportingUnit: "MININTER-OPE-OGPP",
    note: "Reported for the PNP by MININTER's OPE-OGPP because RETA 1 and RETA 2 do not work (footnote 11, 001:L2893-L2898; 001:L2880-L2884). The table prints an avance tipo 1 of 47.8; 281 / 589 gives 47.7.",
  },
  "16.2/2023": {
    reportingEntity: "MININTER",
    reportingUnit: "MININTER-OPE-OGPP",
    note: "Reported for the PNP by MININTER's OPE-OGPP because RETA 1 and RETA 2 do not work (footnote 11, 001:L2893-L2898; 001:L2880-L2884). SIDPOL data are being reconciled («sinceramiento», 001:L1205-L1210).",
  },
  "3/2023": {
    disaggregations: [
      ["A", 16],
      ["B", 9],
      ["C", 12],
      ["D", 6],
      ["E", 5],
    ].map(([category, value]) => ({
      dimension: "otro" as const,
      category: String(category),
      label: "tipo de espacio",
      value: Number(value),
    })),
    note: "Events by type of space (001:L1868-L1886): A instituciones de educación básica, B municipalidades en espacios de riesgo, C juntas vecinales, D terminales y espacios públicos, E eventos públicos.",
  },
  "17/2023": {
    note: "The value counts denuncias. The narrative's 2,910 victims from those denuncias (2,209 women, 238 men, 463 pending identification; 855 minors, 001:L2955-L2958) are a different quantity and are not stored as a breakdown of the value.",
  },
  "26/2023": {
    disaggregations: [
      { dimension: "grupo_edad", category: "0-17", label: null, value: 5 },
      { dimension: "grupo_edad", category: "18+", label: null, value: 1 },
      ...sex(4, 2),
      ...(
        [
          ["Argentina", 2],
          ["Ecuador", 2],
          ["Colombia", 1],
          ["Panamá", 1],
        ] as const
      ).map(([category, value]) => ({
        dimension: "otro" as const,
        category,
        label: "país",
        value,
      })),
    ],
    note: "Kept as published: the indicator is a «Número acumulado» but 6 is the number of victims identified in 2023 alone (001:L3606-L3610); a cumulative value would be 19 + 6 = 25. Breakdown: 5 minors (4 girls, 1 boy) and 1 adult man; by country where identified.",
  },
  "27/2023": {
    disaggregations: sex(97, 43),
    note: "Of the 97 women 71 are minors, of the 43 men 26 (001:L3689-L3691).",
  },
  "30/2023": {
    note: "The narrative says 76 % progress (001:L3873-L3874), the table 75.3 = 2.26 / 3 (001:L3894); the raw counts 72 / 3,179 give 2.265 %.",
  },
  "8/2022": {
    note: "«no se reporta avance por no estar alineado en su totalidad. El Sector ha realizado ajustes al indicador para el 2024» (001:L2171-L2173); the table prints 0 %.",
  },
  "8/2023": {
    note: "«no se reporta avance por no estar alineado en su totalidad. El Sector ha realizado ajustes al indicador para el 2024» (001:L2171-L2173); the table prints 0 %.",
  },
  "14/2023": {
    logros: null,
    dificultades: quoted(
      "El Ministerio de Energía y Minas indica que, durante año 2023, no ha concretado la ejecución del servicio por falta de presupuesto para contratar personal de apoyo durante el primer semestre del año. Para el segundo semestre, informó que el servicio paso a ser de responsabilidad de la PCM.",
    ),
    note: "Reported by MINEM; the service passed to the PCM in the second semester of 2023 (001:L2563-L2566).",
  },
  "18/2023": {
    note: "Kept as published: 183.6 % is impossible for a proportion. The narrative gives only a first-semester count, «en el primer semestre del año 2023, se realizaron 661 operativos» (001:L3010-L3011), and no denominator.",
  },
  "21/2023": {
    note: "Kept as published: 3,000 % is impossible for a proportion. The narrative gives 210 denuncias formalizadas with special investigation techniques (001:L3180-L3181) and no denominator.",
  },
  "23/2023": {
    note: "Kept as published: 1,400 % is impossible for a proportion. The narrative gives 168 capacitaciones (001:L3291-L3293) and no denominator.",
  },
  "31/2022": {
    note: "Kept as published: a variation rate of 115 % against a meta of 1 % gives a meaningless avance tipo 1 of 11,500 %.",
  },
  "31/2023": {
    note: "Kept as published: a variation rate of 78 % against a meta of 1.25 % gives a meaningless avance tipo 1 of 6,240 %. The narrative gives 627 victims sponsored (001:L3931-L3932) and no base-year count.",
  },
  "32/2022": {
    note: "Cuadro 02 prints 18 % for 2022 (001:L980); the table and both narratives give an avance tipo 1 of 7.6 (1.67 / 22).",
  },
  "12/2023": {
    note: "The narrative gives 137 operativos (001:L2420-L2421) and no denominator.",
  },
  "22.1/2023": {
    note: "The narrative gives 69 sentences confirmed on appeal (001:L3243-L3244) and no denominator.",
  },
  "24/2023": {
    note: "The narrative gives 23 operativos preventivos (001:L3364-L3365) and no denominator.",
  },
  "33/2023": {
    numerator: 3849,
    denominator: 3849,
    note: "«acudieron a las IPRESS, 3,849 personas víctimas de violencia sexual y recibieron el Kit de Emergencia» (001:L4031-L4032) is read as 3,849 of 3,849 (INFERENCE), which fits the 100 %.",
  },
  "37/2023": {
    numerator: 6,
    denominator: 6,
    note: "«identificó y brindó protección y asistencia a 6 casos» (001:L4237-L4239): 6 identified and 6 assisted, as in S26 (001:L3606-L3607).",
  },
  "40/2023": {
    note: "The narrative gives 6 victims attended (001:L4462-L4463) and no denominator.",
  },
  "41/2023": {
    note: "Kept as published: the narrative gives 127 foreign persons attended (001:L4520-L4523) and no denominator; the meta was 5 % (avance tipo 1 1,800 %).",
  },
  "3.2/2023": {
    note: "No woman has completed reintegration: of 153 sexual-exploitation cases attended by the CEM, 20 accepted the reintegration plan and are in process (001:L3528-L3533); the denominator is not defined in the text.",
  },
  "4/2023": {
    note: "Kept as published: 825 technical assistances of 696 programmed (001:L1937-L1938) puts the numerator above the denominator of a percentage.",
  },
};

/** Narrative quotes that replace a too-short `raw_2023.quote` of seed_001.json. */
const LOGROS_OVERRIDES: Record<string, string> = {
  "38": "la atención a víctimas de trata de personas con fines de explotación sexual que cuentan con atención integral a través del CEM fue de 129, de un total de 153",
  "41": "el número de personas extranjeras atendidas con medidas de protección migratoria por situación de vulnerabilidad vinculada a la trata de personas fue de 127",
  "42": "con un resultado de 637 operadores/as y funcionarios/as de las entidades públicas con competencia en materia de trata de personas que han recibido asistencia técnica y cuentan con planes de reintegración individual conforme la Guía de implementación, respecto a los 800 programados en el 2023",
};

// ---------------------------------------------------------------------------------------------
// Hand-written facts: Matriz de compromisos (001:L4817-L5768)
// ---------------------------------------------------------------------------------------------

/**
 * Line ranges of the cells of each Matriz row (the table is printed one cell per line), and the
 * indicator / service each row is about. Cell text is read from the seed.
 */
const MATRIZ_ROWS: Record<
  number,
  {
    indicator: string | null;
    service: string | null;
    recommendation: [number, number];
    keyAction: [number, number];
    verificationMeans: [number, number];
  }
> = {
  1: {
    indicator: "1.1",
    service: null,
    recommendation: [4843, 4847],
    keyAction: [4849, 4855],
    verificationMeans: [4857, 4877],
  },
  2: {
    indicator: "2.1",
    service: null,
    recommendation: [4901, 4905],
    keyAction: [4907, 4921],
    verificationMeans: [4923, 4943],
  },
  3: {
    indicator: "2.2",
    service: null,
    recommendation: [4995, 5009],
    keyAction: [5011, 5019],
    verificationMeans: [5021, 5041],
  },
  4: {
    indicator: "3.2",
    service: null,
    recommendation: [5059, 5063],
    keyAction: [5065, 5079],
    verificationMeans: [5081, 5101],
  },
  5: {
    indicator: "1",
    service: "S01",
    recommendation: [5157, 5165],
    keyAction: [5167, 5183],
    verificationMeans: [5185, 5205],
  },
  6: {
    indicator: "7",
    service: "S07",
    recommendation: [5226, 5230],
    keyAction: [5232, 5238],
    verificationMeans: [5240, 5260],
  },
  7: {
    indicator: "8",
    service: "S08",
    recommendation: [5283, 5283],
    keyAction: [5285, 5297],
    verificationMeans: [5299, 5319],
  },
  8: {
    indicator: "14",
    service: "S14",
    recommendation: [5377, 5381],
    keyAction: [5383, 5399],
    verificationMeans: [5401, 5421],
  },
  9: {
    indicator: "16.2",
    service: "S16",
    recommendation: [5443, 5447],
    keyAction: [5449, 5465],
    verificationMeans: [5467, 5487],
  },
  10: {
    indicator: "26",
    service: "S26",
    recommendation: [5531, 5535],
    keyAction: [5537, 5543],
    verificationMeans: [5545, 5565],
  },
  11: {
    indicator: "27",
    service: "S27",
    recommendation: [5583, 5583],
    keyAction: [5585, 5601],
    verificationMeans: [5603, 5623],
  },
  12: {
    indicator: "32",
    service: "S32",
    recommendation: [5653, 5657],
    keyAction: [5659, 5665],
    verificationMeans: [5667, 5687],
  },
  13: {
    indicator: "34",
    service: "S34",
    recommendation: [5733, 5737],
    keyAction: [5739, 5743],
    verificationMeans: [5745, 5765],
  },
};

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------

const entityCodes = new Set(ENTITIES.map((e) => e.code));
const unitCodes = new Set(ORG_UNITS.map((u) => u.code));

/** Unified view of an OP or a service indicator of seed_001.json. */
interface SourceIndicator {
  code: string;
  level: "objetivo" | "servicio";
  objective: string;
  service: string | null;
  name: string;
  unit: string;
  entity: string;
  /** Table row(s) that print metas and logros: [main, …others]. */
  rows: { line: string; text: string }[];
  metas: YearMap;
  matrizLines: string | null;
  logros: YearMap;
  tipo1Stated: YearMap;
  tipo1Recomputed: YearMap;
  raw: SeedRaw | undefined;
}

const sourceIndicators: SourceIndicator[] = [
  ...seed.op_indicators.map(
    (i): SourceIndicator => ({
      code: i.code,
      level: "objetivo",
      objective: i.objective,
      service: null,
      name: i.name,
      unit: i.unit,
      entity: i.entity,
      rows: i.table_rows,
      metas: i.metas,
      matrizLines: i.metas_source["2024-2025"] ?? null,
      logros: i.logros,
      tipo1Stated: i.avance_tipo1_stated,
      tipo1Recomputed: i.avance_tipo1_recomputed,
      raw: i.raw_counts_2023,
    }),
  ),
  ...seed.services.flatMap((s) =>
    s.indicators.map(
      (i): SourceIndicator => ({
        code: i.code,
        level: "servicio",
        objective: s.objective,
        service: s.code,
        name: i.name,
        unit: i.unit,
        entity: s.entity,
        rows: [i.table_row],
        metas: i.metas,
        matrizLines: i.metas_2024_2025_source,
        logros: i.logros,
        tipo1Stated: i.avance_tipo1_stated_table,
        tipo1Recomputed: i.avance_tipo1_recomputed,
        raw: i.raw_2023,
      }),
    ),
  ),
];

// Every table row of seed_001.json must be the text of its line in the seed.
for (const i of sourceIndicators) {
  for (const row of i.rows) {
    const [line] = parseRange(row.line);
    check(
      normalise(seedLines[line - 1] ?? "") === normalise(row.text),
      `table row ${row.line} of ${i.code}`,
    );
  }
}

/** Capitalises the first letter (the report prints 16.1 and 16.2 in lower case). */
const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase("es") + s.slice(1);

function buildIndicator(i: SourceIndicator): CatalogueIndicator {
  const unit = UNIT_OVERRIDE[i.code] ?? (i.unit === "%" ? "porcentaje" : "numero");
  check(i.unit === "%" || i.unit === "number", `unit of ${i.code}: ${i.unit}`);
  check(entityCodes.has(i.entity), `entity ${i.entity}`);
  const responsibleUnit = RESPONSIBLE_UNIT[i.code] ?? null;
  check(responsibleUnit === null || unitCodes.has(responsibleUnit), `unit of ${i.code}`);
  const mainRow = must(i.rows[0], `row of ${i.code}`);
  const rowRef = `${REPORT}, ${i.rows.map((r) => lineRef(r.line)).join(" and ")}`;

  // Ficha técnica (one version): definitions, sources, baseline.
  const opSeed = seed.op_indicators.find((o) => o.code === i.code);
  const formula = i.level === "objetivo" ? opSeed?.formula : undefined;
  const ratio = formula
    ? { numerator: formula.numerator, denominator: formula.denominator }
    : (RATIO_DEFINITIONS[i.code] ?? null);
  const derived = i.level === "objetivo" ? DERIVED_BASELINES[i.code] : undefined;
  let baseline: CatalogueIndicator["versions"][number]["baseline"] = null;
  if (derived) {
    const tipo2 = num(opSeed?.avance_tipo2_stated["2023"], `tipo 2 of ${i.code}`);
    const v = num(i.logros["2023"], "logro 2023");
    const m = num(i.metas["2023"], "meta 2023");
    // The derived baseline must reproduce the printed tipo 2.
    check(round1(((v - derived.value) / (m - derived.value)) * 100) === tipo2, `LB ${i.code}`);
    baseline = {
      value: derived.value,
      year: null,
      source: null,
      isDerived: true,
      note: `DERIVED: solved from the report's printed avance tipo 2 2023 of ${tipo2} (${lineRef(mainRow.line)}) with tipo2 = (V − LB) / (M − LB) × 100, V = ${v}, M = ${m}; feasible interval ${derived.interval}. The report prints no baseline.`,
    };
  }

  // Metas: 2022 and 2023 from the tables, 2024-2025 from the Matriz, 2030 from the OP text.
  const metas: CatalogueIndicator["metas"] = [];
  for (const y of ["2022", "2023"]) {
    metas.push({
      year: Number(y),
      value: num(i.metas[y], `meta ${y} of ${i.code}`),
      source: "ficha_tecnica",
      revision: 1,
      reference: rowRef,
      note: META_NOTES[`${i.code}/${y}`] ?? null,
    });
  }
  const matrizRow = Object.entries(MATRIZ_ROWS).find(([, r]) => r.indicator === i.code);
  for (const y of ["2024", "2025"]) {
    if (i.metas[y] === undefined) continue;
    const row = must(matrizRow, `Matriz row of ${i.code}`);
    const lines = must(i.matrizLines, `Matriz lines of ${i.code}`);
    metas.push({
      year: Number(y),
      value: num(i.metas[y], `meta ${y} of ${i.code}`),
      source: "matriz_compromisos",
      revision: 1,
      reference: `${REPORT}, Matriz de compromisos N° ${row[0]}, ${lineRef(lines)}`,
      note: "«Cumplir con la meta establecida de …»: the Matriz restates the meta already set for the year.",
    });
  }
  if (i.level === "objetivo") {
    metas.push({
      year: 2030,
      value: must(opSeed, i.code).target_2030.value,
      source: "politica",
      revision: 1,
      reference: `${REPORT}, ${must(TARGET_2030_LINES[i.objective], i.objective)}`,
      note: "INFERENCE: OP logro esperado al 2030 mapped to this indicator",
    });
  }

  // Measurements: the logros of 2022 and 2023.
  const measurements: CatalogueMeasurement[] = ["2022", "2023"].map((y) => {
    const key = `${i.code}/${y}`;
    const o = MEASUREMENT_OVERRIDES[key];
    const raw = y === "2023" ? i.raw : undefined;
    let numerator: number | null = null;
    let denominator: number | null = null;
    if (typeof raw?.numerator === "number" && typeof raw.denominator === "number") {
      numerator = raw.numerator;
      denominator = raw.denominator;
    }
    if (o?.numerator !== undefined) numerator = o.numerator;
    if (o?.denominator !== undefined) denominator = o.denominator;

    let logros: string | null = null;
    if (raw?.quote) logros = quoted(LOGROS_OVERRIDES[i.code] ?? raw.quote);
    if (o?.logros !== undefined) logros = o.logros;

    const value = o?.value ?? num(i.logros[y], `logro ${y} of ${i.code}`);
    // Printed avance tipo 1 that value / meta does not reproduce: say so, unless the override
    // already explains it.
    let note = o?.note ?? null;
    const stated = i.tipo1Stated[y];
    const recomputed = i.tipo1Recomputed[y];
    if (!o && typeof stated === "number" && stated !== recomputed) {
      note = `The table prints an avance tipo 1 of ${stated}; value / meta gives ${recomputed}. Kept as published.`;
    }

    const narrativeRef = raw?.lines ? `; narrative ${lineRef(raw.lines)}` : "";
    return {
      year: Number(y),
      period: "ANUAL",
      indicatorVersion: 1,
      value,
      numerator,
      denominator,
      disaggregations: o?.disaggregations ?? [],
      narrative: { logros, dificultades: o?.dificultades ?? null, medidas: null },
      sourceSystem: SOURCES[i.code]?.sourceSystem ?? null,
      reportingEntity: o?.reportingEntity ?? i.entity,
      reportingUnit: o?.reportingUnit ?? null,
      reportedForEntity: i.entity,
      status: "validado",
      reference: `${rowRef}${y === "2023" ? narrativeRef : ""}`,
      note,
    };
  });

  return {
    code: i.code,
    level: i.level,
    objective: i.objective,
    service: i.service,
    versions: [
      {
        version: 1,
        name: capitalise(i.name),
        unit,
        direction: "ascendente",
        isCumulative: CUMULATIVE.has(i.code),
        numerator: ratio?.numerator ?? null,
        denominator: ratio?.denominator ?? null,
        dataSources: SOURCES[i.code]?.dataSources ?? [],
        responsibleEntity: i.entity,
        responsibleUnit,
        baseline,
        validFrom: 2022,
        validTo: null,
        reason: null,
      },
    ],
    metas,
    measurements,
  };
}

/** "Los receptores del servicio: …" of a service, verbatim from the seed. */
function recipients(s: SeedService): string | null {
  if (!s.receptores_lines) return null;
  const [first, last] = parseRange(s.receptores_lines);
  const text = seedText(first, last);
  const marker = "Los receptores del servicio:";
  const at = text.indexOf(marker);
  check(at >= 0, `receptores of ${s.code}`);
  const rest = text.slice(at + marker.length);
  const cut = rest.indexOf("El indicador del servicio es");
  return (cut >= 0 ? rest.slice(0, cut) : rest).trim();
}

function buildServices(): Catalogue["services"] {
  return seed.services.map((s) => {
    check(entityCodes.has(s.entity), `entity of ${s.code}`);
    const responsibility: Catalogue["services"][number]["responsibility"] =
      s.code === "S14"
        ? [
            { entity: "MINEM", fromYear: POLICY_START_YEAR, toYear: 2022, note: null },
            {
              entity: "PCM",
              fromYear: 2023,
              toYear: null,
              note: "«Para el segundo semestre, informó que el servicio paso a ser de responsabilidad de la PCM» (001:L2565-L2566; also 001:L2532-L2534, 001:L1199-L1202). MINEM still reported the 2023 figures, and the Matriz de compromisos adds «Mientras tanto es de responsabilidad del MINEM» (001:L5383-L5399).",
            },
          ]
        : [{ entity: s.entity, fromYear: POLICY_START_YEAR, toYear: null, note: null }];
    return {
      code: s.code,
      number: s.number,
      name: s.name,
      lineamiento: s.lineamiento,
      provider: PROVIDER_OVERRIDES[s.code] ?? s.provider,
      recipients: recipients(s),
      // The report gives only counts (5 new, 37 improved, 001:L1490-L1491), never which.
      isNew: null,
      responsibility,
    };
  });
}

function buildCommitments(): Catalogue["commitments"] {
  return seed.matriz_de_compromisos.rows.map((r) => {
    const cells = must(MATRIZ_ROWS[r.n], `Matriz row ${r.n}`);
    const recommendation = seedText(...cells.recommendation);
    // The JSON abridges some recommendations with "..."; its words must still be in the cell.
    for (const part of r.recomendacion.split(/\s*\.\.\.\s*/)) {
      check(
        normalise(recommendation).includes(normalise(part.replace(/\.$/, ""))),
        `recommendation ${r.n}`,
      );
    }
    return {
      number: r.n,
      periodYear: 2024,
      aspect: r.aspecto,
      indicator: cells.indicator,
      service: cells.service,
      recommendation,
      keyAction: seedText(...cells.keyAction),
      verificationMeans: seedText(...cells.verificationMeans),
      responsibleUnit: r.unidad_responsable,
      deadline: r.plazo,
      status: "pendiente",
      comment: null,
      newMetas: Object.entries(r.targets).map(([y, value]) => ({ year: Number(y), value })),
    };
  });
}

const indicators = sourceIndicators.map(buildIndicator);
const commitments = buildCommitments();

// The Matriz's targets are the 2024/2025 metas of the indicator the row is about.
for (const c of commitments) {
  const ind = must(
    indicators.find((i) => i.code === c.indicator),
    `indicator of commitment ${c.number}`,
  );
  const fromMatriz = ind.metas.filter((m) => m.source === "matriz_compromisos");
  check(
    JSON.stringify(fromMatriz.map((m) => ({ year: m.year, value: m.value }))) ===
      JSON.stringify(c.newMetas),
    `metas of commitment ${c.number}`,
  );
}

const catalogue: Catalogue = {
  formatVersion: 1,
  provenance: {
    description: [
      "Values (valores obtenidos) and metas 2022-2023 are transcribed from MININTER's Informe de Evaluación Institucional of the policy for 2022-2023 (DGSD-DDF, 2024): the results tables of sections 2 and 3; metas 2024-2025 come from the report's Matriz de compromisos, and the 2030 metas of the six OP indicators are the objectives' logros esperados al 2030 mapped to them (an inference).",
      "Baselines are derived, not printed: the report prints none, so the baselines of 1.1, 2.1, 2.2, 2.3 and 3.2 were solved from its printed avance tipo 2 for 2023 (3.1 prints ND and has none).",
      "Corrected, where the report contradicts itself and its own calculations use another figure: S01 2023 = 100 % (the table prints 0 % next to an avance tipo 1 of 100 and the narrative says 100 %); S10 2023 = 90.42 % (the table rounds to 90; its tipo 1 uses 90.42); S32 2023 numerator = 3,568 (section 2; section 3 says 6,568).",
      "Kept as published, for the validation rules to flag: percentages above 100 (S04 118.5, S18 183.6, S21 3000, S23 1400), S31's variation rates of 115 and 78, S40's meta of 0.0003 %, S26's 'cumulative' 19 then 6, S35's breakdown that adds up to 266 for 263 victims, and targets below the derived baseline (2.1, 2.2).",
      "Each figure carries its line reference in the report (001:Lnnn).",
    ].join(" "),
    sources: [
      "Ministerio del Interior (DGSD-DDF), Informe de Evaluación Institucional de la Política Nacional frente a la Trata de Personas y sus formas de explotación al 2030, años 2022-2023 (2024); text 001_6a8fd91fb577fbaf.txt",
      "Decreto Supremo N° 009-2021-IN (27 de julio de 2021), que aprueba la Política Nacional frente a la Trata de Personas y sus formas de explotación al 2030",
      "Vigía research extraction seed_001.md / seed_001.json (line-referenced transcription of the report)",
    ],
  },
  policy: {
    ...POLICY,
    publicProblem: quoted(seed.public_problem.quote),
    desiredFuture: quoted(seed.desired_future_2030.quote),
  },
  entities: ENTITIES,
  orgUnits: ORG_UNITS,
  objectives: seed.objectives.map((o) => ({
    code: o.code,
    name: o.name,
    expectedResult: quoted(o.expected_2030_quote),
  })),
  lineamientos: seed.lineamientos.map((l) => ({
    code: l.code,
    objective: l.objective,
    text: l.text,
  })),
  services: buildServices(),
  indicators,
  commitments,
  valoracion: {
    // The valoración table (001:L1450-L1467): weights 4 / 4 / 2, total 1.8 → intermedio.
    criteria: [
      {
        code: "C1",
        name: "Nivel de avance de los Objetivos Prioritarios",
        weight: 4,
        rule: { kind: "nivel_indice" },
      },
      {
        code: "C2",
        name: "Nivel de implementación de los elementos (servicios o AO) de la PNFTPFE",
        weight: 4,
        rule: {
          kind: "declarado",
          levels: { "2023": "INTERMEDIO" },
          source: `${REPORT}, 001:L1463`,
          fallback: { kind: "media_tipo1_servicios" },
        },
      },
      {
        code: "C3",
        name: "Sistema de seguimiento de los indicadores",
        weight: 2,
        rule: {
          kind: "declarado",
          levels: { "2023": "AVANZADO" },
          source: `${REPORT}, 001:L1465 (impreso «AVANZANDO»)`,
          fallback: null,
        },
      },
    ],
    // 1.8 → INTERMEDIO fits rounding to the nearest level (seed_001.md §3.6).
    totalLevelRule: "mas_cercano",
  },
};

// Referential integrity the schema cannot check.
for (const e of ENTITIES) check(e.parent === null || entityCodes.has(e.parent), e.code);
for (const u of ORG_UNITS) check(entityCodes.has(u.entity), u.code);
for (const s of catalogue.services) {
  check(
    catalogue.lineamientos.some((l) => l.code === s.lineamiento),
    s.code,
  );
  for (const r of s.responsibility) check(entityCodes.has(r.entity), s.code);
}
for (const i of indicators) {
  for (const m of i.measurements) {
    check(entityCodes.has(m.reportingEntity) && entityCodes.has(m.reportedForEntity), i.code);
    check(m.reportingUnit === null || unitCodes.has(m.reportingUnit), i.code);
  }
}
for (const key of Object.keys(MEASUREMENT_OVERRIDES)) {
  const [code] = key.split("/");
  check(
    indicators.some((i) => i.code === code),
    `override ${key}`,
  );
}

mkdirSync(dirname(OUTPUT), { recursive: true });
writeFileSync(OUTPUT, serializeCatalogue(catalogue));
console.log(
  `wrote ${OUTPUT}: ${catalogue.objectives.length} objectives, ${catalogue.lineamientos.length} lineamientos, ${catalogue.services.length} services, ${indicators.length} indicators, ${commitments.length} commitments`,
);
