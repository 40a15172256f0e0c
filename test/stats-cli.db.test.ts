import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createCliSession } from "./support/cli-session.ts";

// What a newcomer types: one command loads the figures transcribed from the seeds into an empty
// database, one more shows the 2019 victims of three sources reconciled with their causes.
describe("vigia stats (database)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigia-scli-"));
  let session: Awaited<ReturnType<typeof createCliSession>>;
  before(async () => {
    session = await createCliSession();
  });
  after(async () => {
    await session.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const vigia = (...args: string[]) => session.vigia(...args);

  test("stats import-reference on an empty database loads code lists, ubigeo and the transcribed figures", async () => {
    const r = await vigia("stats", "import-reference");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Cargado \(primer uso\): listas de códigos/);
    assert.match(r.stderr, /Cargado \(primer uso\): ubigeos INEI/);
    assert.match(r.stdout, /TRANSCRITO de los documentos semilla/);
    assert.match(
      r.stdout,
      /Resultado: importado\. Cifras: \d+ \(nuevas \d+, reformuladas 0, sin cambios 0\)/,
    );
    assert.match(r.stdout, /\[ok\] .*350 \+ 370 \+ 420 \+ 320 \+ 250 = 1,710 \(003:179\)/);
    assert.match(r.stdout, /\[ok\] .*148 \+ 38 \+ 579 = 765/);
    assert.doesNotMatch(r.stdout, /NO CUADRA/);
  });

  test("stats reconcile --year 2019 shows 765 / 1,054 / 476 with their causes and the unknown overlap", async () => {
    const r = await vigia("stats", "reconcile", "--year", "2019");
    assert.equal(r.code, 0, r.stderr);
    const block = r.stdout
      .split("\n\n")
      .find((b) => b.startsWith("Víctimas identificadas · 2019 · total"));
    assert.ok(block, r.stdout);
    assert.match(block, /MP · FISTRAP\s+476\s+persona\s+-578\s+1\s+002:336/);
    assert.match(block, /PNP · DIRCTPTIM\s+1,054\s+persona\s+0\s+1\s+002:332-334/);
    assert.match(block, /PNP · RETA\s+765\s+persona\s+-289\s+1\s+002:326-330/);
    assert.match(
      block,
      /MP · FISTRAP — clasificación: Hasta noviembre de 2019 solo los casos imputados por el artículo 153/,
    );
    assert.match(block, /PNP · DIRCTPTIM — cobertura: .*opera en Lima/);
    assert.match(
      block,
      /superposición desconocida: entre 1,054 \(máximo: superposición total\) y 2,295 \(suma: sin superposición\)/,
    );
    assert.match(r.stdout, /cifras son TRANSCRITAS de documentos publicados/);
  });

  test("--format json is the API's reconciliation; 2024 flags the convictions that cannot all be true", async () => {
    const r = await vigia("stats", "reconcile", "--year", "2024", "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      year: number;
      flags: { kind: string; message: string }[];
    };
    assert.equal(json.year, 2024);
    assert.ok(
      json.flags.some(
        (f) => f.kind === "subconcepto_mayor" && /69.*22 \(Condenas\) de PJ/.test(f.message),
      ),
    );
    const table = await vigia("stats", "reconcile", "--year", "2024");
    assert.match(table.stdout, /\[INCOMPATIBLE\] Víctimas identificadas 2024: MP informa 663/);
  });

  test("stats import of a bad file exits 1 naming row and column; a good one prints its counts", async () => {
    const bad = join(dir, "malo.csv");
    writeFileSync(bad, "año,concepto,valor\n2019,victim,ochenta\n");
    const r = await vigia("stats", "import", bad, "--source", "PNP-DIRCTPTIM");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /malo\.csv: 1 problema\(s\) en las filas; no se importó nada/);
    assert.match(r.stderr, /fila 2, columna «valor»: «ochenta» no es un número/);
    const good = join(dir, "bueno.csv");
    writeFileSync(good, "año,concepto,valor,fecha_extraccion\n2019,operation,186,2020-03-01\n");
    const ok = await vigia("stats", "import", good, "--source", "PNP-DIRCTPTIM", "--dry-run");
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Resultado: simulado\. Filas leídas: 1 · nuevas: 1/);
    const usage = await vigia("stats", "import", good);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Indique la fuente: --source CÓDIGO/);
  });

  test("stats figures lists the current figures with their provenance", async () => {
    const r = await vigia("stats", "figures", "--year", "2019", "--source", "PNP-RETA");
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /PNP · RETA\s+victim\s+2019\s+sexo F, grupo de edad menor_18\s+148\s+persona\s+1\s+transcripcion\s+002:328-330/,
    );
  });
});
