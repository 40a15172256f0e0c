import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Catalogue } from "../src/shared/schemas/catalogue.schema.ts";
import { createCliSession } from "./support/cli-session.ts";

// `vigia catalogue import --replace` on a policy with reported values (issue 17, item 1): refused
// while the file lacks them; `--with-values FILE` saves the policy as stored first.

describe("vigia catalogue import --replace keeps reported values (database)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigia-replace-"));
  let session: Awaited<ReturnType<typeof createCliSession>>;
  before(async () => {
    session = await createCliSession({ seed: "pntp" });
  });
  after(async () => {
    await session.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("refused without the values, done with --with-values, and the backup is the export", async () => {
    const exported = await session.vigia("catalogue", "export", "--policy", "pntp");
    assert.equal(exported.code, 0);
    const doc = JSON.parse(exported.stdout) as Catalogue;
    const ind = doc.indicators.find((i) => i.code === "2.1");
    assert.ok(ind);
    ind.measurements = [];
    const file = join(dir, "sin-valores.json");
    writeFileSync(file, JSON.stringify(doc));

    const refused = await session.vigia("catalogue", "import", file, "--replace");
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /tiene 2 valores reportados que el catálogo no trae \(indicador 2\.1, 2022 ANUAL; indicador 2\.1, 2023 ANUAL\)/,
    );
    assert.match(refused.stderr, /--with-values ARCHIVO/);

    const lonely = await session.vigia("catalogue", "import", file, "--with-values", "x.json");
    assert.notEqual(lonely.code, 0);
    assert.match(lonely.stderr, /--with-values solo tiene sentido con --replace/);

    const backup = join(dir, "respaldo.json");
    const done = await session.vigia(
      "catalogue",
      "import",
      file,
      "--replace",
      "--with-values",
      backup,
    );
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /Política actual guardada en .*respaldo\.json/);
    assert.equal(readFileSync(backup, "utf8"), exported.stdout);

    // The backup restores the values; an existing backup file is never overwritten.
    const restored = await session.vigia(
      "catalogue",
      "import",
      backup,
      "--replace",
      "--with-values",
      backup,
    );
    assert.notEqual(restored.code, 0);
    assert.match(restored.stderr, /respaldo\.json: ya existe .*No se reemplazó nada/);
    assert.ok(existsSync(backup));
    const again = await session.vigia("catalogue", "import", backup, "--replace");
    assert.equal(again.code, 0, again.stderr);
    const now = await session.vigia("catalogue", "export", "--policy", "pntp");
    assert.equal(now.stdout, exported.stdout);
  });
});
