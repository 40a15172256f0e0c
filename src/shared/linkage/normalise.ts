/**
 * Normalisation of the identifying fields before they are encoded (docs/linkage.md). Two
 * institutions agree on the linkage schema, and both run these same functions, so a name
 * written "María de los Ángeles QUISPE  Mamani" at the police and "maria angeles quispe mamani"
 * at the prosecutor's office reach the Bloom filter as the same text.
 */

/** Words of a Spanish name that carry no identity: "de", "del", "de la", "de los", "y"… */
const PARTICLES = new Set(["de", "del", "la", "las", "los", "y", "e", "da", "van", "von", "san"]);

/** Lower case, no accents (ñ kept: "Peña" and "Pena" are different names), letters only. */
export function foldText(value: string): string {
  return value
    .toLowerCase()
    .replace(/ñ/g, "\ue000")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/\ue000/g, "ñ")
    .replace(/[^a-zñ]+/g, " ")
    .trim()
    .replace(/ +/g, " ");
}

/** The words of a name, without particles; "de la Cruz" → ["cruz"]. */
export function nameWords(value: string): string[] {
  const words = foldText(value).split(" ").filter(Boolean);
  const kept = words.filter((w) => !PARTICLES.has(w));
  // A name made only of particles ("De la") is kept as written rather than lost.
  return kept.length > 0 ? kept : words;
}

/**
 * Spelling variants that sound alike in Peruvian Spanish, folded to one form: a clerk who
 * hears "Yupanqui" may write "Llupanqui", "Vásquez" becomes "Basques". Applied only where the
 * schema asks for it (`phonetic: true`), since it also merges names that differ.
 */
export function phoneticFold(word: string): string {
  return word
    .replace(/ll/g, "y")
    .replace(/ch/g, "ç")
    .replace(/h/g, "")
    .replace(/qu(?=[ei])/g, "k")
    .replace(/c(?=[ei])/g, "s")
    .replace(/g(?=[ei])/g, "j")
    .replace(/gu(?=[ei])/g, "g")
    .replace(/[zx]/g, "s")
    .replace(/v/g, "b")
    .replace(/w/g, "gu")
    .replace(/c/g, "k")
    .replace(/q/g, "k")
    .replace(/ç/g, "ch")
    .replace(/(.)\1+/g, "$1");
}

export interface NameOptions {
  phonetic?: boolean;
}

/** A given name or one surname as the encoder sees it: folded words joined by one space. */
export function normaliseName(value: string, options: NameOptions = {}): string {
  const words = nameWords(value);
  return (options.phonetic ? words.map(phoneticFold) : words).join(" ");
}

/**
 * Both surnames as one text. With `orderIndependent` the surnames are sorted, so "Quispe
 * Mamani" and "Mamani Quispe" (swapped at registration, or a mother's surname first) encode
 * alike; the cost is that two siblings' surnames in opposite order also do.
 */
export function normaliseSurnames(
  paternal: string,
  maternal: string,
  options: NameOptions & { orderIndependent?: boolean } = {},
): string {
  const parts = [normaliseName(paternal, options), normaliseName(maternal, options)].filter(
    (p) => p !== "",
  );
  if (options.orderIndependent) parts.sort();
  return parts.join(" ");
}

/**
 * A phonetic code of one surname for blocking, in the spirit of Soundex adapted to Spanish: the
 * first letter after folding, then the consonant classes, at most four characters. Typos in
 * vowels and the folded spellings fall in the same block.
 */
export function surnameCode(value: string): string {
  const word = phoneticFold(nameWords(value)[0] ?? "").replace(/ch/g, "ç");
  if (word === "") return "";
  const classes: Record<string, string> = {
    b: "1",
    p: "1",
    f: "1",
    k: "2",
    g: "2",
    j: "2",
    s: "2",
    d: "3",
    t: "3",
    l: "4",
    y: "4",
    m: "5",
    n: "5",
    ñ: "5",
    r: "6",
    ç: "7",
  };
  let code = word[0] ?? "";
  let last = classes[word[0] ?? ""] ?? "";
  for (let i = 1; i < word.length && code.length < 4; i++) {
    const letter = word[i] ?? "";
    const cls = classes[letter] ?? "";
    if (cls !== "" && cls !== last) code += cls;
    last = cls;
  }
  return code;
}

