import ExcelJS from "exceljs";
import { listTables, type ReportDocument, type ReportTable } from "./report-document.ts";

/**
 * XLSX annex: one sheet per table of the document that names a sheet, then the raw data.
 * Values only (no formulas, so what is read is what was computed), numeric cells with number
 * formats, header row frozen and filterable.
 */

const BRAND = "FF1F4E79";

function sheetName(name: string, used: Set<string>): string {
  // Excel: ≤ 31 characters, none of : \ / ? * [ ], unique.
  const base = name.replace(/[:\\/?*[\]]/g, "-").slice(0, 31);
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    candidate = `${base.slice(0, 28)} ${n}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

function addTableSheet(wb: ExcelJS.Workbook, t: ReportTable, name: string): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: 1 }],
    properties: { defaultRowHeight: 15 },
    headerFooter: { oddHeader: `&L${t.title.replace(/&/g, "&&")}`, oddFooter: "&CPágina &P de &N" },
  });
  ws.columns = t.columns.map((c) => ({
    header: c.group ? `${c.group} ${c.header}` : c.header || " ",
    width: Math.max(8, Math.min(60, c.width * 1.4)),
  }));
  const head = ws.getRow(1);
  head.font = { bold: true, color: { argb: "FFFFFFFF" } };
  head.alignment = { vertical: "middle", wrapText: true };
  head.eachCell((c) => {
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: BRAND } };
  });
  head.height = 30;
  t.rows.forEach((row, r) => {
    const values = row.map((c) => (c.value === undefined ? c.text : c.value));
    const added = ws.addRow(values);
    if (t.rowKinds?.[r] === "aggregate") added.font = { bold: true };
    row.forEach((c, i) => {
      const target = added.getCell(i + 1);
      const fmt = c.numFmt ?? t.columns[i]?.numFmt;
      if (fmt && typeof target.value === "number") target.numFmt = fmt;
      if (c.fill) {
        target.fill = {
          type: "pattern",
          pattern: "solid",
          fgColor: { argb: `FF${c.fill.replace("#", "")}` },
        };
        target.font = { bold: true, color: { argb: "FFFFFFFF" } };
      }
      const align = t.columns[i]?.align;
      target.alignment = {
        vertical: "top",
        wrapText: true,
        ...(align ? { horizontal: align } : {}),
      };
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  if (t.note) {
    ws.addRow([]);
    ws.addRow([t.note]).font = { italic: true, color: { argb: "FF555555" } };
  }
}

export async function renderXlsx(doc: ReportDocument): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Vigía";
  wb.title = doc.title;
  wb.subject = doc.subtitle;
  // Fixed so that the same data gives the same file (the publication package's checksums).
  wb.created = new Date(0);
  wb.modified = new Date(0);

  const used = new Set<string>();
  const about = wb.addWorksheet(sheetName("Portada", used));
  about.columns = [{ width: 110 }];
  about.addRow([doc.title]).font = { bold: true, size: 14, color: { argb: BRAND } };
  about.addRow([doc.subtitle]);
  for (const line of doc.coverLines) about.addRow([line]);
  about.addRow([]);
  about.addRow(["Hojas"]).font = { bold: true };
  const tables = [...listTables(doc).filter((t) => t.sheet), ...doc.dataSheets];
  const names = tables.map((t) => sheetName(t.sheet ?? t.id, used));
  tables.forEach((t, i) => {
    about.addRow([`${names[i]}: ${t.title}`]);
  });
  tables.forEach((t, i) => {
    addTableSheet(wb, t, names[i] ?? t.id);
  });
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
