import { type Audience, DEFAULT_K, PUBLIC_MIN_K } from "./disclosure-rules.ts";

/**
 * Every output of Vigía that prints counts from the statistical register, in one list: its code
 * (the disclosure log's output code, or the prefix of one code per table), who reads it, its
 * default k, and where it is built. A public output that is not here has no k to ask for, so a
 * new output cannot skip disclosure control without someone adding it to this list (and to the
 * table in docs/disclosure.md).
 */

export interface DisclosureOutput {
  /** The disclosure log's output code; with `perTable`, the prefix of `<code>/<table>`. */
  code: string;
  audience: Audience;
  defaultK: number;
  /** One log entry per table (`<code>/victim/PNP-RETA/2019`), or one for the whole document. */
  perTable: boolean;
  /** What it is and where it is built, for people (docs/disclosure.md repeats it). */
  description: string;
}

export const DISCLOSURE_OUTPUTS = [
  {
    code: "portal/estadisticas",
    audience: "public",
    defaultK: DEFAULT_K,
    perTable: true,
    description: "Estadísticas públicas del portal (GET /api/public/statistics, JSON)",
  },
  {
    code: "tablero/estadisticas",
    audience: "internal",
    defaultK: DEFAULT_K,
    perTable: true,
    description:
      "Vista interna de las mismas tablas (GET /api/public/statistics?vista=interna, statistics.read)",
  },
  {
    code: "datos-abiertos/estadisticas",
    audience: "public",
    defaultK: DEFAULT_K,
    perTable: true,
    description: "Datos abiertos: las tablas públicas en CSV (GET /api/public/statistics.csv)",
  },
  {
    code: "datos-abiertos/publicacion",
    audience: "public",
    defaultK: DEFAULT_K,
    perTable: true,
    description:
      "Datos abiertos de un año publicado: el conjunto «estadisticas» en CSV, JSON y XLSX (GET /api/public/datasets/:code/estadisticas/:file), congelado al publicar",
  },
  {
    code: "paquete/estadisticas",
    audience: "public",
    defaultK: DEFAULT_K,
    perTable: true,
    description:
      "Paquete de publicación del PTE: datos/estadisticas.csv, las tablas públicas del año",
  },
  {
    code: "tip/publico",
    audience: "public",
    defaultK: DEFAULT_K,
    perTable: false,
    description: "Paquete de datos TIP, versión pública (vigia report tip, GET /api/reports/tip)",
  },
  {
    code: "tip/interno",
    audience: "internal",
    defaultK: DEFAULT_K,
    perTable: false,
    description: "Paquete de datos TIP, copia interna con celdas pequeñas marcadas",
  },
  {
    code: "congreso",
    audience: "public",
    defaultK: DEFAULT_K,
    perTable: false,
    description: "Informe anual al Congreso, capítulo estadístico (vigia report congress)",
  },
] as const satisfies readonly DisclosureOutput[];

export type DisclosureOutputCode = (typeof DISCLOSURE_OUTPUTS)[number]["code"];

/** k per output, as the configuration resolved it (every output present). */
export type DisclosureKConfig = Readonly<Record<DisclosureOutputCode, number>>;

export function disclosureOutput(code: DisclosureOutputCode): DisclosureOutput {
  const output = DISCLOSURE_OUTPUTS.find((o) => o.code === code);
  if (!output) throw new Error(`Salida de control de divulgación desconocida: ${code}`);
  return output;
}

/** The log's output code of one table of a per-table output: `portal/estadisticas/victim/…`. */
export const tableOutputCode = (code: DisclosureOutputCode, table: string): string =>
  `${code}/${table}`;

/** `datos-abiertos/estadisticas` → `VIGIA_DISCLOSURE_K_DATOS_ABIERTOS_ESTADISTICAS`. */
export const disclosureKVariable = (code: string): string =>
  `VIGIA_DISCLOSURE_K_${code.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;

export class DisclosureConfigError extends Error {
  override name = "DisclosureConfigError";
}

function checkK(code: string, audience: Audience, raw: unknown, where: string): number {
  const k = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1) {
    throw new DisclosureConfigError(
      `${where}: el k de «${code}» debe ser un entero positivo (se recibió ${JSON.stringify(raw)}).`,
    );
  }
  if (audience === "public" && k < PUBLIC_MIN_K) {
    throw new DisclosureConfigError(
      `${where}: «${code}» es una salida pública y no puede usar k = ${k}; el mínimo es ${PUBLIC_MIN_K}. Un k menor solo se permite en salidas internas.`,
    );
  }
  return k;
}

/**
 * The k of every output from the environment: `VIGIA_DISCLOSURE_K` (a JSON object
 * `{"datos-abiertos/estadisticas": 15}`) and `VIGIA_DISCLOSURE_K_<OUTPUT>` (one output each).
 * Unknown outputs, a value that is not a positive integer, one output set twice with different
 * values, and a public output below 11 are refused, in Spanish, naming the variable.
 */
export function resolveDisclosureK(
  env: Readonly<Record<string, string | undefined>>,
): DisclosureKConfig {
  const known = new Map<string, DisclosureOutput>(DISCLOSURE_OUTPUTS.map((o) => [o.code, o]));
  const fromJson = new Map<string, number>();
  const json = env.VIGIA_DISCLOSURE_K;
  if (json !== undefined && json.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new DisclosureConfigError(
        'VIGIA_DISCLOSURE_K no es JSON válido; se espera un objeto como {"datos-abiertos/estadisticas": 15}.',
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new DisclosureConfigError(
        'VIGIA_DISCLOSURE_K debe ser un objeto JSON, p. ej. {"datos-abiertos/estadisticas": 15}.',
      );
    }
    for (const [code, raw] of Object.entries(parsed)) {
      const output = known.get(code);
      if (!output) {
        throw new DisclosureConfigError(
          `VIGIA_DISCLOSURE_K: no existe la salida «${code}». Salidas: ${[...known.keys()].join(", ")}.`,
        );
      }
      fromJson.set(code, checkK(code, output.audience, raw, "VIGIA_DISCLOSURE_K"));
    }
  }
  const variables = new Map(DISCLOSURE_OUTPUTS.map((o) => [disclosureKVariable(o.code), o]));
  for (const name of Object.keys(env)) {
    if (!name.startsWith("VIGIA_DISCLOSURE_K_") || env[name] === undefined) continue;
    if (!variables.has(name)) {
      throw new DisclosureConfigError(
        `${name}: no corresponde a ninguna salida. Variables válidas: ${[...variables.keys()].join(", ")}.`,
      );
    }
  }
  const resolved = {} as Record<DisclosureOutputCode, number>;
  for (const output of DISCLOSURE_OUTPUTS) {
    const name = disclosureKVariable(output.code);
    const raw = env[name];
    const single =
      raw === undefined || raw.trim() === ""
        ? undefined
        : checkK(output.code, output.audience, raw, name);
    const inJson = fromJson.get(output.code);
    if (single !== undefined && inJson !== undefined && single !== inJson) {
      throw new DisclosureConfigError(
        `El k de «${output.code}» está definido dos veces con valores distintos: ${name}=${single} y VIGIA_DISCLOSURE_K=${inJson}.`,
      );
    }
    resolved[output.code] = single ?? inJson ?? output.defaultK;
  }
  return resolved;
}

/** The defaults, for code that runs without a configured environment (pure tests). */
export const DEFAULT_DISCLOSURE_K: DisclosureKConfig = resolveDisclosureK({});
