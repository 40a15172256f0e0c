import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { DatabaseConfig } from "../../src/server/config.ts";
import { signInOverHttp } from "../support/http-sign-in.ts";

/**
 * The real server (src/server/main.ts through tsx) in a child process the crash test can
 * SIGKILL and start again on the same data: PGlite in a temporary directory, or, with
 * DATABASE_URL, a schema of its own on the server. Evidence files in the temporary directory.
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PASSWORD = "crash-clave-demo-2024";

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface CrashServer {
  url: string;
  /** The running child's process id (null before start and after exit). */
  pid(): number | null;
  backend: "pglite" | "postgres";
  /** What the test process opens after the last kill to check the database directly. */
  database: DatabaseConfig;
  filesDir: string;
  start(): Promise<number>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
  log(): string;
}

/** PostgreSQL when `databaseUrl` is given (by default DATABASE_URL), PGlite otherwise. */
export async function createCrashServer(
  options: { databaseUrl?: string } = { databaseUrl: process.env.DATABASE_URL },
): Promise<CrashServer> {
  const dir = mkdtempSync(join(tmpdir(), "vigia-crash-"));
  const url = options.databaseUrl || undefined;
  const schema = url ? `crash_${randomBytes(5).toString("hex")}` : null;
  const port = await freePort();
  const filesDir = join(dir, "files");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    VIGIA_DEMO: "auto",
    VIGIA_SEED: "auto",
    VIGIA_DEMO_PASSWORD: PASSWORD,
    VIGIA_FILES_DIR: filesDir,
    VIGIA_DATA_DIR: undefined,
    VIGIA_DB_SCHEMA: undefined,
    DATABASE_URL: url,
  };
  if (url && schema) env.VIGIA_DB_SCHEMA = schema;
  else env.VIGIA_DATA_DIR = join(dir, "data");
  const database: DatabaseConfig =
    url && schema
      ? { backend: "postgres", url, schema }
      : { backend: "pglite", dataDir: join(dir, "data", "pgdata") };

  let child: ChildProcess | null = null;
  let output = "";
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    backend: database.backend,
    database,
    filesDir,
    log: () => output,
    pid: () => (child && child.exitCode === null && !child.signalCode ? (child.pid ?? null) : null),
    /** Starts the server and waits for /api/health; returns the milliseconds it took. */
    async start() {
      const began = Date.now();
      const proc = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/server/main.ts")], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = proc;
      proc.stdout?.on("data", (d) => {
        output += String(d);
      });
      proc.stderr?.on("data", (d) => {
        output += String(d);
      });
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (proc.exitCode !== null) throw new Error(`the server exited at start:\n${output}`);
        try {
          if ((await fetch(`${base}/api/health`)).ok) return Date.now() - began;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** kill -9: no handler runs, nothing is flushed or closed. */
    async kill() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await exited;
    },
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    },
    async dispose() {
      if (url && schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client over real HTTP: the session cookie and the CSRF token. */
export class HttpClient {
  cookie = "";
  csrf = "";
  constructor(readonly base: string) {}

  /** The password, then the second factor when the account owes one (ADR 0037). */
  async login(email: string): Promise<void> {
    const res = await signInOverHttp(this.base, email, PASSWORD);
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
    this.cookie = res.cookie;
    this.csrf = res.csrfToken;
  }

  async send(method: string, path: string, body?: unknown, form?: FormData) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== "GET") headers["x-csrf-token"] = this.csrf;
    let payload: BodyInit | undefined;
    if (form) payload = form;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body: payload });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0] ?? "";
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, text: new TextDecoder().decode(bytes), bytes };
  }

  async json<T>(method: string, path: string, body?: unknown, form?: FormData) {
    const res = await this.send(method, path, body, form);
    return { status: res.status, body: (res.text ? JSON.parse(res.text) : null) as T };
  }
}
