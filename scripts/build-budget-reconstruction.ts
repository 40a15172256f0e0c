/**
 * Writes reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv: budget lines shaped like
 * MEF's open data whose tagged totals equal the aggregates CHS Alternativo published in its
 * X Informe Alternativo 2023-2025 (seed 000, Tablas 2, 3, 5, 7, 8 and 9). RECONSTRUCTED FROM
 * PUBLISHED TOTALS, NOT MEF DATA: the report prints totals, never lines, so every split below
 * is one consistent reading of them (docs/budget.md explains each choice). Codes of pliegos,
 * ejecutoras, metas and finalidades are illustrative.
 *
 *   node --import tsx scripts/build-budget-reconstruction.ts
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { centsToDecimalString } from "../src/shared/budget/money.ts";
import { MEF_HEADERS, type MefRow, mefRowToCsv } from "../test/support/synthetic-mef.ts";

const OUT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv",
);

type Nivel = "E" | "R" | "M";
interface Holder {
  nivel: Nivel;
  sector: [string, string];
  pliego: [string, string];
  ejecutora: [string, string];
  ubigeo: string;
}

const NATIONAL = (
  sector: [string, string],
  pliego: [string, string],
  ejecutora: [string, string],
): Holder => ({ nivel: "E", sector, pliego, ejecutora, ubigeo: "150101" });
const GORE = (code: string, name: string, ejecutora: string, ubigeo: string): Holder => ({
  nivel: "R",
  sector: ["99", "GOBIERNOS REGIONALES"],
  pliego: [code, `GOBIERNO REGIONAL DEL DEPARTAMENTO DE ${name}`],
  ejecutora: [ejecutora, `REGION ${name}-SEDE CENTRAL`],
  ubigeo,
});

const INTERIOR: [string, string] = ["07", "INTERIOR"];
const H = {
  MININTER: NATIONAL(
    INTERIOR,
    ["007", "M. DEL INTERIOR"],
    ["000016", "OFICINA GENERAL DE ADMINISTRACION Y FINANZAS"],
  ),
  PNP: NATIONAL(
    INTERIOR,
    ["007", "M. DEL INTERIOR"],
    ["001361", "POLICIA NACIONAL DEL PERU - DIRCTPTIM"],
  ),
  MIGRACIONES: NATIONAL(
    INTERIOR,
    ["073", "SUPERINTENDENCIA NACIONAL DE MIGRACIONES"],
    ["001262", "SUPERINTENDENCIA NACIONAL DE MIGRACIONES"],
  ),
  MIMP: NATIONAL(
    ["39", "MUJER Y POBLACIONES VULNERABLES"],
    ["039", "M. DE LA MUJER Y POBLACIONES VULNERABLES"],
    ["000900", "MINISTERIO DE LA MUJER - ADMINISTRACION GENERAL"],
  ),
  MTPE: NATIONAL(
    ["12", "TRABAJO Y PROMOCION DEL EMPLEO"],
    ["012", "M. DE TRABAJO Y PROMOCION DEL EMPLEO"],
    ["000178", "MINISTERIO DE TRABAJO - OFICINA GENERAL DE ADMINISTRACION"],
  ),
  SUNAFIL: NATIONAL(
    ["12", "TRABAJO Y PROMOCION DEL EMPLEO"],
    ["121", "SUPERINTENDENCIA NACIONAL DE FISCALIZACION LABORAL"],
    ["001656", "SUNAFIL"],
  ),
  PCM: NATIONAL(
    ["01", "PRESIDENCIA CONSEJO MINISTROS"],
    ["001", "PRESIDENCIA DEL CONSEJO DE MINISTROS"],
    ["000001", "PRESIDENCIA DEL CONSEJO DE MINISTROS"],
  ),
  MP: NATIONAL(
    ["22", "MINISTERIO PUBLICO"],
    ["022", "MINISTERIO PUBLICO"],
    ["000311", "MINISTERIO PUBLICO - GERENCIA GENERAL"],
  ),
  PJ: NATIONAL(
    ["04", "PODER JUDICIAL"],
    ["004", "PODER JUDICIAL"],
    ["000121", "GERENCIA GENERAL DEL PODER JUDICIAL"],
  ),
  MINJUSDH: NATIONAL(
    ["06", "JUSTICIA"],
    ["006", "M. DE JUSTICIA Y DERECHOS HUMANOS"],
    ["000090", "MINISTERIO DE JUSTICIA - OFICINA GENERAL DE ADMINISTRACION"],
  ),
  SUTRAN: NATIONAL(
    ["36", "TRANSPORTES Y COMUNICACIONES"],
    ["202", "SUPERINTENDENCIA DE TRANSPORTE TERRESTRE DE PERSONAS, CARGA Y MERCANCIAS"],
    ["001438", "SUTRAN"],
  ),
  MINEDU: NATIONAL(
    ["10", "EDUCACION"],
    ["010", "M. DE EDUCACION"],
    ["000073", "MINISTERIO DE EDUCACION - SEDE CENTRAL"],
  ),
  SERFOR: NATIONAL(
    ["13", "AGRARIO Y DE RIEGO"],
    ["165", "SERVICIO NACIONAL FORESTAL Y DE FAUNA SILVESTRE"],
    ["001634", "SERFOR"],
  ),
  MINEM: NATIONAL(
    ["16", "ENERGIA Y MINAS"],
    ["016", "M. DE ENERGIA Y MINAS"],
    ["000169", "MINISTERIO DE ENERGIA Y MINAS - CENTRAL"],
  ),
  MINSA: NATIONAL(
    ["11", "SALUD"],
    ["011", "M. DE SALUD"],
    ["000122", "ADMINISTRACION CENTRAL - MINSA"],
  ),
  MRE: NATIONAL(
    ["08", "RELACIONES EXTERIORES"],
    ["008", "M. DE RELACIONES EXTERIORES"],
    ["000078", "SECRETARIA GENERAL - RREE"],
  ),
  RENIEC: NATIONAL(
    ["33", "REGISTRO NACIONAL DE IDENTIFICACION Y ESTADO CIVIL"],
    ["033", "REGISTRO NACIONAL DE IDENTIFICACION Y ESTADO CIVIL"],
    ["000239", "RENIEC"],
  ),
  MINCUL: NATIONAL(
    ["03", "CULTURA"],
    ["003", "M. DE CULTURA"],
    ["001134", "MINISTERIO DE CULTURA - ADMINISTRACION GENERAL"],
  ),
  CUSCO: GORE("446", "CUSCO", "000761", "080101"),
  LIMA: GORE("463", "LIMA", "000961", "150801"),
  LORETO: GORE("453", "LORETO", "000835", "160101"),
  MDD: GORE("454", "MADRE DE DIOS", "000840", "170101"),
  PUNO: GORE("458", "PUNO", "000856", "210101"),
  SAN_MARTIN: GORE("459", "SAN MARTIN", "000868", "220101"),
  TUMBES: GORE("461", "TUMBES", "000876", "240101"),
  UCAYALI: GORE("462", "UCAYALI", "000881", "250101"),
  MML: {
    nivel: "M",
    sector: ["M", "GOBIERNOS LOCALES"],
    pliego: ["150101", "MUNICIPALIDAD METROPOLITANA DE LIMA"],
    ejecutora: ["300001", "MUNICIPALIDAD METROPOLITANA DE LIMA"],
    ubigeo: "150101",
  },
  TAMBOPATA: {
    nivel: "M",
    sector: ["M", "GOBIERNOS LOCALES"],
    pliego: ["170101", "MUNICIPALIDAD PROVINCIAL DE TAMBOPATA"],
    ejecutora: ["301652", "MUNICIPALIDAD PROVINCIAL DE TAMBOPATA"],
    ubigeo: "170101",
  },
} satisfies Record<string, Holder>;
type HolderKey = keyof typeof H;

interface Chain {
  programa: [string, string];
  actividad: [string, string];
  funcion: [string, string, string, string, string, string];
  finalidad: [string, string];
}
const APNOP: [string, string] = [
  "9002",
  "ASIGNACIONES PRESUPUESTARIAS QUE NO RESULTAN EN PRODUCTOS",
];
const ORDEN: Chain["funcion"] = [
  "05",
  "ORDEN PUBLICO Y SEGURIDAD",
  "014",
  "ORDEN INTERNO",
  "0031",
  "ORDEN INTERNO",
];
const SOCIAL: Chain["funcion"] = [
  "23",
  "PROTECCION SOCIAL",
  "051",
  "ASISTENCIA SOCIAL",
  "0115",
  "PROTECCION DE POBLACIONES EN RIESGO",
];
const TRABAJO: Chain["funcion"] = [
  "23",
  "PROTECCION SOCIAL",
  "052",
  "PROMOCION DEL EMPLEO",
  "0117",
  "PROMOCION LABORAL",
];

/** Trafficking-specific chains: the finalidad is what the PNTP tagging rules recognize. */
const SPECIFIC: Record<string, Chain> = {
  S02: {
    programa: APNOP,
    actividad: ["5006210", "PREVENCION DE LA TRATA DE PERSONAS"],
    funcion: TRABAJO,
    finalidad: [
      "0312002",
      "SENSIBILIZACION EN MATERIA DE TRATA DE PERSONAS A LA POBLACION EN GENERAL",
    ],
  },
  // Regional labour directorates: no dedicated finalidad, recognized by the text rule.
  S02R: {
    programa: APNOP,
    actividad: ["5006210", "PREVENCION DE LA TRATA DE PERSONAS"],
    funcion: TRABAJO,
    finalidad: ["0045002", "SENSIBILIZACION EN TRATA DE PERSONAS A LA POBLACION DE LA REGION"],
  },
  S03: {
    programa: APNOP,
    actividad: ["5006211", "PREVENCION POLICIAL DE LA TRATA DE PERSONAS"],
    funcion: ORDEN,
    finalidad: [
      "0312003",
      "CAMPANAS DE SENSIBILIZACION CONTRA LA TRATA DE PERSONAS A POBLACION EN RIESGO",
    ],
  },
  S04: {
    programa: APNOP,
    actividad: ["5006212", "ARTICULACION TERRITORIAL CONTRA LA TRATA DE PERSONAS"],
    funcion: ORDEN,
    finalidad: [
      "0312004",
      "ASISTENCIA TECNICA A ESPACIOS DE COORDINACION REGIONAL Y LOCAL CONTRA LA TRATA DE PERSONAS",
    ],
  },
  S12: {
    programa: APNOP,
    actividad: ["5006211", "PREVENCION POLICIAL DE LA TRATA DE PERSONAS"],
    funcion: ORDEN,
    finalidad: [
      "0312012",
      "OPERATIVOS POLICIALES DE PREVENCION EN ESPACIOS DE RIESGO DE TRATA DE PERSONAS",
    ],
  },
  S19S24: {
    programa: APNOP,
    actividad: ["5006213", "INVESTIGACION Y PERSECUCION DE LA TRATA DE PERSONAS"],
    funcion: ORDEN,
    finalidad: [
      "0312900",
      "OPERACIONES POLICIALES E INTERINSTITUCIONALES CONTRA LA TRATA DE PERSONAS",
    ],
  },
  S20: {
    programa: APNOP,
    actividad: ["5006214", "FORMACION POLICIAL EN TRATA DE PERSONAS"],
    funcion: ORDEN,
    finalidad: [
      "0312020",
      "FORTALECIMIENTO DE CAPACIDADES DEL PERSONAL POLICIAL EN TRATA DE PERSONAS",
    ],
  },
  S27: {
    programa: APNOP,
    actividad: ["5006213", "INVESTIGACION Y PERSECUCION DE LA TRATA DE PERSONAS"],
    funcion: ORDEN,
    finalidad: ["0312027", "RESCATE Y PROTECCION DE VICTIMAS DE TRATA DE PERSONAS"],
  },
  S28: {
    programa: APNOP,
    actividad: ["5006215", "ATENCION Y REINTEGRACION DE VICTIMAS DE TRATA DE PERSONAS"],
    funcion: SOCIAL,
    finalidad: [
      "0312028",
      "CAPACITACION A OPERADORES EN TRATA DE PERSONAS Y VIOLENCIA BASADA EN GENERO",
    ],
  },
  S29: {
    programa: APNOP,
    actividad: ["5006215", "ATENCION Y REINTEGRACION DE VICTIMAS DE TRATA DE PERSONAS"],
    funcion: SOCIAL,
    finalidad: [
      "0312029",
      "FORTALECIMIENTO DE CAPACIDADES DE OPERADORES DE ATENCION A NNA VICTIMAS DE TRATA",
    ],
  },
  S42: {
    programa: APNOP,
    actividad: ["5006215", "ATENCION Y REINTEGRACION DE VICTIMAS DE TRATA DE PERSONAS"],
    funcion: SOCIAL,
    finalidad: [
      "0312042",
      "ASISTENCIA TECNICA PARA EL PLAN DE REINTEGRACION INDIVIDUAL DE VICTIMAS DE TRATA",
    ],
  },
};

