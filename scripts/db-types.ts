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
import { generateRowTypes, OUT_FILE, ROOT } from "./row-types.ts";

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
console.error(
  `${outFile} no corresponde a db/migrations. Ejecute \`npm run db:types\` y confirme el archivo.`,
);
console.error("(- el archivo confirmado, + lo que generan las migraciones)");
console.error(lineDiff(committed, text).join("\n"));
process.exit(1);

/** The lines only in the committed file (-) or only in the generated one (+), in order. */
function lineDiff(before: string, after: string, limit = 40): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // Longest common subsequence lengths of the suffixes, row by row: files are a few hundred lines.
  const width = b.length + 1;
  const lcs = new Uint16Array((a.length + 1) * width);
  const at = (i: number, j: number) => lcs[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while ((i < a.length || j < b.length) && out.length < limit) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || at(i + 1, j) >= at(i, j + 1))) {
      out.push(`  - ${i + 1}: ${a[i]}`);
      i++;
    } else {
      out.push(`  + ${j + 1}: ${b[j]}`);
      j++;
    }
  }
  return out;
}
