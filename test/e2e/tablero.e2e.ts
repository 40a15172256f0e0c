import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { formatSoles } from "../../src/web/format.ts";
import {
  launchBrowser,
  login,
  newUser,
  ROOT,
  type RunningServer,
  screenshot,
  startServer,
  writeSamplePdf,
} from "./support.ts";

/**
 * The reporting loop of the Tablero in a real browser, against the real server:
 * a SUNAFIL focal point reports indicator 1.1 for 2024 (annual period opened by the demo),
 * with a warning it must justify and a PDF as evidence; the administrator returns it with an
 * observation on the value; the focal point corrects and resubmits; the administrator
 * validates; the dashboard's índice de gestión and the indicator's traffic light follow at once.
 * A MIMP focal point can neither see nor edit SUNAFIL's value, even by typing the address.
 */

const SUNAFIL = "sunafil@demo.vigia.pe";
const MIMP = "mimp@demo.vigia.pe";
const ADMIN = "admin@demo.vigia.pe";
const INDICATOR = "1.1"; // SUNAFIL, porcentaje, meta 2024 = 9.5 (Matriz de compromisos)
const YEAR = 2024;
const BUDGET_FILE = join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv");

let server: RunningServer;
let browser: Browser;
let workDir: string;
const problems: string[][] = [];

async function user(size: "laptop" | "phone" = "laptop") {
  const u = await newUser(browser, server.url, size);
  problems.push(u.problems);
  return u;
}

async function assertNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 1, `${page.url()} scrolls sideways on a phone (${overflow}px)`);
}

/** Waits until a form control shows the expected value (the page reloads asynchronously). */
async function waitForValue(locator: Locator, expected: string, message: string) {
  const deadline = Date.now() + 15_000;
  let actual = await locator.inputValue();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    actual = await locator.inputValue();
  }
  assert.equal(actual, expected, message);
}

const text = async (locator: Locator) => (await locator.textContent()) ?? "";

/** The coverage line's three counts: "12 de 50 reportados; 3 validados". */
async function coverageCounts(page: Page) {
  const line = (await text(page.getByTestId("coverage-line"))).trim();
  const match = /^(\d+) de (\d+) reportados?; (\d+) validados?$/.exec(line);
  assert.ok(match, `coverage line: ${line}`);
  return { reported: Number(match[1]), indicators: Number(match[2]), validated: Number(match[3]) };
}

/** The dashboard's figures for the year: índice de gestión text and level, 1.1's level. */
async function dashboardFigures(page: Page) {
  await page.goto(`/?anio=${YEAR}`);
  const index = page.getByTestId("indice-gestion");
  await index.waitFor();
  const row = page.locator(`.indicator-table tr[data-indicator="${INDICATOR}"]`);
  await row.waitFor();
  return {
    coverage: await coverageCounts(page),
    indexText: (await text(index)).replace(/\s+/g, " ").trim(),
    indexLevel: await page.locator(".index-card").getAttribute("data-level"),
    indicatorLevel: await row.getAttribute("data-level"),
    indicatorColour: await row
      .locator(".level-badge")
      .evaluate((el) => getComputedStyle(el).borderLeftColor),
  };
}