/**
 * Amounts in whole soles: [year, holder, chain, PIA, PIM, devengado]. Each year's rows add up
 * to Tablas 2, 3 and 7; 2024 and 2025 also to Tabla 5 (per service) and Tablas 8 and 9 (per
 * prioritised pliego). 2023 is published only by year and level: its split is illustrative.
 */
const SPECIFIC_LINES: [number, HolderKey, keyof typeof SPECIFIC, number, number, number][] = [
  [2023, "MININTER", "S04", 500000, 700000, 680000],
  [2023, "PNP", "S19S24", 1200000, 2000000, 1930000],
  [2023, "MININTER", "S20", 700000, 1000000, 965000],
  [2023, "PNP", "S12", 30000, 300000, 290000],
  [2023, "PNP", "S27", 40000, 200000, 190500],
  [2023, "MTPE", "S02", 600000, 400000, 380000],
  [2023, "MIMP", "S28", 60000, 60000, 50000],
  [2023, "MIMP", "S29", 20000, 20000, 15000],
  [2023, "MIMP", "S42", 20000, 20000, 15000],
  [2023, "CUSCO", "S28", 1000000, 2500000, 2200000],
  [2023, "CUSCO", "S02R", 300000, 700000, 600000],
  [2023, "LORETO", "S28", 200000, 800000, 700000],
  [2023, "LIMA", "S02R", 80000, 272000, 255169],
  [2023, "SAN_MARTIN", "S02R", 150902, 500000, 400000],

  [2024, "MININTER", "S04", 610000, 1200000, 1185000],
  [2024, "PNP", "S19S24", 1440000, 2600000, 2570000],
  [2024, "MININTER", "S20", 720000, 1300000, 1285000],
  [2024, "PNP", "S12", 40000, 250000, 245000],
  [2024, "PNP", "S27", 40000, 250000, 245000],
  [2024, "PNP", "S03", 0, 300000, 300000],
  [2024, "MIMP", "S28", 50000, 70000, 68000],
  [2024, "MIMP", "S29", 15000, 25000, 24000],
  [2024, "MIMP", "S42", 15000, 25000, 23000],
  [2024, "MTPE", "S02", 550000, 540000, 535000],
  [2024, "CUSCO", "S28", 1900000, 2500000, 2340000],
  [2024, "CUSCO", "S02R", 450000, 600000, 560000],
  [2024, "LIMA", "S02R", 80000, 130000, 120000],
  [2024, "LORETO", "S28", 165000, 700000, 660000],
  [2024, "LORETO", "S42", 15000, 200000, 190000],
  [2024, "MDD", "S02R", 3000, 100000, 95000],
  [2024, "PUNO", "S02R", 0, 100000, 90000],
  [2024, "SAN_MARTIN", "S02R", 476216, 1000000, 800000],
  [2024, "UCAYALI", "S28", 830000, 2000000, 1600291],
  [2024, "TUMBES", "S04", 10000, 222000, 155000],

  [2025, "PNP", "S03", 40000, 60000, 55000],
  [2025, "MININTER", "S04", 613973, 800000, 790000],
  [2025, "PNP", "S12", 630000, 900000, 890000],
  [2025, "PNP", "S19S24", 520000, 700000, 690000],
  [2025, "MININTER", "S20", 720000, 1000000, 985000],
  [2025, "PNP", "S27", 626027, 800000, 790000],
  [2025, "MIMP", "S28", 100000, 140000, 135000],
  [2025, "MIMP", "S29", 50000, 70000, 67000],
  [2025, "MIMP", "S42", 40000, 50000, 48000],
  [2025, "MTPE", "S02", 500000, 600000, 470000],
  // Tabla 7 puts 0.04 (PIA) and 0.02 (PIM) more in the national government than Tabla 8's
  // prioritised pliegos hold: placed here in a pliego outside the eight.
  [2025, "PCM", "S28", 40000, 20000, 20000],
  [2025, "CUSCO", "S02R", 77000, 500000, 450000],
  [2025, "CUSCO", "S28", 0, 1800000, 1650000],
  [2025, "LIMA", "S02R", 79000, 230000, 210000],
  [2025, "LORETO", "S28", 966000, 800000, 750000],
  [2025, "LORETO", "S29", 36000, 60000, 55000],
  [2025, "LORETO", "S42", 7000, 20000, 15000],
  [2025, "LORETO", "S02R", 111000, 200000, 180000],
  [2025, "MDD", "S02R", 3000, 100000, 90000],
  [2025, "PUNO", "S02R", 0, 140000, 130000],
  [2025, "SAN_MARTIN", "S02R", 590000, 1500000, 1300000],
  [2025, "TUMBES", "S04", 16027, 250000, 200000],
  [2025, "UCAYALI", "S28", 0, 2000000, 1692196],
];

