import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import {
  MeasurementSchema,
  RuleContextSchema,
  ValidateManyResultSchema,
} from "../../../shared/contracts/data-entry.contract.ts";
import {
  RuleAlertsSchema,
  RuleSettingsViewSchema,
} from "../../../shared/contracts/rule-settings.contract.ts";
import { validateMeasurement } from "../../../shared/validation/measurement-rules.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { openPeriod } from "../periods/periods.service.ts";

/**
 * The conductor's rule settings reach the rules the focal point is held to (the rule context
 * the browser runs, the server's check on save), each change a version with author and reason;
 * the alerts across years; bulk validation reports each value and audits each one.
 */
describe("rule settings, alerts and bulk validation (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  let sunafil: ApiSession;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await openPeriod(t.db, systemActor("test"), {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    app = createApp(t, { fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-r-"))) });
    admin = (await signIn(app, t.db, "administrador")).session;
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("settings are versioned with reason and author, and the rule context carries them", async () => {
    const refused = await admin.request("POST", "/api/policies/pntp/indicators/7/rule-settings", {
      settings: { oversizedTipo1: 80, undersizedTipo1: 90 },
      reason: "Umbrales del servicio 07.",
    });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.json), /body\.settings\.undersizedTipo1/);
    assert.equal(
      (
        await sunafil.request("POST", "/api/policies/pntp/indicators/7/rule-settings", {
          settings: {},
          reason: "Sin permiso para esto.",
        })
      ).status,
      403,
    );
    for (const [settings, reason] of [
      [{ plausibleMin: 40, plausibleMax: 70 }, "Rango de fiscalizaciones esperado."],
      [
        { plausibleMin: 40, plausibleMax: 70, requiredDisaggregations: ["region"] },
        "Se pide el detalle por región desde 2024.",
      ],
    ] as const) {
      const res = await admin.request("POST", "/api/policies/pntp/indicators/7/rule-settings", {
        settings,
        reason,
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
    }
    const list = RuleSettingsViewSchema.array().parse(
      (await admin.request("GET", "/api/policies/pntp/rule-settings")).json,
    );
    const seven = list.find((v) => v.indicator === "7");
    assert.deepEqual(
      seven?.history.map((h) => [h.version, h.reason]),
      [
        [2, "Se pide el detalle por región desde 2024."],
        [1, "Rango de fiscalizaciones esperado."],
      ],
    );
    assert.deepEqual(seven?.resolved.requiredDisaggregations, ["region"]);
    assert.equal(list.find((v) => v.indicator === "1.1")?.version, null);
    const audits = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("action", "=", "rule_settings.set")
      .execute();
    assert.equal(audits.length, 2);

    const ctx = RuleContextSchema.parse(
      (
        await sunafil.request(
          "GET",
          "/api/policies/pntp/indicators/7/rule-context?year=2024&period=ANUAL",
        )
      ).json,
    );
    assert.deepEqual([ctx.settings?.plausibleMax, ctx.previousYear?.label], [70, "2023"]);
    // The server holds the value to the same settings when it is saved.
    const saved = await sunafil.request("POST", "/api/policies/pntp/indicators/7/measurements", {
      year: 2024,
      period: "ANUAL",
      value: 90,
      numerator: null,
      denominator: null,
      disaggregations: [],
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.json));
    const codes = MeasurementSchema.parse(saved.json).findings.map((f) => f.code);
    assert.ok(codes.includes("FUERA_DE_RANGO_PLAUSIBLE"), codes.join());
    assert.ok(codes.includes("DESAGREGACION_REQUERIDA"), codes.join());
  });

  test("metas exceeded by far two years running are proposed for reformulation", async () => {
    const res = await sunafil.request("GET", "/api/policies/pntp/rule-alerts?year=2023");
    assert.equal(res.status, 200);
    const alerts = RuleAlertsSchema.parse(res.json);
    // Matriz N° 3 asks the same of indicator 2.2: «sus reportes están superando ampliamente».
    const twoTwo = alerts.reformulate.find((r) => r.indicator === "2.2");
    assert.deepEqual(twoTwo?.years, [2022, 2023]);
    assert.ok(twoTwo?.progress.every((p) => p > 200));
    assert.equal(alerts.budget, null, "no budget imported in this database");
    // A higher threshold for 2.2 takes it off the list.
    await admin.request("POST", "/api/policies/pntp/indicators/2.2/rule-settings", {
      settings: { oversizedTipo1: 500 },
      reason: "Meta en revisión por la Matriz N° 3.",
    });
    const tuned = RuleAlertsSchema.parse(
      (await sunafil.request("GET", "/api/policies/pntp/rule-alerts?year=2023")).json,
    );
    assert.equal(
      tuned.reformulate.some((r) => r.indicator === "2.2"),
      false,
    );
  });

  test("the evaluation flags sobre/sub-dimensionado by each indicator's thresholds, as the form does", async () => {
    const flags = async () => {
      const ev = await evaluatePolicyYear(t.db, systemActor("test"), {
        policyCode: "pntp",
        year: 2023,
      });
      const of = (code: string) =>
        ev.indicators
          .find((i) => i.code === code)
          ?.warnings.filter((w) => /DIMENSIONADO$/.test(w.code))
          .map((w) => `${w.code} ${w.message}`) ?? [];
      return { "1.1": of("1.1"), "2.1": of("2.1"), "2.2": of("2.2") };
    };
    // 2.2 (381.8 %) is under its own 500 % set above; 2.1 (45.5 %) under the default 50 %;
    // 1.1 (77.5 %) within the defaults.
    const before = await flags();
    assert.deepEqual(before["2.2"], []);
    assert.equal(before["2.1"].length, 1);
    assert.match(before["2.1"][0] ?? "", /^SUBDIMENSIONADO .*45,5|^SUBDIMENSIONADO .*45\.5/);
    assert.match(before["2.1"][0] ?? "", /< 50 %/);
    assert.deepEqual(before["1.1"], []);
    for (const [indicator, settings] of [
      ["2.1", { undersizedTipo1: 40 }],
      ["1.1", { undersizedTipo1: 80 }],
    ] as const) {
      const res = await admin.request(
        "POST",
        `/api/policies/pntp/indicators/${indicator}/rule-settings`,
        { settings, reason: "Umbral propio del indicador para la evaluación." },
      );
      assert.equal(res.status, 201, JSON.stringify(res.json));
    }
    const after = await flags();
    assert.deepEqual(after["2.1"], []);
    assert.equal(after["1.1"].length, 1);
    assert.match(after["1.1"][0] ?? "", /^SUBDIMENSIONADO .*< 80 %/);
    // The form's rule, fed the same settings through the rule context, asks 1.1's 2023 value
    // for a justification for the same reason.
    const ctx = RuleContextSchema.parse(
      (
        await sunafil.request(
          "GET",
          "/api/policies/pntp/indicators/1.1/rule-context?year=2023&period=ANUAL",
        )
      ).json,
    );
    const codes = validateMeasurement(
      { value: 6.9, numerator: null, denominator: null, disaggregations: [] },
      ctx,
    ).map((f) => f.code);
    assert.ok(codes.includes("AVANCE_MUY_BAJO"), codes.join());
  });

  test("bulk validation: each value validated and audited alone; a stale one is reported, not fatal", async () => {
    const ids: number[] = [];
    for (const [indicator, value] of [
      ["1.1", 9.1],
      ["2.1", 86],
      ["3.2", 31],
    ] as const) {
      const session = (
        await signIn(app, t.db, "punto_focal", {
          entities: [indicator === "1.1" ? "SUNAFIL" : indicator === "2.1" ? "MP" : "MIMP"],
        })
      ).session;
      const created = await session.request(
        "POST",
        `/api/policies/pntp/indicators/${indicator}/measurements`,
        { year: 2024, period: "ANUAL", value, numerator: null, denominator: null },
      );
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const m = MeasurementSchema.parse(created.json);
      const sent = await session.request("POST", `/api/measurements/${m.id}/submit`, {
        lockVersion: m.lockVersion,
        justification: "Valor confirmado con el registro administrativo.",
      });
      assert.equal(sent.status, 200, JSON.stringify(sent.json));
      ids.push(m.id);
    }
    const lock = async (id: number) =>
      MeasurementSchema.parse((await admin.request("GET", `/api/measurements/${id}`)).json)
        .lockVersion;
    const items = [
      { id: ids[0] as number, lockVersion: await lock(ids[0] as number) },
      { id: ids[1] as number, lockVersion: (await lock(ids[1] as number)) - 1 },
      { id: ids[2] as number, lockVersion: await lock(ids[2] as number) },
    ];
    assert.equal(
      (await sunafil.request("POST", "/api/measurements/validations", { items })).status,
      403,
    );
    const dup = await admin.request("POST", "/api/measurements/validations", {
      items: [items[0], items[0]],
    });
    assert.equal(dup.status, 400);
    const res = await admin.request("POST", "/api/measurements/validations", { items });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const out = ValidateManyResultSchema.parse(res.json);
    assert.deepEqual([out.validated, out.failed], [2, 1]);
    assert.deepEqual(
      out.results.map((r) => [r.id, r.ok, r.status, r.error?.code ?? null]),
      [
        [ids[0], true, "validado", null],
        [ids[1], false, "enviado", "conflict"],
        [ids[2], true, "validado", null],
      ],
    );
    const audits = await t.db
      .selectFrom("auditEvent")
      .select("objectId")
      .where("action", "=", "measurement.validate")
      .orderBy("id")
      .execute();
    assert.deepEqual(
      audits.map((a) => a.objectId),
      [String(ids[0]), String(ids[2])],
    );
  });
});
