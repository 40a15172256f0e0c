import { NAME_POOLS } from "./synthetic-names.ts";
import { INPUT_COLUMNS, type InputRow } from "./victim-record.ts";

/**
 * Three overlapping synthetic victim lists with known truth (issue 15 §5), for the tests and
 * `npm run bench:linkage`: police (PNP), prosecutors (MP) and MIMP, each recording the same
 * invented people the way registers do — typos, sound-alike spellings, surnames swapped or
 * missing, second given names dropped, dates missing, partial or mistyped, documents only
 * sometimes — with minors and Venezuelan, Colombian and Ecuadorian nationals. Same options and
 * seed, same lists. Invented data: no real person is in them.
 */

export const SYNTHETIC_SOURCES = ["PNP", "MP", "MIMP"] as const;

export interface SyntheticOptions {
  /** Records across the three lists (about 1.7 per person). */
  records: number;
  seed: number;
  /** Share of records that a list holds twice (a within-source duplicate); default 0.01. */
  duplicateRate?: number;
  /** Year the ages are counted from; default 2024. */
  referenceYear?: number;
}

export interface SyntheticLists {
  sources: { source: string; rows: InputRow[] }[];
  /** source, id → the invented person's entity id. */
  truth: { source: string; id: string; entity: string }[];
}

/** mulberry32: small, seeded, reproducible on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pickUniform = <T>(r: Random, items: readonly T[]): T =>
  items[Math.floor(r() * items.length)] as T;

/** A Zipf-like draw: item i has weight 1/(i+1)^0.9, so the first names are the common ones. */
function zipf<T>(r: Random, items: readonly T[]): T {
  const weights = zipfCache.get(items.length) ?? buildZipf(items.length);
  const u = r() * (weights[weights.length - 1] ?? 1);
  let lo = 0;
  let hi = weights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((weights[mid] ?? 0) < u) lo = mid + 1;
    else hi = mid;
  }
  return items[lo] as T;
}
const zipfCache = new Map<number, Float64Array>();
function buildZipf(n: number): Float64Array {
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1) ** 0.9;
    w[i] = sum;
  }
  zipfCache.set(n, w);
  return w;
}

interface Person {
  entity: string;
  given: string[];
  paternal: string;
  maternal: string;
  year: number;
  month: number;
  day: number;
  sex: "F" | "M";
  nationality: "PER" | "VEN" | "COL" | "ECU";
  documentType: string;
  documentNumber: string;
}

const digits = (r: Random, n: number) =>
  Array.from({ length: n }, () => Math.floor(r() * 10)).join("");

function person(r: Random, n: number, referenceYear: number): Person {
  const u = r();
  const nationality = u < 0.8 ? "PER" : u < 0.94 ? "VEN" : u < 0.98 ? "COL" : "ECU";
  const pool = NAME_POOLS[nationality];
  const sex = r() < 0.78 ? "F" : "M";
  const names = sex === "F" ? pool.female : pool.male;
  const given = [zipf(r, names)];
  if (r() < 0.6) {
    let second = zipf(r, names);
    while (second === given[0]) second = pickUniform(r, names);
    given.push(second);
  }
  // About a third of the victims identified are minors (12–17); adults mostly young.
  const age = r() < 0.35 ? 12 + Math.floor(r() * 6) : 18 + Math.floor(r() ** 2 * 40);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  let documentType = "DNI";
  let documentNumber = digits(r, 8);
  if (nationality !== "PER") {
    const d = r();
    if (d < 0.4) [documentType, documentNumber] = ["CE", digits(r, 9)];
    else if (d < 0.7) [documentType, documentNumber] = ["PAS", `${nationality[0]}${digits(r, 8)}`];
    else if (d < 0.9) [documentType, documentNumber] = ["PTP", digits(r, 9)];
    else [documentType, documentNumber] = ["", ""];
  }
  return {
    entity: `E${String(n).padStart(7, "0")}`,
    given,
    paternal: zipf(r, pool.surnames),
    maternal: zipf(r, pool.surnames),
    year: referenceYear - age,
    month,
    day,
    sex,
    nationality,
    documentType,
    documentNumber,
  };
}

const LETTERS = [..."abcdefghijklmnopqrstuvwxyz"];

/** One keyboard slip: a letter replaced, dropped, doubled or two letters swapped. */
export function typo(r: Random, word: string): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(r() * (word.length - 2));
  const kind = Math.floor(r() * 4);
  if (kind === 0) return word.slice(0, i) + pickUniform(r, LETTERS) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 2) return word.slice(0, i) + (word[i] ?? "") + word.slice(i);
  return word.slice(0, i - 1) + (word[i] ?? "") + (word[i - 1] ?? "") + word.slice(i + 1);
}

const SOUND_ALIKE: [RegExp, string][] = [
  [/v/i, "b"],
  [/b/i, "v"],
  [/z/i, "s"],
  [/s/i, "z"],
  [/ll/i, "y"],
  [/y/i, "ll"],
  [/h/i, ""],
  [/ce/i, "se"],
  [/ci/i, "si"],
  [/j/i, "g"],
  [/gi/i, "ji"],
  [/qu/i, "k"],
  [/ss/i, "s"],
];

/** A spelling that sounds the same ("Vásquez" → "Básquez", "Yupanqui" → "Llupanqui"). */
export function soundAlike(r: Random, word: string): string {
  const options = SOUND_ALIKE.filter(([re]) => re.test(word));
  if (options.length === 0) return word;
  const [re, to] = pickUniform(r, options);
  return word.replace(re, to);
}

