import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { pdfFonts, pdfText, pdfToPngs, readDocx } from "../../../../test/support/read-documents.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import type {
  IndicatorYear,
  PolicyEvaluation,
} from "../../../shared/evaluation/evaluate-policy.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { type GeneratedFile, generateEvaluationReport, setReportText } from "./reports.service.ts";

// The Informe de Evaluación PNTP 2023 generated in the three formats and read back: every
// figure in its tables and sentences must be the engine's figure for the same year.
const actor = systemActor("test");
const NOW = new Date("2026-11-20T15:00:00Z");
const ARTIFACTS = join(import.meta.dirname, "../../../../artifacts");

// Independent of the product's formatting code: es-PE prints 1,234.5 like en-US.
const pct = (x: number | "ND") =>
  x === "ND"
    ? "ND"
    : x.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const val = (x: number | null, unit: string) =>
  x === null
    ? "—"
    : `${x.toLocaleString("en-US", { maximumFractionDigits: 4 })}${unit === "porcentaje" ? "%" : ""}`;
const LEVEL = { bajo: "Bajo", intermedio: "Intermedio", alto: "Alto", ND: "ND" } as const;

/** The cells of an indicator's row in the results tables, as the Informe lays them out. */
function expectedRow(i: IndicatorYear, ev: PolicyEvaluation): string[] {
  const cells = [
    val(i.previous.meta, i.unit),
    val(i.meta, i.unit),
    val(i.previous.value, i.unit),
    val(i.value, i.unit),
    pct(i.previous.tipo1),
    pct(i.tipo1),
  ];
  if (i.kind === "objetivo") cells.push(pct(i.tipo2));
  cells.push(LEVEL[i.level]);
  assert.equal(i.year, ev.year);
  return [i.code, i.responsible, ...cells];
}

/** The numbers the resumen ejecutivo may print: computed figures and the catalogue's own. */
function summaryFigures(ev: PolicyEvaluation): Set<string> {
  const c = ev.levelCounts;
  return new Set([
    pct(ev.index.tipo2),
    pct(ev.valoracion.total),
    ...ev.valoracion.criteria.flatMap((cr) => [String(cr.weight), String(cr.score)]),
    ...[c.objectives, c.opIndicators, c.serviceIndicators, c.total].flatMap((n) =>
      [n.bajo, n.intermedio, n.alto, n.total].map(String),
    ),
    ...["1", "2", "3"], // criterion numbers
    "2023",
    // Structure of the policy, counted from the catalogue.
    "3",
    "19",
    "42",
    "6",
    "44",
    String(new Set(ev.indicators.map((i) => i.responsible)).size),
    // Text of the catalogue: the policy's name ends "al 2030"; its norm is DS N° 009-2021-IN.
    "2030",
    "009",
    "2021",
    // Bands of CEPLAN.
    "0",
    "75",
    "95",
  ]);
}

/** Every number written in a piece of text. */
const numbersIn = (text: string) =>
  [...text.matchAll(/\d+(?:,\d{3})*(?:\.\d+)?/g)].map((m) => m[0]);

