#!/usr/bin/env node
// Entry point of the `vigia` command: runs the TypeScript sources through tsx's loader, so the
// CLI, the server and the tests execute the same files with no build step.
import { spawnSync } from "node:child_process";
import { register } from "tsx/esm/api";

// A budget import allocates a few kilobytes of short-lived strings per line. With a larger young
// generation the collector reclaims them in far fewer scavenges: about a fifth less time on a
// million lines (docs/budget.md). V8 reads the size only at start, so the import runs in a child
// process that has it; `npm run bench:budget` measures with the same setting.
const SEMI_SPACE = "--max-semi-space-size=64";
if (
  process.argv[2] === "budget" &&
  process.argv[3] === "import" &&
  !process.execArgv.some((a) => a.startsWith("--max-semi-space-size"))
) {
  const child = spawnSync(
    process.execPath,
    [SEMI_SPACE, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  process.exit(child.status ?? 1);
}

register();
await import("../src/cli/main.ts");