/**
 * The 35 services with an institutional budget meta (000:L1366): a general chain each, amount
 * zero because the report gives none. Only their existence is published.
 */
const INSTITUTIONAL: [string, HolderKey, string][] = [
  ["S02", "MTPE", "PROMOCION DEL EMPLEO Y DERECHOS LABORALES"],
  ["S03", "PNP", "PREVENCION POLICIAL COMUNITARIA"],
  ["S04", "MININTER", "GESTION DE LA SEGURIDAD DEMOCRATICA"],
  ["S06", "SUTRAN", "CAPACITACION A ADMINISTRADOS DEL TRANSPORTE TERRESTRE"],
  ["S07", "SUNAFIL", "PROMOCION DEL CUMPLIMIENTO DE NORMAS SOCIOLABORALES"],
  ["S08", "MINEDU", "GESTION DEL BIENESTAR ESCOLAR"],
  ["S09", "SERFOR", "MONITOREO DE LA COBERTURA FORESTAL"],
  ["S10", "SUNAFIL", "ORIENTACION Y ASISTENCIA TECNICA LABORAL"],
  ["S12", "PNP", "PATRULLAJE Y OPERATIVOS POLICIALES"],
  ["S13", "MIGRACIONES", "CONTROL MIGRATORIO EN PUESTOS DE FRONTERA"],
  ["S14", "MINEM", "FORMALIZACION MINERA"],
  ["S15", "MININTER", "CENTRAL UNICA DE DENUNCIAS"],
  ["S16", "PNP", "SISTEMAS INFORMATICOS POLICIALES"],
  ["S17", "MP", "RECEPCION Y TRAMITE DE DENUNCIAS"],
  ["S19", "PNP", "INVESTIGACION CRIMINAL"],
  ["S20", "MININTER", "FORMACION Y CAPACITACION POLICIAL"],
  ["S21", "MP", "INVESTIGACION FISCAL ESPECIALIZADA"],
  ["S22", "PJ", "ADMINISTRACION DE JUSTICIA PENAL"],
  ["S24", "PNP", "FISCALIZACION Y CONTROL POLICIAL"],
  ["S25", "SUTRAN", "SUPERVISION DEL TRANSPORTE TERRESTRE"],
  ["S27", "PNP", "ATENCION POLICIAL A VICTIMAS"],
  ["S28", "MIMP", "FORTALECIMIENTO DE CAPACIDADES EN VIOLENCIA BASADA EN GENERO"],
  ["S29", "MIMP", "PROTECCION DE NINAS, NINOS Y ADOLESCENTES"],
  ["S30", "MP", "MEDIDAS DE PROTECCION A VICTIMAS Y TESTIGOS"],
  ["S31", "MINJUSDH", "DEFENSA PUBLICA"],
  ["S32", "MINSA", "SALUD MENTAL COMUNITARIA"],
  ["S34", "MIMP", "ATENCION INTEGRAL A NINAS, NINOS Y ADOLESCENTES"],
  ["S35", "MP", "ALOJAMIENTO TEMPORAL DE VICTIMAS"],
  ["S36", "MP", "ASISTENCIA A VICTIMAS Y TESTIGOS"],
  ["S37", "MRE", "ASISTENCIA CONSULAR"],
  ["S38", "MIMP", "CENTROS EMERGENCIA MUJER"],
  ["S39", "MIMP", "CENTROS DE ACOGIDA RESIDENCIAL"],
  ["S40", "RENIEC", "SERVICIOS REGISTRALES"],
  ["S41", "MIGRACIONES", "ATENCION MIGRATORIA"],
  ["S42", "MIMP", "REINTEGRACION DE VICTIMAS"],
];

