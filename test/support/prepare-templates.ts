import { createTestDatabase } from "./test-db.ts";

/**
 * Builds the test database templates once, before the suites start in parallel, so that they
 * copy one template instead of each building its own (scripts/run-tests.mjs runs this first).
 */
for (const seed of [undefined, "pntp"] as const) {
  const t = await createTestDatabase(seed ? { seed } : {});
  await t.dispose();
}
// PGlite's worker keeps the event loop alive after close; this script has nothing left to do.
process.exit(0);
