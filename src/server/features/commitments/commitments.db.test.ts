import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { minimalPdf, signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import {
  CommitmentDetailSchema,
  CommitmentViewSchema,
  ComplianceSchema,
} from "../../../shared/contracts/commitments.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { getCompliance, listCommitments } from "./commitments.service.ts";

/**
 * The Matriz de compromisos followed to compliance: the catalogue's 13 rows get a dated
 * deadline and their metas' link; a new commitment sets metas as revisions; evidence, closing
 * and history; overdue and the compliance table on a fixed day.
 */
describe("commitments to compliance (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  let focal: ApiSession;
  const actor = systemActor("test");

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, { fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-c-"))) });
    admin = (await signIn(app, t.db, "administrador")).session;
    focal = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("the Matriz's printed spans become dates, the text kept as a note; its metas are linked", async () => {
    const rows = await listCommitments(t.db, actor, { policyCode: "pntp", today: "2024-07-01" });
    assert.equal(rows.length, 13);
    const first = rows.find((r) => r.number === 1);
    assert.deepEqual(
      [first?.dueOn, first?.deadlineNote, first?.entity],
      ["2025-12-31", "2 años", "SUNAFIL"],
    );
    const third = rows.find((r) => r.number === 3);
    assert.deepEqual(
      [third?.dueOn, third?.deadlineNote, third?.overdue],
      ["2024-06-30", "6 meses", true],
    );
    assert.equal(first?.overdue, false);
    const res = await admin.request("GET", `/api/commitments/${first?.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const detail = CommitmentDetailSchema.parse(res.json);
    assert.deepEqual(
      detail.metaRevisions.map((m) => [m.indicator, m.year, m.value, m.inForce]),
      [
        ["1.1", 2024, 9.5, true],
        ["1.1", 2025, 10.2, true],
      ],
    );
  });

  test("a new commitment with a dated deadline sets a later year's meta as a revision, audited", async () => {
    const bad = await admin.request("POST", "/api/policies/pntp/commitments", {
      periodYear: 2025,
      aspect: "Indicador 1.1",
      recommendation: "Sin indicador ni entidad.",
      dueOn: "2026-02-30",
      newMetas: [{ year: 2024, value: 5 }],
    });
    assert.equal(bad.status, 400);
    const paths = (bad.json.error as { issues: { path: string }[] }).issues.map((i) => i.path);
    assert.ok(paths.includes("body.dueOn"), paths.join());
    assert.ok(paths.includes("body.entity"), paths.join());
    assert.ok(paths.includes("body.indicator"), paths.join());
    assert.equal(
      (await focal.request("POST", "/api/policies/pntp/commitments", {})).status,
      403,
      "focal points read the Matriz, the conductor keeps it",
    );

    const res = await admin.request("POST", "/api/policies/pntp/commitments", {
      periodYear: 2025,
      aspect: "Indicador 1.1",
      indicator: "1.1",
      recommendation: "Elevar la meta de 2026 según la tendencia de 2024.",
      keyAction: "Mesa de trabajo con SUNAFIL.",
      responsibleUnit: "SUNAFIL Intendencia Nacional de Inteligencia Inspectiva",
      dueOn: "2026-06-30",
      deadlineNote: "primer semestre de 2026",
      newMetas: [{ year: 2026, value: 11.5 }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const created = CommitmentDetailSchema.parse(res.json);
    assert.deepEqual(
      [created.number, created.entity, created.status, created.dueOn, created.deadlineNote],
      [1, "SUNAFIL", "pendiente", "2026-06-30", "primer semestre de 2026"],
    );
    assert.deepEqual(
      created.metaRevisions.map((m) => [m.year, m.value, m.inForce]),
      [[2026, 11.5, true]],
    );
    assert.deepEqual(
      created.history.map((h) => [h.fromStatus, h.toStatus]),
      [[null, "pendiente"]],
    );
    const meta = await t.db
      .selectFrom("meta as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .select(["m.source", "m.commitmentId", "m.revision"])
      .where("i.code", "=", "1.1")
      .where("m.year", "=", 2026)
      .execute();
    assert.deepEqual(meta, [
      { source: "matriz_compromisos", commitmentId: created.id, revision: 1 },
    ]);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "objectId"])
      .where("action", "=", "commitment.create")
      .execute();
    assert.deepEqual(audit, [{ action: "commitment.create", objectId: String(created.id) }]);

    // A second commitment setting the same year's meta adds revision 2; the first drops out of force.
    const second = CommitmentDetailSchema.parse(
      (
        await admin.request("POST", "/api/policies/pntp/commitments", {
          periodYear: 2025,
          aspect: "Indicador 1.1",
          indicator: "1.1",
          recommendation: "Corregir la meta de 2026.",
          dueOn: "2026-12-31",
          newMetas: [{ year: 2026, value: 12 }],
        })
      ).json,
    );
    assert.deepEqual([second.number, second.metaRevisions[0]?.revision], [2, 2]);
    const again = CommitmentDetailSchema.parse(
      (await admin.request("GET", `/api/commitments/${created.id}`)).json,
    );
    assert.equal(again.metaRevisions[0]?.inForce, false);
  });

  test("evidence, progress and closing: history in order, each step audited, no longer overdue", async () => {
    const rows = await listCommitments(t.db, actor, { policyCode: "pntp" });
    const target = rows.find((r) => r.periodYear === 2024 && r.number === 3);
    assert.ok(target);
    const form = new FormData();
    form.set("file", new File([minimalPdf("acta de mesa")], "acta mesa.pdf"));
    const up = await admin.request("POST", `/api/commitments/${target.id}/evidence`, undefined, {
      form,
    });
    assert.equal(up.status, 201, JSON.stringify(up.json));
    const withFile = CommitmentDetailSchema.parse(up.json);
    assert.deepEqual(
      withFile.evidence.map((e) => e.fileName),
      ["acta mesa.pdf"],
    );
    const twice = new FormData();
    twice.set("file", new File([minimalPdf("acta de mesa")], "copia.pdf"));
    assert.equal(
      (
        await admin.request("POST", `/api/commitments/${target.id}/evidence`, undefined, {
          form: twice,
        })
      ).status,
      409,
    );
    const download = await admin.request(
      "GET",
      `/api/commitment-evidence/${withFile.evidence[0]?.id}`,
    );
    assert.equal(download.status, 200);

    const refusedClose = await admin.request("PATCH", `/api/commitments/${target.id}`, {
      status: "cumplido",
    });
    assert.equal(refusedClose.status, 400, "closing goes through its own route");
    const progress = await admin.request("PATCH", `/api/commitments/${target.id}`, {
      status: "en_proceso",
      comment: "Mesa de trabajo instalada.",
      dueOn: "2024-09-30",
    });
    assert.equal(progress.status, 200, JSON.stringify(progress.json));
    const short = await admin.request("POST", `/api/commitments/${target.id}/close`, {
      status: "cumplido",
      comment: "ok",
    });
    assert.equal(short.status, 400);
    const closed = await admin.request("POST", `/api/commitments/${target.id}/close`, {
      status: "cumplido",
      comment: "Indicador 2.2 ajustado en la ficha de 2025.",
    });
    assert.equal(closed.status, 200, JSON.stringify(closed.json));
    const detail = CommitmentDetailSchema.parse(closed.json);
    assert.deepEqual(
      detail.history.map((h) => [h.fromStatus, h.toStatus]),
      [
        ["pendiente", "en_proceso"],
        ["en_proceso", "cumplido"],
      ],
    );
    assert.equal(detail.overdue, false);
    assert.ok(detail.closedAt);
    const actions = (
      await t.db
        .selectFrom("auditEvent")
        .select("action")
        .where("objectType", "=", "commitment")
        .where("objectId", "=", String(target.id))
        .orderBy("id")
        .execute()
    ).map((a) => a.action);
    assert.deepEqual(actions, [
      "commitment.evidence_upload",
      "commitment.update",
      "commitment.close",
    ]);
    const list = CommitmentViewSchema.array().parse(
      (await focal.request("GET", "/api/policies/pntp/commitments")).json,
    );
    assert.equal(list.find((r) => r.id === target.id)?.evidenceCount, 1);
  });

  test("migration 0029's SQL reads the printed spans and links the metas as the import does", async () => {
    const imported = await t.db
      .selectFrom("commitment")
      .select(["id", "dueOn"])
      .where("periodYear", "=", 2024)
      .orderBy("id")
      .execute();
    const links = await t.db
      .selectFrom("meta")
      .select(["id", "commitmentId"])
      .where("source", "=", "matriz_compromisos")
      .orderBy("id")
      .execute();
    const migration = readFileSync(
      new URL(
        "../../../../db/migrations/0029_commitment_compliance_and_rule_settings.sql",
        import.meta.url,
      ),
      "utf8",
    );
    const updates = migration
      .replace(/--.*$/gm, "")
      .split(";")
      .map((s) => s.trim())
      .filter((s) => s.startsWith("UPDATE"));
    assert.equal(updates.length, 2);
    await t.db.transaction().execute(async (tx) => {
      await tx
        .updateTable("commitment")
        .set({ dueOn: null })
        .where("periodYear", "=", 2024)
        .execute();
      await tx
        .updateTable("meta")
        .set({ commitmentId: null })
        .where("source", "=", "matriz_compromisos")
        .execute();
      for (const statement of updates) await sql.raw(statement).execute(tx);
    });
    const migrated = await t.db
      .selectFrom("commitment")
      .select(["id", "dueOn"])
      .where("periodYear", "=", 2024)
      .orderBy("id")
      .execute();
    // Row 3 had its deadline moved by the conductor; the SQL reads the printed span again.
    const expected = imported.map((r, i) => (i === 2 ? { ...r, dueOn: "2024-06-30" } : r));
    assert.deepEqual(migrated, expected);
    const relinked = await t.db
      .selectFrom("meta")
      .select(["id", "commitmentId"])
      .where("source", "=", "matriz_compromisos")
      .orderBy("id")
      .execute();
    // Every Matriz meta is linked back to the row that lists it, those set in the app included.
    assert.deepEqual(relinked, links);
    assert.ok(links.every((m) => m.commitmentId !== null));
    await t.db
      .updateTable("commitment")
      .set({ dueOn: "2024-09-30" })
      .where("id", "=", imported[2]?.id ?? 0)
      .execute();
  });

  test("the compliance table counts by status and overdue per entity", async () => {
    const c = await getCompliance(t.db, actor, {
      policyCode: "pntp",
      periodYear: 2024,
      today: "2025-01-15",
    });
    assert.equal(c.total.total, 13);
    assert.equal(c.total.byStatus.cumplido, 1);
    // The four «6 meses» rows fell due on 2024-06-30; one of them is closed.
    assert.equal(c.total.overdue, 3);
    const sunafil = c.entities.find((e) => e.entity === "SUNAFIL");
    assert.deepEqual([sunafil?.total, sunafil?.overdue], [2, 0]);
    const res = await focal.request(
      "GET",
      "/api/policies/pntp/commitments/compliance?periodYear=2024",
    );
    assert.equal(res.status, 200);
    assert.equal(ComplianceSchema.parse(res.json).total.total, 13);
  });
});
