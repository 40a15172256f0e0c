#!/usr/bin/env node
// Runs the test suite with Node's own test runner, and ends with a plain
// "tests: N passed, N failed" line that any CI can read.
// Node 20's `--test` does not expand globs, so the files are listed here.
//   node scripts/run-tests.mjs            every *.test.ts under src/ and test/ (not e2e, and not
//                                         test/crash: npm run test:crash, a minute of kill -9)
//   node scripts/run-tests.mjs --db-only  only the database suites (*.db.test.ts)
//   node scripts/run-tests.mjs FILE…      only those files
//   VIGIA_TEST_ISOLATION=file             one process per file (Node's default), to bisect a
//                                         suite that disturbs another
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dbOnly = process.argv.includes("--db-only");
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === "node_modules" || e.name === "e2e" || e.name === "crash"
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

const concurrency = Number(
  process.env.VIGIA_TEST_CONCURRENCY ?? Math.max(2, availableParallelism()),
);
const tmp = mkdtempSync(join(tmpdir(), "vigia-tests-"));
const tap = join(tmp, "report.tap");

// Each process pays about a second of CPU before its first test: tsx's loader hooks for some
// five hundred modules, the server's module graph, PGlite's WebAssembly. Paid once per file,
// that was a third of the suite's CPU. So files run in a few long-lived processes ("shards"),
// each file inside a describe of its own named by its path: its hooks, its database and its
// failures stay with it, and the report still reads file by file. Every file still gets a
// database of its own (test/support/test-db.ts); no suite sets process.env or mocks a module.
// Shards are balanced on the durations of the last run (kept in node_modules/.cache), or on
// file sizes when there is none, longest first, so that no shard is left running alone.
const timingsFile = join("node_modules", ".cache", "vigia", "test-timings.json");
const previous = (() => {
  try {
    return JSON.parse(readFileSync(timingsFile, "utf8"));
  } catch {
    return {};
  }
})();
const weight = (f) => previous[f] ?? statSync(f).size * (f.endsWith(".db.test.ts") ? 0.3 : 0.05);

const isolated = process.env.VIGIA_TEST_ISOLATION === "file" || files.length === 1;
let entries = files;
if (!isolated) {
  const shardCount = Math.min(files.length, concurrency * 2);
  const shards = Array.from({ length: shardCount }, () => ({ load: 0, files: [] }));
  for (const f of [...files].sort((a, b) => weight(b) - weight(a))) {
    const lightest = shards.reduce((a, b) => (b.load < a.load ? b : a));
    lightest.files.push(f);
    lightest.load += weight(f);
  }
  // Heaviest shards first: the runner starts entries in the order given.
  shards.sort((a, b) => b.load - a.load);
  entries = shards.map((shard, i) => {
    const entry = join(tmp, `shard-${String(i + 1).padStart(2, "0")}.test.mjs`);
    const lines = shard.files.map(
      (f) =>
        `describe(${JSON.stringify(f)}, async () => { await import(${JSON.stringify(pathToFileURL(resolve(f)).href)}); });`,
    );
    writeFileSync(entry, `import { describe } from "node:test";\n${lines.join("\n")}\n`);
    return entry;
  });
}

const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    // Processes may overlap: a suite waiting on PostgreSQL, a child process or the disk leaves
    // the core to another.
    `--test-concurrency=${concurrency}`,
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...entries,
  ],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
const report = existsSync(tap) ? readFileSync(tap, "utf8") : "";
const count = (name) => Number(report.match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
const passed = count("pass");
const failed = count("fail") + count("cancelled");
console.log(`tests: ${passed} passed, ${failed} failed, ${count("skipped")} skipped`);

if (!isolated) {
  // Node 20's TAP lists each file's suite at the top level ("# Subtest: <path>"), its
  // duration_ms two spaces in when it ends.
  const timings = { ...previous };
  let current = null;
  for (const line of report.split("\n")) {
    const subtest = line.match(/^# Subtest: (.+\.test\.ts)$/);
    if (subtest) current = subtest[1];
    const duration = line.match(/^ {2}duration_ms: ([\d.]+)$/);
    if (duration && current) {
      timings[current] = Number(duration[1]);
      current = null;
    }
  }
  mkdirSync(join("node_modules", ".cache", "vigia"), { recursive: true });
  writeFileSync(timingsFile, JSON.stringify(timings, null, 1));
}
rmSync(tmp, { recursive: true, force: true });
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
