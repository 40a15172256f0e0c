#!/usr/bin/env node
// The newcomer's path, end to end, as CI's fresh clone sees it: `npm start` with no NODE_ENV,
// an empty data directory and (in CI) no dist/web; the demo passwords read from what it
// prints; then, through the API, a focal point enters a value for the open period 2024 ANUAL
// and submits it, the administrator validates it, and the Tablero for 2024 must show it.
//   node scripts/fresh-start-walk.mjs [--require-fresh]
// --require-fresh fails when dist/web already exists: .ci/run runs the walk before anything
// else builds the web app, and this keeps it honest if the steps are ever reordered.
// Prints one line per step; exits non-zero on the first failure; always stops the server.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Secret, TOTP } from "otpauth";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const POLICY = "pntp";
const YEAR = 2024;
const PERIOD = "ANUAL";
/** The first build takes 30-60 s on a quiet machine; CI machines are shared. */
const START_TIMEOUT_MS = 150_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The values walked through submit → validate → Tablero, one after the other. `input` is the
 * body the focal point sends (value, or numerator and denominator, with anything else the form
 * sends); `expected` is the value the Tablero must then show for that indicator in 2024.
 * A value given as numerator/denominator is one more entry here, e.g.
 *   { account: "mimp@demo.vigia.pe", indicator: "…", input: { value: null, numerator: 1,
 *     denominator: 100 }, expected: 1 },
 */
const WALK = [
  {
    account: "sunafil@demo.vigia.pe",
    indicator: "1.1",
    input: { value: 9.9, sourceSystem: "Sistema de Inspección del Trabajo" },
    expected: 9.9,
  },
  // A percentage entered only as numerator and denominator: the value the Tablero shows is
  // derived by the shared rule (n/d × 100), the case that once stayed ND after validation.
  {
    account: "mimp@demo.vigia.pe",
    indicator: "3.2",
    input: { value: null, numerator: 27, denominator: 100, sourceSystem: "Registro de la DGCVG" },
    expected: 27,
  },
];
const ADMIN = "admin@demo.vigia.pe";

let failed = false;
const step = (text) => console.log(`[walk] ${text}`);
const fail = (text) => {
  throw new Error(text);
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The environment a newcomer has: ours, without anything that changes what start does. */
function newcomerEnv(port, dataDir) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      name === "NODE_ENV" ||
      name === "DATABASE_URL" ||
      name.startsWith("VIGIA_") ||
      /^PG(HOST|DATABASE|USER|PASSWORD|PORT)$/.test(name)
    ) {
      delete env[name];
    }
  }
  return { ...env, PORT: String(port), HOST: "127.0.0.1", VIGIA_DATA_DIR: dataDir };
}

