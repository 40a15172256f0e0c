import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { nextTotpCode } from "../support/totp.ts";
import {
  DEMO_PASSWORD,
  launchBrowser,
  newUser,
  type RunningServer,
  screenshot,
  startServer,
} from "./support.ts";

/**
 * The administrator's second factor in a real browser (ADR 0037): the demo administrator
 * registers an authenticator at its first sign-in (QR and key shown once, the first code, the
 * recovery codes shown once), signs in again with a code, renews its recovery codes with its
 * password (the first ten stop working), and signs in once with a new recovery code, which then
 * no longer works.
 */

const ADMIN = "admin@demo.vigia.pe";
let server: RunningServer;
let browser: Browser;

describe("second factor for administrators (browser)", () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("enrol at the first sign-in, sign in with a code, renew the recovery codes, sign in with a new one", async () => {
    const { context, page, problems } = await newUser(browser, server.url);
    const signInWithPassword = async () => {
      await page.goto("/ingresar");
      await page.getByLabel("Correo electrónico").fill(ADMIN);
      await page.getByLabel("Contraseña").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Ingresar" }).click();
    };
    const signOut = async () => {
      await page.getByRole("button", { name: "Cerrar sesión", exact: true }).click();
      await page.waitForURL((u) => u.pathname === "/ingresar");
    };

    await signInWithPassword();
    await page.getByRole("heading", { name: "Registrar su aplicación de autenticación" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/cuenta/segundo-factor");
    // No menu of the role until the factor is given.
    assert.equal(await page.locator(".nav-user .user-name").count(), 0);
    await page
      .getByRole("img", { name: "Código QR para su aplicación de autenticación" })
      .waitFor();
    const secret = (await page.getByTestId("mfa-secret").textContent())?.trim() ?? "";
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await screenshot(page, "mfa-enrolment");
    // A wrong code is refused, in Spanish, and the page stays.
    await page.getByLabel("Código de verificación").fill("000000");
    await page.getByRole("button", { name: "Confirmar" }).click();
    await page.getByText("El código no es correcto o ya fue usado.").first().waitFor();
    await page.getByLabel("Código de verificación").fill(await nextTotpCode(secret));
    await page.getByRole("button", { name: "Confirmar" }).click();
    await page.getByRole("heading", { name: "Códigos de recuperación" }).waitFor();
    const codes = await page.locator(".recovery-codes code").allTextContents();
    assert.equal(codes.length, 10);
    await screenshot(page, "mfa-recovery-codes");
    await page.getByRole("button", { name: "Ya guardé los códigos, continuar" }).click();
    await page.locator(".nav-user .user-name").waitFor({ state: "attached" });
    await page.goto("/admin/usuarios");
    await page.getByRole("heading", { name: "Usuarios" }).first().waitFor();
    await signOut();

    // The second sign-in asks for a code.
    await signInWithPassword();
    await page.getByRole("heading", { name: "Verificación en dos pasos" }).waitFor();
    await page.getByLabel("Código de verificación").fill(await nextTotpCode(secret));
    await page.getByRole("button", { name: "Verificar" }).click();
    await page.locator(".nav-user .user-name").waitFor({ state: "attached" });

    // New recovery codes, confirmed with the password: the first ten stop working.
    await page.getByRole("link", { name: "Códigos de recuperación" }).click();
    await page.getByRole("heading", { name: "Nuevos códigos de recuperación" }).waitFor();
    await page.getByLabel("mi contraseña").check();
    await page.getByLabel("Contraseña actual").fill("no-es-la-clave-1");
    await page.getByRole("button", { name: "Generar nuevos códigos" }).click();
    await page.getByText("La contraseña no es correcta.").first().waitFor();
    await page.getByLabel("Contraseña actual").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Generar nuevos códigos" }).click();
    await page.getByText("Los códigos anteriores ya no sirven.").waitFor();
    const renewed = await page.locator(".recovery-codes code").allTextContents();
    assert.equal(renewed.length, 10);
    assert.equal(renewed.filter((c) => codes.includes(c)).length, 0);
    await screenshot(page, "mfa-recovery-codes-renewed");
    await signOut();
    await signInWithPassword();
    await page.getByLabel("Código de verificación").fill(codes[0] ?? "");
    await page.getByRole("button", { name: "Verificar" }).click();
    await page.getByText("El código no es correcto o ya fue usado.").first().waitFor();
    // The pending session is dropped with its cookie: the next sign-in starts from the password.
    await context.clearCookies();

    // A recovery code, once.
    const recovery = renewed[0] ?? "";
    await signInWithPassword();
    await page.getByLabel("Código de verificación").fill(recovery);
    await page.getByRole("button", { name: "Verificar" }).click();
    await page.locator(".nav-user .user-name").waitFor({ state: "attached" });
    await signOut();
    await signInWithPassword();
    await page.getByLabel("Código de verificación").fill(recovery);
    await page.getByRole("button", { name: "Verificar" }).click();
    await page.getByText("El código no es correcto o ya fue usado.").first().waitFor();
    await screenshot(page, "mfa-verify-refused");
    assert.deepEqual(problems, []);
    await context.close();
  });
});
