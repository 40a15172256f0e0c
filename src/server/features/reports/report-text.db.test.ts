import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildUser } from "../../../../test/factories.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor, userActor } from "../../../shared/actor.ts";
import { buildEvaluationReportModel } from "./evaluation/evaluation-model.service.ts";
import { setReportText } from "./reports.service.ts";

// Texts of the Informe written by the administrator: stored per policy, year and section,
// audited in the same transaction, placeholders checked against the year's figures.
describe("report texts (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  const actor = { id: "cli:analista", kind: "cli" as const, ip: null };
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  const audits = () =>
    t.db
      .selectFrom("auditEvent")
      .select(["action", "actor", "before", "after"])
      .where("action", "=", "report_text.set")
      .orderBy("id")
      .execute();

  test("stores the text with its author and an audit event", async () => {
    const saved = await setReportText(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      section: "conclusiones",
      body: "El índice fue {{indice.tipo2}} %.\r\n",
    });
    assert.equal(saved.section, "conclusiones");
    assert.equal(saved.author, "cli:analista");
    const rows = await t.db.selectFrom("reportText").selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.body, "El índice fue {{indice.tipo2}} %.");
    assert.equal(rows[0]?.year, 2023);
    assert.ok(rows[0]?.updatedAt instanceof Date);
    const events = await audits();
    assert.equal(events.length, 1);
    assert.equal(events[0]?.actor, "cli:analista");
    assert.equal(events[0]?.before, null);
    assert.equal((events[0]?.after as { section: string } | undefined)?.section, "conclusiones");
  });

  test("a second write replaces the text and the audit keeps the previous one", async () => {
    await setReportText(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      section: "conclusiones",
      body: "Nuevo texto: valoración {{valoracion.total}}.",
    });
    const rows = await t.db.selectFrom("reportText").select(["body"]).execute();
    assert.deepEqual(
      rows.map((r) => r.body),
      ["Nuevo texto: valoración {{valoracion.total}}."],
    );
    const events = await audits();
    assert.equal(events.length, 2);
    assert.equal(
      (events[1]?.before as { body: string } | undefined)?.body,
      "El índice fue {{indice.tipo2}} %.",
    );
  });

  test("unknown placeholders are refused and nothing is written", async () => {
    await assert.rejects(
      setReportText(t.db, actor, {
        policyCode: "pntp",
        year: 2023,
        section: "recomendaciones",
        body: "Mejorar {{indicador.99.tipo1}} y {{indice.tipo3}}.",
      }),
      (err: Error & { issues?: { path: string }[] }) => {
        assert.match(err.message, /marcadores que no existen/);
        assert.deepEqual(
          err.issues?.map((i) => i.path),
          ["{{indicador.99.tipo1}}", "{{indice.tipo3}}"],
        );
        return true;
      },
    );
    const rows = await t.db.selectFrom("reportText").select("section").execute();
    assert.deepEqual(
      rows.map((r) => r.section),
      ["conclusiones"],
    );
    assert.equal((await audits()).length, 2);
  });

  test("unknown sections, empty texts and unknown policies are refused", async () => {
    const base = { policyCode: "pntp", year: 2023, section: "conclusiones", body: "Texto." };
    await assert.rejects(setReportText(t.db, actor, { ...base, section: "anexos" }), /Sección/);
    await assert.rejects(setReportText(t.db, actor, { ...base, body: "  \n " }), /vacío/);
    await assert.rejects(setReportText(t.db, actor, { ...base, policyCode: "otra" }), /otra/);
  });

  test("the Informe names the text's author by display name, not by account id", async () => {
    const user = await buildUser(t.db, "administrador");
    const author = userActor(
      {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        role: "administrador",
        entities: [],
      },
      null,
    );
    await setReportText(t.db, author, {
      policyCode: "pntp",
      year: 2023,
      section: "recomendaciones",
      body: "Recomendación.",
    });
    const model = await buildEvaluationReportModel(t.db, systemActor("test"), {
      policyCode: "pntp",
      year: 2023,
    });
    const stored = model.texts.get("recomendaciones");
    assert.equal(stored?.author, `user:${user.id}`);
    assert.equal(stored?.authorName, user.displayName);
    assert.equal(model.texts.get("conclusiones")?.authorName, "cli:analista");
  });
});