/** `npm start` in a process group of its own, so that stopping it stops the server too. */
function startServer(env) {
  const child = spawn("npm", ["start"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const accounts = new Map();
  let openPeriod = false;
  let url = null;
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not listen within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    const onLine = (line) => {
      console.log(`  | ${line}`);
      const account = line.match(/^\s+(\S+)\s+(\S+@\S+)\s+(\S+)\s*$/);
      if (account) accounts.set(account[2], { role: account[1], password: account[3] });
      if (line.includes(`Periodo abierto: PNTP ${YEAR} ${PERIOD}`)) openPeriod = true;
      const listening = line.match(/escuchando en (http:\/\/\S+?)\/?$/);
      if (listening) {
        url = listening[1];
        clearTimeout(timer);
        resolve();
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) onLine(line);
      });
    }
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited before listening (${code ?? signal})`));
    });
  });
  let stopped = false;
  // The whole group: npm, the shell, scripts/start.mjs, the server and the build's helpers.
  const signalGroup = (signal) => {
    if (stopped || child.pid === undefined) return false;
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  const stop = async () => {
    signalGroup("SIGTERM");
    // Wait for every process of the group (the server closes its database), then insist.
    for (let waited = 0; waited < 10_000 && signalGroup(0); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    signalGroup("SIGKILL");
    stopped = true;
  };
  return {
    child,
    ready,
    stop,
    stopNow: () => signalGroup("SIGKILL"),
    get url() {
      return url;
    },
    accounts,
    get openPeriod() {
      return openPeriod;
    },
  };
}

/** A browser-like API client: the session cookie, and the CSRF token on every mutation. */
function apiClient(baseUrl) {
  let cookie = null;
  let csrf = null;
  const request = async (method, path, body) => {
    const headers = { accept: "application/json" };
    if (cookie) headers.cookie = cookie;
    if (csrf && method !== "GET") headers["x-csrf-token"] = csrf;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    for (const set of res.headers.getSetCookie()) {
      const pair = set.split(";")[0] ?? "";
      if (pair.startsWith("vigia_session=")) cookie = pair.endsWith("=") ? null : pair;
    }
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  const expect = async (status, method, path, body) => {
    const res = await request(method, path, body);
    if (res.status !== status) {
      fail(
        `${method} ${path}: HTTP ${res.status} (expected ${status}): ${JSON.stringify(res.json)}`,
      );
    }
    return res.json;
  };
  return {
    expect,
    async login(email, password) {
      let session = await expect(200, "POST", "/api/session", { email, password });
      csrf = session.csrfToken;
      if (!cookie || !csrf) fail(`login as ${email}: no session cookie or CSRF token`);
      // An administrator registers an authenticator at its first sign-in (ADR 0037): the
      // secret is shown once and the first code, computed here as a phone would, confirms it.
      if (session.mfaStep === "enrol") {
        const { secret } = await expect(201, "POST", "/api/session/mfa/enrolment");
        const code = TOTP.generate({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
        const enrolled = await expect(200, "PUT", "/api/session/mfa/enrolment", { code });
        if (enrolled.recoveryCodes?.length !== 10) fail(`${email}: no recovery codes shown`);
        session = enrolled.session;
        csrf = session.csrfToken;
        step(`${email} registered an authenticator app (required for its role)`);
      }
      // The printed passwords must be changed at the first sign-in, as a newcomer would in
      // the browser: until then every other route answers 403.
      if (session.user.mustChangePassword) {
        const blocked = await request("GET", `/api/policies/${POLICY}/tasks`);
        if (blocked.status !== 403) {
          fail(`before changing its password ${email} got HTTP ${blocked.status}, not 403`);
        }
        session = await expect(200, "PUT", "/api/session/password", {
          currentPassword: password,
          newPassword: `${password}-propia-2`,
        });
        if (session.user.mustChangePassword) fail(`${email} must still change its password`);
        step(`${email} changed its printed password (required at the first sign-in)`);
      }
      return session;
    },
  };
}

async function dashboard(admin) {
  const body = await admin.expect(200, "GET", `/api/policies/${POLICY}/dashboard?year=${YEAR}`);
  return body.evaluation;
}
const indicatorOf = (evaluation, code) =>
  evaluation.indicators.find((i) => i.code === code) ??
  fail(`the ${YEAR} dashboard has no indicator ${code}`);
const sameNumber = (a, b) => typeof a === "number" && Math.abs(a - b) < 1e-9;

async function walkOne(server, admin, entry) {
  const credentials =
    server.accounts.get(entry.account) ??
    fail(`npm start printed no password for ${entry.account}`);
  const before = indicatorOf(await dashboard(admin), entry.indicator);
  if (sameNumber(before.value, entry.expected)) {
    fail(
      `indicator ${entry.indicator} already shows ${entry.expected}: the walk would prove nothing`,
    );
  }

  const focal = apiClient(server.url);
  await focal.login(entry.account, credentials.password);
  step(`${entry.account} signed in`);
  const tasks = await focal.expect(200, "GET", `/api/policies/${POLICY}/tasks`);
  const task =
    tasks.find(
      (t) => t.indicator.code === entry.indicator && t.year === YEAR && t.period === PERIOD,
    ) ?? fail(`${entry.account} has no task for indicator ${entry.indicator} in ${YEAR} ${PERIOD}`);
  if (task.status !== "pendiente")
    fail(`task ${entry.indicator} is "${task.status}", not pendiente`);
  step(`task ${entry.indicator} ${YEAR} ${PERIOD} is pending (deadline ${task.deadline})`);

  const draft = await focal.expect(
    201,
    "POST",
    `/api/policies/${POLICY}/indicators/${encodeURIComponent(entry.indicator)}/measurements`,
    { year: YEAR, period: PERIOD, value: null, numerator: null, denominator: null, ...entry.input },
  );
  const errors = draft.findings.filter((f) => f.severity === "error");
  if (errors.length) fail(`draft ${draft.id} has errors: ${JSON.stringify(errors)}`);
  const warnings = draft.findings.filter((f) => f.severity === "warning");
  step(
    `draft ${draft.id} saved (${JSON.stringify(entry.input)})${warnings.length ? `, warnings: ${warnings.map((w) => w.code).join(", ")}` : ""}`,
  );

  const sent = await focal.expect(200, "POST", `/api/measurements/${draft.id}/submit`, {
    lockVersion: draft.lockVersion,
    justification: warnings.length
      ? "Valor verificado con la fuente (recorrido de primer inicio)."
      : null,
  });
  if (sent.status !== "enviado") fail(`after submit the value is "${sent.status}"`);
  step(`value ${draft.id} submitted`);

  const validated = await admin.expect(200, "POST", `/api/measurements/${draft.id}/validate`, {
    lockVersion: sent.lockVersion,
  });
  if (validated.status !== "validado") fail(`after validate the value is "${validated.status}"`);
  step(`value ${draft.id} validated by ${ADMIN}`);

  const after = indicatorOf(await dashboard(admin), entry.indicator);
  if (!sameNumber(after.value, entry.expected)) {
    fail(
      `the ${YEAR} Tablero shows ${JSON.stringify(after.value)} for ${entry.indicator}, expected ${entry.expected}`,
    );
  }
  if (after.tipo1 === "ND" && after.tipo2 === "ND") {
    fail(`indicator ${entry.indicator} has a value but no avance (tipo 1 and 2 are ND)`);
  }
  step(
    `Tablero ${YEAR}, indicator ${entry.indicator}: value ${before.value ?? "ND"} → ${after.value}, avance tipo 1 ${before.tipo1} → ${after.tipo1}, tipo 2 ${before.tipo2} → ${after.tipo2}, level ${after.level}`,
  );
}

async function main() {
  const started = Date.now();
  const fresh = !existsSync(join(root, "dist", "web"));
  if (!fresh && process.argv.includes("--require-fresh")) {
    fail("dist/web exists: this walk must run before anything builds the web app");
  }
  const dataDir = mkdtempSync(join(tmpdir(), "vigia-fresh-start-"));
  const port = await freePort();
  step(
    `npm start on port ${port}, data in ${dataDir}, NODE_ENV unset, ${fresh ? "no dist/web (first build)" : "dist/web present"}`,
  );
  const server = startServer(newcomerEnv(port, dataDir));
  const stopOnSignal = () => {
    server.stopNow();
    process.exit(130);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  process.once("exit", () => server.stopNow());
  try {
    await server.ready;
    step(`listening on ${server.url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!server.accounts.has(ADMIN)) fail("npm start printed no demo administrator password");
    for (const entry of WALK) {
      if (!server.accounts.has(entry.account)) {
        fail(`npm start printed no demo password for ${entry.account}`);
      }
    }
    if (!server.openPeriod) fail(`npm start did not print the open period ${YEAR} ${PERIOD}`);
    step(
      `demo accounts printed: ${[...server.accounts.keys()].join(", ")}; open period ${YEAR} ${PERIOD}`,
    );

    const admin = apiClient(server.url);
    await admin.login(ADMIN, server.accounts.get(ADMIN).password);
    step(`${ADMIN} signed in`);
    const indexBefore = (await dashboard(admin)).index.tipo2;
    for (const entry of WALK) await walkOne(server, admin, entry);
    const indexAfter = (await dashboard(admin)).index.tipo2;
    if (indexAfter === indexBefore)
      fail(`the ${YEAR} índice de gestión did not move (${indexBefore})`);
    step(`índice de gestión ${YEAR} (tipo 2): ${indexBefore} → ${indexAfter}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  step(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (err) {
  failed = true;
  console.error(`[walk] FAILED: ${err instanceof Error ? err.message : err}`);
}
process.exit(failed ? 1 : 0);
