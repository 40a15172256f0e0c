import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { nextTotpCode } from "../support/totp.ts";

/**
 * End-to-end support: the real server (tsx, PGlite in a temporary directory, demo accounts on)
 * and Debian's Chromium driven by playwright-core. Nothing is downloaded.
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREENSHOTS = join(ROOT, "artifacts", "screenshots");
export const DEMO_PASSWORD = "e2e-clave-demo-2024";
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface RunningServer {
  url: string;
  output(): string;
  /**
   * Runs `vigia ARGS…` on the server's database. PGlite admits one process per data directory,
   * so the server is stopped for the command and started again on the same address; sessions
   * live in the database and survive.
   */
  vigia(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/** Builds the web app if stale, then starts the server on a free port with a fresh data dir. */
export async function startServer(): Promise<RunningServer> {
  const build = spawnSync(process.execPath, [join(ROOT, "scripts/build-web.mjs")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);

  const dataDir = mkdtempSync(join(tmpdir(), "vigia-e2e-"));
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: "test",
    VIGIA_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    VIGIA_DEMO: "auto",
    VIGIA_SEED: "auto",
    VIGIA_DEMO_PASSWORD: DEMO_PASSWORD,
  };
  let log = "";
  const url = `http://127.0.0.1:${port}`;

  async function spawnServer(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/server/main.ts")], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => {
      log += String(d);
    });
    child.stderr?.on("data", (d) => {
      log += String(d);
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) return child;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not start in 90 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function stopServer(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }

  let child = await spawnServer();
  return {
    url,
    output: () => log,
    async vigia(...args) {
      await stopServer(child);
      const run = spawnSync(process.execPath, [join(ROOT, "bin/vigia.mjs"), ...args], {
        cwd: ROOT,
        env,
        encoding: "utf8",
      });
      child = await spawnServer();
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    async stop() {
      await stopServer(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh browser profile (own cookies) at laptop or phone size. */
export async function newUser(
  browser: Browser,
  baseURL: string,
  size: "laptop" | "phone" = "laptop",
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    baseURL,
    locale: "es-PE",
    timezoneId: "America/Lima",
    viewport: size === "phone" ? { width: 390, height: 844 } : { width: 1366, height: 900 },
    deviceScaleFactor: 1,
    isMobile: size === "phone",
    hasTouch: size === "phone",
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  // Anything the browser complains about is a failure to look at (expected 4xx are filtered).
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/status of 4\d\d/.test(msg.text()))
      problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems };
}

/** The authenticator secrets of the accounts enrolled in this run, as a phone keeps them. */
export const E2E_SECRETS = new Map<string, string>();

/**
 * Signs in as a person: the password, then the second factor when the account has or needs one
 * (ADR 0037): the first time the secret is read off the page and the first code typed, then the
 * recovery codes acknowledged; afterwards a code computed from the secret kept here.
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/ingresar");
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Ingresar" }).click();
  // The user's name in the header (attached even when the phone menu is folded), or the MFA step.
  const name = page.locator(".nav-user .user-name");
  const code = page.locator("#mfa-code");
  await name.or(code).first().waitFor({ state: "attached" });
  if (await code.count()) await secondFactor(page, email);
  await name.waitFor({ state: "attached" });
}

export async function secondFactor(page: Page, email: string): Promise<void> {
  const enrol = page.getByRole("heading", { name: "Registrar su aplicación de autenticación" });
  if (await enrol.count()) {
    const secret = (await page.getByTestId("mfa-secret").textContent())?.trim() ?? "";
    E2E_SECRETS.set(email, secret);
    await page.getByLabel("Código de verificación").fill(await nextTotpCode(secret));
    await page.getByRole("button", { name: "Confirmar" }).click();
    await page.getByRole("button", { name: "Ya guardé los códigos, continuar" }).click();
    return;
  }
  const secret = E2E_SECRETS.get(email);
  if (!secret) throw new Error(`no authenticator secret for ${email}`);
  await page.getByLabel("Código de verificación").fill(await nextTotpCode(secret));
  await page.getByRole("button", { name: "Verificar" }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * A small, valid one-page PDF written byte by byte (cross-reference offsets computed), so the
 * upload is a real document and not a renamed text file.
 */
export function writeSamplePdf(dir: string, name: string, text: string): string {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    "", // content stream, below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 18 Tf 72 760 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  objects[3] = `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`;
  let pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(pdf, "latin1"));
  return path;
}
