import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import {
  MEF_HEADERS,
  readDistrictCodes,
  writeSyntheticMefCsv,
} from "../../../../test/support/synthetic-mef.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { parseCsvText, toCsvLine } from "../../../shared/budget/csv-stream.ts";
import type { PrintedChapter } from "../../../shared/budget/printed-report-checks.ts";
import { roundHalfUp } from "../../../shared/numbers.ts";
import { DomainError } from "../../errors.ts";
import {
  type BudgetReport,
  getBudgetReport,
  getBudgetSummary,
  getServicesWithoutBudget,
  listBudgetImports,
} from "./budget.service.ts";
import { exportBudget } from "./budget-export.service.ts";
import { importBudgetFile } from "./budget-import.service.ts";
import {
  applyBudgetRules,
  ensureBundledBudgetSetup,
  getBudgetRules,
  importBudgetRules,
} from "./budget-rules.service.ts";

const actor = systemActor("test");
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const FILE = join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv");
const PRINTED = JSON.parse(
  readFileSync(join(ROOT, "reference/budget/chs-x-informe-2023-2025-tablas.json"), "utf8"),
) as PrintedChapter;

/**
 * Printed cells the data must NOT reproduce: the report's own errors (seed_000.md §b.5) and the
 * infographic's truncations, plus two chapter sums of rounded figures.
 */
const NOT_REPRODUCED: Record<string, string> = {
  "info.2023.pim": "truncado (9.47 → 9,4)",
  "info.2023.devengado": "truncado (8.67 → 8,6)",
  "info.2025.pia": "truncado (5.77 → 5,7)",
  "info.2025.devengado": "truncado (11.66 → 11,6)",
  "info.2025.devengado_texto": "truncado (11.66 → 11.6)",
  "info.2024.devengado": "error 1: 13,9 por 13.09",
  "info.2025.per_capita": "error 3: rotulado devengado, es el PIA",
  "info.2025.pgr": "error 4: 272,333 por 272,353",
  "op2.acumulado": "error 5: «acumulado» es solo 2025",
  "t7.2023.pim.total": "9.48 contra 9.47 de la Tabla 3 y de sus partes",
  "t9.2025.pia.TOTAL.pliego": "error 7: 14,426 no es la suma (12,401)",
  "t9.2025.pia.TOTAL.pct": "error 7: 0.009 usa el total erróneo",
  "op3.2025": "suma de cifras redondeadas (1.88) frente a 1,865,027 exactos",
  "servicios.12.esnna": "12 por 11 servicios",
};

/** The computed value of a printed figure, in the unit it was printed in. */
function computed(r: BudgetReport, id: string): number | null {
  const [table, yearText, a, b, c] = id.split(".");
  const year = Number(yearText);
  const y = r.years.find((x) => x.year === year);
  const m = (cents: number | null | undefined) =>
    cents === null || cents === undefined ? null : cents / 1e8;
  if (table === "t3" || table === "info") {
    if (!y) return null;
    return (
      (
        {
          pia: m(y.piaCents),
          pim: m(y.pimCents),
          devengado: m(y.devengadoCents),
          devengado_texto: m(y.devengadoCents),
          nacional_pia: m(y.nationalPiaCents),
          nacional_pim: m(y.nationalPimCents),
          pgr: m(y.nationalPimCents),
          pgr_share: y.shareNationalPim,
          share_pia: y.shareNationalPia,
          share_pim: y.shareNationalPim,
          ejecucion: y.execution,
          per_capita: y.perCapitaDevengado,
        } as Record<string, number | null>
      )[a ?? ""] ?? null
    );
  }
  if (table === "t2" && y) {
    return (
      (
        { pia: y.piaCents / 100, share: y.shareNationalPia, per_capita: y.perCapitaPia } as Record<
          string,
          number | null
        >
      )[a ?? ""] ?? null
    );
  }
  if (table === "t5") {
    if (a === "total") return m(y?.piaCents);
    return m(r.services.find((s) => s.year === year)?.rows.find((s) => s.code === a)?.piaCents);
  }
  if (table === "t7") {
    const stage = a as "pia" | "pim" | "devengado";
    if (b === "total") return m(y?.[`${stage}Cents`]);
    return m(
      r.levels.find((l) => l.year === year)?.rows.find((l) => l.level === b)?.[`${stage}Cents`],
    );
  }
  if (table === "t8" || table === "t9") {
    const groups = r.pliegos.find((p) => p.year === year)?.groups;
    const g = groups?.find((x) => x.nivel === (table === "t8" ? "nacional" : "regional"));
    const row = b === "TOTAL" ? g?.total : g?.rows.find((x) => x.label === b);
    if (!row) return null;
    const pia = a === "pia";
    if (c === "pliego") return m(pia ? row.totalPiaCents : row.totalPimCents);
    if (c === "pn") return m(pia ? row.piaCents : row.pimCents);
    return pia ? row.sharePia : row.sharePim;
  }
  if (table === "op1" || table === "op3") {
    const o = r.objectives
      .find((x) => x.year === 2025)
      ?.rows.find((x) => x.code === table.toUpperCase());
    return o ? o.piaCents / 100 : null;
  }
  if (table === "op2") {
    return (
      (r.objectives.find((x) => x.year === 2025)?.rows.find((x) => x.code === "OP2")?.piaCents ??
        0) /
        100 +
      (r.objectives.find((x) => x.year === 2024)?.rows.find((x) => x.code === "OP2")?.piaCents ??
        0) /
        100
    );
  }
  if (table === "servicios") return r.summary.classCounts.asignacion_especifica;
  return null;
}

