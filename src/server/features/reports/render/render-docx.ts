import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import type { Block, Cell, Inline, ReportDocument, ReportTable } from "./report-document.ts";

/**
 * DOCX for editing in Word or LibreOffice: real heading styles (so the table of contents and
 * the navigation pane work), tables with repeating header rows, page numbers in the footer,
 * charts as PNG. Office fonts (Arial) so it looks the same on a ministry's computers.
 */

const FONT = "Arial";
const BRAND = "1F4E79";
const AGGREGATE_FILL = "E8EEF5";
// A4 in twips (1/1440 inch) with 2 cm margins.
const A4 = { short: 11906, long: 16838, margin: 1134 };
const TWIPS_PER_PX = 15;

const hex = (colour: string) => colour.replace("#", "").toUpperCase();

function runs(inlines: readonly Inline[], size?: number): TextRun[] {
  return inlines.map((r) =>
    typeof r === "string"
      ? new TextRun({ text: r, ...(size ? { size } : {}) })
      : new TextRun({
          text: r.text,
          bold: r.bold ?? false,
          italics: r.italic ?? false,
          ...(r.colour ? { color: hex(r.colour) } : {}),
          ...(size ? { size } : {}),
        }),
  );
}

function cellParagraph(c: Cell, align: "left" | "right" | "center", size: number, bold = false) {
  return new Paragraph({
    alignment:
      align === "right"
        ? AlignmentType.RIGHT
        : align === "center"
          ? AlignmentType.CENTER
          : AlignmentType.LEFT,
    spacing: { before: 20, after: 20 },
    children: [
      new TextRun({
        text: c.text,
        size,
        bold: bold || (c.bold ?? false),
        ...(c.colour ? { color: hex(c.colour) } : {}),
      }),
    ],
  });
}

const thinBorder = { style: BorderStyle.SINGLE, size: 4, color: "A6A6A6" };
const borders = { top: thinBorder, bottom: thinBorder, left: thinBorder, right: thinBorder };

function headerCell(text: string, span: { columnSpan?: number; rowSpan?: number }, size: number) {
  return new TableCell({
    ...span,
    verticalAlign: VerticalAlign.CENTER,
    shading: { type: ShadingType.CLEAR, color: "auto", fill: BRAND },
    borders,
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 20, after: 20 },
        children: [new TextRun({ text, bold: true, color: "FFFFFF", size })],
      }),
    ],
  });
}

function renderTable(t: ReportTable, contentWidth: number): (Paragraph | Table)[] {
  const size = t.compact ? 14 : 16;
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => Math.round((c.width / total) * contentWidth));
  const grouped = t.columns.some((c) => c.group);
  const headerRows: TableRow[] = [];
  if (grouped) {
    const top: TableCell[] = [];
    for (let i = 0; i < t.columns.length; ) {
      const col = t.columns[i];
      if (!col) break;
      if (!col.group) {
        top.push(headerCell(col.header, { rowSpan: 2 }, size));
        i += 1;
        continue;
      }
      let span = 1;
      while (t.columns[i + span]?.group === col.group) span += 1;
      top.push(headerCell(col.group, { columnSpan: span }, size));
      i += span;
    }
    headerRows.push(new TableRow({ tableHeader: true, cantSplit: true, children: top }));
    headerRows.push(
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: t.columns.filter((c) => c.group).map((c) => headerCell(c.header, {}, size)),
      }),
    );
  } else {
    headerRows.push(
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: t.columns.map((c) => headerCell(c.header, {}, size)),
      }),
    );
  }
  const bodyRows = t.rows.map((row, r) => {
    const aggregate = t.rowKinds?.[r] === "aggregate";
    return new TableRow({
      cantSplit: true,
      children: row.map((c, i) => {
        const fill = c.fill ? hex(c.fill) : aggregate ? AGGREGATE_FILL : undefined;
        return new TableCell({
          borders,
          verticalAlign: VerticalAlign.CENTER,
          ...(fill ? { shading: { type: ShadingType.CLEAR, color: "auto", fill } } : {}),
          children: [cellParagraph(c, t.columns[i]?.align ?? "left", size, aggregate)],
        });
      }),
    });
  });
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      style: "Caption",
      keepNext: true,
      children: [new TextRun({ text: t.title, bold: true, size: 18, color: BRAND })],
    }),
    new Table({
      rows: [...headerRows, ...bodyRows],
      width: { size: contentWidth, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
    }),
  ];
  if (t.note) out.push(new Paragraph({ style: "Nota", children: [new TextRun(t.note)] }));
  else out.push(new Paragraph({ spacing: { after: 80 }, children: [] }));
  return out;
}

function figuresTable(items: { label: string; value: string; fill?: string }[], width: number) {
  const each = Math.floor(width / items.length);
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: items.map(() => each),
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        cantSplit: true,
        children: items.map(
          (item) =>
            new TableCell({
              borders,
              shading: {
                type: ShadingType.CLEAR,
                color: "auto",
                fill: item.fill ? hex(item.fill) : AGGREGATE_FILL,
              },
              children: [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  spacing: { before: 60 },
                  children: [
                    new TextRun({
                      text: item.label,
                      size: 16,
                      color: item.fill ? "FFFFFF" : "333333",
                    }),
                  ],
                }),
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  spacing: { after: 60 },
                  children: [
                    new TextRun({
                      text: item.value,
                      size: 30,
                      bold: true,
                      color: item.fill ? "FFFFFF" : BRAND,
                    }),
                  ],
                }),
              ],
            }),
        ),
      }),
    ],
  });
}

