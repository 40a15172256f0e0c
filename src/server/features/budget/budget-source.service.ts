import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import type ExcelJS from "exceljs";
import { CsvFormatError, csvRecords } from "../../../shared/budget/csv-stream.ts";
import { readNotice } from "../../../shared/budget/source-notice.ts";
import type { Cell } from "../../../shared/budget/validate-budget-row.ts";
import { DomainError, invalid } from "../../errors.ts";
import { loadExcelJs } from "../../lib/lazy-modules.ts";
import { checkZip, ZipRefused } from "../../lib/zip-guard.ts";

/**
 * A budget file read as a stream of rows: CSV through our streaming reader
 * (shared/budget/csv-stream.ts), XLSX through exceljs' streaming reader. Memory stays flat
 * whatever the file's size; the SHA-256 is computed from the same bytes as they go by. A file
 * from outside is read strictly (ADR 0041): a CSV with NUL bytes, bytes that are not UTF-8, a
 * record over MAX_RECORD_CHARS or a quote left open, and an XLSX that fails the zip check
 * (lib/zip-guard.ts), are refused with the line or the zip part named, before or while the
 * import's transaction runs, so nothing is written.
 */

/** Longest CSV record read: a MEF line is under 2 KB; a file without line breaks is not a CSV. */
export const MAX_RECORD_CHARS = 1024 * 1024;

// A UTF-8 multi-byte sequence, as the bytes look when read as Latin-1.
const UTF8_SEQUENCE = /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}/;
export interface BudgetSource {
  fileName: string;
  format: "csv" | "xlsx";
  totalBytes: number;
  /** The "#" lines before the header (CSV only), without the marks. */
  notice: string | null;
  header: string[];
  /** Data rows, a batch at a time: one await per batch, not per row (a million rows). */
  batches: AsyncIterable<readonly Cell[][]>;
  bytesRead(): number;
  /** Available once `batches` is exhausted. */
  sha256(): string;
}

async function sniff(
  path: string,
): Promise<{ encoding: "utf8" | "latin1"; delimiter: string; notice: string | null }> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    let encoding: "utf8" | "latin1" = "utf8";
    try {
      // The last bytes may cut a character in two: leave them out of the check.
      new TextDecoder("utf-8", { fatal: true }).decode(
        head.subarray(0, Math.max(0, bytesRead - 4)),
      );
    } catch {
      // MEF's older files are Latin-1 (Windows-1252); reading them as UTF-8 would garble names.
      // A head that also holds well-formed UTF-8 is a UTF-8 file with damaged bytes, which the
      // strict reader names by line.
      if (!UTF8_SEQUENCE.test(head.toString("latin1"))) encoding = "latin1";
    }
    const text = head.toString(encoding);
    const firstLine =
      text
        .replace(/^\uFEFF/, "")
        .split(/\r?\n/)
        .find((l) => l.trim() !== "" && !l.startsWith("#")) ?? "";
    const unquoted = firstLine.replace(/"[^"]*"/g, "");
    const counts = [",", ";", "\t", "|"].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
    counts.sort((a, b) => b.n - a.n);
    return { encoding, delimiter: counts[0]?.n ? counts[0].d : ",", notice: readNotice(text) };
  } finally {
    await handle.close();
  }
}

