import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { pdfText } from "../../../../../test/support/read-documents.ts";
import { createTestDatabase } from "../../../../../test/support/test-db.ts";
import { systemActor } from "../../../../shared/actor.ts";
import type { MeasurementStatus } from "../../../../shared/workflow/measurement-status.ts";
import { generateMonitoringReport } from "../reports.service.ts";
import { buildMonitoringReportModel } from "./monitoring-model.service.ts";

// The reporte de seguimiento of a semester: values in every workflow state, progress against
// the annual meta, completeness per entity, flagged values.
const actor = systemActor("test");

describe("reporte de seguimiento (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    // First-semester values of 2023 as the focal points would leave them mid-workflow.
    const annual = async (code: string) =>
      t.db
        .selectFrom("measurement as m")
        .innerJoin("indicator as i", "i.id", "m.indicatorId")
        .selectAll("m")
        .where("i.code", "=", code)
        .where("m.year", "=", 2023)
        .where("m.period", "=", "ANUAL")
        .executeTakeFirstOrThrow();
    const s1 = async (code: string, value: number, status: MeasurementStatus) => {
      const { id: _id, createdAt: _c, ...row } = await annual(code);
      await t.db
        .insertInto("measurement")
        .values({
          ...row,
          period: "S1",
          revision: 1,
          value,
          numerator: null,
          denominator: null,
          status,
        })
        .execute();
    };
    await s1("1.1", 4.45, "validado");
    await s1("2.1", 20, "enviado");
    await s1("18", 150, "observado");
    await s1("17", 800, "borrador");
  });
  after(async () => {
    await t.dispose();
  });

  test("progress against the annual meta, with the value's state", async () => {
    const m = await buildMonitoringReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      period: "S1",
    });
    const of = (code: string) => m.indicators.find((i) => i.code === code);
    assert.equal(of("1.1")?.value?.status, "validado");
    assert.equal(of("1.1")?.progress, (4.45 / 8.9) * 100);
    assert.equal(of("2.1")?.value?.status, "enviado");
    assert.equal(of("3.1")?.value, null);
    assert.equal(of("3.1")?.progress, "ND");
    assert.deepEqual(m.statusCounts, { borrador: 1, enviado: 1, observado: 1, validado: 1 });
  });

  test("completeness per entity lists what is missing", async () => {
    const m = await buildMonitoringReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      period: "S1",
    });
    const sunafil = m.entities.find((e) => e.code === "SUNAFIL");
    assert.deepEqual(sunafil?.reported, ["1.1"]);
    assert.deepEqual(sunafil?.validated, ["1.1"]);
    assert.deepEqual(sunafil?.missing, ["7", "10"]);
    const mp = m.entities.find((e) => e.code === "MP");
    assert.deepEqual(mp?.reported, ["2.1", "17", "18"]);
    assert.deepEqual(mp?.validated, []);
    const total = m.entities.reduce((n, e) => n + e.indicators.length, 0);
    assert.equal(total, 50);
  });

  test("the quality rules flag values of the semester", async () => {
    const m = await buildMonitoringReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      period: "S1",
    });
    const flagged = m.indicators.filter((i) => i.findings.length > 0).map((i) => i.code);
    assert.deepEqual(flagged, ["18"]);
    assert.equal(
      m.indicators.find((i) => i.code === "18")?.findings[0]?.code,
      "PORCENTAJE_FUERA_DE_RANGO",
    );
  });

  test("S2 falls back to the annual value where no semester value exists", async () => {
    const m = await buildMonitoringReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      period: "S2",
    });
    assert.ok(m.indicators.every((i) => i.value?.period === "ANUAL"));
    assert.equal(
      m.entities.every((e) => e.missing.length === 0),
      true,
    );
  });

  test("documents: PDF text and XLSX sheets", async () => {
    const input = { policyCode: "pntp", year: 2023, period: "S1" as const };
    const pdf = await generateMonitoringReport(t.db, actor, { ...input, format: "pdf" });
    assert.equal(pdf.fileName, "reporte-seguimiento-pntp-2023-s1.pdf");
    const text = pdfText(pdf.bytes).replace(/\s+/g, " ");
    assert.match(
      text,
      /De los 50 indicadores de la Política, 4 \(8\.0 %\) tienen un valor registrado/,
    );
    // Counts of one take the singular: "1 validado", never "1 validados".
    assert.match(
      text,
      /: 1 validado, 1 enviado, 1 observado y 1 en borrador\. 46 no tienen valor\./,
    );
    assert.match(text, /1 valor tiene observaciones de las reglas de calidad/);
    assert.doesNotMatch(text, /\b1 (validados|enviados|observados|valores)\b/);
    assert.match(text, /1\.1 — SUNAFIL 8\.9% 4\.45% S1 Validado 50\.0 Bajo/);
    const xlsx = await generateMonitoringReport(t.db, actor, { ...input, format: "xlsx" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ExcelJS.Buffer);
    const names = wb.worksheets.map((w) => w.name);
    for (const name of ["Completitud", "OP1 avance", "Servicios", "Alertas"]) {
      assert.ok(names.includes(name), name);
    }
    const completitud = wb.getWorksheet("Completitud");
    const row = completitud
      ?.getRows(2, 20)
      ?.find((r) => String(r.getCell(1).value).includes("(SUNAFIL)"));
    assert.deepEqual(
      [2, 3, 4, 5].map((c) => row?.getCell(c).value),
      [3, 1, 1, 33.3],
    );
  });
});
