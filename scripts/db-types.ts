/**
 * npm run db:types             writes src/server/db/schema.generated.ts from db/migrations
 * npm run db:types -- --check  exits 1, with the differing lines, when the committed file is
 *                              not what the migrations generate (run by npm run check)
 *
 * The migrations run on an in-memory PGlite, so neither needs a server or a data directory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openDatabase } from "../src/server/db/connect.ts";
import { migrateDatabase } from "../src/server/db/migrate.ts";
import { describeStaleRowTypes, generateRowTypes, OUT_FILE, ROOT } from "./row-types.ts";

const check = process.argv.includes("--check");
const outArg = process.argv.indexOf("--out");
const outFile = outArg > 0 ? (process.argv[outArg + 1] ?? OUT_FILE) : OUT_FILE;
const path = resolve(ROOT, outFile);

const handle = await openDatabase({ backend: "pglite", dataDir: null });
let text: string;
try {
  await migrateDatabase(handle.db);
  text = await generateRowTypes(handle.db, { outFile: OUT_FILE });
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
} finally {
  await handle.close();
}

if (!check) {
  writeFileSync(path, text);
  console.log(`${outFile} escrito desde db/migrations.`);
  process.exit(0);
}
let committed = "";
try {
  committed = readFileSync(path, "utf8");
} catch {
  // Missing: reported as a difference below.
}
if (committed === text) {
  console.log(`${outFile} está al día con db/migrations.`);
  process.exit(0);
}
for (const line of describeStaleRowTypes(outFile, committed, text)) console.error(line);
process.exit(1);
