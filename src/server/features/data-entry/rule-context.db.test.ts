import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { minimalPdf, signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { MeasurementSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { buildMonitoringReportModel } from "../reports/monitoring/monitoring-model.service.ts";

/**
 * One findings pipeline: the review queue, the evaluation and the monitoring report read the
 * rules' context from the same loader. The queue is read in bulk and must present each value
 * exactly as it is presented alone; the monitoring report now compares a cumulative value with
 * the preceding validated period (it used to pass no previous value).
 */
describe("rule contexts and the review queue (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: ApiSession;
  const actor = systemActor("test");

  const body = (year: number, period: string, fields: Record<string, unknown>) => ({
    year,
    period,
    value: null,
    numerator: null,
    denominator: null,
    disaggregations: [],
    ...fields,
  });
  const create = async (indicator: string, fields: Record<string, unknown>) => {
    const res = await admin.request(
      "POST",
      `/api/policies/pntp/indicators/${indicator}/measurements`,
      fields,
    );
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return MeasurementSchema.parse(res.json);
  };
  const post = async (id: number, step: string, payload: Record<string, unknown>) => {
    const res = await admin.request("POST", `/api/measurements/${id}/${step}`, payload);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return MeasurementSchema.parse(res.json);
  };

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    const app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;

    // 1.1: submitted, validated, then corrected (two revisions), with parts and evidence.
    const first = await create(
      "1.1",
      body(2024, "ANUAL", {
        value: 5,
        disaggregations: [
          { dimension: "sexo", category: "F", value: 3 },
          { dimension: "sexo", category: "M", value: 2 },
        ],
        justification: "Valor revisado con la fuente institucional.",
      }),
    );
    const sent = await post(first.id, "submit", { lockVersion: first.lockVersion });
    await post(first.id, "validate", { lockVersion: sent.lockVersion });
    const correction = await create(
      "1.1",
      body(2024, "ANUAL", { value: 6, correctionReason: "Se corrigió el registro del distrito." }),
    );
    const form = new FormData();
    form.set("file", new File([minimalPdf()], "acta.pdf", { type: "application/pdf" }));
    const uploaded = await admin.request(
      "POST",
      `/api/measurements/${correction.id}/evidence`,
      undefined,
      {
        form,
      },
    );
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.json));

    // 2.1: submitted, observed, commented.
    const observed = await create(
      "2.1",
      body(2024, "ANUAL", { value: 40, justification: "Avance parcial por cambio de fuente." }),
    );
    const sent21 = await post(observed.id, "submit", { lockVersion: observed.lockVersion });
    const back = await post(observed.id, "observe", {
      lockVersion: sent21.lockVersion,
      observations: [{ field: "value", comment: "Revise el denominador usado." }],
    });
    await post(back.id, "comments", { comment: "Se envió el sustento por correo." });

    // 18: a percentage out of range (an error finding); 26 (cumulative): below 2023's 6.
    await create("18", body(2024, "ANUAL", { value: 150 }));
    await create("26", body(2024, "S1", { value: 3 }));
  });
  after(async () => {
    await t.dispose();
  });

  test("the review queue presents every value exactly as it is presented alone", async () => {
    for (const query of ["", "?year=2024", "?year=2023", "?status=borrador"]) {
      const res = await admin.request(
        "GET",
        `/api/policies/pntp/measurements${query}${query ? "&" : "?"}limit=200`,
      );
      assert.equal(res.status, 200);
      const queue = MeasurementSchema.array().parse(res.json.items);
      assert.ok(queue.length > 0, query);
      for (const listed of queue) {
        const alone = await admin.request("GET", `/api/measurements/${listed.id}`);
        assert.deepEqual(listed, MeasurementSchema.parse(alone.json), `value ${listed.id}${query}`);
      }
    }
    // The set exercises what the bulk read groups: revisions, parts, notes, evidence, findings.
    const queue = MeasurementSchema.array().parse(
      (await admin.request("GET", "/api/policies/pntp/measurements?year=2024&limit=200")).json
        .items,
    );
    const of = (code: string) => queue.filter((m) => m.indicator.code === code);
    assert.deepEqual(
      of("1.1").map((m) => [m.revision, m.status]),
      [
        [2, "borrador"],
        [1, "validado"],
      ],
    );
    assert.equal(of("1.1")[0]?.evidence.length, 1);
    assert.equal(of("1.1")[1]?.disaggregations.length, 2);
    assert.equal(of("1.1")[0]?.history.length, of("1.1")[1]?.history.length);
    assert.deepEqual(
      of("2.1")[0]?.observations.map((o) => o.kind),
      ["observacion", "comentario"],
    );
    assert.deepEqual(
      of("18")[0]?.findings.map((f) => f.code),
      ["PORCENTAJE_FUERA_DE_RANGO"],
    );
    assert.deepEqual(of("26")[0]?.ruleContext.previous, { label: "2023", value: 6 });
    assert.deepEqual(
      of("26")[0]?.findings.map((f) => f.code),
      ["ACUMULADO_DECRECE"],
    );
  });

  test("the queue comes in pages with a total: walking them gives every value once, in order", async () => {
    const whole = await admin.request("GET", "/api/policies/pntp/measurements?limit=200");
    const all = MeasurementSchema.array().parse(whole.json.items);
    assert.equal(whole.json.total, all.length);
    assert.ok(all.length > 3, "enough values to page through");
    const walked: number[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const res = await admin.request(
        "GET",
        `/api/policies/pntp/measurements?limit=2&offset=${offset}`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.json.total, all.length, "the total is on every page");
      walked.push(
        ...MeasurementSchema.array()
          .parse(res.json.items)
          .map((m) => m.id),
      );
      offset = res.json.nextOffset as number | null;
      pages += 1;
    }
    assert.deepEqual(
      walked,
      all.map((m) => m.id),
    );
    assert.equal(pages, Math.ceil(all.length / 2));
    // The default page is bounded; a page over the maximum is refused, naming the field.
    const first = await admin.request("GET", "/api/policies/pntp/measurements");
    assert.ok((first.json.items as unknown[]).length <= 50);
    const tooMany = await admin.request("GET", "/api/policies/pntp/measurements?limit=5000");
    assert.equal(tooMany.status, 400);
    assert.match(JSON.stringify(tooMany.json), /limit/);
  });

  test("the monitoring report compares a cumulative value with the preceding validated period", async () => {
    // Fixed: the report passed no previous value, so a cumulative value that fell went unflagged.
    const s1 = await buildMonitoringReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      period: "S1",
    });
    const s1Findings = s1.indicators.find((i) => i.code === "26")?.findings ?? [];
    assert.deepEqual(
      s1Findings.map((f) => f.code),
      ["ACUMULADO_DECRECE"],
    );
    assert.match(s1Findings[0]?.message ?? "", /de 2023 \(6\)/);

    // The S2 report of 2023 reads the annual values: the same finding as the evaluation's.
    const s2 = await buildMonitoringReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2023,
      period: "S2",
    });
    const evaluation = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2023 });
    const monitored = s2.indicators.find((i) => i.code === "26")?.findings ?? [];
    assert.deepEqual(
      monitored.map((f) => f.code),
      ["ACUMULADO_DECRECE"],
    );
    const evaluated = evaluation.indicators.find((i) => i.code === "26")?.warnings ?? [];
    assert.ok(
      evaluated.some((w) => w.code === "ACUMULADO_DECRECE" && w.message === monitored[0]?.message),
    );
  });
});
