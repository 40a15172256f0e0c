#!/usr/bin/env node
// Runs the test suite with Node's own test runner, and ends with a plain
// "tests: N passed, N failed" line that any CI can read.
// Node 20's `--test` does not expand globs, so the files are listed here.
//   node scripts/run-tests.mjs            every *.test.ts under src/ and test/ (not e2e)
//   node scripts/run-tests.mjs --db-only  only the database suites (*.db.test.ts)
//   node scripts/run-tests.mjs FILE…      only those files
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
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
// Files named on the command line run alone: `node scripts/run-tests.mjs src/x.test.ts`.
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const files = (
  named.length > 0
    ? named
    : ["src", "test"]
        .filter((d) => existsSync(d))
        .flatMap((d) => walk(d))
        .filter((f) => f.endsWith(".test.ts"))
)
  .filter((f) => !dbOnly || f.endsWith(".db.test.ts"))
  .sort();
if (files.length === 0) {
  console.error("No test files found.");
  process.exit(1);
}
if (files.some((f) => f.endsWith(".db.test.ts"))) {
  const prepared = spawnSync(
    process.execPath,
    ["--import", "tsx", join("test", "support", "prepare-templates.ts")],
    { stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
  );
  if (prepared.status !== 0) {
    console.error(
      "No se pudieron preparar las bases de datos de prueba (test/support/test-db.ts).",
    );
    process.exit(1);
  }
}
const tmp = mkdtempSync(join(tmpdir(), "vigia-tests-"));
const tap = join(tmp, "report.tap");
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    // Files run in processes of their own, each on a database of its own (test/support/test-db.ts),
    // so they may overlap: a suite waiting on PostgreSQL, a child process or the disk leaves the
    // core to another. Node's default is one fewer than the cores, a single file at a time here.
    `--test-concurrency=${process.env.VIGIA_TEST_CONCURRENCY ?? Math.max(2, availableParallelism())}`,
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
const report = existsSync(tap) ? readFileSync(tap, "utf8") : "";
const count = (name) => Number(report.match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
const passed = count("pass");
const failed = count("fail") + count("cancelled");
console.log(`tests: ${passed} passed, ${failed} failed, ${count("skipped")} skipped`);
rmSync(tmp, { recursive: true, force: true });
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