/** Lines a rule does not tag. Only the MML one names trafficking: it lands in the review list. */
const UNTAGGED: [HolderKey, Chain][] = [
  [
    "MML",
    {
      programa: APNOP,
      actividad: ["5001122", "PROTECCION SOCIAL"],
      funcion: SOCIAL,
      finalidad: ["0197001", "ATENCION A POBLACION VULNERABLE Y VICTIMAS DE TRATA DE PERSONAS"],
    },
  ],
  [
    "TAMBOPATA",
    {
      programa: ["0138", "REDUCCION DEL COSTO, TIEMPO E INSEGURIDAD EN EL SISTEMA DE TRANSPORTE"],
      actividad: ["5004391", "FISCALIZACION DEL TRANSPORTE"],
      funcion: ["15", "TRANSPORTE", "033", "TRANSPORTE TERRESTRE", "0066", "VIAS VECINALES"],
      finalidad: ["0152011", "FISCALIZACION DEL TRANSPORTE PUBLICO DE PASAJEROS"],
    },
  ],
  [
    "MINSA",
    {
      programa: ["0131", "CONTROL Y PREVENCION EN SALUD MENTAL"],
      actividad: ["5005190", "TRATAMIENTO AMBULATORIO DE PERSONAS CON TRASTORNOS MENTALES"],
      funcion: ["20", "SALUD", "044", "SALUD INDIVIDUAL", "0096", "ATENCION MEDICA BASICA"],
      finalidad: ["0211002", "TRATAMIENTO AMBULATORIO EN SALUD MENTAL"],
    },
  ],
];

