import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { encodeVictimRows } from "../../src/server/features/linkage/encode-victims.ts";
import { LinkageSchemaSchema } from "../../src/shared/linkage/linkage-schema.ts";
import { syntheticLists } from "../../src/shared/linkage/synthetic-lists.ts";
import {
  launchBrowser,
  login,
  newUser,
  ROOT,
  type RunningServer,
  SCREENSHOTS,
  screenshot,
  startServer,
} from "./support.ts";

/**
 * The issue's "done when", in the browser: three institutions' files, encoded on their side
 * with a shared secret, are uploaded on /enlace, linked, and a borderline pair reviewed.
 */

const ADMIN = "admin@demo.vigia.pe";
const SOURCE_OF: Record<string, string> = { PNP: "PNP-RETA", MP: "MP-FISTRAP", MIMP: "MIMP-CEM" };

describe("Enlace de registros en el navegador", { timeout: 300_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let workDir: string;
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "vigia-e2e-enlace-"));
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test("carga de tres fuentes, enlace, solapamientos, cifra oculta y revisión", async () => {
    const schema = LinkageSchemaSchema.parse(
      JSON.parse(readFileSync(join(ROOT, "reference/linkage/schema-v1.json"), "utf8")),
    );
    const secret = Buffer.from("secreto de las instituciones, 32+ bytes");
    const lists = syntheticLists({ records: 600, seed: 7, duplicateRate: 0 });
    const files = lists.sources.map((s) => {
      const encoded = encodeVictimRows(s.rows, {
        schema,
        secret,
        source: SOURCE_OF[s.source] ?? s.source,
        file: `${s.source}.csv`,
      });
      const path = join(workDir, `${encoded.source}.json`);
      writeFileSync(path, JSON.stringify(encoded));
      return { path, source: encoded.source, records: encoded.records.length };
    });

    const { page, problems, context } = await newUser(browser, server.url);
    await login(page, ADMIN);
    await page
      .getByRole("navigation", { name: "Navegación principal" })
      .getByRole("link", { name: "Enlace de registros" })
      .click();
    await page.waitForURL((u) => u.pathname === "/enlace");
    await page.getByLabel("Año", { exact: true }).selectOption("2023");
    await page.getByText("Todavía no se cargaron codificaciones para este año.").waitFor();
    for (const f of files) {
      await page.getByLabel("Archivo de codificaciones (JSON)").setInputFiles(f.path);
      await page.getByRole("button", { name: "Cargar codificaciones" }).click();
      await page.getByText(`Se cargaron ${f.records} registros de ${f.source}.`).waitFor();
    }
    const batches = page.locator('.table-wrap[aria-label="Codificaciones cargadas"]');
    await batches.locator("tbody tr").nth(2).waitFor();
    assert.match((await batches.textContent()) ?? "", /PNP-RETA[\s\S]*MP-FISTRAP[\s\S]*MIMP-CEM/);

    await page.getByRole("button", { name: "Enlazar 2023" }).click();
    await page.getByRole("heading", { name: "Resultado de la versión 1" }).waitFor();
    await page.locator(".chart svg").first().waitFor();
    const overlap = page.locator('.table-wrap[aria-label="Solapamiento entre fuentes"]');
    const rows = await overlap.locator("tbody tr").allInnerTexts();
    const sum = rows.reduce((s, r) => s + Number(r.split("\t").at(-1)?.replace(/\D/g, "")), 0);
    const total = Number(
      ((await overlap.locator("tfoot td").textContent()) ?? "").replace(/\D/g, ""),
    );
    assert.equal(sum, total, rows.join(" | "));
    const people = new Set(lists.truth.map((r) => r.entity)).size;
    assert.ok(Math.abs(total - people) / people < 0.1, `${total} vs ${people}`);
    await page.getByText("Población estimada").waitFor();
    await screenshot(page, "50-enlace-resultado");

    const pairs = page.locator('.table-wrap[aria-label="Pares dudosos para revisión"]');
    const first = pairs.locator("tbody tr").first();
    await first.waitFor();
    await first.getByPlaceholder("Motivo (opcional)").fill("revisado en la prueba");
    await first.getByRole("button", { name: "Rechazar" }).click();
    await pairs.getByText(/Rechazado — revisado en la prueba/).waitFor();
    await screenshot(page, "51-enlace-revision");

    // The people by attribute (no victim records loaded here: said so), and the publication.
    await page.getByText(/todavía no cargaron sus registros de víctimas/).waitFor();
    await page.getByRole("button", { name: "Publicar en el registro estadístico" }).click();
    await page.getByText(/Publicado: 1 cifra nueva/).waitFor();

    // The Tablero of that year shows the deduplicated count, the overlaps and the estimate.
    await page.goto(`${server.url}/?anio=2023`);
    const card = page.locator("section", {
      has: page.getByRole("heading", { name: "Enlace de registros 2023" }),
    });
    await card.getByText(/personas distintas en/).waitFor();
    const cardTotal = Number(
      (
        (await card
          .locator('.table-wrap[aria-label="Solapamiento entre fuentes"] tfoot td')
          .textContent()) ?? ""
      ).replace(/\D/g, ""),
    );
    assert.ok(Math.abs(cardTotal - total) <= 1, `${cardTotal} vs ${total}`);
    await card.getByText("Población estimada").waitFor();
    await card.screenshot({ path: join(SCREENSHOTS, "52-tablero-enlace.png") });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
