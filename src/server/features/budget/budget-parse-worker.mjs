// Entry of a budget import's worker thread (ADR 0044). Plain JavaScript, because a worker does
// not inherit the TypeScript loader of its parent: neither `node --import tsx` (npm scripts,
// tests, the server) nor the `register()` of bin/vigia.mjs reaches it. The worker registers
// tsx itself, the same dependency the shipped `vigia` command runs on, then loads the source.
import { register } from "tsx/esm/api";

register();
await import("./budget-parse.worker.ts");
