#!/usr/bin/env node
// Entry point of the `vigia` command: runs the TypeScript sources through tsx's loader, so the
// CLI, the server and the tests execute the same files with no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
