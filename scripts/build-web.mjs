#!/usr/bin/env node
// Builds the web app (src/web → dist/web) with Vite when the build is missing or older than
// its sources. `npm start` runs it before starting the server; `--force` always builds.
//   node scripts/build-web.mjs [--force]
// Run it as a process of its own, never import it into one that starts the server: Vite sets
// NODE_ENV=production in the process that builds (scripts/start.mjs).
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = join(root, "dist", "web", "index.html");
// The web app imports src/shared directly, and the map its GeoJSON: a change there needs a
// new build too.
const inputs = [
  "src/web",
  "src/shared",
  "reference/geo/peru_departamental_simple.geojson",
  "reference/geo/derived",
  "vite.config.ts",
  "src/web/public",
  "package-lock.json",
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function webBuildIsStale() {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return inputs.some((input) => newestMtime(join(root, input)) > built);
}

export async function ensureWebBuild({ force = false } = {}) {
  if (!force && !webBuildIsStale()) return false;
  console.log("Vigía: compilando la aplicación web (dist/web)…");
  const { build } = await import("vite");
  await build({
    root: join(root, "src/web"),
    configFile: join(root, "vite.config.ts"),
    logLevel: "warn",
  });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureWebBuild({ force: process.argv.includes("--force") }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
