import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { strFromU8 } from "fflate";
import { unzip } from "../../../../../test/support/read-documents.ts";
import { createTestDatabase } from "../../../../../test/support/test-db.ts";
import { systemActor } from "../../../../shared/actor.ts";
import { findChainHead } from "../../../audit/audit-chain.repository.ts";
import { verifyAuditChain } from "../../../audit/audit-chain.service.ts";
import { recordAudit } from "../../../audit/record-audit.ts";
import { evaluatePolicyYear } from "../../evaluation/evaluation.service.ts";
import { importReferenceFigures } from "../../statistics/statistics-reference.service.ts";
import { buildPublicationPackage } from "./publication-package.service.ts";

// The package for the transparency portal: validated data only, a Frictionless data package
// that a validator accepts, and checksums that match.
const actor = systemActor("test");
const require = createRequire(import.meta.url);

// datapackage-js (Frictionless' JavaScript library) ships no types: what is used here.
interface DataPackageLib {
  Package: {
    load(descriptor: string): Promise<{
      valid: boolean;
      errors: Error[];
      resourceNames: string[];
      getResource(name: string): {
        tabular: boolean;
        read(o?: { keyed?: boolean }): Promise<unknown[]>;
      };
    }>;
  };
}

const TABLE_SCHEMA_TYPES = new Set([
  "string",
  "number",
  "integer",
  "boolean",
  "object",
  "array",
  "date",
  "time",
  "datetime",
  "year",
  "yearmonth",
  "duration",
  "geopoint",
  "geojson",
  "any",
]);