async function openCsv(path: string, totalBytes: number, fileName: string): Promise<BudgetSource> {
  const { encoding, delimiter, notice } = await sniff(path);
  const hash = createHash("sha256");
  let read = 0;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new TextDecoder(encoding === "latin1" ? "windows-1252" : "utf-8");
  const chunks = (async function* () {
    for await (const chunk of input) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
      yield decoder.decode(chunk as Buffer, { stream: true });
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  })();
  const records = csvRecords(chunks, delimiter, { maxRecordChars: MAX_RECORD_CHARS });
  const batches = {
    next: async () => {
      try {
        return await records.next();
      } catch (err) {
        if (!(err instanceof CsvFormatError)) throw err;
        throw invalid(`${fileName} no es un CSV válido: ${err.message}`, [
          { path: `línea ${err.line}`, message: err.reason },
        ]);
      }
    },
  };
  let buffered: string[][] = [];
  let index = 0;
  const nextRecord = async (): Promise<string[] | null> => {
    while (index >= buffered.length) {
      const next = await batches.next();
      if (next.done) return null;
      buffered = next.value;
      index = 0;
    }
    return buffered[index++] ?? null;
  };
  const header = await nextRecord();
  if (!header) throw invalid(`El archivo ${fileName} está vacío.`);
  let digest: string | null = null;
  return {
    fileName,
    format: "csv",
    totalBytes,
    notice,
    header,
    batches: {
      async *[Symbol.asyncIterator]() {
        if (index < buffered.length) yield buffered.slice(index);
        for (;;) {
          const next = await batches.next();
          if (next.done) break;
          yield next.value;
        }
        digest = hash.digest("hex");
      },
    },
    bytesRead: () => read,
    sha256: () => digest ?? "",
  };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function openXlsx(path: string, totalBytes: number, fileName: string): Promise<BudgetSource> {
  try {
    const entries = await checkZip(path, totalBytes);
    if (!entries.some((e) => e.name === "xl/workbook.xml"))
      throw new ZipRefused("es un zip, pero no un libro de Excel (le falta xl/workbook.xml).");
  } catch (err) {
    if (!(err instanceof ZipRefused)) throw err;
    throw invalid(`No se puede importar el libro ${fileName}: ${err.message}`, [
      { path: "archivo", message: err.message },
    ]);
  }
  // What the zip check cannot see (XML that does not parse) still comes out of exceljs.
  const unreadable = (err: unknown) =>
    err instanceof Error && !(err instanceof DomainError)
      ? invalid(
          `El libro ${fileName} está dañado: su contenido no se pudo leer (${err.message.slice(0, 200)}).`,
          [{ path: "archivo", message: "contenido ilegible" }],
        )
      : err;
  // The zip is read as a stream; only the first worksheet is imported.
  const reader = new (loadExcelJs().stream.xlsx.WorkbookReader)(path, {
    sharedStrings: "cache",
    worksheets: "emit",
    styles: "ignore",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const workbookSheets = reader[Symbol.asyncIterator]();
  const sheets = {
    next: () => workbookSheets.next().catch((err) => Promise.reject(unreadable(err))),
  };
  const sheet = await sheets.next();
  if (sheet.done) throw invalid(`El libro ${fileName} no tiene hojas.`);
  const sheetRows = sheet.value[Symbol.asyncIterator]();
  const rows = {
    next: () => sheetRows.next().catch((err) => Promise.reject(unreadable(err))),
  };
  const toCells = (row: ExcelJS.Row): Cell[] => {
    const values = row.values as ExcelJS.CellValue[];
    // exceljs rows are 1-based: index 0 is always empty.
    return values.slice(1).map(cellValue);
  };
  let header: string[] | null = null;
  let rowsSeen = 0;
  for (;;) {
    const next = await rows.next();
    if (next.done) break;
    const cells = toCells(next.value);
    if (cells.some((c) => c !== null && String(c).trim() !== "")) {
      header = cells.map((c) => (c === null || c === undefined ? "" : String(c)));
      break;
    }
  }
  if (!header) throw invalid(`La primera hoja de ${fileName} está vacía.`);
  const digest = await fileSha256(path);
  return {
    fileName,
    format: "xlsx",
    totalBytes,
    notice: null,
    header,
    batches: {
      async *[Symbol.asyncIterator]() {
        let batch: Cell[][] = [];
        for (;;) {
          const next = await rows.next();
          if (next.done) break;
          rowsSeen += 1;
          batch.push(toCells(next.value));
          if (batch.length >= 1000) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
        // The worksheet iterator must be drained before the workbook's.
        for (;;) if ((await sheets.next()).done) break;
      },
    },
    // exceljs does not report its position in the zip; rows are the only measure.
    bytesRead: () => Math.min(totalBytes, rowsSeen * 200),
    sha256: () => digest,
  };
}

/** `fileName`: the name people know the file by, when `path` is a temporary copy (upload). */
export async function openBudgetSource(
  path: string,
  fileName = basename(path),
): Promise<BudgetSource> {
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch {
    throw invalid(`No se encontró el archivo ${path}.`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === ".xlsx") return openXlsx(path, totalBytes, fileName);
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv")
    return openCsv(path, totalBytes, fileName);
  throw invalid(`Formato no admitido «${ext || basename(path)}»: use un archivo .csv o .xlsx.`);
}
