import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { formatNumber } from "../../src/web/format.ts";
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
 * The organisation's path in a real browser: the administrator publishes 2023; the demo
 * civil-society account publishes an alternative value of indicator 1.1 with a PDF as
 * evidence; an anonymous visitor's public page shows it beside the official value, each
 * labelled with who says it, with its evidence downloadable; the year's «sin información
 * pública» list is there too; the conductor sees it on the Tablero and responds, publicly.
 */

const ADMIN = "admin@demo.vigia.pe";
const CIVIL = "sociedad-civil@demo.vigia.pe";
const ORGANIZATION = "Organización de demostración (sociedad civil)";
const YEAR = 2023;
const INDICATOR = "1.1";

let server: RunningServer;
let browser: Browser;
const problems: string[][] = [];

async function user(size: "laptop" | "phone" = "laptop") {
  const u = await newUser(browser, server.url, size);
  problems.push(u.problems);
  return u;
}

describe("Sociedad civil en el navegador", { timeout: 300_000 }, () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("la organización publica un valor alternativo con su evidencia", async () => {
    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page.goto(`/?anio=${YEAR}`);
    await admin.page.getByRole("button", { name: "Publicar resultados del año" }).click();
    await admin.page.getByText(`¿Publicar los resultados ${YEAR}?`).waitFor();
    await admin.page.getByRole("button", { name: "Publicar resultados del año" }).click();
    await admin.page.getByText(/Resultados publicados el/).waitFor();
    await admin.context.close();

    const civil = await user();
    await login(civil.page, CIVIL);
    // The organisation's home is its page, not the Tablero it may not read.
    await civil.page.waitForURL(/\/sociedad-civil$/);
    await civil.page.getByText(`Publica como: ${ORGANIZATION}`).waitFor();
    await civil.page.locator("#civil-target").selectOption(INDICATOR);
    await civil.page.locator("#civil-year").fill(String(YEAR));
    await civil.page.locator("#civil-value").fill("12,5");
    await civil.page.locator("#civil-method").fill("Conteo de casos en los expedientes fiscales");
    await civil.page.locator("#civil-source").fill("Respuesta del Ministerio Público");
    const dir = mkdtempSync(join(tmpdir(), "vigia-e2e-civil-"));
    const pdf = writeSamplePdf(dir, "respuesta-mp.pdf", "Respuesta del Ministerio Publico");
    await civil.page.locator("#civil-files").setInputFiles(pdf);
    await civil.page.getByRole("button", { name: "Publicar aporte" }).click();
    await civil.page.getByText("Se publicó el aporte.").waitFor();
    const own = civil.page.locator("tr[data-contribution]").first();
    await own.getByText("Evidencia: respuesta-mp.pdf").waitFor();
    await screenshot(civil.page, "40-sociedad-civil-publica");
    await civil.context.close();

    // Without a session: the public page shows it beside the official value.
    const visitor = await user("phone");
    await visitor.page.goto(`/publico?anio=${YEAR}`);
    const table = visitor.page.getByRole("table", {
      name: `Valores oficiales y de la sociedad civil, ${YEAR}`,
    });
    const row = table.locator("tr[data-contribution]").first();
    await row.waitFor();
    assert.equal(await row.getAttribute("data-status"), "publicado");
    await row.getByText(`Dice: ${ORGANIZATION}`, { exact: false }).waitFor();
    await row.getByText(formatNumber(12.5, "es-PE")).waitFor();
    const published = (await (
      await visitor.page.request.get(`/api/policies/pntp/publications/${YEAR}`)
    ).json()) as { indicators: { code: string; value: number | null }[] };
    const official = published.indicators.find((i) => i.code === INDICATOR)?.value ?? null;
    if (official === null) await row.getByText("sin información pública").waitFor();
    else {
      await row.getByText(formatNumber(official, "es-PE"), { exact: true }).first().waitFor();
      await row.getByText(/^Dice: .+ \(valor oficial publicado\)$/).waitFor();
    }
    // The evidence is downloadable by anyone, byte for byte.
    const href = await row
      .getByRole("link", { name: "Evidencia: respuesta-mp.pdf" })
      .getAttribute("href");
    const file = await visitor.page.request.get(href ?? "");
    assert.equal(file.status(), 200);
    assert.deepEqual(Buffer.from(await file.body()), readFileSync(pdf));

    // What has no public value in the year is listed, with who is responsible.
    await visitor.page.getByRole("heading", { name: `Sin información pública, ${YEAR}` }).waitFor();
    const missing = visitor.page.getByRole("table", {
      name: `Sin información pública en ${YEAR}, con la entidad responsable`,
    });
    await missing.locator("tr[data-missing]").first().waitFor();
    assert.ok((await missing.locator("tr[data-missing]").count()) > 0);
    await missing.getByText("sin información pública").first().waitFor();
    await screenshot(visitor.page, "41-publico-sociedad-civil-telefono");

    // The Tablero shows it too, and the conductor publishes a response next to it.
    const conductor = await user();
    await login(conductor.page, ADMIN);
    await conductor.page.goto(`/?anio=${YEAR}`);
    const onTablero = conductor.page
      .getByRole("table", { name: `Valores oficiales y de la sociedad civil, ${YEAR}` })
      .locator("tr[data-contribution]")
      .first();
    await onTablero.getByText(`Dice: ${ORGANIZATION}`, { exact: false }).waitFor();
    const response = "La cifra oficial cuenta los casos con sentencia firme.";
    await onTablero.getByLabel("Respuesta del conductor (pública)").fill(response);
    await onTablero.getByRole("button", { name: "Publicar respuesta" }).click();
    await onTablero.getByText(response).waitFor();
    await conductor.context.close();
    await visitor.page.reload();
    await row.getByText(response).waitFor();
    await visitor.context.close();
    assert.deepEqual(problems.flat(), [], "no script errors in the browser");
  });
});
