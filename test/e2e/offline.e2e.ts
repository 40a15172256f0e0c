import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { signInOverHttp } from "../support/http-sign-in.ts";
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
 * Offline data entry (issue 19) in a real Chromium with the network switched off: a SUNAFIL
 * focal point signs in online, loses the connection, enters three values (one with a warning it
 * justifies, one with an error that blocks submission, one with an evidence file), reloads the
 * page offline and finds the app and its queue; meanwhile the administrator changes one of
 * those values. Back online the queue is sent, the conflict is shown side by side and resolved,
 * and the server holds exactly what was confirmed, once.
 */

const SUNAFIL = "sunafil@demo.vigia.pe";
const ADMIN = "admin@demo.vigia.pe";
const YEAR = 2024;

type Json = Record<string, unknown>;
interface Measurement {
  id: number;
  indicator: { code: string };
  value: number | null;
  status: string;
  lockVersion: number;
  justification: string | null;
  findings: { code: string; severity: string }[];
  evidence: unknown[];
}

/** A plain API client with its own session (cookie and CSRF token), as another browser. */
async function apiAs(url: string, email: string) {
  const signed = await signInOverHttp(url, email, DEMO_PASSWORD);
  assert.equal(signed.status, 200, `login ${email}`);
  const { cookie, csrfToken: csrf } = signed;
  return async (method: string, path: string, body?: unknown): Promise<Json> => {
    const answer = await fetch(`${url}${path}`, {
      method,
      headers: {
        cookie,
        "x-csrf-token": csrf,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const json = (await answer.json()) as Json;
    assert.ok(answer.ok, `${method} ${path}: ${answer.status} ${JSON.stringify(json)}`);
    return json;
  };
}

let server: RunningServer;
let browser: Browser;
let workDir: string;

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? "").trim();

async function waitForText(page: Page, testId: string, pattern: RegExp) {
  await page.getByTestId(testId).filter({ hasText: pattern }).waitFor();
}

describe("Registro sin conexión en el navegador", { timeout: 300_000 }, () => {
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "vigia-e2e-offline-"));
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test("valores sin conexión, recarga, conflicto resuelto, sin duplicados", async () => {
    const sunafilApi = await apiAs(server.url, SUNAFIL);
    const adminApi = await apiAs(server.url, ADMIN);
    const tasks = (await sunafilApi("GET", "/api/policies/pntp/tasks")) as unknown as {
      indicator: { code: string; unit: string };
      year: number;
      period: string;
    }[];
    const open = tasks.filter((t) => t.year === YEAR && t.period === "ANUAL");
    // A: 1.1 (porcentaje, meta 9.5): a draft on the server before the connection is lost.
    const a = "1.1";
    const percent = open.find((t) => t.indicator.code !== a && t.indicator.unit === "porcentaje");
    const third = open.find(
      (t) => t.indicator.code !== a && t.indicator.code !== percent?.indicator.code,
    );
    assert.ok(percent && third, `SUNAFIL tasks: ${open.map((t) => t.indicator.code).join(", ")}`);
    const b = percent.indicator.code;
    const c = third.indicator.code;
    const draft = (await sunafilApi("POST", `/api/policies/pntp/indicators/${a}/measurements`, {
      year: YEAR,
      period: "ANUAL",
      value: 9,
      numerator: null,
      denominator: null,
    })) as unknown as Measurement;
    // C gets a value its rules accept: the meta itself, or above a cumulative previous value.
    const ctx = (await sunafilApi(
      "GET",
      `/api/policies/pntp/indicators/${c}/rule-context?year=${YEAR}&period=ANUAL`,
    )) as { meta: number | null; previous: { value: number } | null; unit: string };
    const cValue = ctx.meta ?? Math.max(ctx.previous?.value ?? 0, 10);

    const { context, page, problems } = await newUser(browser, server.url);
    await login(page, SUNAFIL);
    await page.waitForURL((u) => u.pathname === "/tareas");
    // Online visit: the service worker takes the page and the offline data is saved.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
      timeout: 30_000,
    });
    await page.getByText(/Datos para trabajar sin conexión/).waitFor();
    assert.match(await text(page, "connection"), /En línea/);

    await context.setOffline(true);
    await waitForText(page, "connection", /Sin conexión/);
    await screenshot(page, "20-sin-conexion");

    // A: the saved draft, edited offline with a value far above the meta (warning, justified).
    await page.locator(`.tasks-table tr[data-indicator="${a}"]`).getByRole("link").click();
    const value = page.getByLabel("Valor obtenido", { exact: true });
    await value.fill("25");
    await page.locator('[data-code="AVANCE_MUY_ALTO"]').waitFor();
    await page
      .getByLabel("Justificación de las advertencias")
      .fill("Operativo extraordinario en 2024: cobertura mayor a la prevista.");
    await page.getByRole("button", { name: "Enviar para revisión" }).click();
    await page.getByText(/el valor quedó listo para enviar/).waitFor();
    await waitForText(page, "queue-count", /^1 en cola/);

    // B: a percentage over 100, an error: submitting is blocked, the draft is kept.
    await page.goto("/tareas");
    await page.locator(`.tasks-table tr[data-indicator="${b}"]`).getByRole("link").click();
    await value.fill("150");
    await page.locator('[data-code="PORCENTAJE_FUERA_DE_RANGO"]').waitFor();
    assert.ok(await page.getByRole("button", { name: "Enviar para revisión" }).isDisabled());
    await page.getByRole("button", { name: "Guardar borrador" }).click();
    await page.getByText(/el borrador se guardó en este equipo/).waitFor();

    // C: a consistent value with an evidence file, ready to submit.
    await page.goto("/tareas");
    await page.locator(`.tasks-table tr[data-indicator="${c}"]`).getByRole("link").click();
    await value.fill(String(cValue));
    const pdf = writeSamplePdf(workDir, "acta-sin-conexion.pdf", "Evidencia sin conexion");
    await page.getByLabel("Adjuntar archivos").setInputFiles(pdf);
    await page.getByText(/acta-sin-conexion\.pdf se subirá/).waitFor();
    await page.getByRole("button", { name: "Enviar para revisión" }).click();
    await page.getByText(/el valor quedó listo para enviar/).waitFor();
    await waitForText(page, "queue-count", /^3 en cola/);

    // Reload without a connection: the shell comes from the service worker, the queue stays.
    const reloadStart = Date.now();
    await page.reload();
    await waitForText(page, "connection", /Sin conexión/);
    await waitForText(page, "queue-count", /^3 en cola/);
    console.log(`# tiempo hasta interactivo sin conexión: ${Date.now() - reloadStart} ms`);
    await screenshot(page, "21-recarga-sin-conexion");
    await page.goto(`/mediciones/${draft.id}`);
    await page.getByText(/cambios guardados en este equipo/).waitFor();
    assert.equal(await value.inputValue(), "25", "the queued value survives the reload");

    // Meanwhile the administrator changes A on the server.
    await adminApi("PUT", `/api/measurements/${draft.id}`, {
      value: 7,
      numerator: null,
      denominator: null,
      lockVersion: draft.lockVersion,
    });

    // Back online: the queue is sent; A stops as a conflict, the others go through.
    await context.setOffline(false);
    await waitForText(page, "conflict-count", /1 conflicto por resolver/);
    await waitForText(page, "queue-count", /^0 en cola/);
    await page.getByTestId("conflict-count").click();
    const item = page.locator(`.queue-item[data-indicator="${a}"]`);
    await item.locator(".conflict").waitFor();
    assert.deepEqual(
      (await item.getByTestId("mine").allTextContents()).slice(0, 1).map((s) => s.trim()),
      ["25"],
    );
    assert.deepEqual(
      (await item.getByTestId("theirs").allTextContents()).slice(0, 1).map((s) => s.trim()),
      ["7"],
    );
    await screenshot(page, "22-conflicto");
    // Nothing was overwritten while the person had not decided.
    const pending = (await adminApi(
      "GET",
      `/api/measurements/${draft.id}`,
    )) as unknown as Measurement;
    assert.equal(pending.value, 7);
    await item.getByRole("button", { name: "Usar mi versión" }).click();
    await page.getByRole("button", { name: "Sincronizar ahora" }).click();
    await page.getByText("No hay valores en cola.").waitFor();

    // The server holds what was confirmed, once per task.
    const all = (
      (await adminApi(
        "GET",
        `/api/policies/pntp/measurements?year=${YEAR}&period=ANUAL&limit=200`,
      )) as unknown as { items: Measurement[] }
    ).items;
    const of = (code: string) => all.filter((m) => m.indicator.code === code);
    assert.equal(of(a).length, 1, "A: one value");
    assert.equal(of(b).length, 1, "B: one value");
    assert.equal(of(c).length, 1, "C: one value");
    const [ma, mb, mc] = [of(a)[0], of(b)[0], of(c)[0]] as Measurement[];
    assert.equal(ma?.value, 25);
    assert.equal(ma?.status, "enviado");
    assert.match(ma?.justification ?? "", /Operativo extraordinario/);
    assert.equal(mb?.value, 150);
    assert.equal(mb?.status, "borrador");
    assert.equal(mc?.value, cValue);
    assert.equal(mc?.status, "enviado");
    assert.equal(mc?.evidence.length, 1, "the evidence was uploaded after reconnecting");
    // The server's rules say what the browser said offline.
    assert.ok(ma?.findings.some((f) => f.code === "AVANCE_MUY_ALTO" && f.severity === "warning"));
    assert.ok(mb?.findings.some((f) => f.code === "PORCENTAJE_FUERA_DE_RANGO"));
    assert.deepEqual(mc?.findings, []);

    // Signing out takes the device's data with it.
    await page.getByRole("button", { name: "Cerrar sesión", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/ingresar");
    const rows = await page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name);
      if (!names.includes("vigia-offline")) return 0;
      return new Promise<number>((done) => {
        const open = indexedDB.open("vigia-offline");
        open.onsuccess = () => {
          const db = open.result;
          const stores = ["snapshots", "sessions", "queue", "files"];
          const tx = db.transaction(stores, "readonly");
          let total = 0;
          let left = stores.length;
          for (const s of stores) {
            const req = tx.objectStore(s).count();
            req.onsuccess = () => {
              total += req.result;
              if (--left === 0) done(total);
            };
          }
        };
      });
    });
    assert.equal(rows, 0, "nothing of the focal point is left in IndexedDB");
    assert.deepEqual(
      problems.filter((p) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|network/i.test(p)),
      [],
    );
    await context.close();
  });
});
