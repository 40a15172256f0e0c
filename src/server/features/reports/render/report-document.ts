/**
 * A report as a format-neutral document: headings, paragraphs, tables, images. Builders turn a
 * report model into one of these (all wording and formatting of figures happens there), and
 * each renderer (DOCX, PDF, XLSX) only maps it to its library, so the three formats cannot
 * differ in content.
 */

export type Inline = string | { text: string; bold?: boolean; italic?: boolean; colour?: string };

export interface Cell {
  /** As printed in DOCX and PDF. */
  text: string;
  /** As stored in the XLSX cell: a number keeps its numeric type; undefined means `text`. */
  value?: number | string | null;
  /** Excel number format of this cell, where its row differs from the column's. */
  numFmt?: string;
  /** Background colour (level of an indicator), hex "#RRGGBB". */
  fill?: string;
  colour?: string;
  bold?: boolean;
}

export interface Column {
  header: string;
  /** Upper header spanning adjacent columns with the same group ("Logros esperados"). */
  group?: string;
  /** Relative width. */
  width: number;
  align?: "left" | "right" | "center";
  /** Excel number format of the column's numeric cells. */
  numFmt?: string;
}

export interface ReportTable {
  /** Stable identifier: tests and the XLSX use it. */
  id: string;
  /** Sheet name in the XLSX (≤ 31 characters); tables without one stay out of the workbook. */
  sheet?: string;
  /** Caption ("Cuadro 01. …"), printed above the table. */
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** "aggregate" rows (objective row, totals) are printed in bold on a light fill. */
  rowKinds?: ("aggregate" | undefined)[];
  /** "Fuente: …" under the table. */
  note?: string;
  /** Smaller type for wide tables. */
  compact?: boolean;
}

export type Block =
  /** Levels 1–3 go into the table of contents; 4 titles a service's or indicator's sheet. */
  | { kind: "heading"; level: 1 | 2 | 3 | 4; text: string; pageBreakBefore?: boolean }
  | { kind: "paragraph"; runs: Inline[]; style?: "body" | "note" | "placeholder" }
  | { kind: "bullets"; items: Inline[][] }
  | { kind: "table"; table: ReportTable }
  | { kind: "image"; png: Uint8Array; width: number; height: number; caption: string }
  | { kind: "figures"; items: { label: string; value: string; fill?: string }[] }
  | { kind: "section"; orientation: "portrait" | "landscape" }
  | { kind: "toc" };

export interface ReportDocument {
  /** File name without extension, e.g. informe-evaluacion-pntp-2023. */
  fileStem: string;
  title: string;
  subtitle: string;
  /** Lines of the cover under the title (entity, date, cut-off). */
  coverLines: string[];
  /** Running header of every page. */
  runningTitle: string;
  blocks: Block[];
  /** Extra sheets of the XLSX only (raw data), after the tables. */
  dataSheets: ReportTable[];
}

export const heading = (level: 1 | 2 | 3 | 4, text: string, pageBreakBefore = false): Block => ({
  kind: "heading",
  level,
  text,
  pageBreakBefore,
});
export const paragraph = (...runs: Inline[]): Block => ({ kind: "paragraph", runs });
export const note = (text: string): Block => ({ kind: "paragraph", runs: [text], style: "note" });
export const table = (t: ReportTable): Block => ({ kind: "table", table: t });

export const cell = (text: string, extra: Omit<Cell, "text"> = {}): Cell => ({ text, ...extra });

/** Every table of a document, in order (the XLSX and the tests walk them). */
export function listTables(doc: ReportDocument): ReportTable[] {
  return doc.blocks.flatMap((b) => (b.kind === "table" ? [b.table] : []));
}