const LEVEL_NAME: Record<Nivel, string> = {
  E: "GOBIERNO NACIONAL",
  R: "GOBIERNOS REGIONALES",
  M: "GOBIERNOS LOCALES",
};

const metaCounter = new Map<string, number>();
function row(
  year: number,
  holder: Holder,
  chain: Chain,
  pia: number,
  pim: number,
  dev: number,
): MefRow {
  const key = `${year}|${holder.ejecutora[0]}`;
  const meta = (metaCounter.get(key) ?? 0) + 1;
  metaCounter.set(key, meta);
  // Certificación and compromiso between devengado and PIM; girado just below devengado.
  const toCents = (soles: number) => Math.round(soles * 100);
  const pimC = toCents(pim);
  const devC = toCents(dev);
  const cert = devC + Math.floor((pimC - devC) / 2);
  const comp = devC + Math.floor((cert - devC) / 2);
  const gir = Math.floor(devC * 0.97);
  return {
    ANO_EJE: String(year),
    NIVEL_GOBIERNO: holder.nivel,
    NIVEL_GOBIERNO_NOMBRE: LEVEL_NAME[holder.nivel],
    SECTOR: holder.sector[0],
    SECTOR_NOMBRE: holder.sector[1],
    PLIEGO: holder.pliego[0],
    PLIEGO_NOMBRE: holder.pliego[1],
    SEC_EJEC: holder.ejecutora[0],
    EJECUTORA_NOMBRE: holder.ejecutora[1],
    PROGRAMA_PPTO: chain.programa[0],
    PROGRAMA_PPTO_NOMBRE: chain.programa[1],
    PRODUCTO_PROYECTO: "3999999",
    PRODUCTO_PROYECTO_NOMBRE: "SIN PRODUCTO",
    ACTIVIDAD_ACCION_OBRA: chain.actividad[0],
    ACTIVIDAD_ACCION_OBRA_NOMBRE: chain.actividad[1],
    FUNCION: chain.funcion[0],
    FUNCION_NOMBRE: chain.funcion[1],
    DIVISION_FUNCIONAL: chain.funcion[2],
    DIVISION_FUNCIONAL_NOMBRE: chain.funcion[3],
    GRUPO_FUNCIONAL: chain.funcion[4],
    GRUPO_FUNCIONAL_NOMBRE: chain.funcion[5],
    META: String(meta).padStart(4, "0"),
    META_NOMBRE: chain.finalidad[1],
    FINALIDAD: chain.finalidad[0],
    FINALIDAD_NOMBRE: chain.finalidad[1],
    DEPARTAMENTO_META: holder.ubigeo.slice(0, 2),
    PROVINCIA_META: holder.ubigeo.slice(2, 4),
    DISTRITO_META: holder.ubigeo.slice(4, 6),
    FUENTE_FINANCIAMIENTO: "1",
    FUENTE_FINANCIAMIENTO_NOMBRE: "RECURSOS ORDINARIOS",
    GENERICA: "2.3",
    GENERICA_NOMBRE: "BIENES Y SERVICIOS",
    MONTO_PIA: centsToDecimalString(toCents(pia)),
    MONTO_PIM: centsToDecimalString(pimC),
    MONTO_CERTIFICADO: centsToDecimalString(cert),
    MONTO_COMPROMETIDO_ANUAL: centsToDecimalString(comp),
    MONTO_DEVENGADO: centsToDecimalString(devC),
    MONTO_GIRADO: centsToDecimalString(gir),
  };
}

