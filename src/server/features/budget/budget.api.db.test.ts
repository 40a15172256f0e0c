import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { z } from "zod";
import { signIn } from "../../../../test/factories.ts";
import { MEF_HEADERS } from "../../../../test/support/synthetic-mef.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { parseCsvText, toCsvLine } from "../../../shared/budget/csv-stream.ts";
import { parseAmount } from "../../../shared/budget/money.ts";
import {
  BudgetDepartmentsSchema,
  BudgetLevelRowSchema,
  BudgetPliegoGroupSchema,
  BudgetServiceRowSchema,
  BudgetSummarySchema,
  BudgetYearFiguresSchema,
} from "../../../shared/contracts/budget.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { importBudgetFile } from "./budget-import.service.ts";
import { ensureBundledBudgetSetup } from "./budget-rules.service.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const FILE = join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv");
const actor = systemActor("test");

/** The data rows of the reconstructed file (its comment lines and header dropped). */
async function fileRows(): Promise<string[][]> {
  const records = await parseCsvText(readFileSync(FILE, "utf8"));
  return records.slice(records.findIndex((r) => r[0] === "ANO_EJE") + 1);
}
const column = (name: (typeof MEF_HEADERS)[number]) => MEF_HEADERS.indexOf(name);
const cents = (text: string | undefined) => {
  const parsed = parseAmount(text ?? "");
  assert.ok(parsed.ok, text);
  return parsed.cents;
};

