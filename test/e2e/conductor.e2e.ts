import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
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
 * The conductor's year in the browser (issue 17, items 1 and 2): the administrator revises the
 * ficha técnica of 1.1 with a version valid from 2025 (2024 keeps version 1), then declares the
 * level of valoración criterion C3 for 2024 with a rationale and a PDF; the evaluation of each
 * year and the Tablero reflect both, and 2023's figures are those of the Informe 2022-2023.
 */

const ADMIN = "admin@demo.vigia.pe";
const NEW_NAME = "Porcentaje de víctimas rescatadas con atención integral (ficha 2025)";

let server: RunningServer;
let browser: Browser;
let workDir: string;
const problems: string[][] = [];

interface EvaluationJson {
  indicators: { code: string; name: string }[];
  valoracion: {
    total: number | "ND";
    criteria: { code: string; level: string; origin?: string; basis: string }[];
  };
}

async function evaluation(page: Page, year: number): Promise<EvaluationJson> {
  const res = await page.request.get(`/api/policies/pntp/evaluation?year=${year}`);
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()) as EvaluationJson;
}

describe("the conductor's year: ficha versions and valoración (Chromium)", () => {
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "vigia-conductor-"));
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(workDir, { recursive: true, force: true });
    assert.deepEqual(problems.flat(), [], "the browser reported errors");
  });

  test("a new ficha version for 2025 is created in the browser; 2024 keeps version 1", async () => {
    const { context, page, problems: p } = await newUser(browser, server.url);
    problems.push(p);
    await login(page, ADMIN);
    await page.goto("/admin/catalogo");
    await page.getByRole("link", { name: "Fichas técnicas de 1.1" }).click();
    await page.getByRole("heading", { name: "Fichas técnicas de 1.1" }).waitFor();
    const versions = page.getByTestId("ficha-versions");
    await versions.locator('tr[data-version="1"]').waitFor();
    assert.match(
      (await versions.locator('tr[data-version="1"]').textContent()) ?? "",
      /desde 2022/,
    );

    // A reason that is too short is named before anything is sent.
    await page.getByLabel("Vigente desde el año").fill("2025");
    await page.getByLabel("Nombre del indicador").fill(NEW_NAME);
    await page.getByLabel("Valor de la línea de base").fill("6.9");
    await page.getByLabel("Año de la línea de base").fill("2023");
    await page.getByLabel("Motivo de la nueva versión").fill("corto");
    await page.getByRole("button", { name: "Registrar nueva versión" }).click();
    await page
      .getByText("Explique el motivo de la nueva versión (mínimo 10 caracteres).")
      .waitFor();

    await page
      .getByLabel("Motivo de la nueva versión")
      .fill("Revisión de la ficha acordada con el MIMP en la evaluación 2024.");
    await page.getByRole("button", { name: "Registrar nueva versión" }).click();
    await page.getByText("Versión 2 de la ficha de 1.1 registrada, vigente desde 2025.").waitFor();
    await versions.locator('tr[data-version="2"]').waitFor();
    assert.match((await versions.locator('tr[data-version="1"]').textContent()) ?? "", /2022–2024/);
    const v2 = (await versions.locator('tr[data-version="2"]').textContent()) ?? "";
    assert.match(v2, /desde 2025/);
    assert.match(v2, /6\.9 \(2023\)/);
    assert.match(v2, /Revisión de la ficha acordada/);
    await screenshot(page, "conductor-fichas");

    // Each year's evaluation reads its own ficha.
    assert.equal(
      (await evaluation(page, 2025)).indicators.find((i) => i.code === "1.1")?.name,
      NEW_NAME,
    );
    assert.notEqual(
      (await evaluation(page, 2024)).indicators.find((i) => i.code === "1.1")?.name,
      NEW_NAME,
    );
    await context.close();
  });

  test("C3 is declared for 2024 with rationale and evidence; the Tablero shows it declared", async () => {
    const { context, page, problems: p } = await newUser(browser, server.url);
    problems.push(p);
    await login(page, ADMIN);
    const before2023 = await evaluation(page, 2023);
    assert.equal(before2023.valoracion.total, 1.8);

    await page.goto("/admin/valoracion");
    await page.getByLabel("Año").selectOption("2024");
    const table = page.getByTestId("valoracion-criteria");
    const c3 = table.locator('tr[data-criterion="C3"]');
    await c3.getByText("Sin nivel declarado para 2024").waitFor();
    // A computed criterion offers no declaration.
    assert.equal(await table.locator('tr[data-criterion="C1"] button').count(), 0);
    assert.equal(
      await table.locator('tr[data-criterion="C1"] [data-origin="calculado"]').count(),
      1,
    );

    await page.getByRole("button", { name: "Declarar el nivel de C3 para 2024" }).click();
    await page.getByLabel("Nivel de implementación").selectOption("AVANZADO");
    await page
      .getByLabel("Fundamento del nivel")
      .fill("Las 21 entidades reportaron sus 50 indicadores en el sistema dentro del plazo.");
    await page.getByRole("button", { name: "Registrar declaración" }).click();
    await page.getByText("Adjunte la evidencia.").waitFor();
    const pdf = writeSamplePdf(workDir, "acta-seguimiento-2024.pdf", "Acta de seguimiento 2024");
    await page.getByLabel(/^Evidencia/).setInputFiles(pdf);
    await page.getByRole("button", { name: "Registrar declaración" }).click();
    await page.getByText("Nivel de C3 para 2024 declarado.").waitFor();
    await c3.getByText(/Nivel declarado por/).waitFor();
    assert.match((await c3.textContent()) ?? "", /Avanzado.*Nivel declarado por administrador/);
    const history = page.getByTestId("valoracion-declarations");
    await history.getByRole("link", { name: "acta-seguimiento-2024.pdf" }).waitFor();
    await screenshot(page, "conductor-valoracion");

    const ev2024 = await evaluation(page, 2024);
    const declared = ev2024.valoracion.criteria.find((c) => c.code === "C3");
    assert.deepEqual([declared?.level, declared?.origin], ["AVANZADO", "declarado"]);
    assert.deepEqual(await evaluation(page, 2023), before2023);

    // The Tablero of 2024 shows the level and that it was declared.
    await page.goto("/?anio=2024");
    const card = page.locator(".valoracion-card");
    await card.locator('[data-origin="declarado"]').first().waitFor();
    assert.match((await card.textContent()) ?? "", /Avanzado/);
    await context.close();
  });
});
