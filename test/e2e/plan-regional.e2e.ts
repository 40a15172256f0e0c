import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator } from "playwright-core";
import { LEVEL_COLOURS } from "../../src/shared/ceplan-formulas.ts";
import {
  launchBrowser,
  login,
  newUser,
  type RunningServer,
  screenshot,
  startServer,
  writeSamplePdf,
} from "./support.ts";

/**
 * A regional plan's quarter in a real browser, against the real server (ADR 0030): Puno's
 * regional focal point sees only its region's plan (Cusco's is not listed and answers 403),
 * reports T1 2026 of PR1.1 with a PDF as evidence and submits; Puno's regional conductor
 * validates it from its review queue; MININTER (the administrator) sees the validated value in
 * the plan's progress by quarter, beside the other region's plan, then the consolidated view of
 * Puno and the plan indicator's district map with the validated value; Puno's accounts are
 * refused Cusco's map.
 */

const PUNO = "puno@demo.vigia.pe";
const CONDUCTOR = "conductor.puno@demo.vigia.pe";
const ADMIN = "admin@demo.vigia.pe";
const PLAN = "prtp-puno-demo";
const OTHER_PLAN = "prtp-cusco-demo";
const INDICATOR = "PR1.1";
const YEAR = 2026;

let server: RunningServer;
let browser: Browser;
let workDir: string;
const problems: string[][] = [];

async function user() {
  const u = await newUser(browser, server.url);
  problems.push(u.problems);
  return u;
}
const text = async (locator: Locator) => (await locator.textContent()) ?? "";

