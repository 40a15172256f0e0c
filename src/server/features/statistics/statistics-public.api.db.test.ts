import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { PublicStatisticsSchema } from "../../../shared/contracts/statistics.contract.ts";
import { auditProtectedTable } from "../../../shared/disclosure/audit-table.ts";
import type { HierarchyTable } from "../../../shared/disclosure/count-table.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { loadLpSolver } from "../../lib/lp-solver.ts";
import { listDisclosureLog } from "../disclosure/disclosure.service.ts";
import { importStatisticsUpload } from "./statistics-import.service.ts";
import { importReferenceFigures } from "./statistics-reference.service.ts";

const actor = systemActor("test");

// A year with small cells: 7 men among 100 victims, 4 minors among 60 arrests.
const SMALL_CELLS = [
  "anio,concepto,sexo,edad,valor,definicion",
  "2022,victim,,,100,Víctimas registradas",
  "2022,victim,MUJER,,93,Víctimas mujeres",
  "2022,victim,HOMBRE,,7,Víctimas hombres",
  "2022,arrest,,,60,Detenidos",
  "2022,arrest,,ADULTO,56,Detenidos adultos",
  "2022,arrest,,NNA,4,Detenidos menores de edad",
].join("\n");

type PublicStatistics = ReturnType<typeof PublicStatisticsSchema.parse>;

/** The original table of a published one, from the internal view (which suppresses nothing). */
function originalOf(table: PublicStatistics["tables"][number]): HierarchyTable {
  const [root, ...parts] = table.cells;
  assert.ok(root && root.level === 0 && root.value !== null);
  return {
    kind: "hierarchy",
    root:
      parts.length === 0
        ? { key: root.key, value: root.value }
        : { key: root.key, parts: parts.map((p) => ({ key: p.key, value: p.value ?? -1 })) },
  };
}

describe("public statistics through disclosure control (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await importReferenceFigures(t.db, actor);
    await importStatisticsUpload(t.db, actor, {
      sourceCode: "PNP-RETA",
      fileName: "reta-2022.csv",
      bytes: new TextEncoder().encode(SMALL_CELLS),
      dryRun: false,
    });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  test("an anonymous visitor never gets a cell 0 < v < 11, and the LP audit passes on every table", async () => {
    const res = await app.request("/api/public/statistics");
    assert.equal(res.status, 200);
    const published = PublicStatisticsSchema.parse(await res.json());
    assert.equal(published.audience, "public");
    assert.equal(published.k, 11);
    assert.ok(published.tables.length > 10, `${published.tables.length} tables`);
    for (const table of published.tables)
      for (const cell of table.cells) {
        assert.ok(
          cell.value === null || cell.value === 0 || cell.value >= 11,
          `${table.code} ${cell.key} = ${cell.value}`,
        );
        assert.equal(cell.small, false);
      }

    const admin = (await signIn(app, t.db, "administrador")).session;
    const internal = PublicStatisticsSchema.parse(
      (await admin.request("GET", "/api/public/statistics?vista=interna")).json,
    );
    assert.deepEqual(
      internal.tables.map((x) => x.code),
      published.tables.map((x) => x.code),
    );
    const solver = await loadLpSolver();
    for (const [i, table] of published.tables.entries()) {
      const original = internal.tables[i];
      assert.ok(original);
      const report = auditProtectedTable(
        originalOf(original),
        {
          audience: "public",
          k: published.k,
          protectionWidth: published.protectionWidth,
          cells: table.cells,
        },
        { solver },
      );
      assert.ok(report.passed, `${table.code}: ${report.problems.join("; ")}`);
    }

    // The seeded small cells are suppressed with their complement, and the total stays.
    const victims = published.tables.find((x) => x.code === "victim/PNP-RETA/2022");
    assert.deepEqual(
      victims?.cells.map((c) => [c.key, c.value]),
      [
        ["total", 100],
        ["sex=F", null],
        ["sex=M", null],
      ],
    );
    const log = await listDisclosureLog(t.db, actor, {
      outputCode: "portal/estadisticas/victim/PNP-RETA/2022",
    });
    assert.deepEqual(
      log.map((r) => [r.cellKey, r.rule, r.audience, r.actor]),
      [
        ["sex=F", "complementaria", "public", "public"],
        ["sex=M", "primaria", "public", "public"],
      ],
    );
    // Reading again logs nothing new: the table's version is its content.
    await app.request("/api/public/statistics");
    assert.equal(
      (
        await listDisclosureLog(t.db, actor, {
          outputCode: "portal/estadisticas/victim/PNP-RETA/2022",
        })
      ).length,
      2,
    );
  });

  test("the internal view shows small cells labelled, for statistics readers only", async () => {
    const anonymous = await app.request("/api/public/statistics?vista=interna");
    assert.equal(anonymous.status, 403);
    const comision = (await signIn(app, t.db, "comision")).session;
    const res = await comision.request("GET", "/api/public/statistics?vista=interna&year=2022");
    assert.equal(res.status, 200);
    const internal = PublicStatisticsSchema.parse(res.json);
    const arrests = internal.tables.find((x) => x.code === "arrest/PNP-RETA/2022");
    assert.deepEqual(
      arrests?.cells.map((c) => [c.key, c.value, c.small]),
      [
        ["total", 60, false],
        ["ageBand=adulto", 56, false],
        ["ageBand=menor_18", 4, true],
      ],
    );
    const log = await listDisclosureLog(t.db, actor, {
      outputCode: "tablero/estadisticas/arrest/PNP-RETA/2022",
    });
    assert.deepEqual(
      log.map((r) => [r.cellKey, r.rule]),
      [["ageBand=menor_18", "pequena_mostrada"]],
    );
  });
});
