import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import {
  launchBrowser,
  login,
  newUser,
  type RunningServer,
  screenshot,
  startServer,
} from "./support.ts";

/**
 * The veedurías' semáforo in a real browser: an anonymous visitor on a phone finds it from
 * Datos abiertos and sees seed 000's counts on the map and in the matrix, labelled as
 * transcribed (the first start loads them); the administrator records a grade for Puno's
 * veeduría and the visitor's map, coloured by that lineamiento, shows it.
 */

const ADMIN = "admin@demo.vigia.pe";
const LABEL =
  "Transcrito del documento de CHS Alternativo (seed 000), no es una exportación institucional";

let server: RunningServer;
let browser: Browser;

describe("Semáforo de las veedurías en el navegador", { timeout: 300_000 }, () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("sin sesión: mapa y matriz con los conteos del documento, rotulados", async () => {
    const visitor = await newUser(browser, server.url, "phone");
    await visitor.page.goto("/datos-abiertos");
    await visitor.page
      .getByRole("link", { name: "Veedurías ciudadanas: semáforo de los lineamientos" })
      .click();
    await visitor.page.waitForURL(/\/veedurias$/);
    await visitor.page.locator(".budget-map[data-state='ready'] svg path").first().waitFor();
    const matrix = visitor.page.getByRole("table", {
      name: "Calificación de cada veeduría a cada lineamiento, periodo 2023-2025",
    });
    const puno = matrix.getByRole("row", { name: /Puno/ });
    await puno.getByText(/9 parcial · 5 sin información pública/).waitFor();
    await puno.getByText(LABEL).waitFor();
    const mdd = matrix.getByRole("row", { name: /Madre de Dios/ });
    await mdd.getByText(/12 inicial · 6 sin avance · 1 lineamiento no indicado/).waitFor();
    // Puno is drawn in «parcial», its prevailing status; the map's SVG carries the colour.
    const fills = await visitor.page
      .locator(".budget-map svg path")
      .evaluateAll((paths) => paths.map((p) => (p.getAttribute("fill") ?? "").toLowerCase()));
    assert.ok(
      fills.some((f) => f === "#e0b000" || f === "rgb(224,176,0)"),
      `no parcial area in ${[...new Set(fills)].join(" ")}`,
    );
    await screenshot(visitor.page, "40-veedurias-telefono");
    const csv = await visitor.page.request.get("/api/public/veedurias/pntp/conteos.csv");
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /mirada-ciudadana-puno,.*,parcial,Parcial,9,referencia/);
    assert.deepEqual(visitor.problems, []);
    await visitor.context.close();
  });

  test("el administrador registra una calificación y el mapa por lineamiento la muestra", async () => {
    const admin = await newUser(browser, server.url);
    await login(admin.page, ADMIN);
    await admin.page.goto("/veedurias");
    await admin.page.getByText("Registrar calificaciones (administrador)").click();
    await admin.page
      .getByRole("combobox", { name: "Veeduría" })
      .selectOption("mirada-ciudadana-puno");
    await admin.page.getByLabel("Periodo (AAAA, AAAA-S1 o AAAA-AAAA)").fill("2025");
    await admin.page.getByRole("combobox", { name: "Lineamiento" }).selectOption("1.2");
    await admin.page.getByRole("combobox", { name: "Estado" }).selectOption("sin_avance");
    await admin.page.getByLabel("Fundamento").fill("Sin operativos en la frontera en 2025.");
    await admin.page.getByRole("button", { name: "Guardar calificación" }).click();
    await admin.page.getByText("Calificación guardada.").waitFor();
    await admin.context.close();

    const visitor = await newUser(browser, server.url);
    await visitor.page.goto("/veedurias");
    // The newest period is shown first; colour the map by lineamiento 1.2.
    await visitor.page.getByRole("combobox", { name: "Colorear el mapa por" }).selectOption("1.2");
    const matrix = visitor.page.getByRole("table", {
      name: "Calificación de cada veeduría a cada lineamiento, periodo 2025",
    });
    const cell = matrix
      .getByRole("row", { name: /Puno/ })
      .getByRole("cell", { name: "Sin avance" });
    await cell.waitFor();
    assert.equal(await cell.getAttribute("title"), "Sin operativos en la frontera en 2025.");
    await visitor.page.locator(".budget-map[data-state='ready'] svg path").first().waitFor();
    const fills = await visitor.page
      .locator(".budget-map svg path")
      .evaluateAll((paths) => paths.map((p) => (p.getAttribute("fill") ?? "").toLowerCase()));
    assert.ok(
      fills.some((f) => f === "#c62828" || f === "rgb(198,40,40)"),
      `no sin avance area in ${[...new Set(fills)].join(" ")}`,
    );
    await screenshot(visitor.page, "41-veedurias-lineamiento");
    assert.deepEqual(visitor.problems, []);
    await visitor.context.close();
  });
});