// The longest walk (about 2 minutes alone); on a loaded machine it exceeded 5, so its budget is 15.
describe("Tablero de Control en el navegador", { timeout: 900_000 }, () => {
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "vigia-e2e-files-"));
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test("reporte, observación, corrección, validación y efecto en el tablero", async () => {
    const pdf = writeSamplePdf(workDir, "acta-inspecciones-2024.pdf", "Evidencia SUNAFIL 2024");
    const renamedExe = join(workDir, "acta-escaneada.pdf");
    writeFileSync(renamedExe, Buffer.from("MZ\x90\x00 This program cannot be run in DOS mode"));

    // The public view, before anyone signs in: nothing is published for 2024.
    const visitor = await user();
    await visitor.page.goto(`/publico?anio=${YEAR}`);
    await visitor.page.getByText(`No hay resultados publicados para ${YEAR}.`).waitFor();
    await screenshot(visitor.page, "00-publico");
    await visitor.context.close();

    // Administrator: the dashboard before anything is reported for 2024.
    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page.waitForURL((u) => u.pathname === "/");
    await admin.page.getByTestId("indice-gestion").waitFor();
    await admin.page.locator(".trend-chart svg").first().waitFor();
    await screenshot(admin.page, "01-tablero-2023");
    // Coverage of 2023 as the API computes it, in words; 1.1's values across years as a line.
    const api2023 = await admin.page.evaluate(async () => {
      const res = await fetch("/api/policies/pntp/dashboard?year=2023");
      return (await res.json()) as {
        coverage: { indicators: number; reported: number; validated: number };
        indicatorTrends: { indicator: string; points: { year: number; value: number | null }[] }[];
      };
    });
    assert.deepEqual(await coverageCounts(admin.page), {
      reported: api2023.coverage.reported,
      indicators: api2023.coverage.indicators,
      validated: api2023.coverage.validated,
    });
    assert.ok(api2023.coverage.indicators > 0);
    const coverageRows = admin.page.locator(".coverage-table tbody tr");
    assert.ok((await coverageRows.count()) > 1, "coverage by entity");
    assert.match(
      await text(admin.page.locator('.coverage-table tr[data-entity="SUNAFIL"]')),
      /SUNAFIL\s*\d+\s*\d+\s*\d+\s*\d+/,
    );
    const trend = admin.page.locator(
      `.indicator-table tr[data-indicator="${INDICATOR}"] .indicator-trend svg`,
    );
    await trend.waitFor();
    const trendLabel = (await trend.getAttribute("aria-label")) ?? "";
    const points = api2023.indicatorTrends.find((i) => i.indicator === INDICATOR)?.points ?? [];
    assert.ok(
      points.filter((p) => p.value !== null).length >= 2,
      "1.1 has values in 2022 and 2023",
    );
    for (const p of points) assert.match(trendLabel, new RegExp(`${p.year} `), trendLabel);
    assert.equal(await trend.locator("polyline").count(), 1, "one unbroken line for 2022–2023");
    // A value reported by sex opens into its table; one without parts has nothing to open.
    await admin.page.locator('.indicator-table tr[data-indicator="27"] .detail-toggle').click();
    await admin.page
      .locator('tr[data-detail="27"] .disaggregation-table[data-dimension="sexo"] tbody tr')
      .first()
      .waitFor();
    assert.equal(
      await admin.page.locator(`tr[data-indicator="${INDICATOR}"] .detail-toggle`).count(),
      0,
    );
    await screenshot(admin.page, "01b-tablero-cobertura-tendencia");
    const beforeFigures = await dashboardFigures(admin.page);
    assert.equal(beforeFigures.indicatorLevel, "ND", "1.1 has no 2024 value yet");

    // Focal point SUNAFIL: "Mis tareas" lists 1.1 for 2024 ANUAL.
    const sunafil = await user();
    await login(sunafil.page, SUNAFIL);
    await sunafil.page.waitForURL((u) => u.pathname === "/tareas");
    const taskRow = sunafil.page.locator(`.tasks-table tr[data-indicator="${INDICATOR}"]`);
    await taskRow.waitFor();
    assert.match(await text(taskRow), /Anual 2024/);
    await screenshot(sunafil.page, "02-mis-tareas");
    await taskRow.getByRole("link").click();
    await sunafil.page.getByRole("heading", { name: /Indicador 1\.1/ }).waitFor();

    // The form shows the indicator's context: its baseline, the year's meta and the earlier
    // years' values with their status and progress (the catalogue's 2022 and 2023 values).
    const baseline = sunafil.page.getByTestId("entry-context-baseline");
    await baseline.waitFor();
    assert.match(await text(baseline), /Línea base\s*7\.2/);
    const context = sunafil.page.locator(".entry-context");
    assert.match(await text(context), /Meta 2024\s*9\.5/);
    const earlier = sunafil.page.getByTestId("entry-context-previous").locator("tbody tr");
    assert.equal(await earlier.count(), 2);
    assert.match(await text(earlier.nth(0)), /Anual 2023\s*6\.9\s*8\.9\s*77\.5\s*%.*Validado/);
    assert.match(await text(earlier.nth(1)), /Anual 2022\s*10\.3/);

    // A value far above the meta: the warning appears live, before any save.
    const valueInput = sunafil.page.getByLabel("Valor obtenido", { exact: true });
    const submit = sunafil.page.getByRole("button", { name: "Enviar para revisión" });
    await valueInput.fill("25");
    const warning = sunafil.page.locator('[data-code="AVANCE_MUY_ALTO"]');
    await warning.waitFor();
    assert.match(await text(warning), /Advertencia/);
    assert.match(
      await text(sunafil.page.locator("#m-value-msg")),
      /avance de 263\.2 %/,
      "the warning is shown next to the value field",
    );
    assert.equal(await submit.isDisabled(), true, "a warning without justification blocks");
    // An error blocks too: a percentage above 100.
    await valueInput.fill("125");
    await sunafil.page.locator('[data-code="PORCENTAJE_FUERA_DE_RANGO"]').waitFor();
    await valueInput.fill("25");
    await warning.waitFor();
    await sunafil.page
      .getByLabel("Logros")
      .fill("Se amplió la cobertura de inspecciones a 25 % de distritos.");
    // The help says how tipo 1 and tipo 2 are computed, with what the typed value would give.
    await sunafil.page.getByText(/¿Cómo se calcula el avance\?/).click();
    assert.match(
      await text(sunafil.page.getByTestId("entry-context-live")),
      /avance tipo 1 263\.2 %, avance tipo 2 773\.9 %/,
    );
    await screenshot(sunafil.page, "02b-registro-contexto");
    await sunafil.page.getByLabel("Fuente de datos").fill("Sistema de Inspección del Trabajo");
    await sunafil.page
      .getByLabel("Justificación de las advertencias")
      .fill("Operativo extraordinario GEIT-TFI en 2024: cobertura mayor a la prevista.");
    assert.equal(await submit.isDisabled(), false, "justified warning: submission allowed");
    await screenshot(sunafil.page, "03-registro-advertencia");

    // Leaving by an in-app link with unsaved changes asks first; cancelling stays.
    const asked = new Promise<string>((resolve) =>
      sunafil.page.once("dialog", (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );
    await sunafil.page.locator(".breadcrumb a").click();
    assert.match(await asked, /cambios sin guardar/);
    assert.match(sunafil.page.url(), /\/registro\//, "the form stays");

    // A program renamed to .pdf: refused by the server before anything is written; the form
    // keeps what was typed and the next upload still creates the draft (no false conflict).
    await sunafil.page.getByLabel("Adjuntar archivos").setInputFiles(renamedExe);
    await sunafil.page
      .getByRole("alert")
      .getByText(/Tipo de archivo no admitido/)
      .waitFor();
    assert.match(sunafil.page.url(), /\/registro\//, "nothing was saved");
    assert.equal(await valueInput.inputValue(), "25");

    // Evidence: a real PDF. The first upload saves the draft and moves to its address.
    await sunafil.page.getByLabel("Adjuntar archivos").setInputFiles(pdf);
    await sunafil.page.waitForURL(/\/mediciones\/\d+$/);
    const measurementPath = new URL(sunafil.page.url()).pathname;
    const evidenceRow = sunafil.page.locator(".evidence-table tbody tr");
    await evidenceRow.first().waitFor();
    const evidenceText = await text(evidenceRow.first());
    assert.match(evidenceText, /acta-inspecciones-2024\.pdf/);
    assert.match(evidenceText, /\d+ B|KB/);
    const href = await evidenceRow.first().getByRole("link").getAttribute("href");
    assert.ok(href?.startsWith("/api/evidence/"));
    const download = await sunafil.page.request.get(href ?? "");
    assert.equal(download.status(), 200);
    assert.ok((await download.body()).subarray(0, 5).toString() === "%PDF-", "the PDF comes back");
    await sunafil.page.locator("[data-status='borrador']").first().waitFor();

    // MIMP cannot see or edit SUNAFIL's draft: not in its tasks, not by address, not by API.
    const mimp = await user();
    await login(mimp.page, MIMP);
    await mimp.page.waitForURL((u) => u.pathname === "/tareas");
    await mimp.page.locator(".tasks-table, .empty").first().waitFor();
    assert.equal(
      await mimp.page.locator(`.tasks-table tr[data-indicator="${INDICATOR}"]`).count(),
      0,
      "MIMP has no task for SUNAFIL's indicator",
    );
    await mimp.page.goto(measurementPath);
    await mimp.page.getByRole("alert").first().waitFor();
    assert.match(
      await text(mimp.page.getByRole("alert").first()),
      /otra entidad|fuera de su ámbito|permiso/i,
    );
    assert.equal(await mimp.page.getByLabel("Valor obtenido", { exact: true }).count(), 0);
    assert.equal(await mimp.page.getByText("acta-inspecciones-2024.pdf").count(), 0);
    const id = Number(measurementPath.split("/").pop());
    const apiStatuses = await mimp.page.evaluate(async (measurementId) => {
      const session = await (await fetch("/api/session")).json();
      const get = await fetch(`/api/measurements/${measurementId}`);
      const put = await fetch(`/api/measurements/${measurementId}`, {
        method: "PUT",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: JSON.stringify({
          value: 1,
          numerator: null,
          denominator: null,
          disaggregations: [],
          lockVersion: 1,
        }),
      });
      const submitted = await fetch(`/api/measurements/${measurementId}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: JSON.stringify({ lockVersion: 1, justification: "x".repeat(20) }),
      });
      return [get.status, put.status, submitted.status];
    }, id);
    for (const status of apiStatuses) assert.ok([403, 404].includes(status), `MIMP got ${status}`);
    await screenshot(mimp.page, "04-mimp-sin-acceso");
    await mimp.context.close();

    // Two tabs on the same draft: the second save is stale (409); the page says so and reloads.
    const otherTab = await sunafil.context.newPage();
    await otherTab.goto(measurementPath);
    await otherTab.getByLabel("Dificultades").fill("Acceso limitado a distritos rurales.");
    await otherTab.getByRole("button", { name: "Guardar borrador" }).click();
    await otherTab.getByText("Borrador guardado.").waitFor();
    await otherTab.close();
    await sunafil.page.getByLabel("Medidas adoptadas").fill("Se reforzó el equipo GEIT-TFI.");
    await sunafil.page.getByRole("button", { name: "Guardar borrador" }).click();
    await sunafil.page.getByText(/Otra persona modificó este registro/).waitFor();
    await waitForValue(
      sunafil.page.getByLabel("Dificultades"),
      "Acceso limitado a distritos rurales.",
      "the current version was loaded",
    );
    assert.equal(await sunafil.page.getByLabel("Medidas adoptadas").inputValue(), "");
    await screenshot(sunafil.page, "03b-conflicto-409");

    // SUNAFIL submits.
    await submit.click();
    await sunafil.page.getByText("Valor enviado para revisión.").waitFor();
    await sunafil.page.locator("[data-status='enviado']").first().waitFor();
    assert.equal(await valueInput.isDisabled(), true, "a submitted value is read-only");

    // Administrator: review queue → open → observe the value with a comment.
    await admin.page.goto("/revision");
    const queueRow = admin.page.locator(`tr[data-indicator="${INDICATOR}"]`);
    await queueRow.waitFor();
    await screenshot(admin.page, "05-cola-revision");
    // The filters narrow the list on the server and stay in the address.
    const queueRows = admin.page.locator("table.data-table tbody tr");
    const submittedCount = await queueRows.count();
    await admin.page.getByLabel("Advertencia", { exact: true }).selectOption("AVANCE_MUY_ALTO");
    await admin.page.waitForURL((u) => u.searchParams.get("advertencia") === "AVANCE_MUY_ALTO");
    await queueRow.waitFor();
    await admin.page.getByLabel("Advertencia", { exact: true }).selectOption("AVANCE_MUY_BAJO");
    await queueRow.waitFor({ state: "detached" });
    await admin.page.getByLabel("Advertencia", { exact: true }).selectOption("");
    await admin.page.getByLabel("Entidad", { exact: true }).selectOption("MIMP");
    await admin.page.waitForURL((u) => u.searchParams.get("entidad") === "MIMP");
    await queueRow.waitFor({ state: "detached" });
    await admin.page.getByLabel("Entidad", { exact: true }).selectOption("SUNAFIL");
    await queueRow.waitFor();
    assert.ok((await queueRows.count()) <= submittedCount, "a filter never adds values");
    await screenshot(admin.page, "05b-cola-filtrada");
    // Reloading the filtered address keeps the filter.
    await admin.page.reload();
    assert.equal(await admin.page.getByLabel("Entidad", { exact: true }).inputValue(), "SUNAFIL");
    await queueRow.waitFor();
    await queueRow.getByRole("link", { name: /Revisar/ }).click();
    await admin.page.getByRole("heading", { name: /Indicador 1\.1/ }).waitFor();
    assert.match(
      await admin.page.getByLabel("Justificación de las advertencias").inputValue(),
      /Operativo extraordinario GEIT-TFI/,
      "the reviewer reads the justification",
    );
    await admin.page.getByRole("button", { name: "Observar" }).click();
    await admin.page.getByLabel("Campo 1").selectOption("value");
    const observation =
      "El 25 % no coincide con las órdenes de inspección del acta adjunta; revise el cálculo.";
    await admin.page.getByLabel("Comentario 1").fill(observation);
    await screenshot(admin.page, "06-observar");
    await admin.page.getByRole("button", { name: "Devolver con observaciones" }).click();
    await admin.page.getByText("Valor devuelto con observaciones.").waitFor();
    await admin.page.locator("[data-status='observado']").first().waitFor();

    // SUNAFIL's bell counts the news; the notification leads to the value (ADR 0028).
    await sunafil.page.goto("/tareas");
    const bell = sunafil.page.locator(".notification-bell");
    await bell.locator(".notification-count").waitFor();
    assert.match((await bell.getAttribute("aria-label")) ?? "", /^Notificaciones: \d+ sin leer$/);
    await bell.click();
    await sunafil.page.waitForURL((u) => u.pathname === "/notificaciones");
    const notice = sunafil.page.locator(".notification.unread[data-kind='valor_observado']");
    await notice.getByText(`para el indicador ${INDICATOR} `, { exact: false }).waitFor();
    await screenshot(sunafil.page, "07a-notificaciones");
    await notice.getByRole("link", { name: "Ver" }).click();
    await sunafil.page.waitForURL((u) => u.pathname === measurementPath);

    // SUNAFIL sees the observation next to the value, corrects it and resubmits.
    await sunafil.page.goto("/tareas");
    const observedRow = sunafil.page.locator(`.tasks-table tr[data-indicator="${INDICATOR}"]`);
    await observedRow.locator("[data-status='observado']").waitFor();
    await observedRow.getByRole("link").click();
    await sunafil.page.waitForURL((u) => u.pathname === measurementPath);
    await sunafil.page.locator("#m-value-msg").getByText(observation).waitFor();
    await sunafil.page.locator(".observations").getByText(observation).waitFor();
    // Who observed is a person's name, not an actor id; its e-mail is for administrators only.
    const observedBy = await text(sunafil.page.locator(".observations .observation-meta").first());
    assert.match(observedBy, /Administración DGSD \(demo\)/);
    assert.doesNotMatch(observedBy, /user:\d|@/);
    await screenshot(sunafil.page, "07-observado");
    await valueInput.fill("9.8");
    await warning.waitFor({ state: "detached" });
    await sunafil.page.getByLabel("Justificación de las advertencias").fill("");
    await sunafil.page
      .getByLabel("Logros")
      .fill("Cobertura de 9,8 % de distritos, según las órdenes de inspección del acta.");
    await submit.click();
    await sunafil.page.getByText("Valor enviado para revisión.").waitFor();

    // Administrator validates; the history shows the revision.
    await admin.page.goto(measurementPath);
    await admin.page.locator("[data-status='enviado']").first().waitFor();
    await admin.page.getByRole("button", { name: "Validar" }).click();
    await admin.page.getByText("¿Validar este valor?").waitFor();
    await admin.page.getByRole("button", { name: "Validar" }).click();
    await admin.page.getByText("Valor validado.").waitFor();
    await admin.page.locator("[data-status='validado']").first().waitFor();
    await screenshot(admin.page, "08-validado");

    // The dashboard follows at once: 9.8 against a meta of 9.5 is alto (green), and OP1's
    // tipo 2 lifts the índice de gestión from ND.
    const afterFigures = await dashboardFigures(admin.page);
    assert.equal(afterFigures.indicatorLevel, "alto");
    assert.equal(afterFigures.indicatorColour, "rgb(46, 125, 50)", "LEVEL_COLOURS.alto #2E7D32");
    assert.notEqual(afterFigures.indexText, beforeFigures.indexText, "the índice de gestión moved");
    assert.match(afterFigures.indexText, /100\.0 %/);
    assert.equal(afterFigures.indexLevel, "alto");
    // Coverage counts 1.1 as reported and validated now.
    assert.deepEqual(afterFigures.coverage, {
      ...beforeFigures.coverage,
      reported: beforeFigures.coverage.reported + 1,
      validated: beforeFigures.coverage.validated + 1,
    });
    await screenshot(admin.page, "09-tablero-2024-tras-validar");

    // The focal point's task is now validated and locked.
    await sunafil.page.goto("/tareas");
    await sunafil.page
      .locator(`.tasks-table tr[data-indicator="${INDICATOR}"] [data-status='validado']`)
      .waitFor();

    // The same pages at phone width (390 px).
    const phone = await user("phone");
    await login(phone.page, SUNAFIL);
    await phone.page.waitForURL((u) => u.pathname === "/tareas");
    await phone.page.locator(".tasks-table").waitFor();
    await screenshot(phone.page, "10-telefono-tareas");
    await assertNoSidewaysScroll(phone.page);
    await phone.page.goto(measurementPath);
    await phone.page.getByRole("heading", { name: /Indicador 1\.1/ }).waitFor();
    await screenshot(phone.page, "11-telefono-registro");
    await assertNoSidewaysScroll(phone.page);
    await phone.page.goto(`/?anio=${YEAR}`);
    await phone.page.getByTestId("indice-gestion").waitFor();
    await screenshot(phone.page, "12-telefono-tablero");
    await assertNoSidewaysScroll(phone.page);

    await sunafil.context.close();
    await admin.context.close();
    await phone.context.close();
    assert.deepEqual(problems.flat(), [], "no script errors in the browser");
  });

  test("administración, idioma, error de ingreso y publicación para el público", async () => {
    // A wrong password: the API's Spanish message, in an alert.
    const stranger = await user();
    await stranger.page.goto("/ingresar");
    await stranger.page.getByLabel("Correo electrónico").fill(SUNAFIL);
    await stranger.page.getByLabel("Contraseña").fill("no-es-la-clave-1");
    await stranger.page.getByRole("button", { name: "Ingresar" }).click();
    await stranger.page.getByRole("alert").getByText("Correo o contraseña incorrectos.").waitFor();
    await screenshot(stranger.page, "13-ingreso-fallido");
    await stranger.context.close();

    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page.waitForURL((u) => u.pathname === "/");

    await admin.page.goto("/admin/usuarios");
    await admin.page.getByRole("cell", { name: MIMP, exact: true }).waitFor();
    await screenshot(admin.page, "14-admin-usuarios");

    await admin.page.goto("/admin/periodos");
    await admin.page.getByRole("rowheader", { name: "Anual 2024" }).waitFor();
    // Open 2025 S1 with a deadline, then close it.
    const deadline = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    await admin.page.getByLabel("Año").fill("2025");
    await admin.page.locator("#p-period").selectOption("S1");
    await admin.page.locator("#p-deadline").fill(deadline);
    await admin.page.getByRole("button", { name: "Abrir periodo" }).click();
    await admin.page.getByText("Periodo abierto.").waitFor();
    await admin.page.getByRole("rowheader", { name: "I semestre 2025" }).waitFor();
    await screenshot(admin.page, "15-admin-periodos");
    await admin.page.getByRole("button", { name: "Cerrar I semestre 2025" }).click();
    await admin.page.locator(".confirm").getByRole("button", { name: "Cerrar" }).click();
    await admin.page.getByText("Periodo actualizado.").waitFor();
    await admin.page
      .getByRole("row", { name: /I semestre 2025/ })
      .getByText("Cerrado")
      .waitFor();

    await admin.page.goto("/admin/catalogo");
    await admin.page.locator('tr[data-indicator="1.1"]').waitFor();
    // A new meta is a new revision with a reason.
    await admin.page.getByRole("button", { name: "Cambiar meta 1.1" }).click();
    await admin.page.getByLabel("Año").fill("2025");
    await admin.page.getByLabel(/Nueva meta/).fill("10.6");
    await admin.page
      .getByLabel("Motivo del cambio")
      .fill("Ajuste acordado en la mesa de trabajo con SUNAFIL.");
    await screenshot(admin.page, "16-admin-catalogo");
    await admin.page.getByRole("button", { name: "Registrar nueva meta" }).click();
    await admin.page.getByText("Nueva meta de 1.1 para 2025 registrada.").waitFor();
    await admin.page
      .locator('tr[data-indicator="1.1"] .meta-list li')
      .filter({ hasText: /2025: 10\.6 \(rev\. 2\)/ })
      .waitFor();

    await admin.page.goto("/admin/compromisos");
    const firstCommitment = admin.page.locator(".commitments-table tbody tr").first();
    await firstCommitment.waitFor();
    // A commitment is followed in its panel (compromisos.e2e.ts walks creation and closing).
    await firstCommitment.getByRole("button", { name: /^Abrir 1 / }).click();
    const panel = admin.page.getByRole("region", { name: "Compromiso 1 (2024)" });
    await panel.getByLabel("Estado").selectOption("en_proceso");
    await panel.getByLabel("Comentario").fill("Valor 2024 validado: 9.8 %.");
    await panel.getByRole("button", { name: "Guardar estado" }).click();
    await panel.getByText("Compromiso actualizado.").waitFor();
    await admin.page
      .locator('.commitments-table tbody tr[data-status="en_proceso"]')
      .first()
      .waitFor();
    await screenshot(admin.page, "17-admin-compromisos");

    // The audit log shows the validation of the first test; it offers no way to change it.
    await admin.page.goto("/admin/auditoria");
    await admin.page.getByLabel("Acción").fill("measurement.validate");
    await admin.page.getByRole("button", { name: "Filtrar" }).click();
    await admin.page.locator(".audit-table").getByText("measurement.validate").first().waitFor();
    assert.equal(
      await admin.page.locator(".audit-table").getByRole("button").count(),
      0,
      "no edit or delete buttons in the audit log",
    );
    await screenshot(admin.page, "18-admin-auditoria");

    // English as second language, then back to Spanish.
    await admin.page.goto(`/?anio=${YEAR}`);
    await admin.page.getByLabel("Idioma").selectOption("en");
    await admin.page.getByRole("heading", { name: "Control Dashboard" }).waitFor();
    assert.equal(await admin.page.locator("html").getAttribute("lang"), "en");
    await screenshot(admin.page, "19-dashboard-english");
    await admin.page.getByLabel("Language").selectOption("es");
    await admin.page.getByRole("heading", { name: "Tablero de Control" }).waitFor();
    assert.equal(await admin.page.locator("html").getAttribute("lang"), "es-PE");

    // The search ignores accents; filters live in the address, so a reload keeps them.
    await admin.page.getByLabel("Buscar").fill("victimas RESCATADAS");
    await admin.page.getByLabel("Tipo de indicador").selectOption("servicio");
    await admin.page.waitForURL((u) => u.searchParams.get("tipo") === "servicio");
    assert.equal(new URL(admin.page.url()).searchParams.get("q"), "victimas RESCATADAS");
    await admin.page.reload();
    await admin.page.locator('.indicator-table tr[data-indicator="27"]').waitFor();
    assert.equal(await admin.page.getByLabel("Buscar").inputValue(), "victimas RESCATADAS");
    assert.deepEqual(
      await admin.page
        .locator(".indicator-table tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-indicator"))),
      ["27"],
      "«víctimas rescatadas» among the service indicators",
    );
    assert.ok(
      await admin.page
        .getByRole("link", { name: `Descargar Informe de Evaluación ${YEAR} en PDF` })
        .getAttribute("href"),
    );
    await admin.page.goto(`/?anio=${YEAR}`);

    // Publish 2024: the public (no session) now sees the frozen results.
    await admin.page.getByRole("button", { name: "Publicar resultados del año" }).click();
    await admin.page.getByText(`¿Publicar los resultados ${YEAR}?`).waitFor();
    await admin.page.getByRole("button", { name: "Publicar resultados del año" }).click();
    await admin.page.getByText(/Resultados publicados el/).waitFor();

    // On the public page an administrator sees what the public sees; live figures of a year
    // not published only under the preview's banner.
    await admin.page.goto("/publico?anio=2025");
    await admin.page.getByText("No hay resultados publicados para 2025.").waitFor();
    await admin.page.getByLabel("Vista previa — no publicado").check();
    await admin.page
      .getByText(/^Vista previa — no publicado\. Estas son las cifras validadas/)
      .waitFor();
    await admin.page.getByTestId("indice-gestion").waitFor();
    await admin.context.close();

    const visitor = await user("phone");
    await visitor.page.goto(`/publico?anio=${YEAR}`);
    await visitor.page.getByTestId("indice-gestion").waitFor();
    assert.match(await text(visitor.page.getByTestId("indice-gestion")), /100\.0 %/);
    assert.match(
      await text(visitor.page.locator(".published-on")),
      /^Publicado el .+ por: Administrador \(conductor\)\.$/,
    );
    const report = visitor.page.getByRole("link", { name: `Informe de Evaluación ${YEAR} (PDF)` });
    const download = await visitor.page.request.get((await report.getAttribute("href")) ?? "");
    assert.equal(download.status(), 200);
    assert.equal(download.headers()["content-type"], "application/pdf");
    await screenshot(visitor.page, "20-publico-telefono");
    await assertNoSidewaysScroll(visitor.page);
    await visitor.context.close();
    assert.deepEqual(problems.flat(), [], "no script errors in the browser");
  });
  test("presupuesto: importación, cifras, mapa por departamento y exportación", async () => {
    // The shipped reconstructed file, imported with the CLI as an administrator would.
    const imported = await server.vigia("budget", "import", BUDGET_FILE);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /cargadas: 171/);

    const admin = await user();
    await login(admin.page, ADMIN);
    const get = async (path: string) => {
      const res = await admin.page.request.get(path);
      assert.equal(res.status(), 200, path);
      return res.json();
    };
    const summary = await get(`/api/policies/pntp/budget?year=${YEAR}`);
    const departments = await get(`/api/policies/pntp/budget/departments?year=${YEAR}`);
    const checks = await get("/api/policies/pntp/budget/printed-checks");

    await admin.page.getByRole("navigation").getByRole("link", { name: "Presupuesto" }).click();
    await admin.page.waitForURL((u) => u.pathname === "/presupuesto");
    await admin.page.getByLabel("Año fiscal").selectOption(String(YEAR));
    const pim = admin.page.getByTestId("budget-pim");
    await pim.getByText(formatSoles(summary.totals.pimCents)).waitFor();
    assert.equal(formatSoles(summary.totals.pimCents), "S/ 14,112,000");
    assert.equal(
      await admin.page
        .getByTestId("budget-execution")
        .locator("[data-light]")
        .getAttribute("data-light"),
      "alta",
      "92.76 % is green",
    );
    assert.match(await text(admin.page.getByTestId("budget-execution")), /92\.76 %/);
    await admin.page.getByText(/Datos reconstruidos a partir de los totales publicados/).waitFor();
    // Services without budget stand out, one row each.
    await admin.page.locator(".services-budget-table tbody tr").first().waitFor();
    assert.equal(
      await admin.page.locator(".services-budget-table tr.row-sin_meta_presupuestal").count(),
      summary.classCounts.sin_meta_presupuestal,
    );
    // Every error of the printed report is listed; the administrator sees the lines to review.
    await admin.page.locator(".findings-list li").first().waitFor();
    assert.equal(await admin.page.locator(".findings-list li").count(), checks.findings.length);
    await admin.page.getByRole("heading", { name: "Líneas por revisar" }).waitFor();
    await admin.page.locator(".budget-chart svg").first().waitFor();
    await screenshot(admin.page, "21-presupuesto");

    // Exports are plain links with the session: the workbook and the tab's CSV.
    const xlsx = await admin.page.request.get(
      (await admin.page.getByRole("link", { name: /Descargar Excel/ }).getAttribute("href")) ?? "",
    );
    assert.equal(xlsx.status(), 200);
    assert.match(xlsx.headers()["content-type"] ?? "", /spreadsheetml/);

    // Every other view draws its chart and table; the pliegos show the priority pliegos.
    for (const tab of ["Por OP", "Por nivel de gobierno", "Por pliego"]) {
      await admin.page.getByRole("tab", { name: tab }).click();
      await admin.page.getByRole("tabpanel").locator(".budget-chart svg").first().waitFor();
      await admin.page.getByRole("tabpanel").locator("tbody tr").first().waitFor();
    }
    await admin.page.getByText("Total de pliegos priorizados").first().waitFor();
    await screenshot(admin.page, "21b-presupuesto-pliegos");
    await admin.page.getByRole("tab", { name: "Por departamento" }).click();
    await admin.page.locator(".budget-map[data-state='ready'] svg path").first().waitFor();
    const lima = departments.rows.find((d: { department: string | null }) => d.department === "15");
    assert.ok(lima && lima.pimCents > 0);
    const limaRow = await text(admin.page.locator('.departments-table tr[data-row="15"]'));
    assert.ok(limaRow.includes(formatSoles(lima.pimCents)), limaRow);
    await admin.page.getByText(/Límites departamentales: INEI 2007/).waitFor();
    const csv = await admin.page.request.get(
      (await admin.page
        .getByRole("link", { name: /Descargar CSV: Por departamento/ })
        .getAttribute("href")) ?? "",
    );
    assert.match(await csv.text(), /Ubigeo,Departamento/);
    await screenshot(admin.page, "22-presupuesto-mapa");
    // The same map coloured by the execution light, with its legend.
    await admin.page.getByLabel("Ejecución (semáforo)").check();
    await admin.page.locator(".budget-map[data-state='ready'] svg path").first().waitFor();
    await admin.page.locator(".map-figure .lights-legend").waitFor();
    await screenshot(admin.page, "22b-presupuesto-mapa-ejecucion");
    await admin.context.close();

    // At phone width: no sideways scroll, the map still drawn.
    const phone = await user("phone");
    await login(phone.page, ADMIN);
    await phone.page.goto(`/presupuesto?anio=${YEAR}`);
    await phone.page.getByTestId("budget-pim").waitFor();
    await phone.page.locator(".budget-chart svg").first().waitFor();
    await screenshot(phone.page, "23-telefono-presupuesto");
    await assertNoSidewaysScroll(phone.page);
    await phone.page.goto(`/presupuesto?anio=${YEAR}&vista=departamentos`);
    await phone.page.locator(".budget-map[data-state='ready'] svg path").first().waitFor();
    await screenshot(phone.page, "24-telefono-presupuesto-mapa");
    await assertNoSidewaysScroll(phone.page);
    await phone.context.close();
    assert.deepEqual(problems.flat(), [], "no script errors in the browser");
  });
  test("estadísticas: conciliación 2019, embudo penal y sección pública protegida", async () => {
    // The shipped transcribed figures, loaded with the CLI as a newcomer would.
    const loaded = await server.vigia("stats", "import-reference");
    assert.equal(loaded.code, 0, loaded.stderr);

    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page
      .getByRole("navigation", { name: "Navegación principal" })
      .getByRole("link", { name: "Conciliación" })
      .click();
    await admin.page.waitForURL((u) => u.pathname === "/conciliacion");
    await admin.page.getByLabel("Año").selectOption("2019");
    // 2019's victims by source: RETA 765, DIRCTPTIM 1,054, Fiscalía 476, each with its causes.
    const victims = admin.page
      .locator('.reconciliation-group[data-concept="victim"]')
      .filter({ has: admin.page.locator('tr[data-source="PNP-RETA"]') })
      .first();
    await victims.waitFor();
    for (const [source, value] of [
      ["PNP-RETA", "765"],
      ["PNP-DIRCTPTIM", "1,054"],
      ["MP-FISTRAP", "476"],
    ]) {
      const row = victims.locator(`tr[data-source="${source}"]`).first();
      assert.match(await text(row), new RegExp(`\\b${value}\\b`), source);
    }
    assert.ok((await victims.locator("[data-cause]").count()) > 0, "documented causes shown");
    assert.match(await text(victims.locator("caption").first()), /Víctimas identificadas/);
    await victims.locator(".stats-chart svg").first().waitFor();
    await screenshot(admin.page, "30-conciliacion-2019");

    // Statistics by concept, source and region: the trend, the map and the figures, with CSV.
    await admin.page
      .getByRole("navigation", { name: "Navegación principal" })
      .getByRole("link", { name: "Estadísticas" })
      .click();
    await admin.page.waitForURL((u) => u.pathname === "/estadisticas");
    await admin.page.locator('table[data-table="trend"] caption').waitFor();
    await admin.page.locator(".budget-map[data-state='ready'] svg path").first().waitFor();
    const csv = await admin.page
      .locator('table[data-table="departments"]')
      .locator("xpath=ancestor::div[1]")
      .getByRole("link", { name: "Descargar CSV" })
      .getAttribute("href");
    assert.match(decodeURIComponent(csv ?? ""), /Departamento,Ubigeo,Cifra/);
    await screenshot(admin.page, "31-estadisticas");

    // The TIP data pack: the administrator has report.download; the file is a real xlsx (ZIP).
    const tip = admin.page.locator(".tip-pack");
    await tip.getByLabel("Año del informe").selectOption("2019");
    const [download] = await Promise.all([
      admin.page.waitForEvent("download"),
      tip.getByTestId("tip-download").click(),
    ]);
    const saved = join(workDir, "tip-2019.xlsx");
    await download.saveAs(saved);
    const bytes = readFileSync(saved);
    assert.ok(bytes.length > 1000, `TIP pack of ${bytes.length} bytes`);
    assert.equal(bytes.subarray(0, 2).toString(), "PK", "xlsx is a ZIP");

    // The criminal-justice funnel and seed 000's impunity ratio, with its definition.
    await admin.page
      .getByRole("navigation", { name: "Navegación principal" })
      .getByRole("link", { name: "Embudo penal" })
      .click();
    await admin.page.waitForURL((u) => u.pathname === "/embudo-penal");
    const impunity = admin.page.getByTestId("impunity");
    await impunity.waitFor();
    assert.equal(await impunity.locator("strong[data-value]").getAttribute("data-value"), "2.91");
    assert.match(await text(impunity), /173 condenas confirmadas \/ 5,947 denuncias/);
    assert.match(await text(impunity), /Ratio de impunidad = condenas confirmadas/);
    await admin.page.locator('table[data-table="funnel"] caption').waitFor();
    await screenshot(admin.page, "32-embudo-penal");
    await admin.context.close();

    // At phone width the three pages do not scroll sideways.
    const phone = await user("phone");
    await login(phone.page, ADMIN);
    for (const [path, ready] of [
      ["/conciliacion?anio=2019", '.reconciliation-group tr[data-source="PNP-RETA"]'],
      ["/estadisticas", 'table[data-table="trend"]'],
      ["/embudo-penal", 'table[data-table="funnel"]'],
    ] as const) {
      await phone.page.goto(path);
      await phone.page.locator(ready).first().waitFor();
      await assertNoSidewaysScroll(phone.page);
    }
    await screenshot(phone.page, "34-telefono-embudo-penal");
    await phone.context.close();

    // A year with a small cell (7 men among 100 victims), imported as a focal point's file.
    const smallCells = join(workDir, "reta-2022.csv");
    writeFileSync(
      smallCells,
      "anio,concepto,sexo,valor,definicion\n2022,victim,,100,Víctimas\n2022,victim,MUJER,93,Mujeres\n2022,victim,HOMBRE,7,Hombres\n",
    );
    const imported = await server.vigia("stats", "import", smallCells, "--source", "PNP-RETA");
    assert.equal(imported.code, 0, imported.stderr);

    // Figures by province and district: the province view draws circles at the capitals.
    const provinces = join(workDir, "reta-2023-provincias.csv");
    writeFileSync(
      provinces,
      "anio,concepto,ubigeo,valor,definicion\n2023,victim,1501,60,Víctimas\n2023,victim,160101,5,Víctimas\n2023,victim,160108,7,Víctimas\n2023,victim,0801,14,Víctimas\n",
    );
    const byProvince = await server.vigia("stats", "import", provinces, "--source", "PNP-RETA");
    assert.equal(byProvince.code, 0, byProvince.stderr);
    for (const size of ["laptop", "phone"] as const) {
      const reader = await user(size);
      await login(reader.page, ADMIN);
      await reader.page.goto("/estadisticas");
      const section = reader.page.locator('[data-section="provinces"]');
      await section.locator(".budget-map[data-state='ready'] svg path").first().waitFor();
      const maynas = section.locator('tr[data-province="1601"]');
      assert.match(await text(maynas), /12/);
      assert.match(await text(maynas), /Suma de 2 distritos/);
      await section.scrollIntoViewIfNeeded();
      await screenshot(reader.page, size === "phone" ? "36-telefono-provincias" : "35-provincias");
      if (size === "phone") await assertNoSidewaysScroll(reader.page);
      await reader.context.close();
    }

    // An anonymous visitor sees the statistics section, small cells withheld and explained.
    const visitor = await user();
    await visitor.page.goto("/publico");
    const section = visitor.page.locator(".public-statistics");
    await section.getByRole("heading", { name: "Estadísticas de trata de personas" }).waitFor();
    await section.getByLabel("Año").selectOption("2022");
    const table = section.locator('table[data-table="victim/PNP-RETA/2022"]');
    await table.locator("caption").waitFor();
    assert.equal(await text(table.locator('tr[data-cell="total"] td')), "100");
    for (const cell of ["sex=F", "sex=M"]) {
      assert.equal(await text(table.locator(`tr[data-cell="${cell}"] td`)), "reservado");
    }
    assert.match(await text(section), /¿Por qué «reservado»\?/);
    const values = await section.locator("td.num").allTextContents();
    for (const v of values) {
      const n = Number(v.replace(/,/g, ""));
      assert.ok(v === "reservado" || !(n > 0 && n < 11), `public cell ${v}`);
    }
    await screenshot(visitor.page, "33-publico-estadisticas");
    await visitor.context.close();
    assert.deepEqual(problems.flat(), [], "no script errors in the browser");
  });
});
