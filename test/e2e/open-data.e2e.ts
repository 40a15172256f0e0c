import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { formatDate } from "../../src/web/format.ts";
import {
  launchBrowser,
  login,
  newUser,
  ROOT,
  type RunningServer,
  screenshot,
  startServer,
} from "./support.ts";

/**
 * The monitor's path in a real browser: the administrator publishes 2023 and registers an
 * access-to-information request whose plazo crosses Fiestas Patrias; then an anonymous visitor
 * on a phone goes from the public page to Datos abiertos, downloads the indicators' CSV of 2023
 * (a real browser download) and finds the entity's compliance in the public table; and, still
 * without a session, the monitor's files (issue 16): the validated values with their
 * provenance, a budget dataset and the SDMX-CSV series, each read back from the download.
 */

const ADMIN = "admin@demo.vigia.pe";
// The shipped reconstructed budget, imported before publishing so the release has its datasets.
const BUDGET_FILE = join(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv");
const YEAR = 2023;

let server: RunningServer;
let browser: Browser;
const problems: string[][] = [];

async function user(size: "laptop" | "phone" = "laptop") {
  const u = await newUser(browser, server.url, size);
  problems.push(u.problems);
  return u;
}

type CsvRow = Record<string, string>;

/** Clicks a download link and reads the file the browser saved: its name, header and rows. */
async function downloadCsv(page: Page, linkName: string) {
  const link = page.getByRole("link", { name: linkName, exact: true });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const text = readFileSync((await download.path()) ?? "", "utf8");
  const rows = parse(text, { columns: true, bom: true }) as CsvRow[];
  const header = (parse(text, { bom: true, to: 1 }) as string[][])[0] ?? [];
  return { filename: download.suggestedFilename(), header, rows };
}

/** The row count the page states for a dataset ("1 234" in es-PE). */
async function statedRows(page: Page, datasetId: string): Promise<number> {
  const cell = page.locator(`tr[data-dataset="${datasetId}"] td.num`).first();
  return Number(((await cell.textContent()) ?? "").replace(/\D/g, ""));
}

async function assertNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 1, `${page.url()} scrolls sideways on a phone (${overflow}px)`);
}

