import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  DEMO_PASSWORD,
  launchBrowser,
  login,
  newUser,
  type RunningServer,
  screenshot,
  startServer,
  writeSamplePdf,
} from "./support.ts";

/**
 * The conductor follows the Matriz de compromisos to compliance in a real browser: creates a
 * commitment with a dated deadline and a meta for a later year, attaches evidence, closes it
 * and sees the compliance table; then validates two submitted values in one go from the review
 * queue (issue 17, items 3 and 6).
 */

const ADMIN = "admin@demo.vigia.pe";
const SUNAFIL = "sunafil@demo.vigia.pe";

let server: RunningServer;
let browser: Browser;
const problems: string[][] = [];

async function user() {
  const u = await newUser(browser, server.url);
  problems.push(u.problems);
  return u;
}

/** A focal point's API call from its signed-in page: the session cookie and its CSRF token. */
async function apiFrom(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = await (await fetch("/api/session")).json();
      const res = await fetch(path, {
        method,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
    { method, path, body },
  );
}

describe("Matriz de compromisos y validación en bloque en el navegador", {
  timeout: 300_000,
}, () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(problems.flat(), []);
  });

  test("el administrador crea un compromiso con fecha y meta 2026, adjunta evidencia y lo cierra", async () => {
    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page.goto("/admin/compromisos");
    await admin.page.getByRole("heading", { name: "Matriz de compromisos" }).waitFor();
    const total = admin.page.locator(
      '[data-testid="commitment-compliance"] tr[data-entity="TOTAL"]',
    );
    await total.locator("td").first().filter({ hasText: "13" }).waitFor();

    await admin.page.getByRole("button", { name: "Nuevo compromiso" }).click();
    await admin.page.getByLabel("Periodo").fill("2025");
    await admin.page.getByLabel("Aspecto de mejora").fill("Indicador 1.1");
    await admin.page.getByLabel("Indicador", { exact: true }).selectOption("1.1");
    await admin.page
      .getByLabel("Recomendación")
      .fill("Elevar la meta de 2026 según la tendencia de 2024.");
    await admin.page.getByLabel("Fecha límite").fill("2026-06-30");
    await admin.page.getByLabel("Plazo como se escribió (nota)").fill("primer semestre de 2026");
    await admin.page.getByRole("button", { name: "Agregar meta" }).click();
    await admin.page.getByLabel("Año de la meta").fill("2026");
    await admin.page.getByLabel("Valor de la meta").fill("11.5");
    await admin.page.getByRole("button", { name: "Crear compromiso" }).click();
    await admin.page.getByText("Compromiso 1 creado.").waitFor();
    const panel = admin.page.getByRole("region", { name: "Compromiso 1 (2025)" });
    await panel
      .locator('[data-testid="commitment-metas"]')
      .getByText(/1\.1 · 2026: 11[.,]5 \(rev\. \d+, vigente\)/)
      .waitFor();

    const dir = mkdtempSync(join(tmpdir(), "vigia-e2e-c-"));
    await panel
      .getByLabel("Adjuntar evidencia")
      .setInputFiles(writeSamplePdf(dir, "acta-mesa-sunafil.pdf", "Acta de la mesa de trabajo"));
    await panel.getByText("Evidencia adjuntada.").waitFor();
    await panel.getByRole("link", { name: "acta-mesa-sunafil.pdf" }).waitFor();

    await panel.getByLabel("Resultado").selectOption("cumplido");
    await panel
      .getByLabel("Motivo del cierre")
      .fill("Meta 2026 registrada en la ficha y acta firmada.");
    await panel.getByRole("button", { name: "Cerrar compromiso" }).click();
    await panel.getByText("Compromiso cerrado.").waitFor();
    await panel
      .locator('[data-testid="commitment-history"]')
      .getByText("Pendiente → Cumplido")
      .waitFor();

    // The compliance table counts it: 14 commitments, one fulfilled.
    await total.locator("td").first().filter({ hasText: "14" }).waitFor();
    await total.locator('td[data-status="cumplido"]').filter({ hasText: "1" }).waitFor();
    await screenshot(admin.page, "compromisos-cumplimiento");
    await admin.context.close();
  });

  test("el administrador valida dos valores enviados de una vez", async () => {
    const focal = await user();
    await login(focal.page, SUNAFIL, DEMO_PASSWORD);
    for (const [indicator, value] of [
      ["1.1", 9.4],
      ["7", 53],
    ] as const) {
      const created = await apiFrom(
        focal.page,
        "POST",
        `/api/policies/pntp/indicators/${indicator}/measurements`,
        { year: 2024, period: "ANUAL", value, numerator: null, denominator: null },
      );
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const sent = await apiFrom(
        focal.page,
        "POST",
        `/api/measurements/${created.json.id}/submit`,
        {
          lockVersion: created.json.lockVersion,
          justification: "Valor confirmado con el registro de inspecciones.",
        },
      );
      assert.equal(sent.status, 200, JSON.stringify(sent.json));
    }
    await focal.context.close();

    const admin = await user();
    await login(admin.page, ADMIN);
    await admin.page.goto("/revision");
    await admin.page.getByRole("heading", { name: "Revisión de valores" }).waitFor();
    await admin.page.getByRole("checkbox", { name: "Seleccionar 1.1 SUNAFIL" }).check();
    await admin.page.getByRole("checkbox", { name: "Seleccionar 7 SUNAFIL" }).check();
    admin.page.once("dialog", (d) => void d.accept());
    await admin.page.getByRole("button", { name: "Validar 2 valores seleccionados" }).click();
    await admin.page
      .getByTestId("bulk-result")
      .filter({ hasText: "Validados: 2. No validados: 0." })
      .waitFor();
    await admin.page.getByLabel("Estado").selectOption("validado");
    await admin.page.locator('tr[data-indicator="7"]').first().waitFor();
    await admin.context.close();
  });
});