describe("Informe de Evaluación generated from the data (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let ev: PolicyEvaluation;
  let docx: GeneratedFile;
  let pdf: GeneratedFile;
  let xlsx: GeneratedFile;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await setReportText(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      section: "conclusiones",
      body: "El índice de gestión fue de {{indice.tipo2}} % y la valoración de {{valoracion.total}}.\n\n- El indicador 2.1 alcanzó {{indicador.2.1.tipo1}} %.\n- El OP2 alcanzó {{op.op2.tipo2}} % de avance tipo 2.",
    });
    ev = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2023 });
    const input = { policyCode: "pntp", year: 2023, now: NOW };
    docx = await generateEvaluationReport(t.db, actor, { ...input, format: "docx" });
    pdf = await generateEvaluationReport(t.db, actor, { ...input, format: "pdf" });
    xlsx = await generateEvaluationReport(t.db, actor, { ...input, format: "xlsx" });
  });
  after(async () => {
    await t.dispose();
  });

  test("file names and content types", () => {
    assert.equal(docx.fileName, "informe-evaluacion-pntp-2023.docx");
    assert.match(docx.contentType, /wordprocessingml/);
    assert.equal(pdf.contentType, "application/pdf");
    assert.match(xlsx.contentType, /spreadsheetml/);
  });

  test("without an imported budget there is no budget section, sheet or placeholder", async () => {
    const heading = "2.5. Presupuesto de la política";
    assert.ok(!readDocx(docx.bytes).paragraphs.includes(heading));
    assert.ok(!pdfText(pdf.bytes).includes(heading));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ExcelJS.Buffer);
    assert.ok(!wb.worksheets.some((w) => w.name.startsWith("Presupuesto")));
    await assert.rejects(
      setReportText(t.db, actor, {
        policyCode: "pntp",
        year: 2023,
        section: "resumen",
        body: "El PIM fue de S/ {{presupuesto.pim}}.",
      }),
      /marcadores que no existen/,
    );
  });

  describe("DOCX", () => {
    let d: ReturnType<typeof readDocx>;
    before(() => {
      d = readDocx(docx.bytes);
    });

    test("every indicator row of the results tables carries the engine's figures", () => {
      const rows = d.tables.flat();
      for (const i of ev.indicators) {
        const expected = expectedRow(i, ev);
        // OP tables: code first; service tables: the service column before the code.
        const found = rows.filter((r) => {
          const cells = i.kind === "servicio" ? r.slice(1) : r;
          return JSON.stringify(cells) === JSON.stringify(expected);
        });
        assert.ok(found.length >= 1, `row of ${i.code}: ${expected.join(" | ")}`);
      }
    });

    test("objective aggregates, level counts, índice and valoración rows", () => {
      const rows = d.tables.flat().map((r) => r.join(" | "));
      for (const o of ev.objectives) {
        const agg = `${o.code} (agregado) |  |  |  |  |  | ${pct(o.previousTipo1)} | ${pct(o.tipo1)} | ${pct(o.tipo2)} | ${LEVEL[o.level]}`;
        assert.ok(rows.includes(agg), agg);
      }
      const c = ev.levelCounts;
      for (const [label, n] of [
        ["Objetivos prioritarios", c.objectives],
        ["Indicadores de objetivos prioritarios", c.opIndicators],
        ["Indicadores de servicios", c.serviceIndicators],
        ["Total, indicadores", c.total],
      ] as const) {
        assert.ok(
          rows.includes(`${label} | ${n.bajo} | ${n.intermedio} | ${n.alto} | ${n.total}`),
          label,
        );
      }
      assert.ok(
        rows.some((r) => r.startsWith("Índice |") && r.includes(`| ${pct(ev.index.tipo2)} |`)),
      );
      const total = ev.valoracion.total;
      assert.ok(
        rows.includes(
          ` | PUNTAJE TOTAL DE LA POLÍTICA NACIONAL |  | ${ev.valoracion.level} | ${pct(total)}`,
        ),
      );
      ev.valoracion.criteria.forEach((cr, n) => {
        assert.ok(
          rows.includes(`${n + 1} | ${cr.name} | ${cr.weight} | ${cr.level} | ${cr.score}`),
        );
      });
    });

    test("the tables reproduce the Informe 2022-2023's printed figures (seed_001.md §3)", () => {
      const rows = d.tables.flat().map((r) => r.join(" | "));
      // 001:L1151-L1160, the level-count table.
      assert.ok(rows.includes("Objetivos prioritarios | 1 | 2 | 0 | 3"));
      assert.ok(rows.includes("Indicadores de objetivos prioritarios | 2 | 1 | 3 | 6"));
      assert.ok(rows.includes("Indicadores de servicios | 8 | 3 | 33 | 44"));
      assert.ok(rows.includes("Total, indicadores | 10 | 4 | 36 | 50"));
      // 001:L1346, L1382, L1424: the objectives' aggregate rows (tipo 1, tipo 2 of 2023).
      for (const [op, t1, t2] of [
        ["OP1", "77.5", "0.0"],
        ["OP2", "81.8", "66.7"],
        ["OP3", "50.0", "0.0"],
      ]) {
        assert.ok(
          rows.some((r) => r.startsWith(`${op} (agregado)`) && r.includes(`| ${t1} | ${t2} |`)),
          op,
        );
      }
      // 001:L1348, L1426-L1430: OP indicator rows (metas, values, tipo 1 2023, tipo 2 2023).
      assert.ok(
        rows.includes(
          "1.1 | SUNAFIL | 8.3% | 8.9% | 10.3% | 6.9% | 124.1 | 77.5 | -17.6 | Intermedio",
        ),
      );
      assert.ok(
        rows.includes("2.2 | PNP | 400 | 450 | 942 | 1,718 | 235.5 | 381.8 | -109.9 | Alto"),
      );
      assert.ok(rows.includes("2.3 | PJ | 28 | 30 | 68 | 69 | 242.9 | 230.0 | 750.0 | Alto"));
      // 001:L1457-L1467: valoración 4 / 8 / 6, total 1.8.
      assert.ok(rows.includes(" | PUNTAJE TOTAL DE LA POLÍTICA NACIONAL |  | INTERMEDIO | 1.8"));
    });

    test("Cuadros 01 and 02 list the indicators at nivel bajo in the year", () => {
      const cuadro = (n: string) => {
        const i = d.paragraphs.findIndex((p) => p.startsWith(`Cuadro ${n}.`));
        assert.ok(i >= 0, `Cuadro ${n}`);
        return d.tables.find((tb) =>
          tb.some((r) => r[0] === "OP" && r[3] === "Nombre del indicador"),
        );
      };
      assert.ok(cuadro("01"));
      const low = ev.lowIndicators.find((l) => l.year === 2023);
      const cuadroRows = d.tables.filter((tb) => tb[0]?.[3] === "Nombre del indicador");
      assert.equal(cuadroRows.length, 2);
      assert.deepEqual(
        cuadroRows[0]?.slice(2).map((r) => r[1]),
        low?.opIndicators,
      );
      assert.deepEqual(
        cuadroRows[1]?.slice(2).map((r) => r[1]),
        low?.serviceIndicators,
      );
    });

    test("every number in the resumen ejecutivo is one of the computed figures", () => {
      // The last occurrences: the first ones are the table of contents' entries.
      const start = d.paragraphs.lastIndexOf("Resumen ejecutivo");
      const end = d.paragraphs.lastIndexOf("1. Descripción de la Política Nacional");
      assert.ok(start > 0 && end > start);
      const text = d.paragraphs.slice(start, end).join("\n");
      const c = ev.levelCounts;
      const computed = summaryFigures(ev);
      for (const n of numbersIn(text)) assert.ok(computed.has(n), `${n} in «${text}»`);
      assert.match(text, new RegExp(`índice de gestión .* es de ${pct(ev.index.tipo2)} %`));
      assert.match(text, new RegExp(`puntaje de ${pct(ev.valoracion.total)}`));
      assert.match(text, new RegExp(`${c.total.bajo} tienen un avance tipo 1 de nivel bajo`));
      assert.match(text, new RegExp(`${c.serviceIndicators.bajo} de servicios`));
    });

    test("the administrator's conclusions are rendered with the computed figures", () => {
      const all = d.paragraphs.join("\n");
      assert.match(
        all,
        new RegExp(
          `El índice de gestión fue de ${pct(ev.index.tipo2)} % y la valoración de ${pct(ev.valoracion.total)}\\.`,
        ),
      );
      const i21 = ev.indicators.find((i) => i.code === "2.1");
      assert.ok(all.includes(`El indicador 2.1 alcanzó ${pct(i21?.tipo1 ?? "ND")} %.`));
      assert.ok(!all.includes("{{"), "no placeholder left");
    });

    test("Word structure: heading styles, TOC, repeating header rows, page numbers, images, landscape Matriz", () => {
      assert.match(d.xml, /<w:pStyle w:val="Heading1"\/>/);
      assert.match(d.xml, /<w:pStyle w:val="Heading3"\/>/);
      assert.match(d.xml, /TOC \\h \\o &quot;1-3&quot;/);
      assert.match(d.xml, /<w:tblHeader\/>/);
      assert.match(d.xml, /w:orient="landscape"/);
      const footers = [...d.files.keys()].filter((f) => /^word\/footer\d*\.xml$/.test(f));
      assert.ok(footers.length > 0);
      const footerXml = footers.map((f) => Buffer.from(d.files.get(f) ?? []).toString()).join("");
      assert.match(footerXml, /PAGE/);
      assert.match(footerXml, /NUMPAGES/);
      const media = [...d.files.keys()].filter((f) => f.startsWith("word/media/"));
      assert.equal(media.length, 3, "gauge, objective bars, trend");
      for (const section of [
        "Resumen ejecutivo",
        "2.3. Resultados por objetivo prioritario",
        "4. Conclusiones",
        "5. Recomendaciones",
        "6. Matriz de compromisos",
        "Anexo 2. Valores observados por las reglas de calidad",
      ]) {
        assert.ok(d.paragraphs.includes(section), section);
      }
      const matriz = d.tables.find((tb) => tb[0]?.includes("Aspecto de mejora"));
      assert.equal(matriz?.length, 14, "header and the 13 commitments of 2024");
      // The Matriz as Vigía follows it: the responsible entity and the deadline as a date (the
      // printed span "2 años" of 2024 read as 31/12/2025), beside the printed Plazo.
      const header = matriz?.[0] ?? [];
      const entityAt = header.indexOf("Entidad responsable");
      const dateAt = header.indexOf("Fecha límite");
      assert.ok(entityAt > 0 && dateAt > header.indexOf("Plazo"), header.join(" | "));
      const body = matriz?.slice(1) ?? [];
      assert.ok(
        body.every((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r[dateAt] ?? "")),
        body.map((r) => r[dateAt]).join(", "),
      );
      assert.ok(
        body.every((r) => (r[entityAt] ?? "—") !== "—"),
        "every row names its entity",
      );
    });

    test("no internal line citation (001:L1463) reaches the document", () => {
      assert.doesNotMatch(d.xml, /\d{3}:L\d/);
      const all = d.paragraphs.join("\n");
      // The sources keep the document's name, without the transcriber's line numbers.
      assert.match(all, /Nivel declarado \(Informe de Evaluación 2022-2023\)/);
    });

    test("each service has its sheet with the focal points' narrative", () => {
      const all = d.paragraphs.join("\n");
      assert.match(all, /Servicio 01: Servicio de asistencia técnica/);
      assert.match(all, /Servicio 42: /);
      assert.match(all, /Logros 2023: en el 2023 se realizaron 48 eventos de sensibilización/);
      assert.match(all, /Dificultades 2023: /);
      assert.match(all, /Medidas adoptadas 2023: /);
    });
  });

  // LibreOffice is optional on the machines (apt-get install libreoffice-writer-nogui): when it
  // is there, the DOCX must open in it and keep its figures through a conversion to PDF.
  const soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
  test("the DOCX opens in LibreOffice", { skip: soffice ? false : "soffice not installed" }, () => {
    const dir = mkdtempSync(join(tmpdir(), "vigia-lo-"));
    try {
      writeFileSync(join(dir, "informe.docx"), docx.bytes);
      execFileSync(
        soffice ?? "soffice",
        ["--headless", "--convert-to", "pdf", "--outdir", dir, join(dir, "informe.docx")],
        {
          timeout: 180_000,
          env: { ...process.env, HOME: dir },
          stdio: "ignore",
        },
      );
      const text = pdfText(readFileSync(join(dir, "informe.pdf"))).replace(/\s+/g, " ");
      assert.match(text, new RegExp(`es de ${pct(ev.index.tipo2)} %`));
      assert.match(text, /Total, indicadores 10 4 36 50/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("PDF", () => {
    let text: string;
    before(() => {
      text = pdfText(pdf.bytes);
    });

    test("fonts are embedded", () => {
      const fonts = pdfFonts(pdf.bytes)
        .split("\n")
        .slice(2)
        .filter((l) => l.trim());
      assert.ok(fonts.length >= 2);
      for (const line of fonts) assert.match(line, /Roboto.*\byes\s+yes\s+yes\b/, line);
    });

    test("every indicator row of the results tables carries the engine's figures", () => {
      const lines = text.split("\n").map((l) =>
        l
          .trim()
          .split(/\s{2,}|\s(?=\S)/)
          .join(" "),
      );
      const flat = text.split("\n").map((l) => l.replace(/\s+/g, " ").trim());
      for (const i of ev.indicators) {
        const row = expectedRow(i, ev).join(" ");
        assert.ok(
          flat.some((l) => l === row || l.endsWith(` ${row}`)),
          `row of ${i.code}: ${row}`,
        );
      }
      assert.ok(lines.length > 100);
    });

    test("aggregates, counts, índice and valoración as printed", () => {
      const flat = text.split("\n").map((l) => l.replace(/\s+/g, " ").trim());
      const c = ev.levelCounts.total;
      assert.ok(flat.includes(`Total, indicadores ${c.bajo} ${c.intermedio} ${c.alto} ${c.total}`));
      for (const o of ev.objectives) {
        assert.ok(
          flat.some((l) =>
            l.includes(`${pct(o.previousTipo1)} ${pct(o.tipo1)} ${pct(o.tipo2)} ${LEVEL[o.level]}`),
          ),
          o.code,
        );
      }
      assert.ok(
        flat.some((l) =>
          l.includes(
            `PUNTAJE TOTAL DE LA POLÍTICA NACIONAL ${ev.valoracion.level} ${pct(ev.valoracion.total)}`,
          ),
        ),
      );
    });

    test("every number in the resumen ejecutivo is one of the computed figures", () => {
      const start = text.indexOf("Resumen ejecutivo", text.indexOf("Resumen ejecutivo") + 1);
      const end = text.indexOf("1. Descripción de la Política Nacional", start);
      const body = text
        .slice(start, end)
        .split("\n")
        .filter((l) => !/Página \d+ de \d+/.test(l) && !/Informe de Evaluación 2023 — /.test(l))
        .join(" ")
        .replace(/\s+/g, " ");
      assert.match(body, new RegExp(`es de ${pct(ev.index.tipo2)} %`));
      assert.match(body, new RegExp(`puntaje de ${pct(ev.valoracion.total)}`));
      const allowed = summaryFigures(ev);
      for (const n of numbersIn(body)) assert.ok(allowed.has(n), `${n} in «${body}»`);
    });

    test("no internal line citation, no ND %", () => {
      assert.doesNotMatch(text, /\d{3}:L\d/);
      assert.doesNotMatch(text, /ND\s*%/);
    });

    test("pages render to PNG (artifacts/, for a person to look at)", () => {
      const dir = join(ARTIFACTS, "informe-pdf");
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const pages = pdfToPngs(pdf.bytes, dir, "pagina", 50);
      const count = Number(/Página 1 de (\d+)/.exec(text)?.[1]);
      assert.ok(count > 20, `${count} pages`);
      assert.equal(pages.length, count);
      assert.equal(readdirSync(dir).length, count);
    });
  });

  describe("XLSX", () => {
    let wb: ExcelJS.Workbook;
    before(async () => {
      wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ExcelJS.Buffer);
    });

    test("one sheet per table plus the raw data", () => {
      const names = wb.worksheets.map((w) => w.name);
      for (const name of [
        "Portada",
        "Objetivos",
        "Índice",
        "Niveles",
        "Cuadro 01",
        "Cuadro 02",
        "OP1 indicadores",
        "OP3 servicios",
        "Valoración",
        "Compromisos",
        "Fuentes",
        "Alertas",
        "Datos",
        "Indicadores",
      ]) {
        assert.ok(names.includes(name), name);
      }
    });

    test("frozen header row, numbers as numbers with formats, no formulas", () => {
      for (const ws of wb.worksheets.filter((w) => w.name !== "Portada")) {
        assert.equal(ws.views[0]?.state, "frozen", ws.name);
        assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1, ws.name);
        ws.eachRow((row) => {
          row.eachCell((c) => {
            assert.notEqual(c.type, ExcelJS.ValueType.Formula, `${ws.name}!${c.address}`);
          });
        });
      }
      const op2 = wb.getWorksheet("OP2 indicadores");
      assert.ok(op2);
      const header = (op2.getRow(1).values as unknown[]).slice(1);
      const row21 = op2.getRows(2, op2.rowCount - 1)?.find((r) => r.getCell(1).value === "2.1");
      assert.ok(row21);
      const i21 = ev.indicators.find((i) => i.code === "2.1");
      const col = (name: string) => header.indexOf(name) + 1;
      assert.equal(row21.getCell(col("Avance tipo 1 (%) 2023")).value, i21?.tipo1);
      assert.equal(row21.getCell(col("Avance tipo 1 (%) 2023")).numFmt, "#,##0.0");
      assert.equal(row21.getCell(col("Avance tipo 2 (%) 2023")).value, i21?.tipo2);
      assert.equal(row21.getCell(col("Logros esperados 2023")).value, i21?.meta);
    });

    test("no cell carries an internal line citation", () => {
      for (const ws of wb.worksheets) {
        ws.eachRow((row) => {
          row.eachCell((c) => {
            assert.doesNotMatch(String(c.value ?? ""), /\d{3}:L\d/, `${ws.name}!${c.address}`);
          });
        });
      }
    });

    test("raw data: ids, revisions and validation status of every value used", () => {
      const datos = wb.getWorksheet("Datos");
      assert.ok(datos);
      const rows = datos.getRows(2, datos.rowCount - 1) ?? [];
      assert.equal(rows.length, 100, "50 indicators × 2022-2023");
      for (const r of rows) {
        assert.equal(typeof r.getCell(1).value, "number");
        assert.equal(r.getCell(11).value, "validado");
      }
      const indicadores = wb.getWorksheet("Indicadores");
      const exactCol = ((indicadores?.getRow(1).values as unknown[]) ?? []).indexOf(
        "Tipo 1 2023 exacto",
      );
      for (const r of indicadores?.getRows(2, ev.indicators.length) ?? []) {
        const i = ev.indicators.find((x) => x.code === r.getCell(1).value);
        assert.ok(i);
        assert.equal(r.getCell(exactCol).value, i.exact.tipo1);
      }
    });
  });
});