describe("Datos abiertos y solicitudes de acceso en el navegador", { timeout: 300_000 }, () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("el administrador publica 2023 y registra una solicitud que cruza Fiestas Patrias", async () => {
    const imported = await server.vigia("budget", "import", BUDGET_FILE);
    assert.equal(imported.code, 0, imported.stderr);
    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page.goto(`/?anio=${YEAR}`);
    await admin.page.getByRole("button", { name: "Publicar resultados del año" }).click();
    await admin.page.getByText(`¿Publicar los resultados ${YEAR}?`).waitFor();
    await admin.page.getByRole("button", { name: "Publicar resultados del año" }).click();
    await admin.page.getByText(/Resultados publicados el/).waitFor();

    await admin.page.getByRole("link", { name: "Solicitudes de acceso" }).first().click();
    await admin.page
      .getByRole("heading", { name: "Solicitudes de acceso a la información" })
      .waitFor();
    await admin.page.getByText("Registrar solicitud").first().click();
    await admin.page.getByRole("combobox", { name: "Entidad", exact: true }).selectOption("MINEM");
    await admin.page.getByLabel("Organización solicitante").fill("CHS Alternativo");
    await admin.page.getByLabel("Fecha de recepción por la entidad").fill("2025-07-21");
    await admin.page
      .getByLabel("Preguntas")
      .fill("¿Cuántas inspecciones en zonas mineras en 2024?");
    await admin.page.getByRole("button", { name: "Registrar solicitud" }).click();
    // 10 días hábiles after 21 July 2025, skipping 23 Jul (FAP), 28–29 Jul (Fiestas Patrias)
    // and 6 Aug (Junín): 8 August (hand-checked in access-requests.db.test.ts).
    const due = formatDate("2025-08-08", "es-PE");
    await admin.page.getByText(`Se registró la solicitud; vence el ${due}.`).waitFor();
    const row = admin.page.locator("tr[data-request]").first();
    await row.locator("strong", { hasText: due }).waitFor();
    await row.getByText(`Plazo legal: ${due}`).waitFor();
    assert.equal(await row.getAttribute("data-status"), "vencida");
    await row.getByRole("button", { name: "Detalle" }).click();
    await admin.page.getByText(/Días no hábiles dentro del plazo: .*Fiestas Patrias/).waitFor();
    await admin.page.getByLabel("Título").fill("Respuesta del MINEM");
    await admin.page.getByLabel("Enlace o referencia").fill("https://www.gob.pe/minem/respuesta-1");
    await admin.page.getByRole("button", { name: "Añadir documento" }).click();
    await admin.page.getByRole("link", { name: "Respuesta del MINEM" }).waitFor();
    await screenshot(admin.page, "31-solicitudes-acceso");
    await admin.context.close();

    // The register is usable on a phone: its table scrolls inside its frame, never the page.
    const phone = await user("phone");
    await login(phone.page, ADMIN);
    await phone.page.goto("/solicitudes-acceso");
    await phone.page.locator("tr[data-request]").first().waitFor();
    await screenshot(phone.page, "32-solicitudes-acceso-telefono");
    await assertNoSidewaysScroll(phone.page);
    await phone.context.close();
  });

  test("un visitor sin sesión, en el teléfono, llega a Datos abiertos y descarga el CSV", async () => {
    const visitor = await user("phone");
    await visitor.page.goto("/publico");
    await visitor.page
      .getByRole("link", { name: "Datos abiertos: descargar todos los datos publicados" })
      .click();
    await visitor.page.waitForURL(/\/datos-abiertos$/);
    await visitor.page.getByRole("heading", { name: `Versión ${YEAR}` }).waitFor();
    await visitor.page.getByText(/Licencia: Open Data Commons Attribution License/).waitFor();
    const csvLink = visitor.page.getByRole("link", {
      name: `Evaluación: resultados por indicador ${YEAR} en CSV`,
    });
    const [download] = await Promise.all([visitor.page.waitForEvent("download"), csvLink.click()]);
    assert.equal(download.suggestedFilename(), `pntp-evaluacion-indicadores-${YEAR}.csv`);
    const rows = parse(readFileSync((await download.path()) ?? ""), { columns: true }) as Record<
      string,
      string
    >[];
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.anio === String(YEAR) && r.licencia === "ODC-By-1.0"));
    // The same figures as the published page shows.
    const published = (await (
      await visitor.page.request.get(`/api/policies/pntp/publications/${YEAR}`)
    ).json()) as { indicators: { code: string; tipo1: number | "ND" }[] };
    for (const ind of published.indicators) {
      assert.equal(rows.find((r) => r.indicador === ind.code)?.avance_tipo1, String(ind.tipo1));
    }
    // The entity's compliance is public too.
    const compliance = visitor.page.getByRole("table", {
      name: "Solicitudes por entidad y cómo respondió cada una",
    });
    await compliance.getByRole("rowheader", { name: "MINEM" }).waitFor();
    await screenshot(visitor.page, "30-datos-abiertos-telefono");
    await assertNoSidewaysScroll(visitor.page);
    // A year that is not published has no file.
    assert.equal(
      (
        await visitor.page.request.get(`/api/public/datasets/pntp/evaluacion-indicadores/2024.csv`)
      ).status(),
      404,
    );
    await visitor.context.close();
    assert.deepEqual(problems.flat(), [], "no script errors in the browser");
  });

  test("un monitor sin sesión descarga los valores validados, el presupuesto y la serie SDMX", async () => {
    const monitor = await user();
    await monitor.page.goto("/datos-abiertos");
    await monitor.page.getByRole("heading", { name: `Versión ${YEAR}` }).waitFor();
    assert.deepEqual(await monitor.context.cookies(), [], "no session: not even a cookie");

    const evaluation = await downloadCsv(
      monitor.page,
      `Evaluación: resultados por indicador ${YEAR} en CSV`,
    );
    assert.ok(evaluation.rows.length > 0);

    // The validated values, each with the id and revision that say which version was published.
    const values = await downloadCsv(
      monitor.page,
      `Valores validados con su procedencia ${YEAR} en CSV`,
    );
    assert.equal(values.filename, `pntp-valores-validados-${YEAR}.csv`);
    for (const column of ["id_medicion", "revision", "indicador", "sistema_origen", "referencia"]) {
      assert.ok(values.header.includes(column), `${column} in ${values.header.join(",")}`);
    }
    assert.ok(values.rows.length > 0, "the published year has validated values");
    assert.equal(values.rows.length, await statedRows(monitor.page, "valores-validados"));
    for (const r of values.rows) {
      assert.match(r.id_medicion ?? "", /^[1-9]\d*$/);
      assert.match(r.revision ?? "", /^[1-9]\d*$/);
    }
    assert.equal(
      new Set(values.rows.map((r) => r.id_medicion)).size,
      values.rows.length,
      "one row per value",
    );

    const budget = await downloadCsv(
      monitor.page,
      `Presupuesto específico por servicio ${YEAR} en CSV`,
    );
    assert.equal(budget.filename, `pntp-presupuesto-servicios-${YEAR}.csv`);
    for (const column of ["anio", "servicio", "clase", "pia", "pim"]) {
      assert.ok(budget.header.includes(column), `${column} in ${budget.header.join(",")}`);
    }
    assert.ok(budget.rows.length > 0, "the imported budget is in the release");
    assert.equal(budget.rows.length, await statedRows(monitor.page, "presupuesto-servicios"));
    assert.ok(budget.rows.every((r) => r.anio === String(YEAR)));

    // The SDMX-CSV 2.0 series: its fixed first columns, and the published year's observations.
    const sdmx = await downloadCsv(monitor.page, "Serie SDMX-CSV");
    assert.deepEqual(sdmx.header.slice(0, 3), ["STRUCTURE", "STRUCTURE_ID", "ACTION"]);
    for (const column of ["INDICADOR", "TIME_PERIOD", "OBS_VALUE"]) {
      assert.ok(sdmx.header.includes(column), `${column} in ${sdmx.header.join(",")}`);
    }
    const observed = sdmx.rows.filter((r) => r.TIME_PERIOD === String(YEAR));
    assert.ok(observed.length > 0, `observations of ${YEAR}`);
    assert.ok(sdmx.rows.every((r) => r.STRUCTURE === "dataflow" && r.ACTION === "I"));
    // Every indicator of the series' year is one of the published evaluation's.
    const evaluated = new Set(evaluation.rows.map((r) => r.indicador));
    const missing = observed.filter((r) => !evaluated.has(r.INDICADOR ?? ""));
    assert.deepEqual(missing, [], "SDMX indicators absent from the evaluation file");
    assert.deepEqual(await monitor.context.cookies(), [], "the downloads opened no session");
    await monitor.context.close();
    assert.deepEqual(problems.flat(), [], "no script errors in the browser");
  });
});