describe("budget API (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await ensureBundledBudgetSetup(t.db, actor, { policyCode: "pntp" });
    await importBudgetFile(t.db, actor, { path: FILE });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  test("the comisión reads the year, the series and the tables; responses match their schemas", async () => {
    const { session } = await signIn(app, t.db, "comision");
    const summary = BudgetSummarySchema.parse(
      (await session.request("GET", "/api/policies/pntp/budget?year=2024")).json,
    );
    assert.equal(summary.totals.piaCents, 740921600);
    assert.equal(summary.classCounts.sin_meta_presupuestal, 7);
    const years = z
      .array(BudgetYearFiguresSchema)
      .parse((await session.request("GET", "/api/policies/pntp/budget/years")).json);
    assert.deepEqual(
      years.map((y) => [y.year, y.devengadoCents]),
      [
        [2023, 867066900],
        [2024, 1309029100],
        [2025, 1166219600],
      ],
    );
    const services = z
      .array(BudgetServiceRowSchema)
      .parse((await session.request("GET", "/api/policies/pntp/budget/services?year=2025")).json);
    assert.equal(services.find((s) => s.code === "S28")?.piaCents, 110600000);
    const levels = z
      .array(BudgetLevelRowSchema)
      .parse((await session.request("GET", "/api/policies/pntp/budget/levels?year=2025")).json);
    assert.deepEqual(
      levels.map((l) => [l.level, l.pimCents]),
      [
        ["nacional", 514000000],
        ["regional", 760000000],
        ["local", 0],
      ],
    );
    const pliegos = z
      .array(BudgetPliegoGroupSchema)
      .parse((await session.request("GET", "/api/policies/pntp/budget/pliegos?year=2025")).json);
    assert.equal(pliegos.find((g) => g.nivel === "regional")?.total.totalPiaCents, 1240100000000);
    const without = await session.request(
      "GET",
      "/api/policies/pntp/budget/services-without-budget?year=2025",
    );
    assert.equal((without.json.sinMetaPresupuestal as unknown[]).length, 7);
    const checks = await session.request("GET", "/api/policies/pntp/budget/printed-checks");
    assert.ok(
      (checks.json.findings as { code: string }[]).some((f) => f.code === "acumulado_no_es_suma"),
    );
    const review = await session.request("GET", "/api/policies/pntp/budget/review?year=2025");
    assert.equal(review.json.total, 1);
    const missing = await session.request("GET", "/api/policies/pntp/budget?year=2019");
    assert.equal(missing.status, 404);
  });

  test("exports download as CSV and XLSX", async () => {
    const { session } = await signIn(app, t.db, "revisor");
    const csv = await app.request(
      "/api/policies/pntp/budget/export?year=2024&format=csv&table=niveles",
      {
        headers: { cookie: session.cookie ?? "" },
      },
    );
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
    assert.match(await csv.text(), /2024,Gobiernos regionales,3929216\.00,7552000\.00/);
    const xlsx = await app.request("/api/policies/pntp/budget/export?year=2024&format=xlsx", {
      headers: { cookie: session.cookie ?? "" },
    });
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    assert.equal(wb.worksheets.length, 6);
    assert.equal(wb.getWorksheet("departamentos")?.getRow(1).getCell(3).value, "Departamento");
  });

  test("rules: read by any role, changed only with budget.manage, versioned", async () => {
    const revisor = (await signIn(app, t.db, "revisor")).session;
    const rules = await revisor.request("GET", "/api/policies/pntp/budget/rules");
    assert.equal(rules.json.version, 1);
    const document = JSON.parse(
      readFileSync(join(ROOT, "reference/budget/pntp-reglas-etiquetado.json"), "utf8"),
    );
    assert.equal(
      (await revisor.request("POST", "/api/policies/pntp/budget/rules", document)).status,
      403,
    );
    const admin = (await signIn(app, t.db, "administrador")).session;
    const created = await admin.request("POST", "/api/policies/pntp/budget/rules", document);
    assert.equal(created.status, 201);
    assert.equal(created.json.version, 2);
    const wrong = await admin.request("POST", "/api/policies/pntp/budget/rules", {
      ...document,
      policy: "otra",
    });
    assert.equal(wrong.status, 400);
    const applied = await admin.request("POST", "/api/policies/pntp/budget/rules/apply", {
      year: 2024,
    });
    assert.equal(applied.status, 200);
    const imports = await admin.request("GET", "/api/budget/imports");
    assert.equal((imports.json as unknown as unknown[]).length, 3);
  });

  test("the OpenAPI document describes the budget routes", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    for (const p of [
      "/api/policies/{code}/budget",
      "/api/policies/{code}/budget/years",
      "/api/policies/{code}/budget/pliegos",
      "/api/policies/{code}/budget/departments",
      "/api/policies/{code}/budget/export",
      "/api/budget/imports",
    ])
      assert.ok(doc.paths[p], p);
  });
  test("by department: the file's money by ubigeo, adding up to the year; lines without ubigeo apart", async () => {
    const { session } = await signIn(app, t.db, "comision");
    const rows = await fileRows();
    for (const year of [2023, 2024, 2025]) {
      const departments = BudgetDepartmentsSchema.parse(
        (await session.request("GET", `/api/policies/pntp/budget/departments?year=${year}`)).json,
      );
      const summary = BudgetSummarySchema.parse(
        (await session.request("GET", `/api/policies/pntp/budget?year=${year}`)).json,
      );
      // The whole specific budget of the year, placed or not.
      assert.equal(departments.total.pimCents, summary.totals.pimCents, `${year} PIM`);
      assert.equal(departments.total.devengadoCents, summary.totals.devengadoCents);
      assert.equal(departments.total.piaCents, summary.totals.piaCents);
      assert.equal(departments.rows.length, 25, "every INEI department, with money or not");
      // Every line of the file with money is tagged (its untagged and institutional lines are
      // 0), so each department holds exactly the file's lines of that ubigeo.
      const ofYear = rows.filter((r) => r[column("ANO_EJE")] === String(year));
      const fileTotal = ofYear.reduce((n, r) => n + cents(r[column("MONTO_PIM")]), 0);
      assert.equal(fileTotal, summary.totals.pimCents, `${year}: all the file's PIM is specific`);
      const expected = new Map<string, { pim: number; devengado: number }>();
      for (const r of ofYear) {
        const code = r[column("DEPARTAMENTO_META")] ?? "";
        const e = expected.get(code) ?? { pim: 0, devengado: 0 };
        e.pim += cents(r[column("MONTO_PIM")]);
        e.devengado += cents(r[column("MONTO_DEVENGADO")]);
        expected.set(code, e);
      }
      for (const d of departments.rows) {
        const e = expected.get(d.department ?? "") ?? { pim: 0, devengado: 0 };
        assert.equal(d.pimCents, e.pim, `${year} ${d.name} PIM`);
        assert.equal(d.devengadoCents, e.devengado, `${year} ${d.name} devengado`);
        assert.equal(d.execution, e.pim === 0 ? null : (e.devengado / e.pim) * 100);
      }
      assert.equal(
        departments.rows.find((d) => d.department === null),
        undefined,
      );
    }
    const lima = BudgetDepartmentsSchema.parse(
      (await session.request("GET", "/api/policies/pntp/budget/departments?year=2024")).json,
    ).rows.find((d) => d.department === "15");
    assert.equal(lima?.name, "LIMA");
    assert.equal(
      (await session.request("GET", "/api/policies/pntp/budget/departments?year=2019")).status,
      404,
    );

    // A 2022 file: two of 2025's specific lines, one without ubigeo.
    const specific = rows.filter(
      (r) => r[column("ANO_EJE")] === "2025" && cents(r[column("MONTO_PIM")]) > 0,
    );
    const [placed, unplaced] = specific;
    assert.ok(placed && unplaced);
    const as2022 = (r: string[], withUbigeo: boolean) =>
      toCsvLine(
        r.map((cell, i) =>
          i === column("ANO_EJE")
            ? "2022"
            : !withUbigeo &&
                ["DEPARTAMENTO_META", "PROVINCIA_META", "DISTRITO_META"].includes(
                  MEF_HEADERS[i] ?? "",
                )
              ? ""
              : cell,
        ),
      );
    const path = join(mkdtempSync(join(tmpdir(), "vigia-budget-dep-")), "pntp-2022.csv");
    writeFileSync(
      path,
      [toCsvLine([...MEF_HEADERS]), as2022(placed, true), as2022(unplaced, false), ""].join("\n"),
    );
    await importBudgetFile(t.db, actor, { path });
    const y2022 = BudgetDepartmentsSchema.parse(
      (await session.request("GET", "/api/policies/pntp/budget/departments?year=2022")).json,
    );
    const none = y2022.rows.at(-1);
    assert.equal(none?.department, null);
    assert.equal(none?.name, "Sin ubicación");
    assert.equal(none?.pimCents, cents(unplaced[column("MONTO_PIM")]));
    assert.equal(
      y2022.rows.reduce((n, d) => n + d.pimCents, 0),
      y2022.total.pimCents,
      "placed and unplaced add up to the year",
    );
  });
});
