/**
 * INEI ↔ RENIEC ubigeo crosswalk, pure (browser and server). Vigía keys every place by its
 * INEI code; RENIEC numbers most of the same places differently (Lima is INEI 15, RENIEC 14),
 * and a code can be a real place in both schemes: RENIEC 140101 is Lima's Cercado, INEI 140101
 * is Chiclayo. A file that says which scheme it uses is converted; a file that does not is
 * resolved code by code, and a code that names two different places is refused with both
 * candidates, unless a place name on the row tells them apart.
 */

export type UbigeoLevel = "departamento" | "provincia" | "distrito";
export type CodeScheme = "inei" | "reniec" | "auto";

export interface CrosswalkEntry {
  inei: string;
  reniec: string | null;
  level: UbigeoLevel;
  name: string;
  /** Ancestors' names, nearest first ("LIMA, LIMA" for a district of Lima province). */
  parents: string;
  validFrom: string | null;
  validTo: string | null;
}

export interface Candidate {
  scheme: "inei" | "reniec";
  inei: string;
  label: string;
}

export type Resolution =
  | { ok: true; inei: string; entry: CrosswalkEntry; converted: boolean }
  | {
      ok: false;
      problem: "format" | "unknown" | "ambiguous";
      candidates: Candidate[];
      message: string;
    };

const LEVEL_WIDTH: Record<UbigeoLevel, number> = { departamento: 2, provincia: 4, distrito: 6 };

/** Upper case without accents or extra spaces, for comparing place names. */
export function normalizePlaceName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9Ñ ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A code as written in a file → its unpadded form (15, 1501, 150101), or null. Accepts a code
 * padded with zeros (150000 is the department, 150100 the province) and one whose leading zero
 * a spreadsheet dropped (10101 for 010101).
 */
export function canonicalCode(raw: string): string | null {
  let code = raw.trim();
  if (!/^\d+$/.test(code)) return null;
  if (code.length % 2 === 1) code = `0${code}`;
  if (code.length === 6 && code.endsWith("0000")) code = code.slice(0, 2);
  else if (code.length === 6 && code.endsWith("00")) code = code.slice(0, 4);
  else if (code.length === 4 && code.endsWith("00")) code = code.slice(0, 2);
  if (![2, 4, 6].includes(code.length) || code.slice(-2) === "00") return null;
  return code;
}

export const labelOf = (e: CrosswalkEntry) =>
  `${e.name}${e.parents ? ` (${e.parents})` : ""}, ${e.level}`;

export interface Crosswalk {
  byInei(code: string): CrosswalkEntry | undefined;
  /**
   * The INEI code a written code stands for. `name`, when the row has one, picks between an
   * INEI and a RENIEC reading of the same digits.
   */
  resolve(raw: string, scheme: CodeScheme, name?: string | null): Resolution;
}

export function createCrosswalk(entries: readonly CrosswalkEntry[]): Crosswalk {
  const inei = new Map<string, CrosswalkEntry>();
  const reniec = new Map<string, CrosswalkEntry>();
  for (const e of entries) {
    if (e.inei.length !== LEVEL_WIDTH[e.level]) {
      throw new Error(`Ubigeo ${e.inei}: el código no corresponde al nivel ${e.level}.`);
    }
    inei.set(e.inei, e);
    if (e.reniec) reniec.set(e.reniec, e);
  }
  const candidate = (scheme: "inei" | "reniec", e: CrosswalkEntry): Candidate => ({
    scheme,
    inei: e.inei,
    label: `${scheme === "inei" ? "INEI" : "RENIEC"} ${scheme === "inei" ? e.inei : e.reniec} = ${labelOf(e)}${scheme === "reniec" ? ` → INEI ${e.inei}` : ""}`,
  });
  return {
    byInei: (code) => inei.get(code),
    resolve(raw, scheme, name) {
      const code = canonicalCode(raw);
      if (code === null) {
        return {
          ok: false,
          problem: "format",
          candidates: [],
          message: `«${raw}» no es un código de ubigeo (2, 4 o 6 dígitos)`,
        };
      }
      const found: Candidate[] = [];
      const asInei = scheme !== "reniec" ? inei.get(code) : undefined;
      const asReniec = scheme !== "inei" ? reniec.get(code) : undefined;
      if (asInei) found.push(candidate("inei", asInei));
      // The same place under both readings (most departments' codes) is no ambiguity.
      if (asReniec && asReniec !== asInei) found.push(candidate("reniec", asReniec));
      const schemeName = { inei: "INEI", reniec: "RENIEC", auto: "INEI ni RENIEC" }[scheme];
      if (found.length === 0) {
        return {
          ok: false,
          problem: "unknown",
          candidates: [],
          message: `el código ${code} no es un ubigeo ${schemeName} de la referencia`,
        };
      }
      let chosen = found;
      if (found.length > 1 && name && name.trim() !== "") {
        const wanted = normalizePlaceName(name);
        chosen = found.filter((c) => normalizePlaceName(inei.get(c.inei)?.name ?? "") === wanted);
      }
      if (chosen.length !== 1) {
        const why =
          chosen.length === 0
            ? `ninguno se llama «${name}»`
            : "indique el sistema de códigos (columna ubigeo_inei o ubigeo_reniec) o el nombre del lugar";
        return {
          ok: false,
          problem: "ambiguous",
          candidates: found,
          message: `el código ${code} es ambiguo: ${found.map((c) => c.label).join("; ")}; ${why}`,
        };
      }
      const [only] = chosen as [Candidate];
      const entry = inei.get(only.inei) as CrosswalkEntry;
      return { ok: true, inei: only.inei, entry, converted: only.scheme === "reniec" };
    },
  };
}

/**
 * Whether a place existed for the whole span of a record: a district created in 2016 has no
 * training in 2015. Dates are ISO days; null bounds are open.
 */
export function validityProblem(
  entry: CrosswalkEntry,
  from: string,
  to: string = from,
): string | null {
  if (entry.validFrom && from < entry.validFrom) {
    return `${labelOf(entry)} existe desde el ${entry.validFrom}; la fecha ${from} es anterior`;
  }
  if (entry.validTo && to > entry.validTo) {
    return `${labelOf(entry)} dejó de existir el ${entry.validTo}; la fecha ${to} es posterior`;
  }
  return null;
}
