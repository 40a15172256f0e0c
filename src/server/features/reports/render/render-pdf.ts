import { createRequire } from "node:module";
import { REPORT_FONT_FILES } from "./report-charts.ts";
import type { Block, Cell, Inline, ReportDocument, ReportTable } from "./report-document.ts";

/**
 * PDF for the archive, with pdfmake 0.3 (on pdfkit): A4, Roboto embedded (subset) so the
 * file renders the same everywhere, a table of contents with page numbers, running header,
 * "Página n de N" footer, repeating table header rows.
 */

// pdfmake ships no type declarations: the few members used here, typed loosely on purpose.
type Node = Record<string, unknown> | string;
interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(fn: (url: string) => boolean): void;
  setLocalAccessPolicy(fn: (path: string) => boolean): void;
  createPdf(definition: Record<string, unknown>): {
    getStream(): Promise<NodeJS.ReadableStream & { end(): void }>;
  };
}

const require = createRequire(import.meta.url);
let pdfmake: PdfMake | null = null;

function loadPdfMake(): PdfMake {
  if (pdfmake) return pdfmake;
  const lib = require("pdfmake") as PdfMake;
  lib.setFonts({ Roboto: REPORT_FONT_FILES });
  // Documents are built from our own data: no remote resources, and only the font files.
  const fonts = new Set(Object.values(REPORT_FONT_FILES));
  lib.setUrlAccessPolicy(() => false);
  lib.setLocalAccessPolicy((path) => fonts.has(path));
  pdfmake = lib;
  return lib;
}

const BRAND = "#1F4E79";
const AGGREGATE_FILL = "#E8EEF5";
const SHORT_TABLE_ROWS = 8;
const PAGE = { width: 595.28, height: 841.89, margin: 50 };

/** A norm's number (DS N° 009-2021-IN) must not break at its hyphens: U+2011 does not. */
const keepNorms = (text: string) =>
  text.replace(/\b(\d{3})-(\d{4})-([A-Z]{2,})\b/g, "$1\u2011$2\u2011$3");

function inlines(runs: readonly Inline[]): Node[] {
  return runs.map((r) =>
    typeof r === "string"
      ? keepNorms(r)
      : {
          text: keepNorms(r.text),
          bold: r.bold ?? false,
          italics: r.italic ?? false,
          ...(r.colour ? { color: r.colour } : {}),
        },
  );
}

function cellNode(c: Cell, align: string, aggregate: boolean): Node {
  return {
    text: c.text,
    alignment: align,
    bold: aggregate || (c.bold ?? false),
    ...(c.colour ? { color: c.colour } : {}),
    ...(c.fill ? { fillColor: c.fill } : aggregate ? { fillColor: AGGREGATE_FILL } : {}),
  };
}

function header(text: string, extra: Record<string, unknown> = {}): Node {
  return { text, style: "th", fillColor: BRAND, ...extra };
}

function renderTable(t: ReportTable, contentWidth: number): Node[] {
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => (c.width / total) * (contentWidth - t.columns.length * 8));
  const grouped = t.columns.some((c) => c.group);
  const head: Node[][] = [];
  if (grouped) {
    const top: Node[] = [];
    const second: Node[] = [];
    for (let i = 0; i < t.columns.length; ) {
      const col = t.columns[i];
      if (!col) break;
      if (!col.group) {
        top.push(header(col.header, { rowSpan: 2 }));
        second.push("");
        i += 1;
        continue;
      }
      let span = 1;
      while (t.columns[i + span]?.group === col.group) span += 1;
      top.push(header(col.group, { colSpan: span }));
      for (let k = 1; k < span; k++) top.push("");
      for (let k = 0; k < span; k++) second.push(header(t.columns[i + k]?.header ?? ""));
      i += span;
    }
    head.push(top, second);
  } else {
    head.push(t.columns.map((c) => header(c.header)));
  }
  const body = t.rows.map((row, r) =>
    row.map((c, i) => cellNode(c, t.columns[i]?.align ?? "left", t.rowKinds?.[r] === "aggregate")),
  );
  const nodes: Node[] = [
    { text: t.title, style: "caption", headlineLevel: 9 },
    {
      style: t.compact ? "tableCompact" : "table",
      table: {
        headerRows: head.length,
        keepWithHeaderRows: 1,
        dontBreakRows: true,
        widths,
        body: [...head, ...body],
      },
      layout: {
        hLineWidth: () => 0.5,
        vLineWidth: () => 0.5,
        hLineColor: () => "#A6A6A6",
        vLineColor: () => "#A6A6A6",
        paddingLeft: () => 3,
        paddingRight: () => 3,
        paddingTop: () => 2,
        paddingBottom: () => 2,
      },
    },
  ];
  nodes.push(t.note ? { text: t.note, style: "note" } : { text: "", margin: [0, 0, 0, 6] });
  // A short table is read as a whole: keep it, its caption and its note on one page.
  return t.rows.length <= SHORT_TABLE_ROWS ? [{ stack: nodes, unbreakable: true }] : nodes;
}