describe("Plan regional en el navegador", { timeout: 300_000 }, () => {
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "vigia-e2e-plan-"));
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test("punto focal regional reporta T1, el conductor regional valida, MININTER lo ve", async () => {
    assert.match(server.output(), /puno@demo\.vigia\.pe/, "the start prints the regional accounts");
    assert.match(server.output(), /conductor\.puno@demo\.vigia\.pe/);
    const pdf = writeSamplePdf(workDir, "actas-asistencia-t1.pdf", "Actas Puno T1 2026");

    // Puno's focal point lands on its tasks: the plan's quarters, nothing national.
    const puno = await user();
    await login(puno.page, PUNO);
    await puno.page.waitForURL((u) => u.pathname === "/tareas");
    const rows = puno.page.locator(`.tasks-table tr[data-indicator="${INDICATOR}"]`);
    await rows.first().waitFor();
    assert.equal(await rows.count(), 4, "PR1.1 once per open quarter");
    assert.equal(await puno.page.locator('.tasks-table tr[data-indicator="1.1"]').count(), 0);
    await screenshot(puno.page, "plan-01-tareas-puno");

    // Only its region's plan is listed; the other region's answers 403, in the page and the API.
    await puno.page.goto("/territorio/planes");
    await puno.page.locator(`tr[data-plan="${PLAN}"]`).waitFor();
    assert.equal(await puno.page.locator(`tr[data-plan="${OTHER_PLAN}"]`).count(), 0);
    await puno.page.goto(`/territorio/planes/${OTHER_PLAN}`);
    await puno.page.getByRole("alert").first().waitFor();
    assert.match(await text(puno.page.getByRole("alert").first()), /otro ámbito territorial/);
    const statuses = await puno.page.evaluate(async (other) => {
      const paths = [
        `/api/plans/${other}/progress`,
        `/api/policies/${other}/tasks`,
        "/api/plans/by-territory/08",
      ];
      return Promise.all(paths.map(async (p) => (await fetch(p)).status));
    }, OTHER_PLAN);
    assert.deepEqual(statuses, [403, 403, 403]);
    await screenshot(puno.page, "plan-02-otra-region-403");

    // Report T1 with a PDF: the first upload saves the draft; then submit.
    await puno.page.goto("/tareas");
    // «I trimestre» is also inside «II trimestre»: the link's whole name picks T1.
    await puno.page
      .getByRole("link", { name: `Registrar ${INDICATOR} I trimestre ${YEAR}`, exact: true })
      .click();
    await puno.page.getByRole("heading", { name: /Indicador PR1\.1/ }).waitFor();
    await puno.page.getByLabel("Valor obtenido", { exact: true }).fill("9");
    await puno.page
      .getByLabel("Logros")
      .fill("Nueve asistencias técnicas a municipalidades provinciales de Puno.");
    await puno.page.getByLabel("Fuente de datos").fill("Registro de asistencias técnicas");
    const justification = puno.page.getByLabel("Justificación de las advertencias");
    if (await justification.isEnabled().catch(() => false))
      await justification.fill("Valor de un solo trimestre frente a la meta anual del plan.");
    await puno.page.getByLabel("Adjuntar archivos").setInputFiles(pdf);
    await puno.page.waitForURL(/\/mediciones\/\d+$/);
    const measurementPath = new URL(puno.page.url()).pathname;
    await puno.page.locator(".evidence-table tbody tr").first().waitFor();
    assert.match(await text(puno.page.locator(".evidence-table")), /actas-asistencia-t1\.pdf/);
    await puno.page.getByRole("button", { name: "Enviar para revisión" }).click();
    await puno.page.getByText("Valor enviado para revisión.").waitFor();
    await screenshot(puno.page, "plan-03-enviado");

    // Puno's regional conductor: its home is the plans page; it validates from its queue.
    const conductor = await user();
    await login(conductor.page, CONDUCTOR);
    await conductor.page.waitForURL((u) => u.pathname === "/territorio/planes");
    await conductor.page.locator(`tr[data-plan="${PLAN}"] a`).click();
    await conductor.page.getByRole("button", { name: "Revisar valores de este plan" }).click();
    await conductor.page.waitForURL((u) => u.pathname === "/revision");
    const queued = conductor.page.locator(`tr[data-indicator="${INDICATOR}"]`);
    await queued.waitFor();
    await queued.getByRole("link").click();
    await conductor.page.waitForURL((u) => u.pathname === measurementPath);
    await conductor.page.locator("[data-status='enviado']").first().waitFor();
    await conductor.page.getByRole("button", { name: "Validar" }).click();
    await conductor.page.getByText("¿Validar este valor?").waitFor();
    await conductor.page.getByRole("button", { name: "Validar" }).click();
    await conductor.page.getByText("Valor validado.").waitFor();
    await screenshot(conductor.page, "plan-04-validado-conductor");

    // MININTER: every plan listed; Puno's T1 shows the validated 9 (22.5 % of the meta of 40).
    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page.goto("/territorio/planes");
    await admin.page.locator(`tr[data-plan="${OTHER_PLAN}"]`).waitFor();
    const punoRow = admin.page.locator(`tr[data-plan="${PLAN}"]`);
    assert.match(await text(punoRow), /1 \/ 12/, "one indicator-quarter validated of twelve");
    await punoRow.getByRole("link").click();
    const indicatorRow = admin.page.locator(
      `.plan-progress-table tr[data-indicator="${INDICATOR}"]`,
    );
    await indicatorRow.waitFor();
    const cell = indicatorRow.locator('td[data-quarter="T1"]');
    assert.equal(await cell.getAttribute("data-status"), "validado");
    assert.match(await text(cell), /^9/);
    assert.equal((await text(admin.page.getByTestId(`total-${INDICATOR}`))).trim(), "9");
    assert.match(await text(indicatorRow), /22\.5 %/, "es-PE writes the decimal point");
    assert.match(await text(indicatorRow), /S04/, "aligned to the PNTP's service 4");
    await admin.page.locator(".milestones li[data-light='rojo']").first().waitFor();
    await screenshot(admin.page, "plan-05-mininter-avance");

    // The consolidated view of Puno carries the plan's progress (the CEPLAN mean of its
    // indicators: only PR1.1 has a validated value, 22.5 % of its meta).
    await admin.page.goto(`/territorio/region/21?anio=${YEAR}`);
    const planLine = admin.page.getByText(/Plan Regional.*22\.5 %/);
    await planLine.waitFor();
    await screenshot(admin.page, "plan-06-vista-regional");

    // From the consolidated view, the plan indicator's district map: PR1.1 has no value by
    // district, so each of Puno's districts is painted in the CEPLAN band of the region's
    // avance (bajo, 22.5 %), and the table beside the map gives the validated 9.
    const planIndicator = admin.page
      .getByTestId("region-plan")
      .locator(`tr[data-indicator="${INDICATOR}"]`);
    assert.match(await text(planIndicator), /22\.5 %/);
    assert.match(await text(planIndicator), /Bajo/);
    await planIndicator.getByRole("link", { name: `Mapa por distrito de ${INDICATOR}` }).click();
    await admin.page.waitForURL((u) => u.pathname === "/territorio/region/21/mapa");
    const drawn = admin.page.locator(
      ".budget-map[data-state='ready'][data-view='distrito:21'] svg path",
    );
    await drawn.first().waitFor();
    await admin.page.mouse.move(0, 0);
    const fills = await drawn.evaluateAll((paths) =>
      paths.map((p) => (p.getAttribute("fill") ?? "").toUpperCase()),
    );
    const bajo = fills.filter((f) => f === LEVEL_COLOURS.bajo.toUpperCase()).length;
    // distritos-21.geojson has Puno's 108 districts (INEI 2007): each is drawn in the band.
    assert.ok(bajo >= 108, `Puno's districts painted «bajo»: ${bajo} of ${fills.length} paths`);
    const territoryRow = admin.page.getByTestId("map-territory-table").locator("tbody tr");
    assert.equal(await territoryRow.getAttribute("data-code"), "21");
    assert.equal(
      (await text(admin.page.getByTestId("map-territory-value"))).trim(),
      "9",
      "the validated T1 value",
    );
    assert.match(await text(territoryRow), /PUNO/);
    assert.match(await text(territoryRow), /22\.5 %/);
    assert.match(await text(territoryRow), /Bajo/);
    await admin.page
      .getByText(/sin desagregación por distrito/)
      .first()
      .waitFor();
    await admin.page.getByText("Leyenda: Nivel de avance (CEPLAN)").waitFor();
    await screenshot(admin.page, "plan-07-mapa-distrital");
    await admin.page.setViewportSize({ width: 390, height: 844 });
    await drawn.first().waitFor();
    await screenshot(admin.page, "plan-08-mapa-distrital-390");

    // Puno's own accounts read their region's map, and are refused Cusco's, in Spanish.
    const refusals = await puno.page.evaluate(async () => {
      const answers = await Promise.all(
        [
          "/api/territory/map?layer=spaces&level=provincia&within=08",
          "/api/territory/map?layer=indicator&policy=prtp-cusco-demo&indicator=PR1.1&year=2026&level=distrito&within=08",
          "/api/territory/map?layer=indicator&policy=prtp-puno-demo&indicator=PR1.1&year=2026&level=distrito&within=21",
        ].map((p) => fetch(p)),
      );
      return Promise.all(answers.map(async (a) => [a.status, await a.text()] as const));
    });
    assert.deepEqual(
      refusals.map(([status]) => status),
      [403, 403, 200],
    );
    assert.match(refusals[0]?.[1] ?? "", /fuera de su ámbito/);
    // Its territory page's map opens on its own region's provinces.
    await puno.page.goto("/territorio");
    await puno.page
      .locator(".budget-map[data-state='ready'][data-view='provincia:21'] svg path")
      .first()
      .waitFor();

    for (const list of problems) assert.deepEqual(list, [], "the browser reported no errors");
  });
});
