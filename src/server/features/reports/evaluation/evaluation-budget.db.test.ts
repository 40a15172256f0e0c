import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { pdfText, pdfToPngs, readDocx } from "../../../../../test/support/read-documents.ts";
import { createTestDatabase } from "../../../../../test/support/test-db.ts";
import { systemActor } from "../../../../shared/actor.ts";
import {
  REPORT_FORMATS,
  type ReportFormat,
} from "../../../../shared/contracts/reports.contract.ts";
import { getBudgetSummary } from "../../budget/budget.service.ts";
import { importBudgetFile } from "../../budget/budget-import.service.ts";
import { ensureBundledBudgetSetup } from "../../budget/budget-rules.service.ts";
import { type GeneratedFile, generateEvaluationReport, setReportText } from "../reports.service.ts";
import type { BudgetSummary } from "./evaluation-budget.service.ts";

// The Informe de Evaluación 2024 with the shipped reconstructed budget imported: section 2.5's
// figures, read back from the DOCX, the PDF and the XLSX, must be getBudgetSummary's.
const actor = systemActor("test");
const NOW = new Date("2026-11-20T15:00:00Z");
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
const FILE = join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv");
const ARTIFACTS = join(ROOT, "artifacts");

// Independent of the product's formatting code: es-PE prints 1,234.5 like en-US.
const fixed = (x: number | null, decimals: number) =>
  x === null
    ? "—"
    : x.toLocaleString("en-US", {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      });
const soles = (cents: number) => Math.round(cents / 100).toLocaleString("en-US");
const LEVEL = {
  nacional: "Gobierno nacional",
  regional: "Gobiernos regionales",
  local: "Gobiernos locales",
};

type Year = BudgetSummary["totals"];
const yearCells = (y: Year) => [
  String(y.year),
  soles(y.piaCents),
  soles(y.pimCents),
  soles(y.devengadoCents),
  fixed(y.execution, 1),
  fixed(y.shareNationalPia, 4),
  fixed(y.shareNationalPim, 4),
  fixed(y.perCapitaPia, 2),
  fixed(y.perCapitaDevengado, 2),
];
type Stage = {
  piaCents: number;
  pimCents: number;
  devengadoCents: number;
  execution: number | null;
};
const stageCells = (before: Stage, now: Stage) => [
  soles(before.pimCents),
  soles(before.devengadoCents),
  fixed(before.execution, 1),
  soles(now.piaCents),
  soles(now.pimCents),
  soles(now.devengadoCents),
  fixed(now.execution, 1),
];
const share = (s: BudgetSummary, level: keyof typeof LEVEL) =>
  fixed(((s.byLevel.find((l) => l.level === level)?.pimCents ?? 0) / s.totals.pimCents) * 100, 1);

/** Rows of the section's tables as the Informe lays them out, from the summaries. */
function expectedRows(s: BudgetSummary, p: BudgetSummary): string[][] {
  assert.ok(s.previous);
  const rows = [
    yearCells(s.previous),
    yearCells(s.totals),
    [
      "Variación 2024/2023 (%)",
      fixed(s.change.pia, 1),
      fixed(s.change.pim, 1),
      fixed(s.change.devengado, 1),
      ...Array(5).fill(""),
    ],
    ...s.byLevel.map((l) => {
      const b = p.byLevel.find((x) => x.level === l.level);
      assert.ok(b);
      return [LEVEL[l.level], ...stageCells(b, l), share(s, l.level)];
    }),
    ["Total", ...stageCells(p.totals, s.totals), ""],
    ...s.byObjective.map((o) => {
      const b = p.byObjective.find((x) => x.code === o.code);
      assert.ok(b);
      return [o.code, ...stageCells(b, o)];
    }),
    ["Total", ...stageCells(p.totals, s.totals)],
  ];
  const CLASS = {
    asignacion_especifica: "Asignación específica",
    meta_sin_asignacion_especifica: "Meta sin asignación específica",
    sin_meta_presupuestal: "Sin meta presupuestal",
  } as const;
  for (const c of Object.keys(CLASS) as (keyof typeof CLASS)[]) {
    const which = s.byService
      .filter((x) => x.budgetClass === c)
      .map((x) => `S${String(x.number).padStart(2, "0")}`);
    rows.push([
      CLASS[c],
      ...s.byObjective.map((o) => String(o.classes[c])),
      String(s.classCounts[c]),
      `${which.slice(0, -1).join(", ")} y ${which.at(-1)}`,
    ]);
  }
  return rows;
}