// The year after: the first value of 2024 validated, as after a newcomer's first walk. Counts
// of one take the singular, figures that cannot be computed carry no percent sign, and the
// valoración says how few indicators it rests on.
describe("Informe 2024 with one validated value (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let ev: PolicyEvaluation;
  let texts: { format: string; text: string }[];

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    // Service indicator 7 (meta 2024: 53): a 2024 value of 20 is 37.7 %, nivel bajo.
    const {
      id: _id,
      createdAt: _c,
      ...row
    } = await t.db
      .selectFrom("measurement as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .selectAll("m")
      .where("i.code", "=", "7")
      .where("m.year", "=", 2023)
      .where("m.period", "=", "ANUAL")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("measurement")
      .values({ ...row, year: 2024, value: 20, numerator: null, denominator: null })
      .execute();
    ev = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2024 });
    const input = { policyCode: "pntp", year: 2024, now: NOW };
    const docx = await generateEvaluationReport(t.db, actor, { ...input, format: "docx" });
    const pdf = await generateEvaluationReport(t.db, actor, { ...input, format: "pdf" });
    texts = [
      { format: "DOCX", text: readDocx(docx.bytes).paragraphs.join("\n") },
      {
        format: "PDF",
        text: pdfText(pdf.bytes)
          .split("\n")
          .filter((l) => !/Página \d+ de \d+/.test(l) && !/Informe de Evaluación 2024 — /.test(l))
          .join(" "),
      },
    ].map(({ format, text }) => ({ format, text: text.replace(/\s+/g, " ") }));
  });
  after(async () => {
    await t.dispose();
  });

  test("the year has one indicator with avance, at nivel bajo, and an ND índice", () => {
    assert.deepEqual(ev.levelCounts.total, { bajo: 1, intermedio: 0, alto: 0, total: 1 });
    assert.equal(ev.index.tipo2, "ND");
  });

  test("counts of one take the singular", () => {
    for (const { format, text } of texts) {
      assert.doesNotMatch(text, /De los 1 indicadores|\b1 tienen\b|\b1 indicadores\b/, format);
      assert.match(
        text,
        /De 1 indicador con avance calculable en 2024, 1 tiene un avance tipo 1 de nivel bajo/,
        format,
      );
      assert.match(
        text,
        /De 1 indicador de servicios con avance calculable, 0 tienen nivel alto, 0 nivel intermedio y 1 nivel bajo\./,
        format,
      );
      assert.match(
        text,
        /Ningún indicador de objetivos prioritarios tiene avance calculable/,
        format,
      );
    }
  });

  test("figures that cannot be computed print ND, never ND %", () => {
    for (const { format, text } of texts) {
      assert.doesNotMatch(text, /ND\s?%/, format);
      assert.match(
        text,
        /El índice de gestión de la Política en 2024 no puede calcularse \(ND\)/,
        format,
      );
    }
  });

  test("the valoración says how many service indicators it was computed from", () => {
    const services = ev.indicators.filter((i) => i.kind === "servicio").length;
    assert.ok(services > 40);
    const c2 = ev.valoracion.criteria[1];
    assert.match(
      c2?.basis ?? "",
      new RegExp(`calculada con 1 de ${services} indicadores de servicio$`),
    );
    for (const { format, text } of texts) {
      assert.match(
        text,
        new RegExp(`calculada con 1 de ${services} indicadores de servicio`),
        format,
      );
    }
  });

  test("the value's source is named without internal line citations", () => {
    for (const { format, text } of texts) assert.doesNotMatch(text, /\d{3}:L\d/, format);
  });
});
