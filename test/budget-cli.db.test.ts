import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createCliSession } from "./support/cli-session.ts";

// What a newcomer types: one command imports the shipped budget file into an empty database,
// one more prints seed 000's chapter 5 with the printed report's errors flagged.
const ROOT = join(import.meta.dirname, "..");
const FILE = join(ROOT, "reference", "budget", "pntp-presupuesto-reconstruido-2023-2025.csv");

describe("vigia budget (database)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigia-bcli-"));
  let session: Awaited<ReturnType<typeof createCliSession>>;
  before(async () => {
    session = await createCliSession();
  });
  after(async () => {
    await session.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const vigia = (...args: string[]) => session.vigia(...args);

  test("budget import on an empty database loads the policy, the rules and the file", async () => {
    const r = await vigia("budget", "import", FILE);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Catálogo "pntp" cargado/);
    assert.match(r.stderr, /reglas de etiquetado v1/);
    assert.match(r.stderr, /Importando: 100%/);
    assert.match(r.stdout, /Filas leídas: 171 · cargadas: 171 · rechazadas: 0/);
    assert.match(r.stdout, /Gobiernos regionales\s+10\s+S\/ 3,929,216\.00/);
  });

  test("budget report --year 2024 prints the tables and flags the printed errors", async () => {
    const r = await vigia("budget", "report", "--year", "2024");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2024\s+7,409,216\s+0\.003%\s+S\/ 0\.22/);
    assert.match(
      r.stdout,
      /2024\s+240,806\s+7\.41\s+0\.003\s+262,058\s+14\.11\s+0\.005\s+13\.09\s+92\.76%/,
    );
    assert.match(r.stdout, /Sin meta presupuestal \(7\): 1 \(MINCUL\), 5 \(MRE\)/);
    assert.match(r.stdout, /Gobiernos locales\s+0\s+0\s+0/);
    assert.equal((r.stdout.match(/\[ERROR\]/g) ?? []).length, 8);
    assert.match(r.stdout, /S\/\. 1'240,000.*solo la de 2025/);
  });

  test("a bad file is refused with exit code 1 and the reasons", async () => {
    const bad = join(dir, "malo.csv");
    writeFileSync(
      bad,
      "ANO_EJE,NIVEL_GOBIERNO,PLIEGO,MONTO_PIA,MONTO_PIM,MONTO_DEVENGADO\n2024,E,007,10,5,9\n",
    );
    const r = await vigia("budget", "import", bad);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /devengado mayor que el PIM: 1/);
    assert.match(r.stderr, /fila 1: devengado 9\.00 mayor que el PIM 5\.00/);
  });
});
