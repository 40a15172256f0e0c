import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { minimalPdf, signIn, TEST_PASSWORD } from "../../../../test/factories.ts";
import { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { todayInLima } from "../../../shared/dates.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { importCatalogue } from "../catalogue/catalogue.service.ts";
import { createUser } from "../users/users.service.ts";
import { createDemoPlans, DEMO_PLAN_CODE, DEMO_PLAN_YEAR } from "./demo-plans.service.ts";

/**
 * Subnational plans end to end through the API (ADR 0030): the demo plans of Puno and Cusco,
 * Puno's regional focal point reporting a quarter, Puno's regional conductor validating it,
 * MININTER reading the progress; and every cross-territory attempt refused with 403, as the
 * entity scope refuses another entity's values.
 */
describe("regional and local plans, territorial scope (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let puno: ApiSession;
  let cusco: ApiSession;
  let conductorPuno: ApiSession;
  let conductorCusco: ApiSession;
  let admin: ApiSession;
  let measurementId = 0;
  const PLAN = `/api/plans/${DEMO_PLAN_CODE}`;
  const quarter = { year: DEMO_PLAN_YEAR, period: "T1" };

  const login = async (email: string) => {
    const session = new ApiSession(app);
    const res = await session.login(email, TEST_PASSWORD);
    assert.equal(res.status, 200, email);
    return session;
  };

  before(async () => {
    t = await createTestDatabase({ seed: "pntp+ubigeo" });
    await createDemoPlans(t.db, systemActor("test"), {
      password: TEST_PASSWORD,
      today: todayInLima(),
    });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    puno = await login("puno@demo.vigia.pe");
    cusco = await login("cusco@demo.vigia.pe");
    conductorPuno = await login("conductor.puno@demo.vigia.pe");
    conductorCusco = (await signIn(app, t.db, "conductor_regional", { territory: "08" })).session;
    admin = (await signIn(app, t.db, "administrador")).session;
  });
  after(async () => {
    await t.dispose();
  });

  test("the plans' routes answer 401 without a session", async () => {
    const anonymous = new ApiSession(app);
    for (const path of [
      "/api/plans",
      `${PLAN}/progress`,
      `${PLAN}/milestones`,
      "/api/plans/by-territory/21",
    ])
      assert.equal((await anonymous.request("GET", path)).status, 401, path);
  });

  test("a regional focal point sees only its region's plan", async () => {
    const plans = await puno.request("GET", "/api/plans");
    assert.equal(plans.status, 200);
    assert.deepEqual(
      (plans.json as unknown as { plan: { code: string } }[]).map((p) => p.plan.code),
      [DEMO_PLAN_CODE],
    );
    const policies = (await puno.request("GET", "/api/policies")).json as unknown as {
      code: string;
    }[];
    assert.ok(policies.some((p) => p.code === DEMO_PLAN_CODE));
    assert.ok(!policies.some((p) => p.code === "prtp-cusco-demo"), "Cusco's plan is not listed");
    // Another region's plan, by any door: 403.
    for (const path of [
      "/api/plans/prtp-cusco-demo/progress",
      "/api/plans/prtp-cusco-demo/milestones",
      "/api/plans/by-territory/08",
      "/api/policies/prtp-cusco-demo/tasks",
      "/api/policies/prtp-cusco-demo/periods",
      "/api/policies/prtp-cusco-demo/measurements",
      `/api/policies/prtp-cusco-demo/dashboard?year=${DEMO_PLAN_YEAR}`,
    ]) {
      const res = await puno.request("GET", path);
      assert.equal(res.status, 403, path);
      assert.match(JSON.stringify(res.json), /otro ámbito territorial|fuera de su ámbito/, path);
    }
    // Its own plan: three indicators × four open quarters.
    const tasks = (await puno.request("GET", `/api/policies/${DEMO_PLAN_CODE}/tasks`))
      .json as unknown as {
      period: string;
    }[];
    assert.equal(tasks.length, 12);
    assert.deepEqual([...new Set(tasks.map((x) => x.period))].sort(), ["T1", "T2", "T3", "T4"]);
  });

  test("focal point reports T1 with evidence; other territories cannot touch it", async () => {
    const form = new FormData();
    form.set(
      "measurement",
      JSON.stringify({
        ...quarter,
        value: 9,
        numerator: null,
        denominator: null,
        logros: "Nueve asistencias técnicas a municipalidades provinciales.",
      }),
    );
    form.set(
      "file",
      new File([minimalPdf("Actas T1")], "actas-t1.pdf", { type: "application/pdf" }),
    );
    const created = await puno.request(
      "POST",
      `/api/policies/${DEMO_PLAN_CODE}/indicators/PR1.1/measurements/with-evidence`,
      undefined,
      { form },
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const m = created.json as unknown as { id: number; lockVersion: number; evidence: unknown[] };
    measurementId = m.id;
    assert.equal(m.evidence.length, 1);
    const sent = await puno.request("POST", `/api/measurements/${m.id}/submit`, {
      lockVersion: m.lockVersion,
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));

    assert.equal((await cusco.request("GET", `/api/measurements/${m.id}`)).status, 403);
    const lock = (sent.json as unknown as { lockVersion: number }).lockVersion;
    const foreign = await conductorCusco.request("POST", `/api/measurements/${m.id}/validate`, {
      lockVersion: lock,
    });
    assert.equal(foreign.status, 403, "Cusco's conductor cannot validate Puno's plan");
    assert.equal((await conductorCusco.request("GET", `/api/measurements/${m.id}`)).status, 403);
  });

  test("the regional conductor validates its plan's value, and nothing national", async () => {
    const queue = await conductorPuno.request(
      "GET",
      `/api/policies/${DEMO_PLAN_CODE}/measurements?status=enviado`,
    );
    assert.equal(queue.status, 200);
    const row = (
      queue.json as unknown as { items: { id: number; lockVersion: number }[] }
    ).items.find((r) => r.id === measurementId);
    assert.ok(row, "the submitted value is in the conductor's queue");
    const ok = await conductorPuno.request("POST", `/api/measurements/${measurementId}/validate`, {
      lockVersion: row.lockVersion,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    // The PNTP is MININTER's: the regional conductor neither lists nor reviews its values.
    assert.equal(
      (await conductorPuno.request("GET", "/api/policies/pntp/measurements")).status,
      403,
    );
    assert.equal((await conductorPuno.request("GET", "/api/policies/pntp/tasks")).status, 403);
    const pntpValue = await t.db
      .selectFrom("measurement")
      .innerJoin("indicator", "indicator.id", "measurement.indicatorId")
      .innerJoin("policy", "policy.id", "indicator.policyId")
      .select(["measurement.id", "measurement.lockVersion"])
      .where("policy.code", "=", "pntp")
      .executeTakeFirstOrThrow();
    const national = await conductorPuno.request(
      "POST",
      `/api/measurements/${pntpValue.id}/observe`,
      {
        lockVersion: pntpValue.lockVersion,
        observations: [{ field: "value", comment: "No es de su ámbito territorial." }],
      },
    );
    assert.equal(national.status, 403);
  });

  test("MININTER sees every plan and the validated value by quarter", async () => {
    const plans = (await admin.request("GET", `/api/plans?year=${DEMO_PLAN_YEAR}`))
      .json as unknown as {
      plan: { code: string; territory: { name: string } };
      indicators: {
        code: string;
        alignedService: string | null;
        quarters: { period: string; validatedValue: number | null }[];
        progressPercent: number | null;
      }[];
      validatedQuarters: number;
    }[];
    assert.deepEqual(plans.map((p) => p.plan.code).sort(), ["prtp-cusco-demo", DEMO_PLAN_CODE]);
    const punoPlan = plans.find((p) => p.plan.code === DEMO_PLAN_CODE);
    assert.equal(punoPlan?.plan.territory.name, "PUNO");
    const pr11 = punoPlan?.indicators.find((i) => i.code === "PR1.1");
    assert.equal(pr11?.alignedService, "S04", "aligned to the PNTP's service 4");
    assert.equal(pr11?.quarters.find((q) => q.period === "T1")?.validatedValue, 9);
    assert.equal(pr11?.progressPercent, (9 / 40) * 100);
    assert.equal(punoPlan?.validatedQuarters, 1);
    const region = await admin.request("GET", `/api/plans/by-territory/21?year=${DEMO_PLAN_YEAR}`);
    assert.deepEqual(
      (region.json as unknown as { plan: { code: string } }[]).map((p) => p.plan.code),
      [DEMO_PLAN_CODE],
    );
  });

  test("the plan indicator's district map: Puno's districts with the region's value and avance", async () => {
    const map = `/api/territory/map?layer=indicator&policy=${DEMO_PLAN_CODE}&indicator=PR1.1&year=${DEMO_PLAN_YEAR}&level=distrito&within=21`;
    const res = await admin.request("GET", map);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const layer = res.json as unknown as {
      territory: {
        code: string;
        value: number;
        meta: number;
        progress: number;
        band: string;
        drawnOnAreas: boolean;
      };
      legend: { kind: string };
      areas: { code: string; value: number | null; band: string | null }[];
      total: number;
    };
    // T1's validated 9 is the plan's only value, given for the whole region (no districts).
    assert.deepEqual(layer.territory, {
      code: "21",
      name: "PUNO",
      value: 9,
      meta: 40,
      progress: 22.5,
      band: "bajo",
      drawnOnAreas: true,
    });
    assert.equal(layer.legend.kind, "ceplan");
    assert.ok(layer.areas.length > 100, "Puno's districts");
    assert.ok(layer.areas.every((a) => a.code.startsWith("21") && a.code.length === 6));
    assert.ok(layer.areas.every((a) => a.value === null && a.band === "bajo"));
    assert.equal(layer.total, 9);
    // One quarter: its value, without an avance (the meta is the year's).
    const t2 = (await admin.request("GET", `${map}&period=T2`)).json as unknown as typeof layer;
    assert.equal(t2.territory.value, null);
    assert.equal(t2.territory.progress, null);
    assert.notEqual(t2.legend.kind, "ceplan");
    // The plan's indicators are offered for the map, to the plan's own region too.
    const offered = await puno.request(
      "GET",
      `/api/territory/map/indicators?policy=${DEMO_PLAN_CODE}&year=${DEMO_PLAN_YEAR}`,
    );
    assert.equal(offered.status, 200);
    assert.ok((offered.json as unknown as { code: string }[]).some((i) => i.code === "PR1.1"));
    assert.equal((await puno.request("GET", map)).status, 200);
    assert.equal((await conductorPuno.request("GET", map)).status, 200);
  });

  test("a plan value disaggregated by district is drawn by district; the year sums the quarters", async () => {
    const form = new FormData();
    form.set(
      "measurement",
      JSON.stringify({
        year: DEMO_PLAN_YEAR,
        period: "T2",
        value: 5,
        numerator: null,
        denominator: null,
        logros: "Cinco asistencias técnicas, en Puno y Azángaro.",
        disaggregations: [
          { dimension: "region", category: "210101", value: 3 },
          { dimension: "region", category: "210201", value: 2 },
        ],
      }),
    );
    form.set(
      "file",
      new File([minimalPdf("Actas T2")], "actas-t2.pdf", { type: "application/pdf" }),
    );
    const created = await puno.request(
      "POST",
      `/api/policies/${DEMO_PLAN_CODE}/indicators/PR1.1/measurements/with-evidence`,
      undefined,
      { form },
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const m = created.json as unknown as { id: number; lockVersion: number };
    const sent = await puno.request("POST", `/api/measurements/${m.id}/submit`, {
      lockVersion: m.lockVersion,
      justification: "Valor de un solo trimestre frente a la meta anual del plan.",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const ok = await conductorPuno.request("POST", `/api/measurements/${m.id}/validate`, {
      lockVersion: (sent.json as unknown as { lockVersion: number }).lockVersion,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));

    const base = `/api/territory/map?layer=indicator&policy=${DEMO_PLAN_CODE}&indicator=PR1.1&year=${DEMO_PLAN_YEAR}`;
    const layer = (await admin.request("GET", `${base}&level=distrito&within=21`))
      .json as unknown as {
      territory: { value: number; progress: number; band: string; drawnOnAreas: boolean };
      legend: { kind: string };
      areas: { code: string; value: number | null }[];
    };
    // The year: T1's 9 (no districts) and T2's 5 (by district) for the region, 35 % of 40.
    assert.equal(layer.territory.value, 14);
    assert.equal(layer.territory.progress, 35);
    assert.equal(layer.territory.band, "bajo");
    assert.equal(layer.territory.drawnOnAreas, false);
    assert.equal(layer.legend.kind, "sequential", "no district has a meta of its own");
    const valued = Object.fromEntries(
      layer.areas.filter((a) => a.value !== null).map((a) => [a.code, a.value]),
    );
    assert.deepEqual(valued, { "210101": 3, "210201": 2 });
    const provinces = (await admin.request("GET", `${base}&level=provincia&within=21`))
      .json as unknown as typeof layer;
    assert.deepEqual(
      Object.fromEntries(
        provinces.areas.filter((a) => a.value !== null).map((a) => [a.code, a.value]),
      ),
      { "2101": 3, "2102": 2 },
    );
  });

  test("a scoped account is refused another territory's map, in Spanish", async () => {
    for (const session of [puno, conductorPuno]) {
      for (const path of [
        "/api/territory/map?layer=spaces&level=provincia&within=08",
        "/api/territory/map?layer=trainings&year=2026&level=distrito&within=0801",
        "/api/territory/map?layer=spaces&level=distrito",
        `/api/territory/map?layer=indicator&policy=prtp-cusco-demo&indicator=PR1.1&year=${DEMO_PLAN_YEAR}&level=distrito&within=08`,
        `/api/territory/map/indicators?policy=prtp-cusco-demo`,
      ]) {
        const res = await session.request("GET", path);
        assert.equal(res.status, 403, path);
        assert.match(
          JSON.stringify(res.json),
          /fuera de su ámbito|otro ámbito territorial|trabaja solo en/,
          path,
        );
      }
      // Its own region, and the departments' national overview, stay readable.
      assert.equal(
        (await session.request("GET", "/api/territory/map?layer=spaces&level=provincia&within=21"))
          .status,
        200,
      );
      assert.equal((await session.request("GET", "/api/territory/map?layer=spaces")).status, 200);
    }
    assert.equal(
      (await admin.request("GET", "/api/territory/map?layer=spaces&level=provincia&within=08"))
        .status,
      200,
    );
  });

  test("milestones: lights from the due date; only the plan's conductor or MININTER edits", async () => {
    const list = (await puno.request("GET", `${PLAN}/milestones`)).json as unknown as {
      id: number;
      horizon: string;
      light: string;
    }[];
    assert.deepEqual(
      list.map((m) => [m.horizon, m.light]),
      [
        ["100_dias", "rojo"],
        ["primer_anio", "ambar"],
        ["fin_gestion", "verde"],
      ],
    );
    const first = list[0];
    assert.ok(first);
    const body = { status: "cumplido", completedOn: todayInLima() };
    assert.equal(
      (await puno.request("PATCH", `/api/plan-milestones/${first.id}`, body)).status,
      403,
    );
    assert.equal(
      (await conductorCusco.request("PATCH", `/api/plan-milestones/${first.id}`, body)).status,
      403,
    );
    const missingDate = await conductorPuno.request("PATCH", `/api/plan-milestones/${first.id}`, {
      status: "cumplido",
    });
    assert.equal(missingDate.status, 400);
    assert.match(JSON.stringify(missingDate.json), /completedOn/);
    const done = await conductorPuno.request("PATCH", `/api/plan-milestones/${first.id}`, body);
    assert.equal(done.status, 200);
    assert.equal((done.json as unknown as { light: string }).light, "verde");
    const created = await conductorPuno.request("POST", `${PLAN}/milestones`, {
      horizon: "primer_anio",
      title: "Instalar tres redes provinciales (prueba)",
      dueOn: "2027-06-30",
    });
    assert.equal(created.status, 201);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("objectType", "=", "plan_milestone")
      .execute();
    assert.ok(audit.some((a) => a.action === "plan_milestone.update"));
  });

  test("a territorial scope goes with the roles that take one, and names a real place", async () => {
    const base = {
      displayName: "Cuenta de prueba",
      entities: [],
      proxyEntities: [],
      password: TEST_PASSWORD,
    };
    const refused = async (input: Record<string, unknown>, pattern: RegExp) =>
      assert.rejects(
        createUser(t.db, systemActor("test"), input as Parameters<typeof createUser>[2]),
        (err: Error & { issues?: { path: string }[] }) =>
          pattern.test(err.message) && (err.issues ?? []).some((i) => i.path === "territory"),
      );
    await refused(
      { ...base, email: "c1@prueba.vigia.pe", role: "conductor_regional", territory: null },
      /necesita un ámbito territorial/,
    );
    await refused(
      { ...base, email: "r1@prueba.vigia.pe", role: "revisor", territory: "21" },
      /Solo los puntos focales y los conductores regionales/,
    );
    await refused(
      { ...base, email: "c2@prueba.vigia.pe", role: "conductor_regional", territory: "2199" },
      /Ámbito territorial desconocido/,
    );
  });

  test("a plan aligned to a service the PNTP lacks is refused whole, naming the field", async () => {
    const doc = JSON.parse(
      readFileSync(
        join(
          import.meta.dirname,
          "../../../../catalogues/demo/plan-regional-cusco.demo.catalogue.json",
        ),
        "utf8",
      ),
    );
    doc.policy.code = "prtp-cusco-mal";
    doc.services[0].alignedTo = "S99";
    await assert.rejects(
      importCatalogue(t.db, systemActor("test"), { document: doc, replace: false }),
      (err: Error & { issues?: { path: string }[] }) =>
        /alineamiento/.test(err.message) &&
        (err.issues ?? []).some((i) => i.path === "services[0].alignedTo"),
    );
    doc.policy.territory = "99";
    doc.services[0].alignedTo = "S04";
    await assert.rejects(
      importCatalogue(t.db, systemActor("test"), { document: doc, replace: false }),
      (err: Error & { issues?: { path: string }[] }) =>
        (err.issues ?? []).some((i) => i.path === "policy.territory"),
    );
  });
});
