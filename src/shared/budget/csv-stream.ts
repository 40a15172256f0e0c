/**
 * The CSV of budget files: a streaming RFC 4180 reader, and `toCsvLine` for the exports. Pure
 * (chunks of decoded text in, records out), so it runs anywhere; the server feeds it from a file
 * stream (budget-source.service.ts). csv-parse was measured at about 13 MB/s here, far too slow
 * for a million-line MEF file (ADR 0008). This reader finds delimiters and quotes with `indexOf`
 * and slices fields out of the line, so a field costs one native search and one slice, not a
 * loop over its characters; a line without quotes is a single `split`. Handles a BOM, CRLF,
 * quoted fields with doubled quotes, delimiters and line breaks inside quotes, blank lines, and
 * comment lines starting with "#".
 */

const QUOTE = 34;

/**
 * A copy of a kept field that does not share the memory of its line. Fields are slices of the
 * megabyte-long chunk they were read from; keeping one (a label, a pliego's name) would keep the
 * whole chunk alive, and a file's worth of them the whole file.
 */
export function detach<T extends string | null>(value: T): T {
  return (value === null ? null : ` ${value}`.slice(1)) as T;
}

/**
 * Fields of one record that contains quotes. Lenient like the spreadsheets MEF files pass
 * through: text after a closing quote and before the delimiter is kept, and an unterminated
 * quote runs to the end of the record.
 */
function parseQuoted(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = "";
    if (record.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      for (;;) {
        const q = record.indexOf('"', from);
        if (q < 0) {
          value += record.slice(from);
          i = record.length;
          break;
        }
        if (record.charCodeAt(q + 1) === QUOTE) {
          value += record.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += record.slice(from, q);
        i = q + 1;
        break;
      }
    }
    const d = record.indexOf(delimiter, i);
    if (d < 0) {
      fields.push(value + record.slice(i));
      return fields;
    }
    fields.push(value + record.slice(i, d));
    i = d + 1;
  }
}

/** A file refused by the strict reader, at a line of the file (1-based, blank lines counted). */
export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`línea ${line}: ${reason}`);
  }
}

/**
 * The strict reader's limits (imports of files from outside): a record longer than
 * `maxRecordChars`, a quote left open at the end of the file, a NUL character or a U+FFFD (the
 * decoder's mark for bytes that were not UTF-8) refuse the file instead of being read leniently.
 * The longest record bounds the memory a file without line breaks can take.
 */
export interface CsvStrict {
  maxRecordChars: number;
}

const newlinesBefore = (text: string, end: number) => {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
};

const countQuotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
};

/** Records of a CSV text arriving in chunks (already decoded). */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  delimiter: string,
  strict: CsvStrict | null = null,
): AsyncGenerator<string[][]> {
  let rest = "";
  // A record whose quoted field spans lines, and the parity of its quotes so far.
  let pending: string | null = null;
  let pendingQuotes = 0;
  let pendingLine = 0;
  // Lines taken so far: the next one is line + 1.
  let lineNo = 0;
  let first = true;
  const take = (raw: string, out: string[][]) => {
    lineNo += 1;
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (pending !== null) {
      pending += `\n${line}`;
      pendingQuotes += countQuotes(line);
      if (pendingQuotes % 2 === 1) {
        if (strict && pending.length > strict.maxRecordChars)
          throw new CsvFormatError(
            pendingLine,
            `comillas sin cerrar: el campo que abre sigue más de ${strict.maxRecordChars} caracteres.`,
          );
        return;
      }
      out.push(parseQuoted(pending, delimiter));
      pending = null;
      return;
    }
    if (line === "" || line.charCodeAt(0) === 35) return;
    if (line.indexOf('"') < 0) {
      out.push(line.split(delimiter));
      return;
    }
    const quotes = countQuotes(line);
    if (quotes % 2 === 1) {
      pending = line;
      pendingQuotes = quotes;
      pendingLine = lineNo;
      return;
    }
    out.push(parseQuoted(line, delimiter));
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = chunk === "";
    }
    const text = rest + chunk;
    if (strict) {
      for (const [mark, reason] of [
        ["\0", "contiene un carácter nulo (byte 0): el archivo parece binario o dañado."],
        ["\uFFFD", "contiene bytes que no son UTF-8 válido: guarde el archivo entero como UTF-8."],
      ] as const) {
        const at = text.indexOf(mark);
        if (at >= 0) throw new CsvFormatError(lineNo + 1 + newlinesBefore(text, at), reason);
      }
    }
    const out: string[][] = [];
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      take(text.slice(from, nl), out);
      from = nl + 1;
    }
    rest = text.slice(from);
    if (strict && rest.length > strict.maxRecordChars)
      throw new CsvFormatError(
        lineNo + 1,
        `la línea supera ${strict.maxRecordChars} caracteres sin un salto de línea: no parece un CSV.`,
      );
    // Records are handed over a chunk at a time: one await per chunk, not per line.
    if (out.length) yield out;
  }
  const out: string[][] = [];
  if (rest !== "") take(rest, out);
  if (pending !== null) {
    if (strict)
      throw new CsvFormatError(
        pendingLine,
        "comillas sin cerrar: el campo que abre esta línea no se cierra antes del fin del archivo.",
      );
    out.push(parseQuoted(pending, delimiter));
  }
  if (out.length) yield out;
}

/** The same reader over a whole text, for tests and small files. */
export async function parseCsvText(text: string, delimiter = ","): Promise<string[][]> {
  const records: string[][] = [];
  for await (const batch of csvRecords(
    (async function* () {
      yield text;
    })(),
    delimiter,
  ))
    records.push(...batch);
  return records;
}

/** RFC 4180: quote a field that holds a comma, a quote or a line break. */
export function toCsvLine(values: readonly string[]): string {
  return values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(",");
}
