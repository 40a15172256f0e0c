import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { minimalPdf, signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { AuditEventSchema } from "../../../shared/contracts/audit-log.contract.ts";
import {
  MeasurementSchema,
  RuleContextSchema,
} from "../../../shared/contracts/data-entry.contract.ts";
import type { Role } from "../../../shared/permissions.ts";
import { resolveRuleSettings } from "../../../shared/validation/rule-settings.ts";
import { fixedT } from "../../../web/i18n/i18n.ts";
import {
  checkForm,
  EMPTY_FORM,
  formFromMeasurement,
} from "../../../web/pages/measurement/measurement-form.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { openPeriod } from "../periods/periods.service.ts";

// The Spanish texts the browser shows, through the same i18next catalogue.
const es = fixedT("es");

type Json = Record<string, unknown>;
const errorOf = (json: Json) =>
  json.error as {
    code: string;
    key?: string;
    message: string;
    issues?: { path: string; message: string }[];
  };

/**
 * The reporting loop of the Tablero through the API, as the focal points and the conductor
 * live it: draft with a warning → justification → evidence → submit → observe → correct →
 * resubmit → validate → the evaluation moves; and nobody outside the entity gets in.
 */
describe("data entry workflow (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let sunafil: ApiSession;
  let mimp: ApiSession;
  let admin: ApiSession;
  let revisor: ApiSession;
  const people = new Map<string, { id: number; email: string; displayName: string }>();
  let measurementId = 0;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    const actor = systemActor("test");
    await openPeriod(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    const enter = async (name: string, role: Role, options: { entities?: string[] } = {}) => {
      const { session, user } = await signIn(app, t.db, role, options);
      people.set(name, user);
      return session;
    };
    sunafil = await enter("sunafil", "punto_focal", { entities: ["SUNAFIL"] });
    mimp = await enter("mimp", "punto_focal", { entities: ["MIMP"] });
    admin = await enter("admin", "administrador");
    revisor = await enter("revisor", "revisor");
  });
  after(async () => {
    await t.dispose();
  });

  const dashboardIndex = async (year: number) => {
    const res = await admin.request("GET", `/api/policies/pntp/dashboard?year=${year}`);
    assert.equal(res.status, 200);
    const evaluation = res.json.evaluation as {
      index: { tipo2: number | "ND" };
      indicators: { code: string; level: string }[];
    };
    return {
      index: evaluation.index.tipo2,
      level11: evaluation.indicators.find((i) => i.code === "1.1")?.level,
    };
  };

  // The loop is one story: each step starts from the state the previous one left (the same
  // value, drafted, sent, observed, corrected, validated, corrected again), so it is one test
  // whose steps run in order; the tests after it set up their own state.
  test("the reporting loop, step by step, on one value", async (loop) => {
    const step = (name: string, fn: () => Promise<void>) => loop.test(name, fn);
    await step("the focal point's to-do list has its indicators for the open period", async () => {
      const res = await sunafil.request("GET", "/api/policies/pntp/tasks");
      assert.equal(res.status, 200);
      const tasks = res.json as unknown as {
        indicator: { code: string };
        entity: string;
        status: string;
        year: number;
        period: string;
      }[];
      assert.deepEqual(
        tasks.filter((x) => x.year === 2024).map((x) => x.indicator.code),
        ["1.1", "7", "10"],
      );
      assert.ok(
        tasks
          .filter((x) => x.year === 2024)
          .every((x) => x.entity === "SUNAFIL" && x.status === "pendiente" && x.period === "ANUAL"),
      );
    });
    await step("a value far above its meta is saved as a draft with a warning", async () => {
      const res = await sunafil.request("POST", "/api/policies/pntp/indicators/1.1/measurements", {
        year: 2024,
        period: "ANUAL",
        value: 25,
        numerator: 480,
        denominator: 1920,
        disaggregations: [],
        sourceSystem: "Sistema de Inspección del Trabajo",
        logros: "Se fiscalizaron 480 distritos.",
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const m = MeasurementSchema.parse(res.json);
      measurementId = m.id;
      assert.equal(m.status, "borrador");
      assert.equal(m.reportedForEntity, "SUNAFIL");
      assert.deepEqual(
        m.findings.map((f) => [f.code, f.severity]),
        // 25 % against 2023's validated value is also a jump of more than the default 100 %.
        [
          ["AVANCE_MUY_ALTO", "warning"],
          ["VARIACION_INTERANUAL_ATIPICA", "warning"],
        ],
      );
    });
    await step("another entity's focal point can neither see nor edit the draft", async () => {
      assert.equal((await mimp.request("GET", `/api/measurements/${measurementId}`)).status, 403);
      const put = await mimp.request("PUT", `/api/measurements/${measurementId}`, {
        value: 1,
        numerator: null,
        denominator: null,
        lockVersion: 1,
      });
      assert.equal(put.status, 403);
      assert.equal(
        (
          await mimp.request("POST", `/api/measurements/${measurementId}/submit`, {
            lockVersion: 1,
          })
        ).status,
        403,
      );
      const list = await mimp.request("GET", "/api/policies/pntp/measurements?year=2024");
      assert.deepEqual(list.json, { items: [], total: 0, nextOffset: null });
      const create = await mimp.request("POST", "/api/policies/pntp/indicators/7/measurements", {
        year: 2024,
        period: "ANUAL",
        value: 10,
        numerator: null,
        denominator: null,
      });
      assert.equal(create.status, 403);
    });
    await step(
      "submitting without a justification is blocked with the finding; with one it goes",
      async () => {
        const blocked = await sunafil.request("POST", `/api/measurements/${measurementId}/submit`, {
          lockVersion: 1,
        });
        assert.equal(blocked.status, 422);
        assert.equal(errorOf(blocked.json).issues?.[0]?.path, "value");

        const form = new FormData();
        form.set(
          "file",
          new File([minimalPdf()], "acta de fiscalización.pdf", { type: "application/pdf" }),
        );
        const upload = await sunafil.request(
          "POST",
          `/api/measurements/${measurementId}/evidence`,
          undefined,
          { form },
        );
        assert.equal(upload.status, 201, JSON.stringify(upload.json));
        assert.equal(upload.json.mediaType, "application/pdf");
        assert.match(String(upload.json.sha256), /^[0-9a-f]{64}$/);

        const sent = await sunafil.request("POST", `/api/measurements/${measurementId}/submit`, {
          lockVersion: 1,
          justification: "Operativo nacional extraordinario con la OIT en 2024.",
        });
        assert.equal(sent.status, 200, JSON.stringify(sent.json));
        assert.equal(MeasurementSchema.parse(sent.json).status, "enviado");
      },
    );
    await step(
      "evidence: type sniffed from the bytes, size limited, downloads scoped",
      async () => {
        const fake = new FormData();
        fake.set("file", new File([new TextEncoder().encode("MZ ejecutable")], "informe.pdf"));
        assert.equal(
          (
            await sunafil.request(
              "POST",
              `/api/measurements/${measurementId}/evidence`,
              undefined,
              {
                form: fake,
              },
            )
          ).status,
          415,
        );
        // The value is already sent: its evidence is frozen with it.
        const late = new FormData();
        late.set("file", new File([minimalPdf("otra")], "otra.pdf"));
        assert.equal(
          (
            await sunafil.request(
              "POST",
              `/api/measurements/${measurementId}/evidence`,
              undefined,
              {
                form: late,
              },
            )
          ).status,
          409,
        );
        const detail = MeasurementSchema.parse(
          (await sunafil.request("GET", `/api/measurements/${measurementId}`)).json,
        );
        const evidenceId = detail.evidence[0]?.id;
        assert.ok(evidenceId);
        const download = await sunafil.request("GET", `/api/evidence/${evidenceId}`);
        assert.equal(download.status, 200);
        assert.equal(download.headers.get("content-type"), "application/pdf");
        assert.equal((await mimp.request("GET", `/api/evidence/${evidenceId}`)).status, 403);
      },
    );
    await step(
      "the conductor observes with a comment per field; the revisor only comments",
      async () => {
        assert.equal(
          (
            await revisor.request("POST", `/api/measurements/${measurementId}/observe`, {
              lockVersion: 2,
              observations: [{ field: "value", comment: "x" }],
            })
          ).status,
          403,
        );
        const comment = await revisor.request(
          "POST",
          `/api/measurements/${measurementId}/comments`,
          {
            comment: "Revisar el denominador.",
          },
        );
        assert.equal(comment.status, 200);
        const observed = await admin.request("POST", `/api/measurements/${measurementId}/observe`, {
          lockVersion: 2,
          observations: [
            { field: "value", comment: "El universo es de 1,891 distritos, no 1,920." },
          ],
        });
        assert.equal(observed.status, 200, JSON.stringify(observed.json));
        const m = MeasurementSchema.parse(observed.json);
        assert.equal(m.status, "observado");
        assert.deepEqual(
          m.observations.map((o) => [o.kind, o.field]),
          [
            ["comentario", null],
            ["observacion", "value"],
          ],
        );
      },
    );
    await step(
      "notes, evidence and history name their authors; e-mails only for administrators",
      async () => {
        const person = (name: string) => {
          const p = people.get(name);
          assert.ok(p);
          return p;
        };
        const [focal, conductor, reviewer] = [
          person("sunafil"),
          person("admin"),
          person("revisor"),
        ];
        const asFocal = MeasurementSchema.parse(
          (await sunafil.request("GET", `/api/measurements/${measurementId}`)).json,
        );
        const asAdmin = MeasurementSchema.parse(
          (await admin.request("GET", `/api/measurements/${measurementId}`)).json,
        );
        // The ids stay: they are what the audit log records.
        assert.deepEqual(
          asFocal.observations.map((o) => [o.author, o.authorUser]),
          [
            [`user:${reviewer.id}`, { name: reviewer.displayName, email: null }],
            [`user:${conductor.id}`, { name: conductor.displayName, email: null }],
          ],
        );
        assert.deepEqual(
          asAdmin.observations.map((o) => o.authorUser?.email),
          [reviewer.email, conductor.email],
        );
        assert.deepEqual(asFocal.createdByUser, { name: focal.displayName, email: null });
        assert.deepEqual(asAdmin.createdByUser, { name: focal.displayName, email: focal.email });
        // Newest first: observed by the conductor, submitted and created by the focal point.
        assert.deepEqual(
          asFocal.history.map((h) => [h.status, h.createdByUser?.name]),
          [
            ["observado", conductor.displayName],
            ["enviado", focal.displayName],
            ["borrador", focal.displayName],
          ],
        );
        assert.deepEqual(
          asFocal.evidence.map((e) => [e.uploadedBy, e.uploadedByUser?.name]),
          [[`user:${focal.id}`, focal.displayName]],
        );
        // The audit viewer: names and e-mails, the recorded id untouched, searchable by name.
        const audit = await admin.request(
          "GET",
          `/api/audit?actor=${encodeURIComponent(focal.email)}`,
        );
        const events = AuditEventSchema.array().parse(audit.json);
        assert.ok(events.length >= 3);
        for (const e of events) {
          assert.equal(e.actor, `user:${focal.id}`);
          assert.deepEqual(e.actorUser, { name: focal.displayName, email: focal.email });
        }
        const byId = AuditEventSchema.array().parse(
          (await admin.request("GET", `/api/audit?actor=user:${focal.id}`)).json,
        );
        assert.deepEqual(
          byId.map((e) => e.id),
          events.map((e) => e.id),
        );
        const system = AuditEventSchema.array().parse(
          (await admin.request("GET", "/api/audit?actor=system:test&limit=5")).json,
        );
        assert.ok(system.length > 0 && system.every((e) => e.actorUser === null));
      },
    );
    await step(
      "a stale edit is refused (optimistic concurrency) and nothing is saved",
      async () => {
        const stale = await sunafil.request("PUT", `/api/measurements/${measurementId}`, {
          value: 1,
          numerator: null,
          denominator: null,
          lockVersion: 1,
        });
        assert.equal(stale.status, 409);
        const current = MeasurementSchema.parse(
          (await sunafil.request("GET", `/api/measurements/${measurementId}`)).json,
        );
        assert.equal(current.value, 25);
      },
    );
    await step(
      "the focal point corrects and resubmits; the conductor validates; the figures move",
      async () => {
        const before2024 = await dashboardIndex(2024);
        const current = MeasurementSchema.parse(
          (await sunafil.request("GET", `/api/measurements/${measurementId}`)).json,
        );
        const edited = await sunafil.request("PUT", `/api/measurements/${measurementId}`, {
          value: 9.9,
          numerator: 187,
          denominator: 1891,
          disaggregations: [],
          lockVersion: current.lockVersion,
        });
        assert.equal(edited.status, 200, JSON.stringify(edited.json));
        const m = MeasurementSchema.parse(edited.json);
        assert.equal(m.status, "observado");
        assert.deepEqual(m.findings, []);
        const resent = await sunafil.request("POST", `/api/measurements/${measurementId}/submit`, {
          lockVersion: m.lockVersion,
        });
        assert.equal(resent.status, 200);

        // The preview counts the submitted value; the validated evaluation does not yet.
        const preview = await admin.request(
          "GET",
          "/api/policies/pntp/dashboard?year=2024&preview=true",
        );
        assert.notEqual(
          (preview.json.evaluation as { index: { tipo2: unknown } }).index.tipo2,
          before2024.index,
        );
        assert.deepEqual(await dashboardIndex(2024), before2024);

        const validated = await admin.request(
          "POST",
          `/api/measurements/${measurementId}/validate`,
          {
            lockVersion: MeasurementSchema.parse(resent.json).lockVersion,
          },
        );
        assert.equal(validated.status, 200);
        assert.equal(MeasurementSchema.parse(validated.json).status, "validado");
        const after2024 = await dashboardIndex(2024);
        assert.notDeepEqual(after2024, before2024);
        // 9.9 against a meta of 9.5 with a baseline of 7.2: tipo 2 = 117.4 → clipped 100 for OP1.
        assert.equal(after2024.level11, "alto");
      },
    );
    await step(
      "a validated value is locked; a correction is a new revision with a reason",
      async () => {
        const locked = await sunafil.request("PUT", `/api/measurements/${measurementId}`, {
          value: 9.8,
          numerator: null,
          denominator: null,
          lockVersion: 99,
        });
        assert.equal(locked.status, 409);
        const noReason = await sunafil.request(
          "POST",
          "/api/policies/pntp/indicators/1.1/measurements",
          {
            year: 2024,
            period: "ANUAL",
            value: 9.8,
            numerator: null,
            denominator: null,
          },
        );
        assert.equal(noReason.status, 400);
        assert.equal(errorOf(noReason.json).issues?.[0]?.path, "correctionReason");
        const correction = await sunafil.request(
          "POST",
          "/api/policies/pntp/indicators/1.1/measurements",
          {
            year: 2024,
            period: "ANUAL",
            value: 9.8,
            numerator: null,
            denominator: null,
            correctionReason: "Se depuraron dos distritos duplicados en el registro.",
          },
        );
        assert.equal(correction.status, 201);
        const m = MeasurementSchema.parse(correction.json);
        assert.equal(m.revision, 2);
        // History is append-only: the first revision's observed figure (25) stays after it was
        // corrected to 9.9 and resubmitted.
        assert.deepEqual(
          m.history.map((h) => [h.revision, h.status, h.value]),
          [
            [2, "borrador", 9.8],
            [1, "validado", 9.9],
            [1, "enviado", 9.9],
            [1, "observado", 25],
            [1, "enviado", 25],
            [1, "borrador", 25],
          ],
        );
        await assert.rejects(
          t.db.updateTable("measurementHistory").set({ value: 1 }).execute(),
          /solo inserción/,
        );
        await assert.rejects(t.db.deleteFrom("measurementHistory").execute(), /solo inserción/);
        // Until the correction is validated, the evaluation keeps the validated revision.
        const ev = await admin.request("GET", "/api/policies/pntp/evaluation?year=2024");
        assert.equal(
          (ev.json.indicators as { code: string; value: number }[]).find((i) => i.code === "1.1")
            ?.value,
          9.9,
        );
      },
    );
    await step("every mutation left an audit event, and audit rows cannot be changed", async () => {
      const res = await admin.request("GET", "/api/audit?objectType=measurement&limit=100");
      const actions = (res.json as unknown as { action: string }[]).map((e) => e.action).sort();
      for (const action of [
        "measurement.create",
        "measurement.update",
        "measurement.submit",
        "measurement.observe",
        "measurement.validate",
        "measurement.comment",
        "evidence.upload",
      ]) {
        assert.ok(actions.includes(action), action);
      }
      await assert.rejects(
        t.db.updateTable("auditEvent").set({ actor: "otro" }).execute(),
        /solo inserción/,
      );
      await assert.rejects(t.db.deleteFrom("auditEvent").execute(), /solo inserción/);
    });
  });

  test("the rule context lets the form run the cumulative rule before anything is sent", async () => {
    const mre = (await signIn(app, t.db, "punto_focal", { entities: ["MRE"] })).session;
    // Indicator 26 is cumulative; its validated 2023 value is 6 and its 2024 meta 17.
    const expected = {
      unit: "numero",
      isCumulative: true,
      direction: "ascendente",
      meta: 17,
      previous: { label: "2023", value: 6 },
      // Cumulative: the year-over-year warning does not apply; no settings, the defaults.
      previousYear: null,
      settings: resolveRuleSettings(null),
    };
    const fresh = await mre.request(
      "GET",
      "/api/policies/pntp/indicators/26/rule-context?year=2024&period=ANUAL",
    );
    assert.equal(fresh.status, 200, JSON.stringify(fresh.json));
    assert.deepEqual(RuleContextSchema.parse(fresh.json), expected);
    // What the browser computes live from that context, before the first save…
    const typed = { ...EMPTY_FORM, value: "5" };
    const live = checkForm(typed, RuleContextSchema.parse(fresh.json), es);
    assert.deepEqual(
      live.findings.map((f) => f.code),
      ["ACUMULADO_DECRECE", "AVANCE_MUY_BAJO"],
    );
    assert.equal(live.canSubmit, false);
    // …is what the server finds once it is saved, and the response carries the same context.
    const res = await mre.request("POST", "/api/policies/pntp/indicators/26/measurements", {
      year: 2024,
      period: "ANUAL",
      value: 5,
      numerator: null,
      denominator: null,
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const m = MeasurementSchema.parse(res.json);
    assert.deepEqual(m.ruleContext, expected);
    assert.deepEqual(m.findings, live.findings);
    assert.deepEqual(checkForm(formFromMeasurement(m), m.ruleContext, es).findings, m.findings);
    // A semester value is partial: no meta; its cumulative floor is the previous year's value.
    const s1 = await mre.request(
      "GET",
      "/api/policies/pntp/indicators/26/rule-context?year=2024&period=S1",
    );
    assert.deepEqual(RuleContextSchema.parse(s1.json), { ...expected, meta: null });
    // Only those who report ask for it; it holds no more than the validated evaluation shows.
    assert.equal(
      (
        await revisor.request(
          "GET",
          "/api/policies/pntp/indicators/26/rule-context?year=2024&period=ANUAL",
        )
      ).status,
      403,
    );
  });

  test("a closed period refuses the focal point's writes", async () => {
    // A period of its own (2025), so closing it changes nothing the other tests use.
    await openPeriod(t.db, systemActor("test"), {
      policyCode: "pntp",
      year: 2025,
      period: "ANUAL",
      opensOn: "2026-01-02",
      deadline: "2099-03-31",
    });
    const started = await sunafil.request("POST", "/api/policies/pntp/indicators/10/measurements", {
      year: 2025,
      period: "ANUAL",
      value: 3,
      numerator: null,
      denominator: null,
    });
    assert.equal(started.status, 201, JSON.stringify(started.json));
    const closedDraftId = MeasurementSchema.parse(started.json).id;
    const periods = await admin.request("GET", "/api/policies/pntp/periods");
    const id = (periods.json as unknown as { id: number; year: number }[]).find(
      (p) => p.year === 2025,
    )?.id;
    assert.equal(
      (await admin.request("PATCH", `/api/periods/${id}`, { status: "cerrado" })).status,
      200,
    );
    const res = await sunafil.request("POST", "/api/policies/pntp/indicators/7/measurements", {
      year: 2025,
      period: "ANUAL",
      value: 40,
      numerator: null,
      denominator: null,
    });
    assert.equal(res.status, 403);
    // It says the period is closed, not that the person lacks permission; in English on request.
    assert.match(errorOf(res.json).message, /^El periodo anual 2025 está cerrado/);
    assert.equal(errorOf(res.json).key, "period.closed");
    const draft = await sunafil.request(
      "PUT",
      `/api/measurements/${closedDraftId}`,
      { value: 41, numerator: null, denominator: null, lockVersion: 1 },
      { headers: { "accept-language": "en-GB,en;q=0.9,es;q=0.5" } },
    );
    assert.equal(draft.status, 403);
    assert.match(errorOf(draft.json).message, /^The annual 2025 period is closed/);
    const upload = new FormData();
    upload.set("file", new File([minimalPdf("cerrado")], "acta.pdf"));
    const closedUpload = await sunafil.request(
      "POST",
      `/api/measurements/${closedDraftId}/evidence`,
      undefined,
      { form: upload },
    );
    assert.equal(closedUpload.status, 403);
    assert.match(errorOf(closedUpload.json).message, /está cerrado/);
  });
});