/** A date of birth, possibly partial: year always, month and day when known. */
export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number | null, day: number | null): boolean {
  if (!(year >= 1900 && year <= 2100)) return false;
  if (month === null) return day === null;
  if (!(month >= 1 && month <= 12)) return false;
  if (day === null) return true;
  const max = DAYS_IN_MONTH[month - 1] ?? 31;
  if (!(day >= 1 && day <= max)) return false;
  return !(
    month === 2 &&
    day === 29 &&
    !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
  );
}

/**
 * A date of birth from "AAAA-MM-DD", "AAAA-MM", "AAAA" or the Peruvian "DD/MM/AAAA"; "" is
 * unknown (null). Anything else is an error, not a guess: the caller names row and column.
 */
export function parseBirthDate(value: string): PartialDate | null | "invalid" {
  const text = value.trim();
  if (text === "") return null;
  let year: number;
  let month: number | null = null;
  let day: number | null = null;
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  const local = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (iso) {
    year = Number(iso[1]);
    month = iso[2] === undefined ? null : Number(iso[2]);
    day = iso[3] === undefined ? null : Number(iso[3]);
  } else if (local) {
    day = Number(local[1]);
    month = Number(local[2]);
    year = Number(local[3]);
  } else {
    return "invalid";
  }
  return validDate(year, month, day) ? { year, month, day } : "invalid";
}

/** The date as eight characters "AAAAMMDD" with "?" where a part is unknown. */
export function dateDigits(date: PartialDate): string {
  const pad = (n: number | null) => (n === null ? "??" : String(n).padStart(2, "0"));
  return `${date.year}${pad(date.month)}${pad(date.day)}`;
}

const SEXES: Record<string, "f" | "m"> = {
  f: "f",
  femenino: "f",
  mujer: "f",
  m: "m",
  h: "m",
  masculino: "m",
  hombre: "m",
  varon: "m",
};

/** "F", "Mujer", "masculino", "varón"… → "f" | "m"; "" → null; anything else "invalid". */
export function normaliseSex(value: string): "f" | "m" | null | "invalid" {
  const text = foldText(value);
  if (text === "") return null;
  return SEXES[text] ?? "invalid";
}

/** Nationality as written in Spanish registers, folded, to its ISO 3166-1 alpha-3 code. */
const NATIONALITIES: Record<string, string> = {
  peruana: "PER",
  peruano: "PER",
  peru: "PER",
  venezolana: "VEN",
  venezolano: "VEN",
  venezuela: "VEN",
  colombiana: "COL",
  colombiano: "COL",
  colombia: "COL",
  ecuatoriana: "ECU",
  ecuatoriano: "ECU",
  ecuador: "ECU",
  boliviana: "BOL",
  boliviano: "BOL",
  bolivia: "BOL",
  chilena: "CHL",
  chileno: "CHL",
  chile: "CHL",
  brasilena: "BRA",
  brasileno: "BRA",
  brasil: "BRA",
  argentina: "ARG",
  argentino: "ARG",
  china: "CHN",
  chino: "CHN",
  haitiana: "HTI",
  haitiano: "HTI",
  dominicana: "DOM",
  dominicano: "DOM",
  paraguaya: "PRY",
  paraguayo: "PRY",
};

/** An alpha-3 code ("VEN") or a Spanish name ("venezolana") → "VEN"; "" → null. */
export function normaliseNationality(value: string): string | null | "invalid" {
  const text = value.trim();
  if (text === "") return null;
  if (/^[A-Za-z]{3}$/.test(text) && NATIONALITIES[foldText(text)] === undefined) {
    return text.toUpperCase();
  }
  return NATIONALITIES[foldText(text)] ?? "invalid";
}

const DOCUMENT_TYPES = new Set(["DNI", "CE", "PAS", "PTP", "CPP", "OTRO"]);

/**
 * A document as "TIPO:NÚMERO" with the number's letters upper-cased and separators dropped;
 * the type is part of it so a DNI and a passport with the same digits never agree. An unknown
 * type, or a DNI that is not 8 digits, is "invalid".
 */
export function normaliseDocument(type: string, number: string): string | null | "invalid" {
  const digits = number.toUpperCase().replace(/[^0-9A-Z]/g, "");
  const kind = foldText(type).toUpperCase();
  if (digits === "" && kind === "") return null;
  if (digits === "" || !DOCUMENT_TYPES.has(kind)) return "invalid";
  if (kind === "DNI" && !/^\d{8}$/.test(digits)) return "invalid";
  return `${kind}:${digits}`;
}
