import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { type BackupManifest, sha256 } from "../src/server/backup/backup-archive.ts";
import { loadConfig } from "../src/server/config.ts";
import { openDatabase } from "../src/server/db/connect.ts";
import { codeMigrations } from "../src/server/db/migrate.ts";
import { openPeriod } from "../src/server/features/periods/periods.service.ts";
import { createDiskFileStore } from "../src/server/files/file-store.ts";
import { createApp } from "../src/server/http/app.ts";
import { systemActor } from "../src/shared/actor.ts";
import { minimalPdf, signIn } from "./factories.ts";
import { createCliSandbox } from "./support/cli-sandbox.ts";

/**
 * `vigia backup` → `vigia restore` as processes on either backend (ADR 0036): every table and
 * every evidence file comes back byte for byte (the restore adds only its own audit event), the
 * audit chain still verifies, and a damaged file or one from a newer schema is refused before
 * anything is touched.
 */

const manifestOf = (zip: Uint8Array) =>
  JSON.parse(strFromU8(unzipSync(zip)["manifest.json"] as Uint8Array)) as BackupManifest;

describe("vigia backup and restore (database)", () => {
  const source = createCliSandbox("backup-src");
  const target = createCliSandbox("backup-dst");
  const archiveA = join(source.dir, "a.zip");
  const archiveB = join(target.dir, "b.zip");
  const shas: string[] = [];

  before(async () => {
    await source.prepare();
    await target.prepare();
    const seeded = await source.vigia("seed", "pntp");
    assert.equal(seeded.code, 0, seeded.stderr);
    // Values with evidence, entered through the API on the source's database and file store.
    const config = loadConfig(source.env);
    const handle = await openDatabase(config.database);
    try {
      await openPeriod(handle.db, systemActor("test"), {
        policyCode: "pntp",
        year: 2024,
        period: "ANUAL",
        opensOn: "2025-01-02",
        deadline: "2099-03-31",
      });
      const app = createApp(handle, { fileStore: createDiskFileStore(config.filesDir) });
      const { session } = await signIn(app, handle.db, "punto_focal", { entities: ["SUNAFIL"] });
      const tasks = (await session.request("GET", "/api/policies/pntp/tasks")).json as unknown as {
        indicator: { code: string };
        status: string;
      }[];
      for (const [i, task] of tasks
        .filter((x) => x.status === "pendiente")
        .slice(0, 3)
        .entries()) {
        const bytes = minimalPdf(`Evidencia del respaldo ${i} — ñandú «ok»`);
        shas.push(sha256(bytes));
        const form = new FormData();
        form.set(
          "measurement",
          JSON.stringify({
            year: 2024,
            period: "ANUAL",
            value: 10 + i,
            numerator: null,
            denominator: null,
            logros: `Logro ${i}\ncon salto`,
          }),
        );
        form.set("file", new File([bytes], `evidencia-${i}.pdf`, { type: "application/pdf" }));
        const res = await session.request(
          "POST",
          `/api/policies/pntp/indicators/${task.indicator.code}/measurements/with-evidence`,
          undefined,
          { form },
        );
        assert.equal(res.status, 201, JSON.stringify(res.json));
      }
    } finally {
      await handle.close();
    }
  });
  after(async () => {
    await source.dispose();
    await target.dispose();
  });

  test("backup writes every table and evidence file with its SHA-256", async () => {
    const res = await source.vigia("backup", "--out", archiveA);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /Respaldo escrito en .* 3 archivos de evidencia/);
    const manifest = manifestOf(new Uint8Array(readFileSync(archiveA)));
    assert.deepEqual(manifest.files.map((f) => f.sha256).sort(), [...shas].sort());
    const names = manifest.tables.map((t) => t.name);
    for (const table of [
      "measurement",
      "evidence_file",
      "audit_event",
      "schema_migration",
      "indicator",
    ])
      assert.ok(names.includes(table), table);
    assert.deepEqual(manifest.migrations, codeMigrations());
    assert.ok(manifest.tables.find((t) => t.name === "evidence_file")?.rows === 3);
  });

  test("restore refuses a non-empty target without --replace, then round-trips byte for byte", async () => {
    const refused = await target.vigia("restore", archiveA);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no está vacío.*--replace/s);

    const restored = await target.vigia("restore", archiveA, "--replace");
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stderr, /tablas idénticas al manifiesto/);

    const again = await target.vigia("backup", "--out", archiveB);
    assert.equal(again.code, 0, again.stderr);
    const a = manifestOf(new Uint8Array(readFileSync(archiveA)));
    const b = manifestOf(new Uint8Array(readFileSync(archiveB)));
    assert.deepEqual(b.migrations, a.migrations);
    assert.deepEqual(
      b.files.map((f) => [f.key, f.sha256]),
      a.files.map((f) => [f.key, f.sha256]),
    );
    // The restore's own audit event (and the chain head and data versions it moves) is the
    // only difference: every other table is byte-identical.
    const moved = new Set(["audit_event", "audit_chain_head", "data_version"]);
    const shaOf = (m: BackupManifest) =>
      Object.fromEntries(m.tables.filter((t) => !moved.has(t.name)).map((t) => [t.name, t.sha256]));
    assert.deepEqual(shaOf(b), shaOf(a));
    const rowsOf = (zip: string) =>
      strFromU8(
        unzipSync(new Uint8Array(readFileSync(zip)))["tables/audit_event.jsonl"] as Uint8Array,
      )
        .trim()
        .split("\n");
    const [eventsA, eventsB] = [rowsOf(archiveA), rowsOf(archiveB)];
    const extra = eventsB.filter((row) => !eventsA.includes(row));
    assert.equal(eventsB.length, eventsA.length + 1);
    assert.equal(extra.length, 1);
    assert.equal(JSON.parse(extra[0] as string).action, "backup.restore");

    const verify = await target.vigia("audit", "verify");
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /Cadena de auditoría íntegra/);
  });

  test("restore refuses a damaged file and one from a newer schema, touching nothing", async () => {
    const entries = unzipSync(new Uint8Array(readFileSync(archiveA)));
    const manifest = JSON.parse(
      strFromU8(entries["manifest.json"] as Uint8Array),
    ) as BackupManifest;
    const newer = join(target.dir, "newer.zip");
    writeFileSync(
      newer,
      zipSync({
        ...entries,
        "manifest.json": strToU8(
          JSON.stringify({
            ...manifest,
            migrations: [
              ...manifest.migrations,
              { name: "9999_future.sql", checksum: "0".repeat(64) },
            ],
          }),
        ),
      }),
    );
    const before = readFileSync(archiveB);
    const res = await target.vigia("restore", newer, "--replace");
    assert.equal(res.code, 1);
    assert.match(res.stderr, /esquema más nuevo.*9999_future\.sql/);

    const damaged = join(target.dir, "damaged.zip");
    const table = entries["tables/measurement.jsonl"] as Uint8Array;
    const flipped = new Uint8Array(table);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    writeFileSync(damaged, zipSync({ ...entries, "tables/measurement.jsonl": flipped }));
    const bad = await target.vigia("restore", damaged, "--replace");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /measurement\.jsonl no coincide con su suma SHA-256/);

    // Nothing was touched: the target backs up as before.
    const check = join(target.dir, "check.zip");
    assert.equal((await target.vigia("backup", "--out", check)).code, 0);
    const tablesOf = (zip: Buffer) => manifestOf(new Uint8Array(zip)).tables.map((t) => t.sha256);
    assert.deepEqual(tablesOf(readFileSync(check)), tablesOf(before));
  });
});
