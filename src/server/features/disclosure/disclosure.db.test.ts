import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Highs } from "highs";
import { sql } from "kysely";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import type { TwoWayTable } from "../../../shared/disclosure/count-table.ts";
import { protectTable } from "../../../shared/disclosure/protect-table.ts";
import { DomainError } from "../../errors.ts";
import { loadLpSolver } from "../../lib/lp-solver.ts";
import { listDisclosureLog, recordSuppressions } from "./disclosure.service.ts";

const table: TwoWayTable = {
  kind: "two-way",
  rows: ["Arequipa", "Cusco", "Puno"],
  columns: ["Mujer", "Hombre", "Sin dato"],
  counts: [
    [3, 20, 30],
    [15, 40, 25],
    [12, 18, 50],
  ],
};

// The disclosure log: every suppression of an output version, written once, never rewritten.
describe("disclosure log (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let solver: Highs;
  const actor = systemActor("publicacion");
  const auditEvents = () =>
    t.db.selectFrom("auditEvent").selectAll().where("action", "=", "disclosure.record").execute();

  before(async () => {
    t = await createTestDatabase();
    solver = await loadLpSolver();
  });
  after(async () => {
    await t.dispose();
  });

  test("the suppressions of a public output are logged with their rule, k, width and actor, and audited", async () => {
    const result = protectTable(table, { audience: "public", solver });
    const out = await recordSuppressions(t.db, actor, {
      outputCode: "portal/victimas-por-region-sexo",
      outputVersion: "2019",
      result,
    });
    assert.deepEqual(out, { recorded: 4, alreadyRecorded: false });
    const rows = await listDisclosureLog(t.db, actor, {
      outputCode: "portal/victimas-por-region-sexo",
    });
    assert.deepEqual(
      rows.map((r) => [r.cellKey, r.rule]),
      [
        ["Arequipa|Mujer", "primaria"],
        ["Arequipa|Hombre", "complementaria"],
        ["Puno|Mujer", "complementaria"],
        ["Puno|Hombre", "complementaria"],
      ],
    );
    for (const r of rows) {
      assert.equal(r.outputVersion, "2019");
      assert.equal(r.audience, "public");
      assert.equal(r.k, 11);
      assert.equal(r.protectionWidth, 11);
      assert.equal(r.actor, "system:publicacion");
      assert.ok(r.createdAt);
    }
    const [event] = await auditEvents();
    assert.equal(event?.objectId, "portal/victimas-por-region-sexo@2019");
    assert.deepEqual(event?.after, {
      audience: "public",
      k: 11,
      protectionWidth: 11,
      primaria: 1,
      complementaria: 3,
      pequenaMostrada: 0,
    });
  });

  test("logging the same version again with the same cells writes nothing (a retried publication)", async () => {
    const result = protectTable(table, { audience: "public", solver });
    const out = await recordSuppressions(t.db, actor, {
      outputCode: "portal/victimas-por-region-sexo",
      outputVersion: "2019",
      result,
    });
    assert.deepEqual(out, { recorded: 0, alreadyRecorded: true });
    assert.equal((await auditEvents()).length, 1);
  });

  test("a different pattern for a version already logged is refused: a changed table is a new version", async () => {
    const wider = protectTable(table, { audience: "public", solver, k: 13 });
    await assert.rejects(
      recordSuppressions(t.db, actor, {
        outputCode: "portal/victimas-por-region-sexo",
        outputVersion: "2019",
        result: wider,
      }),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === "conflict" &&
        /ya tiene otro registro de confidencialidad/.test(e.message),
    );
    const out = await recordSuppressions(t.db, actor, {
      outputCode: "portal/victimas-por-region-sexo",
      outputVersion: "2019-rev1",
      result: wider,
    });
    assert.equal(out.recorded, wider.suppressions.length);
    assert.equal(
      (await listDisclosureLog(t.db, actor, { outputVersion: "2019" })).length,
      4,
      "the first version's rows are untouched",
    );
  });

  test("an internal output logs each small cell it showed", async () => {
    const result = protectTable(table, { audience: "internal", k: 5 });
    await recordSuppressions(t.db, actor, {
      outputCode: "tablero/victimas-por-region-sexo",
      outputVersion: "2019",
      result,
    });
    const rows = await listDisclosureLog(t.db, actor, {
      outputCode: "tablero/victimas-por-region-sexo",
    });
    assert.deepEqual(
      rows.map((r) => [r.cellKey, r.rule, r.audience, r.k]),
      [["Arequipa|Mujer", "pequena_mostrada", "internal", 5]],
    );
  });

  test("entries that break the rules are refused with the field named, and nothing is written", async () => {
    const before = (await listDisclosureLog(t.db, actor, {})).length;
    await assert.rejects(
      recordSuppressions(t.db, actor, {
        outputCode: "",
        outputVersion: "2019",
        result: {
          audience: "public",
          k: 5,
          protectionWidth: 5,
          suppressions: [
            { key: "a", rule: "pequena_mostrada" },
            { key: "a", rule: "primaria" },
          ],
        },
      }),
      (e: unknown) => {
        assert.ok(e instanceof DomainError && e.code === "invalid");
        assert.deepEqual(
          e.issues.map((i) => i.path),
          ["outputCode", "result.k", "result.suppressions.0", "result.suppressions.1"],
        );
        return true;
      },
    );
    assert.equal((await listDisclosureLog(t.db, actor, {})).length, before);
  });

  test("the database itself refuses a public row below k = 11, and any update or delete", async () => {
    await assert.rejects(
      t.db
        .insertInto("disclosureLog")
        .values({
          outputCode: "x",
          outputVersion: "1",
          audience: "public",
          cellKey: "a",
          rule: "primaria",
          k: 5,
          protectionWidth: 5,
          actor: "test",
        })
        .execute(),
      /disclosure_log_public_rules/,
    );
    await assert.rejects(
      sql`UPDATE disclosure_log SET rule = 'complementaria'`.execute(t.db),
      /disclosure_log es de solo inserción: no se puede update/,
    );
    await assert.rejects(
      sql`DELETE FROM disclosure_log`.execute(t.db),
      /disclosure_log es de solo inserción: no se puede delete/,
    );
  });
});
