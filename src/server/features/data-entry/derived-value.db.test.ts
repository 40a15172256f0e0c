import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { AuditEventSchema } from "../../../shared/contracts/audit-log.contract.ts";
import {
  MeasurementSchema,
  RuleContextSchema,
} from "../../../shared/contracts/data-entry.contract.ts";
import { deriveMeasurementValue } from "../../../shared/validation/derived-value.ts";
import { fixedT } from "../../../web/i18n/i18n.ts";
import {
  checkForm,
  EMPTY_FORM,
  formFromMeasurement,
} from "../../../web/pages/measurement/measurement-form.ts";
import { migrateDatabase } from "../../db/migrate.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import {
  exportCatalogue,
  importCatalogue,
  seedBundledCatalogue,
} from "../catalogue/catalogue.service.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { openPeriod } from "../periods/periods.service.ts";
import { buildEvaluationReportModel } from "../reports/evaluation/evaluation-model.service.ts";
import { buildMonitoringReportModel } from "../reports/monitoring/monitoring-model.service.ts";

// The Spanish texts the browser shows, through the same i18next catalogue.
const es = fixedT("es");

type Json = Record<string, unknown>;
const errorOf = (json: Json) =>
  json.error as { code: string; message: string; issues?: { path: string; message: string }[] };
const actor = systemActor("test");
const JUSTIFICATION = "El padrón de víctimas atendidas se amplió en 2024.";

/**
 * A value entered as numerator and denominator is the value they derive, everywhere: it raises
 * the warnings the typed value raises, and once validated it moves the Tablero, the reports, the
 * review queue, the history and the exports exactly as the typed value does.
 */
