#!/usr/bin/env node
// `npm start`: builds the web app if it is missing or stale, then runs the server (through tsx,
// no build step for the server) in a child process that receives our signals.
//
// The environment is copied before anything else runs, and both children get that copy. The
// build runs in a process of its own because Vite sets NODE_ENV=production when it is unset;
// had it run here, the server would inherit that and skip the demo accounts on a fresh clone.
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const startEnv = Object.freeze({ ...process.env });
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// build-web.mjs decides itself whether the build is stale, and prints what it does.
const build = spawnSync(process.execPath, [join(root, "scripts/build-web.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: { ...startEnv },
});
if (build.status !== 0) {
  console.error(
    "Error: no se pudo compilar la aplicación web.",
    build.error ?? `(código de salida ${build.status ?? build.signal})`,
  );
  process.exit(1);
}

const server = spawn(process.execPath, ["--import", "tsx", join(root, "src/server/main.ts")], {
  cwd: root,
  stdio: "inherit",
  env: { ...startEnv },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
