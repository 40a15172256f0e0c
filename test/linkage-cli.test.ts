import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runCli } from "../src/cli/run-cli.ts";

// `vigia linkage estimate` needs no database: a database call here is a bug, so it throws.
async function vigia(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => "",
    backend: () => "pglite",
    withDatabase: () => Promise.reject(new Error("linkage estimate must not open the database")),
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "vigia-mse-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("vigia linkage estimate", () => {
  test("estimates the dark figure of the UK 2013 table, as text and as JSON", async () => {
    const text = await vigia("linkage", "estimate", "reference/mse/uk_nrm_2013.csv");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Casos observados: 2,744/);
    const json = await vigia(
      "linkage",
      "estimate",
      "reference/mse/uk_nrm_2013.csv",
      "--format",
      "json",
    );
    assert.equal(json.code, 0, json.stderr);
    const estimate = JSON.parse(json.stdout);
    // The text shows the same computed figures as the JSON.
    assert.ok(text.stdout.includes(Math.round(estimate.total).toLocaleString("es-PE")));
    assert.ok(estimate.interval.lower < estimate.total && estimate.total < estimate.interval.upper);
  });

  test("a bad cell is refused naming its row and column; lists with no overlap are refused", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "PNP,MP,count\n1,0,4\n0,2,5\n");
    const refused = await vigia("linkage", "estimate", bad);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Fila 2, columna 2 «MP»: debe ser 0 o 1/);
    const apart = join(dir, "apart.csv");
    writeFileSync(apart, "PNP,MP,count\n1,0,40\n0,1,25\n");
    const none = await vigia("linkage", "estimate", apart, "--method", "main");
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No se puede estimar la cifra oculta/);
    const usage = await vigia("linkage", "estimate", apart, "--method", "magic");
    assert.equal(usage.code, 2);
  });
});