const rows: MefRow[] = [];
for (const year of [2023, 2024, 2025]) {
  for (const [y, holder, chain, pia, pim, dev] of SPECIFIC_LINES) {
    if (y !== year) continue;
    const c = SPECIFIC[chain];
    if (!c) throw new Error(`unknown chain ${chain}`);
    rows.push(row(year, H[holder], c, pia, pim, dev));
  }
  for (const [service, holder, name] of INSTITUTIONAL) {
    const n = service.slice(1).padStart(3, "0");
    rows.push(
      row(
        year,
        H[holder],
        {
          programa: ["9001", "ACCIONES CENTRALES"],
          actividad: ["5000003", "GESTION ADMINISTRATIVA"],
          funcion: [
            "03",
            "PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA",
            "006",
            "GESTION",
            "0008",
            "ASESORAMIENTO Y APOYO",
          ],
          finalidad: [`0313${n}`, name],
        },
        0,
        0,
        0,
      ),
    );
  }
  for (const [holder, chain] of UNTAGGED) rows.push(row(year, H[holder], chain, 0, 0, 0));
}

const header = [
  "# RECONSTRUIDO A PARTIR DE TOTALES PUBLICADOS - NO SON DATOS DEL MEF.",
  "# Lineas con forma de datos abiertos del MEF cuyos totales etiquetados reproducen las Tablas 2, 3, 5, 7, 8 y 9",
  "# del X Informe Alternativo 2023-2025 de CHS Alternativo (capitulo 5). Codigos ilustrativos; montos en soles.",
  "# Ver reference/budget/README.md y docs/budget.md. Generado por scripts/build-budget-reconstruction.ts.",
];
writeFileSync(OUT, `${[...header, MEF_HEADERS.join(","), ...rows.map(mefRowToCsv)].join("\n")}\n`);
console.error(`${rows.length} líneas escritas en ${OUT}`);
