import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { pdfText, readDocx } from "../../../../test/support/read-documents.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import {
  MapLayerSchema,
  RegionViewSchema,
} from "../../../shared/contracts/territory-view.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { trainingTable } from "../territory/activities.service.ts";
import { summarizeSpaces } from "../territory/coordination-spaces.service.ts";
import { importTerritoryReference } from "../territory/territory-reference.service.ts";

const actor = systemActor("test");

// MININTER opens the map of seed 003's spaces and trainings, drills down from Lima to its
// districts on an indicator's values, and downloads the reporte regional; figures are checked
// against the registers' own summaries and across levels, not against numbers typed here.
describe("territory maps and regional view (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let comision: ApiSession;
  let focal: ApiSession;
  const districtValues: [string, number][] = [
    ["150101", 100],
    ["150132", 17],
    ["150501", 4],
    ["010101", 10],
    // Created (for this test) in 2024: its 2023 value must not be summed.
    ["150143", 5],
  ];

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await importTerritoryReference(t.db, actor);
    await t.db
      .updateTable("ubigeo")
      .set({ validFrom: "2024-01-01" })
      .where("code", "=", "150143")
      .execute();
    const m = await t.db
      .selectFrom("measurement as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .select("m.id")
      .where("i.code", "=", "5")
      .where("m.year", "=", 2023)
      .where("m.period", "=", "ANUAL")
      .where("m.status", "=", "validado")
      .orderBy("m.revision", "desc")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("measurementDisaggregation")
      .values(
        districtValues.map(([category, value], position) => ({
          measurementId: m.id,
          dimension: "region" as const,
          category,
          label: null,
          value,
          position: 100 + position,
        })),
      )
      .execute();
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    comision = (await signIn(app, t.db, "comision")).session;
    focal = (await signIn(app, t.db, "punto_focal", { entities: ["MININTER"] })).session;
  });
  after(async () => {
    await t.dispose();
  });

  const map = async (query: string) => {
    const res = await comision.request("GET", `/api/territory/map?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return MapLayerSchema.parse(res.json);
  };

  test("spaces by department are the registry's summary; a province map says what it cannot place", async () => {
    const summary = await summarizeSpaces(t.db, actor);
    const departments = await map("layer=spaces");
    assert.equal(departments.areas.length, 25);
    for (const d of summary.byDepartment) {
      const area = departments.areas.find((a) => a.code === d.departmentCode);
      assert.equal(area?.value, d.regional + d.local, d.departmentName);
    }
    assert.equal(
      departments.total,
      summary.national.regional +
        summary.national.local -
        summary.unplaced.regional -
        summary.unplaced.local,
    );
    const arequipa = summary.byDepartment.find((d) => d.departmentCode === "04");
    const provinces = await map("layer=spaces&level=provincia&within=04");
    assert.equal(provinces.within?.name, "AREQUIPA");
    assert.ok(provinces.areas.every((a) => a.code.startsWith("04") && a.code.length === 4));
    assert.equal(provinces.notPlaced, arequipa?.regional);
    assert.equal(
      provinces.total + provinces.notPlaced,
      departments.areas.find((a) => a.code === "04")?.value,
    );
    assert.equal(departments.legend.kind, "sequential");
    assert.ok(departments.areas.every((a) => a.band !== null));
  });

  test("trainings by department are the training table's participants", async () => {
    const table = await trainingTable(t.db, actor, {});
    const layer = await map("layer=trainings&year=2023");
    for (const r of table.rows) {
      assert.equal(layer.areas.find((a) => a.code === r.departmentCode)?.value, r.participants);
    }
    assert.equal(layer.total, table.total);
    // Seed 003's trainings ended on 2023-12-31: none in 2022.
    assert.equal((await map("layer=trainings&year=2022")).total, 0);
  });

  test("an indicator's districts roll up to provinces and departments; a later district is left out", async () => {
    const byDepartment = await map("layer=indicator&indicator=5&year=2023");
    const lima = byDepartment.areas.find((a) => a.code === "15");
    const expectedLima = districtValues
      .filter(([c]) => c.startsWith("15") && c !== "150143")
      .reduce((s, [, v]) => s + v, 0);
    assert.equal(lima?.value, expectedLima);
    assert.equal(byDepartment.outsideValidity, 1);
    // Departments without district values have no figure (not a zero).
    assert.equal(byDepartment.areas.find((a) => a.code === "08")?.value, null);

    const provinces = await map("layer=indicator&indicator=5&year=2023&level=provincia&within=15");
    assert.equal(sum(provinces.areas.map((a) => a.value ?? 0)), lima?.value);
    const province1501 = provinces.areas.find((a) => a.code === "1501");
    const districts = await map("layer=indicator&indicator=5&year=2023&level=distrito&within=1501");
    assert.equal(sum(districts.areas.map((a) => a.value ?? 0)), province1501?.value);
    assert.equal(districts.areas.find((a) => a.code === "150101")?.value, 100);
    // The district that did not exist yet is not even listed in 2023.
    assert.equal(
      districts.areas.find((a) => a.code === "150143"),
      undefined,
    );
  });

  test("bad map queries are refused naming the field", async () => {
    const cases: [string, string][] = [
      ["layer=budget&level=provincia&year=2023", "level"],
      ["layer=indicator&year=2023", "indicator"],
      ["layer=spaces&level=departamento&within=15", "level"],
      ["layer=volcanes", "layer"],
    ];
    for (const [query, field] of cases) {
      const res = await comision.request("GET", `/api/territory/map?${query}`);
      assert.equal(res.status, 400, query);
      assert.match(JSON.stringify(res.json), new RegExp(field), query);
    }
    assert.equal(
      (await comision.request("GET", "/api/territory/map?layer=spaces&level=provincia&within=98"))
        .status,
      404,
    );
  });

  test("the indicator list offers what has district values", async () => {
    const res = await comision.request("GET", "/api/territory/map/indicators?year=2023");
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.json as unknown as { code: string; years: number[] }[]).map((i) => [i.code, i.years]),
      [["5", [2023]]],
    );
  });

  test("the regional view gathers the region's registers and indicators; no plan yet", async () => {
    const res = await comision.request("GET", "/api/territory/regions/04?year=2023");
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const view = RegionViewSchema.parse(res.json);
    const summary = (await summarizeSpaces(t.db, actor)).byDepartment.find(
      (d) => d.departmentCode === "04",
    );
    assert.equal(view.spaces.regional, summary?.regional);
    assert.equal(view.spaces.local, summary?.local);
    assert.equal(view.spaces.list.length, (summary?.regional ?? 0) + (summary?.local ?? 0));
    const table = await trainingTable(t.db, actor, { department: "04" });
    assert.equal(view.trainings.participants, table.total);
    assert.equal(view.planProgress?.status, "sin_plan");
    assert.equal(view.planProgress?.label, "Sin plan registrado");
    assert.equal(view.budget, null);
    const lima = RegionViewSchema.parse(
      (await comision.request("GET", "/api/territory/regions/15?year=2023")).json,
    );
    const five = lima.indicators.find((i) => i.code === "5");
    const counted = districtValues.filter(([c]) => c.startsWith("15") && c !== "150143");
    assert.equal(five?.value, sum(counted.map(([, v]) => v)));
    assert.equal(five?.districts, counted.length);
    assert.equal(
      (await comision.request("GET", "/api/territory/regions/99?year=2023")).status,
      404,
    );
  });

  test("the reporte regional downloads as DOCX and PDF with the view's figures", async () => {
    const docx = await comision.request(
      "GET",
      "/api/territory/regions/04/report?year=2023&format=docx",
    );
    assert.equal(docx.status, 200);
    assert.equal(
      docx.headers.get("content-disposition"),
      'attachment; filename="reporte-regional-04-2023.docx"',
    );
    const pdf = await app.request("/api/territory/regions/04/report?year=2023&format=pdf", {
      headers: { cookie: comision.cookie ?? "" },
    });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get("content-type"), "application/pdf");
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer()));
    assert.match(text, /Reporte regional AREQUIPA/);
    assert.match(text, /Sin plan registrado/);
    const rawDocx = await app.request("/api/territory/regions/04/report?year=2023&format=docx", {
      headers: { cookie: comision.cookie ?? "" },
    });
    const content = readDocx(new Uint8Array(await rawDocx.arrayBuffer()));
    const table = await trainingTable(t.db, actor, { department: "04" });
    assert.ok(content.paragraphs.some((p) => p.includes(`${table.total} participantes`)));
    // A focal point reads the view but may not download reports.
    assert.equal((await focal.request("GET", "/api/territory/regions/04?year=2023")).status, 200);
    assert.equal(
      (await focal.request("GET", "/api/territory/regions/04/report?year=2023&format=pdf")).status,
      403,
    );
  });
});

function sum(x: readonly number[]): number {
  return x.reduce((s, v) => s + v, 0);
}
