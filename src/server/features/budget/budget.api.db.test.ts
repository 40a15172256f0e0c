import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { z } from "zod";
import { signIn } from "../../../../test/factories.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import {
  BudgetLevelRowSchema,
  BudgetPliegoGroupSchema,
  BudgetServiceRowSchema,
  BudgetSummarySchema,
  BudgetYearFiguresSchema,
} from "../../../shared/schemas/budget.schema.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { seedBundledCatalogue } from "../catalogue/catalogue.service.ts";
import { importBudgetFile } from "./budget-import.service.ts";
import { ensureBundledBudgetSetup } from "./budget-rules.service.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const actor = systemActor("test");

describe("budget API (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase();
    await seedBundledCatalogue(t.db, actor, { code: "pntp", replace: false });
    await ensureBundledBudgetSetup(t.db, actor, { policyCode: "pntp" });
    await importBudgetFile(t.db, actor, {
      path: join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv"),
    });
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
    assert.equal(wb.worksheets.length, 5);
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
      "/api/policies/{code}/budget/export",
      "/api/budget/imports",
    ])
      assert.ok(doc.paths[p], p);
  });
});