describe("Informe de Evaluación with the budget section (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let summary: BudgetSummary;
  let previous: BudgetSummary;
  const files = {} as Record<ReportFormat, GeneratedFile>;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await ensureBundledBudgetSetup(t.db, actor, { policyCode: "pntp" });
    await importBudgetFile(t.db, actor, { path: FILE });
    summary = await getBudgetSummary(t.db, actor, { policyCode: "pntp", year: 2024 });
    previous = await getBudgetSummary(t.db, actor, { policyCode: "pntp", year: 2023 });
    // Texts may cite the budget: the placeholder is accepted and filled.
    await setReportText(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      section: "conclusiones",
      body: "El PIM de la Política fue de S/ {{presupuesto.pim}} ({{presupuesto.variacion.pim}} % más que en {{anio_anterior}}).",
    });
    const input = { policyCode: "pntp", year: 2024, now: NOW };
    for (const format of REPORT_FORMATS) {
      files[format] = await generateEvaluationReport(t.db, actor, { ...input, format });
    }
  });
  after(async () => {
    await t.dispose();
  });

  test("the reconstructed file gives CHS's published totals (docs/budget.md)", () => {
    assert.equal(summary.totals.pimCents, 1_411_200_000);
    assert.equal(summary.totals.devengadoCents, 1_309_029_100);
    assert.equal(summary.previous?.pimCents, 947_200_000);
  });

  describe("DOCX", () => {
    let d: ReturnType<typeof readDocx>;
    let section: string;
    before(() => {
      d = readDocx(files.docx.bytes);
      const start = d.paragraphs.lastIndexOf("2.5. Presupuesto de la política");
      const end = d.paragraphs.lastIndexOf("3. Análisis de implementación por objetivo y servicio");
      assert.ok(start > 0 && end > start, "section 2.5 before chapter 3");
      section = d.paragraphs.slice(start, end).join("\n");
    });

    test("every row of the section's tables carries getBudgetSummary's figures", () => {
      const rows = d.tables.flat().map((r) => JSON.stringify(r));
      for (const row of expectedRows(summary, previous)) {
        assert.ok(rows.includes(JSON.stringify(row)), row.join(" | "));
      }
    });

    test("the sentences cite the same figures, and only computed ones", () => {
      const s = summary.totals;
      assert.match(
        section,
        new RegExp(
          `PIA\\) de S/ ${soles(s.piaCents)} y un presupuesto institucional modificado \\(PIM\\) de S/ ${soles(s.pimCents)}, del que se devengó S/ ${soles(s.devengadoCents)}: una ejecución de ${fixed(s.execution, 1)} % del PIM`,
        ),
      );
      assert.match(section, new RegExp(`${fixed(s.shareNationalPim, 4)} % del PIM nacional`));
      assert.match(section, new RegExp(`el PIM ${fixed(summary.change.pim, 1)} %`));
      assert.match(
        section,
        new RegExp(`el gobierno nacional concentra el ${share(summary, "nacional")} %`),
      );
      assert.match(
        section,
        new RegExp(
          `De los 42 servicios de la Política, ${summary.classCounts.asignacion_especifica} tienen asignación presupuestal específica`,
        ),
      );
      // The sentences with figures: each number is a table's figure, a year or the 42 services.
      const allowed = new Set([
        ...expectedRows(summary, previous)
          .flat()
          .flatMap((c) => c.split(/, | y /)),
        "2023",
        "2024",
        "42",
      ]);
      const sentences = section
        .split("\n")
        .filter((p) => /^(En 20\d\d,|Por nivel|De los )/.test(p));
      assert.equal(sentences.length, 4);
      for (const [n] of sentences.join("\n").matchAll(/(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?/g)) {
        assert.ok(allowed.has(n), `${n} is not a computed figure`);
      }
    });

    test("provenance: file, import date, rules, and the reconstruction warning", () => {
      assert.match(
        section,
        /Datos reconstruidos a partir de totales publicados, no son datos del MEF/,
      );
      assert.match(
        section,
        /Fuente: archivo «pntp-presupuesto-reconstruido-2023-2025\.csv» \(2023 y 2024; SHA-256 [0-9a-f]{12}…\), importado el \d\d\/\d\d\/\d{4}\./,
      );
      assert.match(section, /reglas de etiquetado, versión 1/);
      assert.match(section, /Gráfico 4\. PIA, PIM y devengado/);
    });

    test("the resumen, the administrator's text and the annex mention the budget", () => {
      const all = d.paragraphs.join("\n");
      assert.ok(
        all.includes(
          `los servicios de la Política contaron con un PIM de S/ ${soles(summary.totals.pimCents)} y una ejecución de ${fixed(summary.totals.execution, 1)} % del PIM (sección 2.5)`,
        ),
      );
      assert.ok(
        all.includes(
          `El PIM de la Política fue de S/ ${soles(summary.totals.pimCents)} (${fixed(summary.change.pim, 1)} % más que en 2023).`,
        ),
      );
      assert.match(all, /Presupuesto: suma de las líneas del MEF etiquetadas/);
      assert.equal(
        [...d.files.keys()].filter((f) => f.startsWith("word/media/")).length,
        4,
        "gauge, objective bars, trend, budget bars",
      );
    });
  });

  describe("PDF", () => {
    let text: string;
    let lines: string[];
    before(() => {
      text = pdfText(files.pdf.bytes);
      lines = text.split("\n").map((l) => l.replace(/\s+/g, " ").trim());
    });

    test("every row of the section's tables carries getBudgetSummary's figures", () => {
      const rows = expectedRows(summary, previous);
      const numeric = rows.filter((r) => /^(20\d\d|Gobierno|OP|Total)/.test(r[0] ?? ""));
      assert.equal(numeric.length, 2 + 3 + 1 + 3 + 1);
      for (const row of numeric) {
        const line = row.filter((c) => c !== "").join(" ");
        assert.ok(lines.includes(line), line);
      }
      // Wrapped rows: the change's label, and the lists of services.
      const c = summary.change;
      const change = `${fixed(c.pia, 1)} ${fixed(c.pim, 1)} ${fixed(c.devengado, 1)}`;
      assert.ok(
        lines.some((l) => l.startsWith("Variación") && l.endsWith(change)),
        change,
      );
      for (const row of rows.filter((r) => /^(Asignación|Meta|Sin meta)/.test(r[0] ?? ""))) {
        const start = `${row.slice(0, -1).join(" ")} ${row.at(-1)?.slice(0, 12)}`;
        assert.ok(
          lines.some((l) => l.startsWith(start)),
          start,
        );
      }
    });

    test("the section's pages render to PNG (artifacts/, for a person to look at)", () => {
      const pages = text.split("\f");
      const first = pages.findIndex((p) => /^2\.5\. Presupuesto de la política$/m.test(p)) + 1;
      // Chapter 3 starts on a new page: the section ends on the page before it.
      const last = pages.findIndex(
        (p, i) => i >= first && /^3\. Análisis de implementación/m.test(p),
      );
      assert.ok(first > 1 && last >= first, `pages ${first}–${last}`);
      const dir = join(ARTIFACTS, "informe-presupuesto");
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const pngs = pdfToPngs(files.pdf.bytes, dir, "pagina", 60, { first, last });
      assert.equal(pngs.length, last - first + 1);
    });
  });

  describe("XLSX", () => {
    let wb: ExcelJS.Workbook;
    before(async () => {
      wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(files.xlsx.bytes) as unknown as ExcelJS.Buffer);
    });
    const rowsOf = (name: string) => {
      const ws = wb.getWorksheet(name);
      assert.ok(ws, name);
      return (ws.getRows(2, ws.rowCount - 1) ?? []).map((r) => (r.values as unknown[]).slice(1));
    };

    test("the years sheet holds the exact figures, in soles, with the provenance", () => {
      const rows = rowsOf("Presupuesto");
      for (const y of [previous.totals, summary.totals]) {
        const row = rows.find((r) => r[0] === y.year);
        assert.deepEqual(row?.slice(0, 9), [
          y.year,
          y.piaCents / 100,
          y.pimCents / 100,
          y.devengadoCents / 100,
          y.execution,
          y.shareNationalPia,
          y.shareNationalPim,
          y.perCapitaPia,
          y.perCapitaDevengado,
        ]);
      }
      const ws = wb.getWorksheet("Presupuesto");
      assert.equal(ws?.getRow(2).getCell(3).numFmt, "#,##0");
      assert.equal(ws?.getRow(4).getCell(3).numFmt, "0.0", "the change row is a percentage");
      assert.ok(rows.some((r) => String(r[0]).startsWith("Fuente: archivo «pntp-presupuesto")));
    });

    test("levels, objectives and service classes", () => {
      const levels = rowsOf("Presupuesto por nivel");
      for (const l of summary.byLevel) {
        const row = levels.find((r) => r[0] === LEVEL[l.level]);
        assert.equal(row?.[4], l.piaCents / 100);
        assert.equal(row?.[5], l.pimCents / 100);
        assert.equal(row?.[7], l.execution ?? undefined);
      }
      const ops = rowsOf("Presupuesto por OP");
      for (const o of summary.byObjective) {
        assert.equal(ops.find((r) => r[0] === o.code)?.[5], o.pimCents / 100);
      }
      const classes = rowsOf("Servicios y presupuesto");
      assert.equal(
        classes.find((r) => r[0] === "Asignación específica")?.[4],
        summary.classCounts.asignacion_especifica,
      );
    });
  });
});
