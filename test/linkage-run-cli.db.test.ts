import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { encodeVictimRows } from "../src/server/features/linkage/encode-victims.ts";
import { LinkageSchemaSchema } from "../src/shared/linkage/linkage-schema.ts";
import { syntheticLists } from "../src/shared/linkage/synthetic-lists.ts";
import { createCliSession } from "./support/cli-session.ts";

// `vigia linkage upload | run | purge` on a real database: the same domain functions as /enlace.
describe("vigia linkage upload, run and purge (database)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigia-linkage-run-"));
  let session: Awaited<ReturnType<typeof createCliSession>>;
  before(async () => {
    session = await createCliSession({ seed: "pntp" });
  });
  after(async () => {
    await session.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("three sources uploaded, a year linked, aggregates printed, no record id", async () => {
    const schema = LinkageSchemaSchema.parse(
      JSON.parse(readFileSync("reference/linkage/schema-v1.json", "utf8")),
    );
    const codes: Record<string, string> = {
      PNP: "PNP-DIRCTPTIM",
      MP: "MP-FISTRAP",
      MIMP: "MIMP-UPE",
    };
    const lists = syntheticLists({ records: 450, seed: 4, duplicateRate: 0 });
    const ids: string[] = [];
    for (const s of lists.sources) {
      const file = encodeVictimRows(s.rows, {
        schema,
        secret: Buffer.from("el secreto de las tres instituciones"),
        source: codes[s.source] ?? s.source,
        file: s.source,
      });
      ids.push(...file.records.map((r) => r.id));
      const path = join(dir, `${s.source}.json`);
      writeFileSync(path, JSON.stringify(file));
      const up = await session.vigia("linkage", "upload", path, "--year", "2019");
      assert.equal(up.code, 0, up.stderr);
      assert.match(up.stderr, new RegExp(`registros de ${file.source} cargados para 2019`));
    }
    const noYear = await session.vigia("linkage", "run");
    assert.notEqual(noYear.code, 0);
    const run = await session.vigia("linkage", "run", "--year", "2019");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Enlace 2019, versión 1/);
    assert.match(run.stdout, /valle del histograma|indicado/);
    const distinct = Number(
      /personas distintas: ([\d,.\s]+)/.exec(run.stdout)?.[1]?.replace(/\D/g, ""),
    );
    const rows = [...run.stdout.matchAll(/^ {2}[A-Z+\- ]+: ([\d,.]+)$/gm)].map((m) =>
      Number(m[1]?.replace(/\D/g, "")),
    );
    assert.equal(
      rows.reduce((a, b) => a + b, 0),
      distinct,
      run.stdout,
    );
    assert.match(run.stdout, /Cifra oculta: /);
    for (const id of ids.slice(0, 50)) assert.ok(!run.stdout.includes(id), "no record id printed");

    // Nothing uploaded since: an incremental run has nothing to add, and says so.
    const incremental = await session.vigia("linkage", "run", "--year", "2019", "--incremental");
    assert.notEqual(incremental.code, 0);
    assert.match(incremental.stderr, /no hay registros nuevos/);
    const runId = /\(id (\d+)\)/.exec(run.stdout)?.[1];
    const publish = await session.vigia("linkage", "publish", "--run", runId ?? "");
    assert.equal(publish.code, 0, publish.stderr);
    assert.match(publish.stderr, /publicado en el registro estadístico .* 1 cifras nuevas/);
    assert.equal((await session.vigia("linkage", "publish")).code === 0, false);

    const purge = await session.vigia("linkage", "purge");
    assert.equal(purge.code, 0, purge.stderr);
    assert.match(purge.stderr, /0 lotes, 0 codificaciones y 0 enlaces borrados/);
  });
});
