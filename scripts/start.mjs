#!/usr/bin/env node
// `npm start`: builds the web app if it is missing or stale, then runs the server (through tsx,
// no build step for the server) in a child process that receives our signals.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureWebBuild } from "./build-web.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

try {
  await ensureWebBuild();
} catch (err) {
  console.error("Error: no se pudo compilar la aplicación web.", err);
  process.exit(1);
}

const server = spawn(process.execPath, ["--import", "tsx", join(root, "src/server/main.ts")], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