describe("values entered as numerator and denominator (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let mimp: ApiSession;
  let admin: ApiSession;
  let derivedId = 0;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await openPeriod(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    const app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    mimp = (await signIn(app, t.db, "punto_focal", { entities: ["MIMP"] })).session;
    admin = (await signIn(app, t.db, "administrador")).session;
  });
  after(async () => {
    await t.dispose();
  });

  const dashboard = async () => {
    const res = await admin.request("GET", "/api/policies/pntp/dashboard?year=2024");
    assert.equal(res.status, 200);
    return res.json.evaluation as {
      index: unknown;
      indicators: { code: string; value: number | "ND" | null; level: string }[];
    };
  };
  const indicator32 = (ev: Awaited<ReturnType<typeof dashboard>>) =>
    ev.indicators.find((i) => i.code === "3.2");

  const submitAndValidate = async (id: number, lockVersion: number) => {
    const sent = await mimp.request("POST", `/api/measurements/${id}/submit`, {
      lockVersion,
      justification: JUSTIFICATION,
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const validated = await admin.request("POST", `/api/measurements/${id}/validate`, {
      lockVersion: MeasurementSchema.parse(sent.json).lockVersion,
    });
    assert.equal(validated.status, 200, JSON.stringify(validated.json));
    return MeasurementSchema.parse(validated.json);
  };

  test("MIMP 3.2 as 1 / 100 raises the warning of 1 (meta 30), live and on the server", async () => {
    const context = RuleContextSchema.parse(
      (
        await mimp.request(
          "GET",
          "/api/policies/pntp/indicators/3.2/rule-context?year=2024&period=ANUAL",
        )
      ).json,
    );
    assert.equal(context.meta, 30);
    const typed = checkForm({ ...EMPTY_FORM, value: "1" }, context, es);
    const live = checkForm({ ...EMPTY_FORM, numerator: "1", denominator: "100" }, context, es);
    // 1 % against 2023's validated value is also a year-over-year outlier (default limit 100 %).
    assert.deepEqual(
      typed.findings.map((f) => f.code),
      ["AVANCE_MUY_BAJO", "VARIACION_INTERANUAL_ATIPICA"],
    );
    assert.deepEqual(live.findings, typed.findings);
    assert.equal(live.needsJustification, true);
    assert.equal(live.canSubmit, false);

    const res = await mimp.request("POST", "/api/policies/pntp/indicators/3.2/measurements", {
      year: 2024,
      period: "ANUAL",
      value: null,
      numerator: 1,
      denominator: 100,
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const m = MeasurementSchema.parse(res.json);
    derivedId = m.id;
    assert.equal(m.value, 1);
    assert.equal(m.valueDerived, true);
    assert.deepEqual([m.numerator, m.denominator], [1, 100]);
    assert.deepEqual(m.findings, typed.findings);
    // Reloaded in the form, the value is not a typed one: the field stays empty, same findings.
    const reloaded = formFromMeasurement(m);
    assert.equal(reloaded.value, "");
    assert.deepEqual(checkForm(reloaded, m.ruleContext, es).findings, m.findings);

    const blocked = await mimp.request("POST", `/api/measurements/${m.id}/submit`, {
      lockVersion: m.lockVersion,
    });
    assert.equal(blocked.status, 422, JSON.stringify(blocked.json));
    assert.equal(errorOf(blocked.json).code, "blocked_by_validation");
    assert.deepEqual(
      errorOf(blocked.json).issues?.map((i) => i.path),
      ["value", "value"],
    );
    assert.match(errorOf(blocked.json).issues?.[0]?.message ?? "", /menos de 50 %/);
  });

  test("validated, it moves the Tablero and reaches reports, review queue, history and export", async () => {
    const before2024 = await dashboard();
    assert.equal(indicator32(before2024)?.value, null);
    const current = MeasurementSchema.parse(
      (await mimp.request("GET", `/api/measurements/${derivedId}`)).json,
    );
    const validated = await submitAndValidate(derivedId, current.lockVersion);
    assert.equal(validated.value, 1);
    assert.deepEqual(
      validated.history.map((h) => [h.revision, h.status, h.value, h.valueDerived]),
      // Every step of the append-only history keeps the derived figure, newest first.
      [
        [1, "validado", 1, true],
        [1, "enviado", 1, true],
        [1, "borrador", 1, true],
      ],
    );

    const after2024 = await dashboard();
    assert.equal(indicator32(after2024)?.value, 1);
    assert.notDeepEqual(after2024.index, before2024.index);

    const queue = MeasurementSchema.array().parse(
      (await admin.request("GET", "/api/policies/pntp/measurements?year=2024&limit=200")).json
        .items,
    );
    assert.deepEqual(
      queue.filter((q) => q.indicator.code === "3.2").map((q) => [q.value, q.valueDerived]),
      [[1, true]],
    );
    const report = await buildEvaluationReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
    });
    assert.deepEqual(
      report.values.filter((v) => v.indicator === "3.2" && v.year === 2024).map((v) => v.value),
      [1],
    );
    assert.equal(report.evaluation.indicators.find((i) => i.code === "3.2")?.value, 1);
    const monitoring = await buildMonitoringReportModel(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      period: "S2",
    });
    assert.equal(monitoring.indicators.find((i) => i.code === "3.2")?.value?.value, 1);
    const exported = await exportCatalogue(t.db, actor, { policyCode: "pntp" });
    assert.deepEqual(
      exported.indicators
        .find((i) => i.code === "3.2")
        ?.measurements.filter((x) => x.year === 2024)
        .map((x) => [x.value, x.numerator, x.denominator]),
      [[1, 1, 100]],
    );

    // The same figure typed (a correction, validated): the evaluation is exactly the same.
    const correction = await mimp.request(
      "POST",
      "/api/policies/pntp/indicators/3.2/measurements",
      {
        year: 2024,
        period: "ANUAL",
        value: 1,
        numerator: null,
        denominator: null,
        correctionReason: "Se registra el valor tipeado en lugar del numerador y denominador.",
      },
    );
    assert.equal(correction.status, 201, JSON.stringify(correction.json));
    const typed = MeasurementSchema.parse(correction.json);
    assert.equal(typed.valueDerived, false);
    assert.deepEqual(
      typed.findings.map((f) => f.code),
      ["AVANCE_MUY_BAJO", "VARIACION_INTERANUAL_ATIPICA"],
    );
    await submitAndValidate(typed.id, typed.lockVersion);
    assert.deepEqual(await dashboard(), after2024);
  });

  test("a zero denominator is a field error; a contradicting value stays one; n/d derive again", async () => {
    // 3.1 (MIMP) has no 2024 meta: only the consistency rules speak.
    const res = await mimp.request("POST", "/api/policies/pntp/indicators/3.1/measurements", {
      year: 2024,
      period: "ANUAL",
      value: null,
      numerator: 5,
      denominator: 0,
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const zero = MeasurementSchema.parse(res.json);
    assert.deepEqual([zero.value, zero.valueDerived], [null, false]);
    assert.deepEqual(
      zero.findings.map((f) => [f.code, f.path]),
      [["DENOMINADOR_CERO", "denominator"]],
    );
    const blocked = await mimp.request("POST", `/api/measurements/${zero.id}/submit`, {
      lockVersion: zero.lockVersion,
      justification: JUSTIFICATION,
    });
    assert.equal(blocked.status, 422);
    assert.deepEqual(errorOf(blocked.json).issues, [
      { path: "denominator", message: "El denominador no puede ser cero." },
    ]);

    const put = async (body: Json, lockVersion: number) => {
      const r = await mimp.request("PUT", `/api/measurements/${zero.id}`, { ...body, lockVersion });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return MeasurementSchema.parse(r.json);
    };
    const fixed = await put({ value: null, numerator: 18, denominator: 119 }, zero.lockVersion);
    assert.deepEqual([fixed.value, fixed.valueDerived], [(18 * 100) / 119, true]);
    assert.deepEqual(fixed.findings, []);
    const contradicting = await put(
      { value: 50, numerator: 18, denominator: 119 },
      fixed.lockVersion,
    );
    assert.deepEqual([contradicting.value, contradicting.valueDerived], [50, false]);
    assert.deepEqual(
      contradicting.findings.map((f) => f.code),
      // 50 % is also more than twice 2023's validated value: the year-over-year warning.
      ["VALOR_NO_COINCIDE_CON_RAZON", "VARIACION_INTERANUAL_ATIPICA"],
    );
    const again = await put(
      { value: null, numerator: 18, denominator: 119 },
      contradicting.lockVersion,
    );
    assert.deepEqual([again.value, again.valueDerived], [(18 * 100) / 119, true]);

    // The audit trail says what was stored, and that it was derived.
    const audit = AuditEventSchema.array().parse(
      (
        await admin.request(
          "GET",
          "/api/audit?objectType=measurement&action=measurement.update&limit=100",
        )
      ).json,
    );
    const updates = audit.filter(
      (e) => e.objectId === String(zero.id) && e.action === "measurement.update",
    );
    assert.ok(
      updates.some(
        (e) =>
          (e.after as Json | null)?.valueDerived === true &&
          (e.after as Json | null)?.value === (18 * 100) / 119,
      ),
      JSON.stringify(updates.map((e) => e.after)),
    );
  });
});

/**
 * Migration 0008 fills in the values that the old code stored as NULL next to numerator and
 * denominator, with the very number the shared rule computes: the same double on both backends.
 */
describe("migration 0008 backfills values stored as numerator and denominator only (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  const rowsWithRatio = () =>
    t.db
      .selectFrom("measurement as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .innerJoin("indicatorVersion as v", "v.id", "m.indicatorVersionId")
      .select([
        "m.id",
        "i.code",
        "v.unit",
        "m.value",
        "m.valueDerived",
        "m.numerator",
        "m.denominator",
      ])
      .where("m.numerator", "is not", null)
      .where("m.denominator", "is not", null)
      .orderBy("m.id")
      .execute();

  test("every such row gets the rule's value and the flag; typed values and 0 denominators stay", async () => {
    const seeded = await rowsWithRatio();
    assert.ok(seeded.length >= 20, `${seeded.length} rows with numerator and denominator`);
    const [typedRow, zeroRow, thirdRow, ...oldRows] = seeded;
    assert.ok(typedRow && zeroRow && thirdRow);
    // The database as the old code left it: n/d only, value NULL; plus two edge cases.
    await t.db
      .updateTable("measurement")
      .set({ value: null })
      .where("id", "in", [zeroRow.id, thirdRow.id, ...oldRows.map((r) => r.id)])
      .execute();
    await t.db
      .updateTable("measurement")
      .set({ denominator: 0 })
      .where("id", "=", zeroRow.id)
      .execute();
    await t.db
      .updateTable("measurement")
      .set({ numerator: 1, denominator: 3 })
      .where("id", "=", thirdRow.id)
      .execute();
    // Undo 0008 and let the migrator apply it again, as on a database migrated before it.
    await sql`ALTER TABLE measurement DROP COLUMN value_derived`.execute(t.db);
    await t.db
      .deleteFrom("schemaMigration")
      .where("name", "=", "0008_derived_measurement_value.sql")
      .execute();
    const result = await migrateDatabase(t.db);
    assert.ok(
      result.applied.includes("0008_derived_measurement_value.sql"),
      String(result.applied),
    );

    const after0008 = new Map((await rowsWithRatio()).map((r) => [r.id, r]));
    assert.deepEqual(
      [after0008.get(typedRow.id)?.value, after0008.get(typedRow.id)?.valueDerived],
      [typedRow.value, false],
    );
    assert.deepEqual(
      [after0008.get(zeroRow.id)?.value, after0008.get(zeroRow.id)?.valueDerived],
      [null, false],
    );
    assert.equal(after0008.get(thirdRow.id)?.value, deriveMeasurementValue("porcentaje", 1, 3));
    for (const old of oldRows) {
      const row = after0008.get(old.id);
      assert.ok(row && row.numerator !== null && row.denominator !== null);
      const expected = deriveMeasurementValue(row.unit, row.numerator, row.denominator);
      // Exactly the rule's double, not merely close: every reader gets the same number.
      assert.equal(row.value, expected, `${row.code}: ${row.numerator} / ${row.denominator}`);
      assert.equal(row.valueDerived, true, row.code);
    }
  });

  test("a catalogue imports n/d-only values derived, and evaluates them as the typed values", async () => {
    await seedBundledCatalogue(t.db, actor, { code: "pntp", replace: true });
    const seeded = await exportCatalogue(t.db, actor, { policyCode: "pntp" });
    const unitOf = new Map(seeded.indicators.map((i) => [i.code, i.versions[0]?.unit ?? "numero"]));
    // The same 2023 figures twice: once as numerator and denominator only, once typed.
    const withValues = (typed: boolean) => ({
      ...seeded,
      indicators: seeded.indicators.map((i) => ({
        ...i,
        measurements: i.measurements.map((m) =>
          m.numerator === null || m.denominator === null || m.denominator === 0
            ? m
            : {
                ...m,
                value: typed
                  ? deriveMeasurementValue(
                      unitOf.get(i.code) ?? "numero",
                      m.numerator,
                      m.denominator,
                    )
                  : null,
              },
        ),
      })),
    });
    await importCatalogue(t.db, actor, { document: withValues(true), replace: true });
    const typed = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2023 });
    await importCatalogue(t.db, actor, { document: withValues(false), replace: true });
    const derived = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2023 });
    assert.deepEqual(derived, typed);
    const flagged = (await rowsWithRatio()).filter((r) => r.denominator !== 0);
    assert.ok(flagged.length >= 20);
    assert.ok(
      flagged.every((r) => r.valueDerived && r.value !== null),
      JSON.stringify(flagged.filter((r) => !r.valueDerived)),
    );
    // 2.1's 708 / 1,831 is in the evaluation as the derived 38.67 %, not ND.
    assert.equal(derived.indicators.find((i) => i.code === "2.1")?.value, (708 * 100) / 1831);
  });
});