function renderBlock(b: Block, contentWidth: number): (Paragraph | Table | TableOfContents)[] {
  switch (b.kind) {
    case "toc":
      return [
        new Paragraph({ heading: HeadingLevel.TITLE, pageBreakBefore: true, text: "Índice" }),
        new TableOfContents("Índice", { hyperlink: true, headingStyleRange: "1-3" }),
      ];
    case "heading":
      return [
        new Paragraph({
          heading:
            b.level === 1
              ? HeadingLevel.HEADING_1
              : b.level === 2
                ? HeadingLevel.HEADING_2
                : b.level === 3
                  ? HeadingLevel.HEADING_3
                  : HeadingLevel.HEADING_4,
          pageBreakBefore: b.pageBreakBefore ?? false,
          keepNext: true,
          text: b.text,
        }),
      ];
    case "paragraph":
      return [
        new Paragraph({
          ...(b.style === "note" ? { style: "Nota" } : {}),
          alignment: b.style === "note" ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
          children: runs(b.runs) as ParagraphChild[],
        }),
      ];
    case "bullets":
      return b.items.map(
        (item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) as ParagraphChild[] }),
      );
    case "table":
      return renderTable(b.table, contentWidth);
    case "figures":
      return [figuresTable(b.items, contentWidth), new Paragraph({ children: [] })];
    case "image": {
      const maxPx = contentWidth / TWIPS_PER_PX;
      const scale = Math.min(1, maxPx / b.width);
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          children: [
            new ImageRun({
              type: "png",
              data: b.png,
              transformation: {
                width: Math.round(b.width * scale),
                height: Math.round(b.height * scale),
              },
              altText: { name: b.caption, title: b.caption, description: b.caption },
            }),
          ],
        }),
        new Paragraph({ style: "Nota", alignment: AlignmentType.CENTER, text: b.caption }),
      ];
    }
    case "section":
      return [];
  }
}

export async function renderDocx(doc: ReportDocument): Promise<Uint8Array> {
  // Sections: the cover, then one per orientation change ("section" blocks).
  const groups: { orientation: "portrait" | "landscape"; blocks: Block[] }[] = [
    { orientation: "portrait", blocks: [] },
  ];
  for (const b of doc.blocks) {
    if (b.kind === "section") groups.push({ orientation: b.orientation, blocks: [] });
    else groups.at(-1)?.blocks.push(b);
  }
  const header = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun({ text: doc.runningTitle, size: 14, color: "808080" })],
      }),
    ],
  });
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            size: 16,
            children: ["Página ", PageNumber.CURRENT, " de ", PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });
  const cover = [
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    new Paragraph({ heading: HeadingLevel.TITLE, text: doc.title }),
    new Paragraph({
      spacing: { after: 480 },
      children: [new TextRun({ text: doc.subtitle, size: 28, color: BRAND })],
    }),
    ...doc.coverLines.map(
      (line) =>
        new Paragraph({
          spacing: { after: 80 },
          children: [new TextRun({ text: line, size: 20 })],
        }),
    ),
  ];
  const sections = groups.map((g, i) => {
    const landscape = g.orientation === "landscape";
    const contentWidth = (landscape ? A4.long : A4.short) - 2 * A4.margin;
    return {
      properties: {
        page: {
          size: {
            width: A4.short,
            height: A4.long,
            orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
          },
          margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
        },
      },
      headers: { default: header },
      footers: { default: footer },
      children: [
        ...(i === 0 ? cover : []),
        ...g.blocks.flatMap((b) => renderBlock(b, contentWidth)),
      ],
    };
  });
  const document = new Document({
    creator: "Vigía",
    title: doc.title,
    description: doc.subtitle,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: FONT, size: 20 }, paragraph: { spacing: { after: 120 } } },
        title: { run: { font: FONT, size: 44, bold: true, color: BRAND } },
        heading1: {
          run: { font: FONT, size: 32, bold: true, color: BRAND },
          paragraph: { spacing: { before: 240, after: 160 } },
        },
        heading2: {
          run: { font: FONT, size: 26, bold: true, color: BRAND },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        heading3: {
          run: { font: FONT, size: 22, bold: true, color: "333333" },
          paragraph: { spacing: { before: 200, after: 100 } },
        },
        heading4: {
          run: { font: FONT, size: 20, bold: true, color: BRAND },
          paragraph: { spacing: { before: 200, after: 80 } },
        },
      },
      paragraphStyles: [
        {
          id: "Nota",
          name: "Nota",
          basedOn: "Normal",
          run: { size: 16, italics: true, color: "555555" },
          paragraph: { spacing: { after: 160 } },
        },
        {
          id: "Caption",
          name: "Caption",
          basedOn: "Normal",
          run: { size: 18 },
          paragraph: { spacing: { before: 120, after: 60 } },
        },
      ],
    },
    sections,
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