const stripAccents = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");

/** How each list records: shares of documents and dates it keeps. */
const RECORDING: Record<string, { document: number; date: number }> = {
  PNP: { document: 0.6, date: 0.9 },
  MP: { document: 0.7, date: 0.92 },
  MIMP: { document: 0.4, date: 0.85 },
};

function recordOf(r: Random, p: Person, source: string): InputRow {
  const how = RECORDING[source] ?? { document: 0.5, date: 0.9 };
  const corrupt = (name: string, rate: number) => {
    let out = name;
    if (r() < rate) out = typo(r, out);
    if (r() < rate) out = soundAlike(r, out);
    return out;
  };
  let given = p.given.map((g) => corrupt(g, 0.07));
  if (given.length > 1 && r() < 0.25) given = given.slice(0, 1);
  let paternal = corrupt(p.paternal, 0.06);
  let maternal = corrupt(p.maternal, 0.06);
  if (r() < 0.06) [paternal, maternal] = [maternal, paternal];
  if (r() < 0.06) maternal = "";
  const style = r();
  const write = (s: string) =>
    style < 0.35 ? stripAccents(s).toUpperCase() : style < 0.5 ? stripAccents(s) : s;
  let date = "";
  if (r() < how.date) {
    let { year, month, day } = p;
    const d = r();
    if (d < 0.04) {
      // Only the age was asked: the year is reckoned back from it, and may be one off.
      date = String(year - (r() < 0.4 ? 1 : 0));
    } else {
      if (d < 0.08) day = Math.min(28, Math.max(1, day + (r() < 0.5 ? 1 : -1) * 10));
      else if (d < 0.1) year += r() < 0.5 ? 1 : -1;
      else if (d < 0.12) [month, day] = [Math.min(12, day), month];
      const mm = String(month).padStart(2, "0");
      const dd = String(day).padStart(2, "0");
      date = r() < 0.15 ? `${dd}/${mm}/${year}` : `${year}-${mm}-${dd}`;
    }
  }
  const hasDocument = p.documentType !== "" && r() < how.document;
  let documentNumber = hasDocument ? p.documentNumber : "";
  if (hasDocument && r() < 0.02) {
    documentNumber =
      documentNumber.slice(0, -1) + String((Number(documentNumber.slice(-1)) + 1) % 10);
  }
  const nationality =
    r() < 0.1
      ? ""
      : r() < 0.5
        ? p.nationality
        : { PER: "peruana", VEN: "venezolana", COL: "colombiana", ECU: "ecuatoriana" }[
            p.nationality
          ];
  return {
    nombres: write(given.join(" ")),
    apellido_paterno: write(paternal),
    apellido_materno: write(maternal),
    fecha_nacimiento: date,
    sexo: r() < 0.03 ? "" : p.sex,
    nacionalidad: nationality,
    tipo_documento: hasDocument ? p.documentType : "",
    numero_documento: documentNumber,
  };
}

/** Which lists see a person: police refer to prosecutors, prosecutors to MIMP. */
function membership(r: Random): boolean[] {
  for (;;) {
    const pnp = r() < 0.55;
    const mp = r() < (pnp ? 0.55 : 0.3);
    const mimp = r() < (mp ? 0.45 : 0.25);
    if (pnp || mp || mimp) return [pnp, mp, mimp];
  }
}

export function syntheticLists(options: SyntheticOptions): SyntheticLists {
  const r = prng(options.seed);
  const referenceYear = options.referenceYear ?? 2024;
  const duplicateRate = options.duplicateRate ?? 0.01;
  const sources = SYNTHETIC_SOURCES.map((source) => ({ source, rows: [] as InputRow[] }));
  const truth: SyntheticLists["truth"] = [];
  const usedIds = new Set<string>();
  const newId = (source: string) => {
    for (;;) {
      const id = `${source}-${Math.floor(r() * 0x100000000)
        .toString(16)
        .padStart(8, "0")}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  let total = 0;
  for (let n = 1; total < options.records; n++) {
    const p = person(r, n, referenceYear);
    const seen = membership(r);
    for (let s = 0; s < sources.length && total < options.records; s++) {
      if (!seen[s]) continue;
      const list = sources[s];
      if (!list) continue;
      const copies = r() < duplicateRate ? 2 : 1;
      for (let c = 0; c < copies && total < options.records; c++) {
        const id = newId(list.source);
        list.rows.push({ id, ...recordOf(r, p, list.source) });
        truth.push({ source: list.source, id, entity: p.entity });
        total++;
      }
    }
  }
  // Registers are not sorted by person: shuffle each list so row order tells nothing.
  for (const list of sources) {
    for (let i = list.rows.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [list.rows[i], list.rows[j]] = [list.rows[j] as InputRow, list.rows[i] as InputRow];
    }
  }
  return { sources, truth };
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A list as the CSV `vigia linkage encode` reads (all input columns, header first). */
export function rowsToCsv(rows: InputRow[]): string {
  const lines = [INPUT_COLUMNS.join(",")];
  for (const row of rows) lines.push(INPUT_COLUMNS.map((c) => csvField(row[c] ?? "")).join(","));
  return `${lines.join("\n")}\n`;
}

export function truthToCsv(truth: SyntheticLists["truth"]): string {
  return `source,id,entity\n${truth.map((t) => `${t.source},${t.id},${t.entity}`).join("\n")}\n`;
}
