import type { BlockingPart, LinkageFeature, LinkageSchema } from "./linkage-schema.ts";
import {
  dateDigits,
  nameWords,
  normaliseDocument,
  normaliseNationality,
  normaliseSex,
  type PartialDate,
  parseBirthDate,
  phoneticFold,
  surnameCode,
} from "./normalise.ts";

/**
 * One row of an institution's victims file (docs/linkage.md, "El archivo de entrada"), checked
 * and normalised. This is the last place plaintext exists: the encoder turns it into a Bloom
 * filter and keyed blocking keys, and the row is dropped.
 */

/** The columns the encoder reads; only `nombres` and `apellido_paterno` are required. */
export const INPUT_COLUMNS = [
  "id",
  "nombres",
  "apellido_paterno",
  "apellido_materno",
  "fecha_nacimiento",
  "sexo",
  "nacionalidad",
  "tipo_documento",
  "numero_documento",
] as const;
export type InputColumn = (typeof INPUT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly InputColumn[] = ["nombres", "apellido_paterno"];

export type InputRow = Partial<Record<InputColumn, string>>;

export interface VictimRecord {
  id: string | null;
  /** Given names, folded, particles dropped. */
  given: string[];
  /** Paternal and maternal surname, each folded ("" when unknown). */
  surnames: [string, string];
  birth: PartialDate | null;
  sex: "f" | "m" | null;
  nationality: string | null;
  document: string | null;
}

export interface FieldProblem {
  column: InputColumn;
  message: string;
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A row → its normalised record, or the problems found, each naming its column. */
export function readVictimRow(row: InputRow): VictimRecord | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const text = (c: InputColumn) => (row[c] ?? "").trim();
  const id = text("id");
  if (id !== "" && !ID_PATTERN.test(id)) {
    problems.push({
      column: "id",
      message: "solo letras sin tilde, dígitos, punto, guion y guion bajo (hasta 64)",
    });
  }
  const given = nameWords(text("nombres"));
  if (given.length === 0) problems.push({ column: "nombres", message: "es obligatorio" });
  const paternal = nameWords(text("apellido_paterno")).join(" ");
  const maternal = nameWords(text("apellido_materno")).join(" ");
  if (paternal === "")
    problems.push({
      column: "apellido_paterno",
      message: "es obligatorio (si solo hay uno, va aquí)",
    });
  const birth = parseBirthDate(text("fecha_nacimiento"));
  if (birth === "invalid") {
    problems.push({
      column: "fecha_nacimiento",
      message: `fecha no válida «${text("fecha_nacimiento")}» (use AAAA-MM-DD, AAAA-MM, AAAA o DD/MM/AAAA)`,
    });
  }
  const sex = normaliseSex(text("sexo"));
  if (sex === "invalid")
    problems.push({ column: "sexo", message: `«${text("sexo")}» no es F, M ni vacío` });
  const nationality = normaliseNationality(text("nacionalidad"));
  if (nationality === "invalid") {
    problems.push({
      column: "nacionalidad",
      message: `«${text("nacionalidad")}» no es un código ISO de 3 letras ni una nacionalidad conocida`,
    });
  }
  const document = normaliseDocument(text("tipo_documento"), text("numero_documento"));
  if (document === "invalid") {
    problems.push({
      column: text("numero_documento") === "" ? "numero_documento" : "tipo_documento",
      message:
        "documento incompleto o no válido (tipo DNI, CE, PAS, PTP, CPP u OTRO con su número; DNI de 8 dígitos)",
    });
  }
  if (problems.length > 0) return problems;
  return {
    id: id === "" ? null : id,
    given,
    surnames: [paternal, maternal],
    birth: birth as PartialDate | null,
    sex: sex as "f" | "m" | null,
    nationality: nationality as string | null,
    document: document as string | null,
  };
}

const fold = (words: string[], phonetic: boolean) =>
  (phonetic ? words.map(phoneticFold) : words).join(" ");

/** The text a feature encodes for this record, or null when the record does not have it. */
export function featureText(record: VictimRecord, feature: LinkageFeature): string | null {
  switch (feature.identifier) {
    case "nombres":
      return fold(record.given, feature.phonetic);
    case "apellidos": {
      const parts = record.surnames
        .filter((s) => s !== "")
        .map((s) => fold(s.split(" "), feature.phonetic));
      if (feature.orderIndependent) parts.sort();
      return parts.join(" ");
    }
    case "fecha_nacimiento":
      return record.birth === null ? null : dateDigits(record.birth);
    case "sexo":
      return record.sex;
    case "nacionalidad":
      return record.nationality;
    case "documento":
      return record.document;
  }
}

/**
 * The tokens of a text: padded n-grams (" ma", "ar", … "a "), optionally tagged with their
 * position; or the text itself for `exact`. Tokens with "?" (the unknown parts of a partial
 * date) are dropped, so a year-only date agrees with the full one on the year's digits.
 */
export function tokenize(text: string, tokenizer: LinkageFeature["tokenizer"]): string[] {
  if (tokenizer.type === "exact") return [text];
  if (tokenizer.type === "dateParts") {
    const [y, m, d] = [text.slice(0, 4), text.slice(4, 6), text.slice(6, 8)];
    const tokens = [`a${y}`];
    if (!m.includes("?")) tokens.push(`m${m}`);
    if (!d.includes("?")) tokens.push(`d${d}`, `md${[m, d].sort().join("")}`);
    return tokens;
  }
  const { n, positional } = tokenizer;
  const padded = n > 1 ? ` ${text} ` : text;
  const tokens: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) {
    const gram = padded.slice(i, i + n);
    if (gram.includes("?")) continue;
    tokens.push(positional ? `${i}:${gram}` : gram);
  }
  return tokens;
}

function partValues(record: VictimRecord, part: BlockingPart): string[] {
  switch (part) {
    case "surname_code":
      return [
        ...new Set(record.surnames.filter((s) => s !== "").map((s) => surnameCode(s))),
      ].filter((c) => c !== "");
    case "given_code": {
      const code = surnameCode(record.given[0] ?? "");
      return code === "" ? [] : [code];
    }
    case "birth_year":
      return record.birth === null ? [] : [String(record.birth.year)];
    case "birth_date":
      return record.birth?.day == null ? [] : [dateDigits(record.birth)];
    case "sex":
      return record.sex === null ? [] : [record.sex];
    case "document":
      return record.document === null ? [] : [record.document];
  }
}

/**
 * The plaintext blocking keys of a record, before they are keyed: one per combination of the
 * parts' values ("surname_code" gives one value per surname, so a swapped or misspelt surname
 * still shares a key through the other). A key with a missing part is not emitted.
 */
export function blockingTexts(record: VictimRecord, schema: LinkageSchema): string[] {
  const out: string[] = [];
  for (const key of schema.blocking) {
    let combos: string[] = [key.name];
    for (const part of key.parts) {
      const values = partValues(record, part);
      combos = combos.flatMap((c) => values.map((v) => `${c}|${v}`));
    }
    out.push(...combos);
  }
  return out;
}
