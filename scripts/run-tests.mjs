#!/usr/bin/env node
// Runs the test suite with Node's own test runner (CI reads its closing lines).
// Node 20's `--test` does not expand globs, so the files are listed here.
//   node scripts/run-tests.mjs            every *.test.ts under src/ and test/ (not e2e)
//   node scripts/run-tests.mjs --db-only  only the database suites (*.db.test.ts)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dbOnly = process.argv.includes("--db-only");
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === "node_modules" || e.name === "e2e"
        ? []
        : walk(join(dir, e.name))
      : [join(dir, e.name)],
  );
const files = ["src", "test"]
  .filter((d) => existsSync(d))
  .flatMap((d) => walk(d))
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => !dbOnly || f.endsWith(".db.test.ts"))
  .sort();
if (files.length === 0) {
  console.error("No test files found.");
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", ...files],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);
