import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";

/**
 * Reading generated documents back as a person's tools would: the XML inside a DOCX, the text
 * of a PDF through poppler's pdftotext, pages as PNG through pdftoppm. No mocks.
 */

export function unzip(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(bytes)));
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

const textOf = (xml: string) =>
  decodeXml([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));

export interface DocxContent {
  xml: string;
  files: Map<string, Uint8Array>;
  /** Text of every paragraph in body order, tables included. */
  paragraphs: string[];
  /** Tables as rows of cell texts. */
  tables: string[][][];
}

export function readDocx(bytes: Uint8Array): DocxContent {
  const files = unzip(bytes);
  const doc = files.get("word/document.xml");
  if (!doc) throw new Error("word/document.xml missing");
  const xml = strFromU8(doc);
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])),
    ),
  );
  return { xml, files, paragraphs, tables };
}

function withTempFile<T>(bytes: Uint8Array, name: string, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "vigia-doc-"));
  try {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext -layout: table rows stay on one line. */
export function pdfText(bytes: Uint8Array): string {
  return withTempFile(bytes, "doc.pdf", (path) =>
    execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    }),
  );
}

export function pdfFonts(bytes: Uint8Array): string {
  return withTempFile(bytes, "doc.pdf", (path) =>
    execFileSync("pdffonts", [path], { encoding: "utf8" }),
  );
}

/** Renders every page (or pages first–last) to PNG in `outDir` (pdftoppm); returns the file names. */
export function pdfToPngs(
  bytes: Uint8Array,
  outDir: string,
  prefix: string,
  dpi = 50,
  pages?: { first: number; last: number },
): string[] {
  const range = pages ? ["-f", String(pages.first), "-l", String(pages.last)] : [];
  return withTempFile(bytes, "doc.pdf", (path) => {
    execFileSync("pdftoppm", ["-r", String(dpi), "-png", ...range, path, join(outDir, prefix)]);
    return readdirSync(outDir).filter((f) => f.startsWith(prefix) && f.endsWith(".png"));
  });
}
