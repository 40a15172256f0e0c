import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import {
  EntryContextSchema,
  MeasurementPageSchema,
  MeasurementSchema,
} from "../../../shared/contracts/data-entry.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";

/**
 * What the data-entry form shows beside its fields (the ficha in force, baseline, meta and the
 * earlier values with their progress), scoped like the rule context; and the review queue's
 * filters by entity and by validation warning, applied on the server by the shared rules.
 */
describe("entry context and review-queue filters (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  let sunafil: ApiSession;
  let pnp: ApiSession;

  const justification = "Valor confirmado con el registro administrativo.";
  const submitValue = async (indicator: string, value: number) => {
    const created = await admin.request(
      "POST",
      `/api/policies/pntp/indicators/${indicator}/measurements`,
      { year: 2024, period: "ANUAL", value, numerator: null, denominator: null, justification },
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const m = MeasurementSchema.parse(created.json);
    const sent = await admin.request("POST", `/api/measurements/${m.id}/submit`, {
      lockVersion: m.lockVersion,
      justification,
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    return MeasurementSchema.parse(sent.json);
  };
  const queue = async (session: ApiSession, query: string) => {
    const res = await session.request("GET", `/api/policies/pntp/measurements?${query}`);
    assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.json)}`);
    return MeasurementPageSchema.parse(res.json);
  };
  const codes = (page: { items: { indicator: { code: string } }[] }) =>
    page.items.map((m) => m.indicator.code).sort();

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-ec-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    pnp = (await signIn(app, t.db, "punto_focal", { entities: ["PNP"] })).session;
    // 1.1 (SUNAFIL): 30 against a 2024 meta of 9.5, sobredimensionado. 2.1 (MP): 20 against
    // 85, sub-dimensionado. 2.2 (PNP): 1800, no 2024 meta and close to 2023's 1718: no warning.
    await submitValue("1.1", 30);
    await submitValue("2.1", 20);
    await submitValue("2.2", 1800);
  });
  after(async () => {
    await t.dispose();
  });

  test("the form's context: ficha in force, baseline, meta and earlier values with progress", async () => {
    const res = await pnp.request(
      "GET",
      "/api/policies/pntp/indicators/2.2/entry-context?year=2024&period=ANUAL",
    );
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const ctx = EntryContextSchema.parse(res.json);
    assert.deepEqual(
      [ctx.indicator.code, ctx.indicator.version, ctx.unit, ctx.direction, ctx.scale],
      ["2.2", 1, "numero", "ascendente", 1],
    );
    assert.deepEqual(ctx.baseline, { value: 1054, year: null });
    assert.equal(ctx.meta, null, "2.2 has no 2024 meta");
    // The golden case of seed_001 §3.3: 2023's 1718 against 450 from a baseline of 1054.
    assert.deepEqual(
      ctx.history.map((h) => [h.year, h.period, h.value, h.meta, h.status, h.tipo1, h.tipo2]),
      [
        [2023, "ANUAL", 1718, 450, "validado", 381.8, -109.9],
        // (942 − 1054) / (400 − 1054): both below the baseline, so a positive 17.1 %.
        [2022, "ANUAL", 942, 400, "validado", 235.5, 17.1],
      ],
    );
    // A year's own value is not an earlier value.
    assert.ok(ctx.history.every((h) => h.year < 2024));

    const own = EntryContextSchema.parse(
      (
        await sunafil.request(
          "GET",
          "/api/policies/pntp/indicators/1.1/entry-context?year=2024&period=S1",
        )
      ).json,
    );
    // A semester value shows the year's meta; its progress is the annual value's.
    assert.equal(own.meta, 9.5);
    assert.deepEqual(own.baseline, { value: 7.2, year: null });
    assert.equal(own.scale, 100);
    assert.deepEqual([own.numerator, own.denominator], [null, null], "1.1's ficha defines none");
  });

  test("SUNAFIL may not read MIMP's indicator context; an indicator not in force is a 404", async () => {
    const foreign = await sunafil.request(
      "GET",
      "/api/policies/pntp/indicators/3.1/entry-context?year=2024&period=ANUAL",
    );
    assert.equal(foreign.status, 403, JSON.stringify(foreign.json));
    const any = await admin.request(
      "GET",
      "/api/policies/pntp/indicators/3.1/entry-context?year=2024&period=ANUAL",
    );
    assert.equal(any.status, 200);
    // 3.1's ficha defines its numerator and denominator: the form shows them.
    const mimp = EntryContextSchema.parse(any.json);
    assert.ok(mimp.numerator && mimp.numerator.length > 10, String(mimp.numerator));
    assert.ok(mimp.denominator && mimp.denominator.length > 10, String(mimp.denominator));
    const missing = await admin.request(
      "GET",
      "/api/policies/pntp/indicators/99.9/entry-context?year=2024&period=ANUAL",
    );
    assert.equal(missing.status, 404);
  });

  test("the queue filters by warning on the server, with the rules' own verdict", async () => {
    const all = await queue(admin, "status=enviado");
    assert.deepEqual(codes(all), ["1.1", "2.1", "2.2"]);
    const high = await queue(admin, "status=enviado&warning=AVANCE_MUY_ALTO");
    assert.deepEqual([codes(high), high.total], [["1.1"], 1]);
    assert.ok(high.items[0]?.findings.some((f) => f.code === "AVANCE_MUY_ALTO"));
    const low = await queue(admin, "status=enviado&warning=AVANCE_MUY_BAJO");
    assert.deepEqual(codes(low), ["2.1"]);
    const any = await queue(admin, "status=enviado&warning=cualquiera");
    assert.deepEqual([codes(any), any.total], [["1.1", "2.1"], 2]);
    // Pages count the filtered list: never cut silently.
    const first = await queue(admin, "status=enviado&warning=cualquiera&limit=1");
    assert.deepEqual([first.items.length, first.total, first.nextOffset], [1, 2, 1]);
    const second = await queue(admin, "status=enviado&warning=cualquiera&limit=1&offset=1");
    assert.deepEqual([second.items.length, second.nextOffset], [1, null]);
    assert.notEqual(first.items[0]?.id, second.items[0]?.id);
    const unknown = await admin.request("GET", "/api/policies/pntp/measurements?warning=INVENTADO");
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.json), /warning/);
  });

  test("the queue filters by entity, within the actor's own scope", async () => {
    const mp = await queue(admin, "status=enviado&entity=MP");
    assert.deepEqual([codes(mp), mp.total], [["2.1"], 1]);
    const both = await queue(admin, "status=enviado&entity=MP&warning=AVANCE_MUY_ALTO");
    assert.deepEqual([both.items.length, both.total], [0, 0]);
    // A focal point asking for another entity's values gets none, not the other's list.
    const foreign = await queue(sunafil, "status=enviado&entity=MP");
    assert.deepEqual([foreign.items.length, foreign.total], [0, 0]);
    const own = await queue(sunafil, "status=enviado&entity=SUNAFIL");
    assert.deepEqual(codes(own), ["1.1"]);
    const nobody = await queue(admin, "entity=NOEXISTE");
    assert.equal(nobody.total, 0);
  });

  test("the warning filter follows the indicator's own thresholds", async () => {
    const res = await admin.request("POST", "/api/policies/pntp/indicators/1.1/rule-settings", {
      settings: { oversizedTipo1: 400 },
      reason: "El indicador 1.1 admite avances altos en 2024.",
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const high = await queue(admin, "status=enviado&warning=AVANCE_MUY_ALTO");
    assert.equal(high.total, 0, "30 / 9.5 = 315.8 % is under 1.1's own 400 %");
  });
});