function renderBlock(b: Block, contentWidth: number): Node[] {
  switch (b.kind) {
    case "toc":
      return [
        {
          toc: { title: { text: "Índice", style: "title" }, numberStyle: { bold: false } },
          pageBreak: "before",
        },
      ];
    case "heading":
      return [
        {
          text: b.text,
          style: `h${b.level}`,
          tocItem: b.level <= 3,
          tocMargin: [(b.level - 1) * 12, 1, 0, 1],
          ...(b.level === 1 ? { tocStyle: { bold: true } } : {}),
          headlineLevel: b.level,
          ...(b.pageBreakBefore ? { pageBreak: "before" } : {}),
        },
      ];
    case "paragraph":
      return [
        {
          text: inlines(b.runs),
          style: b.style === "note" ? "note" : "body",
        },
      ];
    case "bullets":
      return [{ ul: b.items.map((item) => ({ text: inlines(item) })), style: "body" }];
    case "table":
      return renderTable(b.table, contentWidth);
    case "figures":
      return [
        {
          table: {
            widths: b.items.map(() => "*"),
            body: [
              b.items.map((item) => ({
                fillColor: item.fill ?? AGGREGATE_FILL,
                alignment: "center",
                stack: [
                  { text: item.label, fontSize: 8, color: item.fill ? "#FFFFFF" : "#333333" },
                  {
                    text: item.value,
                    fontSize: 15,
                    bold: true,
                    color: item.fill ? "#FFFFFF" : BRAND,
                  },
                ],
              })),
            ],
          },
          layout: {
            hLineColor: () => "#FFFFFF",
            vLineColor: () => "#FFFFFF",
            hLineWidth: () => 2,
            vLineWidth: () => 2,
            paddingTop: () => 5,
            paddingBottom: () => 5,
          },
          margin: [0, 2, 0, 8],
          unbreakable: true,
        },
      ];
    case "image": {
      const width = Math.min(contentWidth, b.width * 0.9);
      return [
        {
          stack: [
            {
              image: `data:image/png;base64,${Buffer.from(b.png).toString("base64")}`,
              width,
              alignment: "center",
            },
            { text: b.caption, style: "note", alignment: "center" },
          ],
          unbreakable: true,
        },
      ];
    }
    case "section":
      return [];
  }
}

export async function renderPdf(doc: ReportDocument): Promise<Uint8Array> {
  const lib = loadPdfMake();
  const content: Node[] = [
    { text: "", margin: [0, 140, 0, 0] },
    { text: doc.title, style: "title" },
    { text: doc.subtitle, fontSize: 14, color: BRAND, margin: [0, 0, 0, 30] },
    ...doc.coverLines.map((line) => ({ text: line, margin: [0, 0, 0, 4] })),
  ];
  let landscape = false;
  // Keep-with-next without pdfmake's pageBreakBefore hook, which re-lays out the whole
  // document for every break it asks for: headings travel in one unbreakable stack with the
  // block that follows them, unless that block is a long table (it starts where it can).
  let pending: Node[] = [];
  const width = () => (landscape ? PAGE.height : PAGE.width) - 2 * PAGE.margin;
  for (const b of doc.blocks) {
    if (b.kind === "section") {
      content.push(...pending);
      pending = [];
      landscape = b.orientation === "landscape";
      content.push({ text: "", pageBreak: "before", pageOrientation: b.orientation });
      continue;
    }
    const nodes = renderBlock(b, width());
    if (b.kind === "heading") {
      pending.push(...nodes);
      continue;
    }
    if (pending.length === 0) {
      content.push(...nodes);
      continue;
    }
    const longTable = b.kind === "table" && b.table.rows.length > SHORT_TABLE_ROWS;
    if (longTable) {
      content.push(...pending, ...nodes);
    } else {
      const first = pending[0];
      const pageBreak = typeof first === "object" ? first.pageBreak : undefined;
      content.push({
        stack: [...pending, ...nodes],
        unbreakable: true,
        ...(pageBreak ? { pageBreak } : {}),
      });
      if (typeof first === "object" && pageBreak) delete first.pageBreak;
    }
    pending = [];
  }
  content.push(...pending);
  const definition = {
    pageSize: "A4",
    pageMargins: [PAGE.margin, PAGE.margin, PAGE.margin, PAGE.margin],
    info: { title: doc.title, subject: doc.subtitle, creator: "Vigía", producer: "Vigía" },
    defaultStyle: { font: "Roboto", fontSize: 9.5, lineHeight: 1.15 },
    header: (page: number) =>
      page === 1
        ? ""
        : {
            text: doc.runningTitle,
            alignment: "right",
            fontSize: 7.5,
            color: "#808080",
            margin: [PAGE.margin, 22, PAGE.margin, 0],
          },
    footer: (page: number, pages: number) => ({
      text: `Página ${page} de ${pages}`,
      alignment: "center",
      fontSize: 8,
      color: "#444444",
      margin: [0, 16, 0, 0],
    }),
    // Keep a heading or a caption on the page of what follows it.
    content,
    styles: {
      title: { fontSize: 22, bold: true, color: BRAND, margin: [0, 0, 0, 12] },
      h1: { fontSize: 16, bold: true, color: BRAND, margin: [0, 4, 0, 8] },
      h2: { fontSize: 12.5, bold: true, color: BRAND, margin: [0, 10, 0, 6] },
      h3: { fontSize: 10.5, bold: true, color: "#333333", margin: [0, 8, 0, 4] },
      h4: { fontSize: 9.5, bold: true, color: BRAND, margin: [0, 8, 0, 3] },
      body: { alignment: "justify", margin: [0, 0, 0, 6] },
      note: { fontSize: 7.5, italics: true, color: "#555555", margin: [0, 2, 0, 8] },
      caption: { fontSize: 8.5, bold: true, color: BRAND, margin: [0, 6, 0, 3] },
      th: { bold: true, color: "#FFFFFF", fontSize: 7.5, alignment: "center" },
      table: { fontSize: 7.5 },
      tableCompact: { fontSize: 6.5 },
    },
  };
  // Collected from the stream: pdfmake's getBuffer() reads with a 1 GiB size hint, which makes
  // Node buffer and re-concatenate the whole document.
  const stream = await lib.createPdf(definition).getStream();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve());
    stream.on("error", reject);
  });
  stream.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
