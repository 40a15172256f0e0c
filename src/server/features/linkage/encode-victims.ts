import { encodeRecord } from "../../../shared/linkage/bloom-encoding.ts";
import { ENCODINGS_FORMAT, type EncodingsFile } from "../../../shared/linkage/encodings-file.ts";
import type { LinkageSchema } from "../../../shared/linkage/linkage-schema.ts";
import {
  blockingTexts,
  INPUT_COLUMNS,
  type InputColumn,
  type InputRow,
  REQUIRED_COLUMNS,
  readVictimRow,
  type VictimRecord,
} from "../../../shared/linkage/victim-record.ts";
import { DomainError } from "../../errors.ts";
import { parseCsv } from "../territory/territory.service.ts";
import { linkageKeys, MIN_SECRET_BYTES, schemaHash } from "./linkage-keys.ts";

/**
 * An institution's victims file → its encodings file, all in memory: every row is checked
 * before anything is encoded, and one bad row refuses the file (nothing is written).
 */

const MAX_PROBLEMS = 20;

// Same bytes as the pure encodingToBase64 (tested), through Node's native encoder.
const toBase64 = (words: Uint32Array) =>
  Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString("base64");

/** The CSV's header and rows as column → text, or a refusal naming the columns. */
export function readVictimsCsv(text: string, file: string): InputRow[] {
  const [header, ...records] = parseCsv(text, file);
  if (!header) throw new DomainError("invalid", `El archivo ${file} está vacío.`);
  const columns = header.map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => !(INPUT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new DomainError(
      "invalid",
      `El archivo ${file} tiene columnas desconocidas: ${unknown.map((c) => `«${c}»`).join(", ")}. Columnas admitidas: ${INPUT_COLUMNS.join(", ")}.`,
    );
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DomainError(
      "invalid",
      `Al archivo ${file} le falta la columna ${missing.map((c) => `«${c}»`).join(", ")}.`,
    );
  }
  return records.map((record) => {
    const row: InputRow = {};
    columns.forEach((c, i) => {
      row[c as InputColumn] = record[i] ?? "";
    });
    return row;
  });
}

export interface EncodeOptions {
  schema: LinkageSchema;
  secret: Uint8Array;
  source: string;
  file: string;
}

/** Checks every row, then encodes them; throws a DomainError listing rows and columns. */
export function encodeVictimRows(rows: InputRow[], options: EncodeOptions): EncodingsFile {
  const { schema, secret, source, file } = options;
  if (secret.length < MIN_SECRET_BYTES) {
    throw new DomainError(
      "invalid",
      `El secreto tiene ${secret.length} bytes; se necesitan al menos ${MIN_SECRET_BYTES} (recomendado: 32 bytes aleatorios).`,
    );
  }
  const problems: string[] = [];
  const records: VictimRecord[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const result = readVictimRow(row);
    if (Array.isArray(result)) {
      for (const p of result) problems.push(`Fila ${i + 1}, columna «${p.column}»: ${p.message}`);
      return;
    }
    const id = result.id ?? `${source}-${i + 1}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      problems.push(`Fila ${i + 1}, columna «id»: «${id}» repite el de la fila ${earlier}`);
    }
    seen.set(id, i + 1);
    records.push({ ...result, id });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    const more = problems.length - shown.length;
    throw new DomainError(
      "invalid",
      `${file}: no se codificó nada.\n${shown.join("\n")}${more > 0 ? `\n… y ${more} problema(s) más` : ""}`,
    );
  }
  const keys = linkageKeys(secret, schema);
  return {
    format: ENCODINGS_FORMAT,
    schemaHash: schemaHash(schema),
    source,
    bits: schema.clk.bits,
    records: records.map((r) => ({
      id: r.id ?? "",
      clk: toBase64(encodeRecord(r, schema, keys)),
      // Sorted, so a key's place does not tell which blocking rule made it.
      blocks: [...new Set(blockingTexts(r, schema).map(keys.blockKey))].sort(),
    })),
  };
}