describe("publication package for the PTE (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let files: Map<string, Uint8Array>;
  let dir: string;
  let headAtBuild: Awaited<ReturnType<typeof findChainHead>>;
  const text = (path: string) => strFromU8(files.get(path) ?? new Uint8Array());

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    // The register's figures, so that datos/estadisticas.csv has the year's public tables.
    await importReferenceFigures(t.db, actor);
    // A submitted, not yet validated revision of 2.1's 2023 value: it must stay out.
    const current = await t.db
      .selectFrom("measurement as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .selectAll("m")
      .where("i.code", "=", "2.1")
      .where("m.year", "=", 2023)
      .executeTakeFirstOrThrow();
    const { id: _id, createdAt: _c, ...copy } = current;
    await t.db
      .insertInto("measurement")
      .values({ ...copy, revision: 2, value: 99.9, status: "enviado" })
      .execute();
    const zip = await buildPublicationPackage(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      now: new Date("2026-11-20T15:00:00Z"),
    });
    headAtBuild = await findChainHead(t.db);
    assert.equal(zip.fileName, "publicacion-pntp-2023.zip");
    assert.equal(zip.contentType, "application/zip");
    files = unzip(zip.bytes);
    dir = mkdtempSync(join(tmpdir(), "vigia-pte-"));
    for (const [path, bytes] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), bytes);
    }
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.dispose();
  });

  test("contains the PDF, the XLSX, the CSVs, the data dictionary, a README and checksums", () => {
    assert.deepEqual([...files.keys()].sort(), [
      "LEEME.md",
      "SHA256SUMS",
      "auditoria-ancla.json",
      "datapackage.json",
      "datos/estadisticas.csv",
      "datos/indicadores.csv",
      "datos/indice.csv",
      "datos/mediciones.csv",
      "datos/objetivos.csv",
      "datos/valoracion.csv",
      "informe-evaluacion-pntp-2023.pdf",
      "informe-evaluacion-pntp-2023.xlsx",
      "manifest.json",
    ]);
    assert.equal(
      strFromU8(files.get("informe-evaluacion-pntp-2023.pdf")?.slice(0, 5) ?? new Uint8Array()),
      "%PDF-",
    );
  });

  test("checksums of the manifest and of SHA256SUMS match every file", () => {
    const sha = (path: string) =>
      createHash("sha256")
        .update(files.get(path) ?? "")
        .digest("hex");
    const manifest = JSON.parse(text("manifest.json"));
    assert.equal(manifest.fechaCorte, "2026-11-20");
    assert.deepEqual(manifest.estados, ["validado"]);
    assert.equal(manifest.archivos.length, files.size - 2);
    for (const f of manifest.archivos) {
      assert.equal(f.sha256, sha(f.path), f.path);
      assert.equal(f.bytes, files.get(f.path)?.length, f.path);
    }
    const sums = text("SHA256SUMS").trim().split("\n");
    assert.equal(sums.length, files.size - 1);
    for (const line of sums) {
      const [hash, path] = line.split(/\s+/);
      assert.equal(hash, sha(path ?? ""), path);
    }
  });

  test("datapackage.json has the Data Package spec's required structure", () => {
    const dp = JSON.parse(text("datapackage.json"));
    assert.ok(Array.isArray(dp.resources) && dp.resources.length > 0);
    assert.match(dp.name, /^[a-z0-9._-]+$/);
    assert.equal(dp.vigia.fechaCorte, "2026-11-20");
    const names = new Set<string>();
    for (const r of dp.resources) {
      assert.match(r.name, /^[a-z0-9._-]+$/, r.name);
      assert.ok(!names.has(r.name), `unique ${r.name}`);
      names.add(r.name);
      assert.equal(typeof r.path, "string");
      assert.ok(files.has(r.path), r.path);
      assert.match(r.hash, /^sha256:[0-9a-f]{64}$/);
      if (r.profile !== "tabular-data-resource") continue;
      assert.ok(Array.isArray(r.schema.fields) && r.schema.fields.length > 0);
      const header = text(r.path).split("\r\n")[0]?.split(",");
      assert.deepEqual(
        header,
        r.schema.fields.map((f: { name: string }) => f.name),
        r.path,
      );
      for (const f of r.schema.fields) {
        assert.ok(TABLE_SCHEMA_TYPES.has(f.type), `${r.name}.${f.name}: ${f.type}`);
        assert.ok(f.description, `${r.name}.${f.name} described`);
      }
      for (const key of r.schema.primaryKey) {
        assert.ok(r.schema.fields.some((f: { name: string }) => f.name === key));
      }
    }
  });

  test("Frictionless' validator accepts the package and casts every CSV value to its type", async () => {
    const { Package } = require("datapackage") as DataPackageLib;
    const pkg = await Package.load(join(dir, "datapackage.json"));
    assert.deepEqual(pkg.errors.map(String), []);
    assert.equal(pkg.valid, true);
    const descriptor = JSON.parse(text("datapackage.json"));
    const tabular = descriptor.resources
      .filter((r: { profile: string }) => r.profile === "tabular-data-resource")
      .map((r: { name: string }) => r.name);
    assert.equal(tabular.length, 6);
    for (const name of tabular) {
      // read() throws on any value that does not cast to its field's type.
      const rows = await pkg.getResource(name).read({ keyed: true });
      assert.ok(rows.length > 0, name);
    }
  });

  test("only validated data, and the same figures as the evaluation", async () => {
    const ev = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2023 });
    const csv = text("datos/mediciones.csv").trim().split("\r\n");
    const header = csv[0]?.split(",") ?? [];
    const status = header.indexOf("estado");
    assert.equal(csv.length - 1, 100);
    for (const line of csv.slice(1)) assert.equal(line.split(",")[status], "validado");
    assert.ok(!text("datos/mediciones.csv").includes("99.9"));
    const indicators = text("datos/indicadores.csv").trim().split("\r\n");
    const cols = indicators[0]?.split(",") ?? [];
    const row21 = indicators.find((l) => l.startsWith("2.1,"));
    assert.ok(row21);
    // The name has no comma, so a plain split is enough for this row.
    const cells = row21.split(",");
    const i21 = ev.indicators.find((i) => i.code === "2.1");
    assert.equal(Number(cells[cols.indexOf("valor_2023")]), i21?.value);
    assert.equal(Number(cells[cols.indexOf("avance_tipo1_2023")]), i21?.tipo1);
    assert.equal(Number(cells[cols.indexOf("avance_tipo2_2023")]), i21?.tipo2);
    const indice = text("datos/indice.csv").trim().split("\r\n")[1]?.split(",");
    assert.equal(Number(indice?.[1]), ev.index.tipo2);
    assert.equal(Number(indice?.[3]), ev.valoracion.total);
  });

  test("the README in Spanish states the cut-off date and how to verify", () => {
    const readme = text("LEEME.md");
    assert.match(readme, /Fecha de corte: 20\/11\/2026/);
    assert.match(readme, /validados/);
    assert.match(readme, /sha256sum -c SHA256SUMS/);
    assert.match(readme, /### datos\/indicadores\.csv/);
    assert.match(readme, /### datos\/estadisticas\.csv/);
    assert.match(readme, /Open Data Commons Attribution License/);
  });

  test("auditoria-ancla.json is the chain head when the package was built, and a later verify checks it", async () => {
    const anchor = JSON.parse(text("auditoria-ancla.json"));
    assert.equal(anchor.formato, "vigia-ancla-auditoria/1");
    assert.equal(anchor.dia, "2026-11-20");
    assert.ok(headAtBuild?.lastId, "the seeded database has audit events");
    assert.deepEqual(
      [anchor.cabeza.ultimoEvento, anchor.cabeza.hash],
      [headAtBuild.lastId, headAtBuild.lastHash],
    );
    assert.equal(
      anchor.cabeza.verificar,
      `vigia audit verify --anchor ${headAtBuild.lastId}:${headAtBuild.lastHash}`,
    );
    assert.match(text("LEEME.md"), /auditoria-ancla\.json/);
    // Later events do not disturb the anchor; a hash other than the chain's at that event does.
    await recordAudit(t.db, actor, {
      action: "report_text.set",
      objectType: "test",
      objectId: "1",
    });
    const external = { lastId: anchor.cabeza.ultimoEvento, hash: anchor.cabeza.hash };
    const later = await verifyAuditChain(t.db, [external]);
    assert.equal(later.broken, null);
    assert.notEqual(later.head.lastId, external.lastId);
    const forged = await verifyAuditChain(t.db, [
      {
        ...external,
        hash: `${external.hash.slice(0, -1)}${external.hash.endsWith("0") ? "1" : "0"}`,
      },
    ]);
    assert.equal(forged.broken?.kind, "ancla");
    assert.match(forged.broken?.message ?? "", /El ancla externa registró otro hash/);
  });
});