describe("budget: import, tagging and seed 000's chapter 5 (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let report2024: BudgetReport;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await ensureBundledBudgetSetup(t.db, actor, { policyCode: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  test("the reconstructed file imports whole: 171 lines in three years, totals by level", async () => {
    const r = await importBudgetFile(t.db, actor, { path: FILE });
    assert.equal(r.outcome, "importado");
    assert.equal(r.rowsRead, 171);
    assert.equal(r.rowsRejected, 0);
    assert.deepEqual(
      r.years.map((y) => [y.year, y.rowsLoaded, y.totals.piaCents, y.byLevel.local.pimCents]),
      [
        [2023, 52, 490090200, 0],
        [2024, 58, 740921600, 0],
        [2025, 61, 576502700, 0],
      ],
    );
    assert.deepEqual(
      r.tagging.map((x) => [x.tagged, x.review, x.overAllocated]),
      [[162, 3, 0]],
    );
    assert.match(r.sha256, /^[0-9a-f]{64}$/);
    assert.equal(r.reconstructed, true);
    // Free text reaches the table exactly through the COPY (the meta names carry commas).
    const named = await t.db
      .selectFrom("budgetLine")
      .select("metaName")
      .where("metaName", "like", "%,%")
      .execute();
    assert.equal(named.length, 6);
    assert.ok(named.some((l) => l.metaName === "PROTECCION DE NINAS, NINOS Y ADOLESCENTES"));
    assert.match(r.notice ?? "", /^RECONSTRUIDO A PARTIR DE TOTALES PUBLICADOS/);
    report2024 = await getBudgetReport(t.db, actor, { policyCode: "pntp", year: 2024 });
  });

  test("the file's notice travels with its figures: a renamed reconstruction is flagged, a plain file is not", async () => {
    const s = await getBudgetSummary(t.db, actor, { policyCode: "pntp", year: 2024 });
    assert.deepEqual(
      s.basis.imports.map((i) => [i.year, i.reconstructed]),
      [
        [2023, true],
        [2024, true],
        [2025, true],
      ],
    );
    assert.ok((await listBudgetImports(t.db, actor)).every((i) => i.reconstructed && i.notice));
    const dir = await mkdtemp(join(tmpdir(), "vigia-notice-"));
    const text = readFileSync(FILE, "utf8");
    const renamed = join(dir, "presupuesto-2024.csv");
    await writeFile(renamed, text);
    const plain = join(dir, "reconstruido-pero-sin-aviso.csv");
    await writeFile(plain, text.replace(/^(#.*\n)+/, ""));
    const a = await importBudgetFile(t.db, actor, { path: renamed, dryRun: true });
    const b = await importBudgetFile(t.db, actor, { path: plain, dryRun: true });
    assert.deepEqual([a.reconstructed, b.reconstructed, b.notice], [true, false, null]);
    assert.equal(a.rowsLoaded, b.rowsLoaded);
  });

  test("every printed figure of Tablas 2, 3, 5, 7, 8 and 9 is reproduced at its printed precision", () => {
    let reproduced = 0;
    const missing: string[] = [];
    for (const f of PRINTED.figures) {
      const value = computed(report2024, f.id);
      if (value === null) {
        missing.push(f.id);
        continue;
      }
      const decimals = f.value.includes(".") ? f.value.length - f.value.indexOf(".") - 1 : 0;
      const shown = roundHalfUp(value, decimals);
      if (NOT_REPRODUCED[f.id]) {
        assert.notEqual(
          shown,
          Number(f.value),
          `${f.id} should not reproduce: ${NOT_REPRODUCED[f.id]}`,
        );
      } else {
        assert.equal(shown, Number(f.value), `${f.id} (${f.where}, ${f.lines}): ${value}`);
        reproduced += 1;
      }
    }
    assert.deepEqual(missing, []);
    assert.equal(reproduced, PRINTED.figures.length - Object.keys(NOT_REPRODUCED).length);
  });

  test("exact amounts: Tabla 2's PIA in soles, to the cent", () => {
    assert.deepEqual(
      report2024.years.map((y) => [y.year, y.piaCents, y.pimCents, y.devengadoCents]),
      [
        [2023, 490090200, 947200000, 867066900],
        [2024, 740921600, 1411200000, 1309029100],
        [2025, 576502700, 1274000000, 1166219600],
      ],
    );
  });

  test("service classes: 11 / 24 / 7, per OP 4-3-4 funded, local governments at zero (golden logic cases)", async () => {
    const s = await getBudgetSummary(t.db, actor, { policyCode: "pntp", year: 2025 });
    assert.deepEqual(s.classCounts, {
      asignacion_especifica: 11,
      meta_sin_asignacion_especifica: 24,
      sin_meta_presupuestal: 7,
    });
    assert.deepEqual(
      s.byObjective.map((o) => [o.code, o.services, o.funded]),
      [
        ["OP1", 14, 4],
        ["OP2", 11, 3],
        ["OP3", 17, 4],
      ],
    );
    const cls = Object.fromEntries(s.byService.map((x) => [x.code, x.budgetClass]));
    assert.deepEqual(
      ["S27", "S22", "S33", "S01", "S02", "S41"].map((c) => cls[c]),
      [
        "asignacion_especifica",
        "meta_sin_asignacion_especifica",
        "sin_meta_presupuestal",
        "sin_meta_presupuestal",
        "asignacion_especifica",
        "meta_sin_asignacion_especifica",
      ],
    );
    for (const y of report2024.levels) {
      const local = y.rows.find((l) => l.level === "local");
      assert.deepEqual([local?.piaCents, local?.pimCents, local?.devengadoCents], [0, 0, 0]);
    }
    const without = await getServicesWithoutBudget(t.db, actor, { policyCode: "pntp", year: 2025 });
    assert.deepEqual(
      without.sinMetaPresupuestal.map((x) => x.number),
      [1, 5, 11, 18, 23, 26, 33],
    );
    assert.equal(without.metaSinAsignacionEspecifica.length, 24);
    // The holder is not the owner: MIMP's services sit mostly in regional governments.
    const s28 = s.byService.find((x) => x.code === "S28");
    assert.equal(s28?.owner, "MIMP");
    assert.ok(s28?.pliegos.includes("453"));
    // Year-on-year: 7.41 → 5.77 million of PIA.
    assert.equal(roundHalfUp(s.change.pia ?? 0, 1), -22.2);
  });

  test("one chain shared by two services is split exactly; residuals outside the prioritised pliegos are shown", () => {
    const y2024 = report2024.services.find((x) => x.year === 2024)?.rows ?? [];
    const s19 = y2024.find((x) => x.code === "S19");
    const s24 = y2024.find((x) => x.code === "S24");
    assert.equal(s19?.piaCents, 72000000);
    assert.equal(s24?.piaCents, 72000000);
    const g2025 = report2024.pliegos.find((p) => p.year === 2025)?.groups;
    const nacional = g2025?.find((g) => g.nivel === "nacional");
    assert.deepEqual([nacional?.outsidePiaCents, nacional?.outsidePimCents], [4000000, 2000000]);
  });

  test("untagged lines that mention trafficking are listed for review (and 'tratamiento' is not)", () => {
    assert.equal(report2024.review.total, 1);
    assert.match(report2024.review.lines[0]?.text ?? "", /TRATA DE PERSONAS/);
    assert.equal(report2024.review.lines[0]?.pliego, "150101");
  });

  test("re-importing the same year replaces it, keeps history and reports no difference", async () => {
    const again = await importBudgetFile(t.db, actor, { path: FILE, year: 2024 });
    assert.equal(again.rowsOtherYears, 113);
    assert.equal(again.years.length, 1);
    const d = again.years[0]?.diff;
    assert.ok(d);
    assert.deepEqual(
      [d.linesBefore, d.pliegosAdded, d.pliegosRemoved, d.pliegosChanged],
      [58, 0, 0, 0],
    );
    const imports = await t.db
      .selectFrom("budgetImport")
      .select(["year", "isCurrent"])
      .orderBy("id")
      .execute();
    assert.deepEqual(
      imports.map((i) => [i.year, i.isCurrent]),
      [
        [2023, true],
        [2024, false],
        [2025, true],
        [2024, true],
      ],
    );
    const lines = await t.db
      .selectFrom("budgetLine")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    assert.equal(Number(lines.n), 171);
    const after = await getBudgetReport(t.db, actor, { policyCode: "pntp", year: 2024 });
    assert.deepEqual(after.years, report2024.years);
  });

  describe("refused and partial imports", () => {
    let dir: string;
    const header = MEF_HEADERS.join(",");
    let rows2024: string[][] = [];
    let base: string[] = [];
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "vigia-budget-"));
      rows2024 = (await parseCsvText(readFileSync(FILE, "utf8")))
        .slice(1)
        .filter((r) => r[0] === "2024");
      base = rows2024.map((r) => toCsvLine(r));
    });
    const before2024 = async () =>
      (await getBudgetReport(t.db, actor, { policyCode: "pntp", year: 2024 })).years;

    /** One data line of 2024 with one column replaced. */
    const edit = (index: number, column: string, value: string) => {
      const cells = [...(rows2024[index] ?? [])];
      cells[MEF_HEADERS.indexOf(column as (typeof MEF_HEADERS)[number])] = value;
      return toCsvLine(cells);
    };

    test("one bad row refuses the whole file with every reason; nothing changes", async () => {
      const lines = [
        header,
        edit(0, "MONTO_PIA", "-5.00"),
        edit(1, "MONTO_DEVENGADO", "99999999.00"),
        edit(2, "DEPARTAMENTO_META", "99"),
        edit(3, "PLIEGO", "00 7"),
        ...base.slice(4),
        base[5],
      ];
      const path = join(dir, "malo.csv");
      await writeFile(path, `${lines.join("\n")}\n`);
      const snapshot = await before2024();
      await assert.rejects(importBudgetFile(t.db, actor, { path }), (e: unknown) => {
        assert.ok(e instanceof DomainError);
        assert.match(e.message, /5 fila\(s\) inválida\(s\)/);
        assert.match(e.message, /monto negativo: 1/);
        assert.match(e.message, /devengado mayor que el PIM: 1/);
        assert.match(e.message, /ubigeo desconocido: 1/);
        assert.match(e.message, /código inválido: 1/);
        assert.match(e.message, /línea duplicada: 1/);
        assert.match(e.message, /--skip-invalid/);
        assert.deepEqual(
          e.issues.map((i) => i.path),
          ["fila 1", "fila 2", "fila 3", "fila 4", `fila ${lines.length - 1}`],
        );
        return true;
      });
      assert.deepEqual(await before2024(), snapshot);

      const partial = await importBudgetFile(t.db, actor, {
        path,
        skipInvalid: true,
        dryRun: true,
      });
      assert.equal(partial.outcome, "simulado");
      assert.equal(partial.rowsLoaded, base.length - 4);
      assert.deepEqual(await before2024(), snapshot, "a dry run writes nothing");
    });

    test("--skip-invalid imports the valid rows and reports the rest", async () => {
      const lines = [header, edit(0, "MONTO_PIA", "abc"), ...base.slice(1)];
      const path = join(dir, "parcial.csv");
      await writeFile(path, `${lines.join("\n")}\n`);
      const r = await importBudgetFile(t.db, actor, { path, skipInvalid: true });
      assert.equal(r.outcome, "importado");
      assert.deepEqual([r.rowsLoaded, r.rowsRejected], [base.length - 1, 1]);
      assert.deepEqual(r.rejections.byReason, { monto_invalido: 1 });
      const d = r.years[0]?.diff;
      assert.equal(d?.pliegosChanged, 1);
      // Put the full year back for the tests that follow.
      await importBudgetFile(t.db, actor, { path: FILE, year: 2024 });
    });

    test("a missing required column is named in Spanish; monthly files are refused", async () => {
      const noPim = join(dir, "sin-pim.csv");
      await writeFile(
        noPim,
        "ANO_EJE,NIVEL_GOBIERNO,PLIEGO,MONTO_PIA,MONTO_DEVENGADO\n2024,E,007,1,1\n",
      );
      await assert.rejects(importBudgetFile(t.db, actor, { path: noPim }), (e: unknown) => {
        assert.ok(e instanceof DomainError);
        assert.match(
          e.message,
          /Falta la columna requerida de PIM: se esperaba un encabezado como «MONTO_PIM», «PIM»/,
        );
        return true;
      });
      const monthly = join(dir, "mensual.csv");
      await writeFile(monthly, `ANO_EJE,MES_EJE,${header.slice(8)}\n`);
      await assert.rejects(importBudgetFile(t.db, actor, { path: monthly }), /MES_EJE/);
      const noYear = join(dir, "sin-anio.csv");
      await writeFile(
        noYear,
        "Nivel de Gobierno,Pliego,PIA,PIM,Devengado\nE: GOBIERNO NACIONAL,007: M. DEL INTERIOR,1,1,1\n",
      );
      await assert.rejects(importBudgetFile(t.db, actor, { path: noYear }), /--year/);
    });

    test("a Consulta Amigable export (code: name cells, Latin-1, semicolons) and an XLSX import the same", async () => {
      // Consulta Amigable: one column per level with "code: name", no year column.
      const latin = join(dir, "consulta-amigable.csv");
      const text =
        "Nivel de Gobierno;Pliego;Unidad Ejecutora;Meta;Finalidad;PIA;PIM;Certificación;Compromiso Anual;Devengado;Girado\n" +
        "E: GOBIERNO NACIONAL;007: M. DEL INTERIOR;001361: POLICÍA NACIONAL - DIRCTPTIM;0099: OPERACIONES;0312900: OPERACIONES POLICIALES E INTERINSTITUCIONALES CONTRA LA TRATA DE PERSONAS;1,000,000;2,000,000.50;1,500,000;1,400,000;1,300,000.25;1,200,000\n";
      await writeFile(latin, Buffer.from(text, "latin1"));
      const r = await importBudgetFile(t.db, actor, { path: latin, year: 2026 });
      assert.equal(r.rowsLoaded, 1);
      assert.equal(r.years[0]?.totals.pimCents, 200000050);
      const s = await getBudgetSummary(t.db, actor, { policyCode: "pntp", year: 2026 });
      assert.deepEqual(
        s.byService
          .filter((x) => x.piaCents > 0)
          .map((x) => [x.code, x.piaCents, x.devengadoCents]),
        [
          ["S19", 50000000, 65000013],
          ["S24", 50000000, 65000012],
        ],
      );
      const names = await t.db
        .selectFrom("budgetLabel")
        .select("name")
        .where("dimension", "=", "ejecutora")
        .where("code", "=", "001361")
        .where("importId", "=", r.years[0]?.importId ?? 0)
        .executeTakeFirst();
      assert.equal(names?.name, "POLICÍA NACIONAL - DIRCTPTIM");

      // The same 2024 lines as a workbook.
      const workbook = new ExcelJS.Workbook();
      const ws = workbook.addWorksheet("gasto");
      ws.addRow([...MEF_HEADERS]);
      for (const cells of rows2024) {
        ws.addRow(cells.map((c, i) => (MEF_HEADERS[i]?.startsWith("MONTO_") ? Number(c) : c)));
      }
      const xlsx = join(dir, "gasto-2024.xlsx");
      await workbook.xlsx.writeFile(xlsx);
      const before = await before2024();
      const x = await importBudgetFile(t.db, actor, { path: xlsx });
      assert.equal(x.format, "xlsx");
      assert.equal(x.rowsLoaded, base.length);
      assert.deepEqual(await before2024(), before);
    });
  });

  test("a new rule version re-tags the current imports; the old version stays", async () => {
    const rules = await getBudgetRules(t.db, actor, { policyCode: "pntp" });
    assert.equal(rules.version, 1);
    const document = JSON.parse(
      readFileSync(join(ROOT, "reference/budget/pntp-reglas-etiquetado.json"), "utf8"),
    );
    // Tag the MML line to S38 as institutional, and drop the S12 rule.
    document.rules = document.rules.filter((r: { code: string }) => r.code !== "E-S12");
    document.rules.push({
      code: "I-S38-MML",
      service: "S38",
      kind: "institucional",
      match: { pliego: "150101", actividad: "5001122" },
      rationale: "prueba",
    });
    const v2 = await importBudgetRules(t.db, actor, { document });
    assert.equal(v2.version, 2);
    const s = await getBudgetSummary(t.db, actor, { policyCode: "pntp", year: 2025 });
    assert.equal(
      s.byService.find((x) => x.code === "S12")?.budgetClass,
      "meta_sin_asignacion_especifica",
    );
    assert.equal(s.classCounts.asignacion_especifica, 10);
    assert.equal(s.totals.piaCents, 576502700 - 63000000);
    // The MML line is now tagged; the police chain that lost its rule is up for review.
    const review = await getBudgetReport(t.db, actor, { policyCode: "pntp", year: 2025 });
    assert.deepEqual(
      review.review.lines.map((l) => [l.pliego, l.matched]),
      [["007", "trata de personas"]],
    );
    const sets = await t.db
      .selectFrom("budgetRuleSet")
      .select("version")
      .orderBy("version")
      .execute();
    assert.deepEqual(
      sets.map((x) => x.version),
      [1, 2],
    );
    const bad = { ...document, rules: [{ ...document.rules[0], service: "S99" }] };
    await assert.rejects(importBudgetRules(t.db, actor, { document: bad }), /S99/);
    // Back to the shipped rules (version 3) and an explicit re-tag.
    await importBudgetRules(t.db, actor, {
      document: JSON.parse(
        readFileSync(join(ROOT, "reference/budget/pntp-reglas-etiquetado.json"), "utf8"),
      ),
    });
    const applied = await applyBudgetRules(t.db, actor, { policyCode: "pntp", year: 2025 });
    assert.deepEqual(
      applied.retagged.map((x) => [x.year, x.review]),
      [[2025, 1]],
    );
    const audit = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("action", "like", "budget.%")
      .execute();
    assert.ok(audit.filter((a) => a.action === "budget.import").length >= 5);
    assert.ok(audit.some((a) => a.action === "budget.retag"));
  });

  test("exports: CSV with exact amounts, XLSX with every table", async () => {
    const csv = await exportBudget(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      format: "csv",
      table: "servicios",
    });
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(csv.bytes);
    assert.match(text, /^\uFEFFAño,Servicio,N°/);
    assert.match(text, /2024,S02,2,.*,1559216\.00,/);
    const xlsx = await exportBudget(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      format: "xlsx",
      table: "servicios",
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ["servicios", "objetivos", "niveles", "pliegos", "departamentos", "anios"],
    );
  });

  test("a year without an import is not found, with the command to fix it", async () => {
    await assert.rejects(
      getBudgetSummary(t.db, actor, { policyCode: "pntp", year: 2019 }),
      (e: unknown) =>
        e instanceof DomainError && e.code === "not_found" && /--year 2019/.test(e.message),
    );
  });

  test("synthetic MEF files import cleanly and tag their trafficking chains", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vigia-synth-"));
    const path = join(dir, "sintetico.csv");
    await writeSyntheticMefCsv(path, {
      rows: 5000,
      year: 2030,
      seed: 7,
      districts: await readDistrictCodes(),
    });
    const r = await importBudgetFile(t.db, actor, { path });
    assert.deepEqual([r.rowsRead, r.rowsLoaded, r.rowsRejected], [5000, 5000, 0]);
    const again = await writeSyntheticMefCsv(join(dir, "otra.csv"), {
      rows: 5000,
      year: 2030,
      seed: 7,
      districts: await readDistrictCodes(),
    });
    assert.equal(again, readFileSync(path).length, "deterministic");
  });
});
