import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { minimalPdf, signIn, TEST_PASSWORD } from "../../../test/factories.ts";
import { ApiSession } from "../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { systemActor } from "../../shared/actor.ts";
import type { Measurement, Task } from "../../shared/contracts/data-entry.contract.ts";
import { todayInLima } from "../../shared/dates.ts";
import { hasPermission, type Permission, ROLES, type Role } from "../../shared/permissions.ts";
import { openPeriod } from "../features/periods/periods.service.ts";
import { createDemoPlans } from "../features/plans/demo-plans.service.ts";
import { createDiskFileStore } from "../files/file-store.ts";
import { buildApiRoutes, createApp } from "./app.ts";

/**
 * The access sweep's second part (issue 18, item 8), generated from the route list like the
 * first (access.db.test.ts): every route whose path names a resource of one entity, every
 * role. A focal point of SUNAFIL asks for MIMP's values, evidence and notifications; Puno's
 * regional accounts ask for Cusco's plan; a focal point walks the ids 1…max+3; every mutating
 * route is sent a missing or a wrong CSRF token; sessions that were signed out or whose account
 * was deactivated try every signed-in route. Failures are collected so one run names them all,
 * and a summary line says how many checks ran.
 */

type Route = ReturnType<typeof buildApiRoutes>[number];
const MIMP_MARKER = "Avance reservado de MIMP 7f3a";
const CUSCO_PLAN = "prtp-cusco-demo";
const CUSCO_INDICATOR = "PR1.1";

/** Paths whose `:id` is a resource of one entity: the focal point's scope must hold on them. */
const ENTITY_OWNED: Record<string, "measurement" | "evidence" | "notification"> = {
  "/api/measurements/:id": "measurement",
  "/api/measurements/:id/submit": "measurement",
  "/api/measurements/:id/evidence": "measurement",
  "/api/evidence/:id": "evidence",
  "/api/notifications/:id/read": "notification",
};
/**
 * Paths with an `:id` a focal point may reach that are not one entity's: read alike by every
 * holder of the permission. Listed so that a new `:id` route must be classified here or above.
 */
const SHARED_BY_DESIGN: Record<string, string> = {
  "/api/commitments/:id": "the matrix of commitments is part of the evaluation every reader sees",
  "/api/commitment-evidence/:id": "evidence of a commitment, read with the commitment",
  "/api/statistics/figures/:id/versions": "aggregate figures of the statistical register",
  "/api/territory/spaces/:id": "coordination spaces are a shared register (territory.read)",
  "/api/valoracion/declarations/:id/evidence": "valoración declarations are the administration's",
};
/** `:code` params that name a source, organisation or ubigeo rather than a policy or plan. */
const NOT_A_POLICY_CODE = [
  "/api/statistics/sources/:code/imports",
  "/api/linkage/sources/:code/batches",
  "/api/civil-society/:code/workspace",
  "/api/territory/ubigeo/:code/validity",
];

describe("access sweep, part 2: entities, territories, ids, CSRF and ended sessions (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let routes: Route[];
  let admin: ApiSession;
  let sunafil: ApiSession;
  let mimp: ApiSession;
  let puno: ApiSession;
  let conductorPuno: ApiSession;
  const own = { measurement: 0, evidence: 0 };
  const mimps = { measurement: 0, evidence: 0, notification: 0 };
  let checks = 0;
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    checks += 1;
    if (!ok) failures.push(what);
  };
  const failuresSince = (from: number) => failures.slice(from);
  const options = { fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))) };

  const login = async (email: string) => {
    const s = new ApiSession(app);
    assert.equal((await s.login(email, TEST_PASSWORD)).status, 200, email);
    return s;
  };
  const roleMay = (role: Role, route: Route) =>
    route.access === "signed-in" || hasPermission(role, route.access as Permission);
  const concrete = (path: string, id: number | string = 1, code = "pntp") =>
    path
      .replace(":code", code)
      .replace(":indicator", code === CUSCO_PLAN ? CUSCO_INDICATOR : "1.1")
      .replace(":id", String(id))
      .replace(":ubigeo", code === CUSCO_PLAN ? "08" : "21")
      .replace(":year", "2024")
      .replace(":veeduria", "1");
  /** A body the route would accept from its owner, so a refusal is the scope's, not zod's. */
  const bodyFor = (route: Route, lockVersion = 1): unknown => {
    const key = `${route.method} ${route.path}`;
    if (key === "put /api/measurements/:id")
      return { lockVersion, value: 12, numerator: null, denominator: null, logros: "Intruso" };
    if (key === "post /api/measurements/:id/submit")
      return { lockVersion, justification: "Intruso que envía un valor ajeno." };
    if (key === "post /api/policies/:code/indicators/:indicator/measurements")
      return { year: 2026, period: "T1", value: 3, numerator: null, denominator: null };
    if (key === "post /api/policies/:code/indicators/:indicator/register-proposal")
      return { year: 2026, period: "T1", decision: "aceptado" };
    if (key === "post /api/plans/:code/milestones")
      return { horizon: "100_dias", title: "Hito intruso", dueOn: "2026-12-31" };
    return route.method === "get" ? undefined : {};
  };
  const send = (s: ApiSession, route: Route, path: string, body?: unknown) => {
    if (route.multipart) {
      const form = new FormData();
      if (route.path.endsWith("/with-evidence"))
        form.set(
          "measurement",
          JSON.stringify({
            year: 2026,
            period: "T1",
            value: 3,
            numerator: null,
            denominator: null,
          }),
        );
      form.set("file", new Blob([minimalPdf("Intruso")], { type: "application/pdf" }), "x.pdf");
      return s.request("POST", path, undefined, { form });
    }
    return s.request(route.method.toUpperCase(), path, body);
  };
  /** Every write leaves an audit event: a refused request must leave none. */
  const auditCount = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(t.db)).rows[0]
      ?.n ?? -1;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp+ubigeo" });
    const actor = systemActor("test");
    await createDemoPlans(t.db, actor, { password: TEST_PASSWORD, today: todayInLima() });
    await openPeriod(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2024-01-02",
      deadline: "2099-12-31",
    });
    app = createApp(t, options);
    routes = buildApiRoutes(t, options);
    admin = (await signIn(app, t.db, "administrador")).session;
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    mimp = (await signIn(app, t.db, "punto_focal", { entities: ["MIMP"] })).session;
    puno = await login("puno@demo.vigia.pe");
    conductorPuno = await login("conductor.puno@demo.vigia.pe");

    // Each focal point saves a value with evidence; MIMP's is submitted and observed, which
    // leaves MIMP's focal point a notification.
    const draft = async (s: ApiSession, logros: string) => {
      const tasks = (await s.request("GET", "/api/policies/pntp/tasks")).json as unknown as Task[];
      const task = tasks.find((x) => x.grant === "propia" && x.status === "pendiente");
      assert.ok(task, logros);
      const created = await s.request(
        "POST",
        `/api/policies/pntp/indicators/${task.indicator.code}/measurements`,
        {
          year: task.year,
          period: task.period,
          value: 7,
          numerator: null,
          denominator: null,
          logros,
        },
      );
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const id = (created.json as unknown as Measurement).id;
      const form = new FormData();
      form.set("file", new Blob([minimalPdf(logros)], { type: "application/pdf" }), "e.pdf");
      const uploaded = await s.request("POST", `/api/measurements/${id}/evidence`, undefined, {
        form,
      });
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.json));
      const m = (await s.request("GET", `/api/measurements/${id}`)).json as unknown as Measurement;
      return { id, evidence: (uploaded.json as { id: number }).id, lockVersion: m.lockVersion };
    };
    const mine = await draft(sunafil, "Avance de SUNAFIL");
    own.measurement = mine.id;
    own.evidence = mine.evidence;
    const theirs = await draft(mimp, MIMP_MARKER);
    mimps.measurement = theirs.id;
    mimps.evidence = theirs.evidence;
    const submitted = await mimp.request("POST", `/api/measurements/${theirs.id}/submit`, {
      lockVersion: theirs.lockVersion,
      justification: "Valor de prueba revisado por el punto focal.",
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.json));
    const observed = await admin.request("POST", `/api/measurements/${theirs.id}/observe`, {
      lockVersion: (submitted.json as unknown as Measurement).lockVersion,
      observations: [{ field: "value", comment: "Revise la fuente del valor." }],
    });
    assert.equal(observed.status, 200, JSON.stringify(observed.json));
    const notes = (await mimp.request("GET", "/api/notifications")).json as unknown as {
      items: { id: number }[];
    };
    mimps.notification = notes.items[0]?.id ?? 0;
    // And a TIP data-pack value of MIMP's, with the same marker in its definition.
    const tip = await mimp.request("POST", "/api/tip/entries", {
      dataPointId: 12,
      year: 2024,
      entity: "MIMP",
      value: { kind: "numero", number: 31 },
      unit: "víctimas",
      definition: MIMP_MARKER,
    });
    assert.equal(tip.status, 201, JSON.stringify(tip.json));
    assert.ok(mimps.measurement && mimps.evidence && mimps.notification);
  });
  after(async () => {
    await t.dispose();
  });

  test("every :id route a focal point reaches is classified as one entity's or shared", () => {
    const unclassified = routes
      .filter((r) => r.path.includes(":id") && r.access !== "public")
      .filter((r) => roleMay("punto_focal", r))
      .filter((r) => !(r.path in ENTITY_OWNED) && !(r.path in SHARED_BY_DESIGN))
      .map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(unclassified, []);
  });

  test("a focal point of SUNAFIL gets 403/404 and none of MIMP's data on MIMP's resources", async () => {
    const from = failures.length;
    const before = await auditCount();
    for (const route of routes.filter((r) => r.path in ENTITY_OWNED && roleMay("punto_focal", r))) {
      const kind = ENTITY_OWNED[route.path] as keyof typeof mimps;
      const res = await send(sunafil, route, concrete(route.path, mimps[kind]), bodyFor(route, 3));
      const label = `${route.method} ${route.path} (MIMP's ${kind})`;
      check(res.status === 403 || res.status === 404, `${label}: ${res.status}`);
      check(!JSON.stringify(res.json).includes(MIMP_MARKER), `${label}: MIMP's text in the body`);
    }
    check((await auditCount()) === before, "a refused request left an audit event");
    // Lists and every other page a focal point reads: MIMP's draft appears in none of them.
    for (const route of routes.filter(
      (r) => r.method === "get" && r.access !== "public" && roleMay("punto_focal", r),
    )) {
      const res = await sunafil.request(
        "GET",
        `${concrete(route.path, own.measurement)}?year=2024`,
      );
      check(
        !JSON.stringify(res.json).includes(MIMP_MARKER),
        `get ${route.path}: MIMP's text in SUNAFIL's answer`,
      );
    }
    const tips = (await sunafil.request("GET", "/api/tip/entries?year=2024")).json as unknown as {
      entity: { code: string };
    }[];
    check(
      Array.isArray(tips) && tips.every((e) => e.entity.code === "SUNAFIL"),
      "TIP entries of another entity listed",
    );
    const value = (await mimp.request("GET", `/api/measurements/${mimps.measurement}`))
      .json as unknown as Measurement;
    check(value.logros === MIMP_MARKER && value.value === 7, "MIMP's value changed");
    assert.deepEqual(failuresSince(from), []);
  });

  test("Puno's regional focal point and conductor are refused Cusco's plan on every route", async () => {
    const from = failures.length;
    const before = await auditCount();
    const scoped = routes.filter(
      (r) =>
        r.access !== "public" &&
        (r.path.includes(":ubigeo") ||
          (r.path.includes(":code") && !NOT_A_POLICY_CODE.includes(r.path))),
    );
    let reached = 0;
    for (const [role, s] of [
      ["punto_focal", puno],
      ["conductor_regional", conductorPuno],
    ] as const) {
      for (const route of scoped.filter((r) => roleMay(role, r))) {
        // A year, so that a read is refused for its scope and not for a missing parameter.
        const path = `${concrete(route.path, 1, CUSCO_PLAN)}${route.method === "get" ? "?year=2026&period=T1" : ""}`;
        const res = await send(s, route, path, bodyFor(route));
        const label = `${role} of Puno ${route.method} ${concrete(route.path, 1, CUSCO_PLAN)}`;
        check(res.status === 403 || res.status === 404, `${label}: ${res.status}`);
        check(!/Cusco/.test(JSON.stringify(res.json)), `${label}: Cusco's data in the body`);
        reached += 1;
      }
    }
    check((await auditCount()) === before, "a refused request left an audit event");
    assert.ok(reached >= 20, `only ${reached} routes reached`);
    assert.deepEqual(failuresSince(from), []);
  });

  test("walking the ids 1…max+3, a focal point reads only its own entity's values and files", async () => {
    const from = failures.length;
    const max = async (table: "measurement" | "evidence_file" | "notification") =>
      (
        await sql<{
          n: number;
        }>`SELECT coalesce(max(id), 0)::int AS n FROM ${sql.table(table)}`.execute(t.db)
      ).rows[0]?.n ?? 0;
    const evidenceEntity = new Map(
      (
        await sql<{ id: number; code: string }>`
          SELECT f.id, e.code FROM evidence_file f
          JOIN measurement m ON m.id = f.measurement_id JOIN entity e ON e.id = m.reported_for_entity_id`.execute(
          t.db,
        )
      ).rows.map((r) => [r.id, r.code]),
    );
    let readable = 0;
    for (let id = 1; id <= (await max("measurement")) + 3; id++) {
      const res = await sunafil.request("GET", `/api/measurements/${id}`);
      if (res.status === 200) {
        readable += 1;
        const m = res.json as unknown as Measurement;
        check(
          m.reportedForEntity === "SUNAFIL" || m.reportingEntity === "SUNAFIL",
          `measurement ${id} of ${m.reportedForEntity} readable by SUNAFIL`,
        );
      } else check(res.status === 403 || res.status === 404, `measurement ${id}: ${res.status}`);
    }
    for (let id = 1; id <= (await max("evidence_file")) + 3; id++) {
      const res = await sunafil.request("GET", `/api/evidence/${id}`);
      if (res.status === 200) {
        readable += 1;
        check(evidenceEntity.get(id) === "SUNAFIL", `evidence ${id} of ${evidenceEntity.get(id)}`);
      } else check(res.status === 403 || res.status === 404, `evidence ${id}: ${res.status}`);
    }
    const mimpUnread = (await mimp.request("GET", "/api/notifications/unread-count")).json;
    for (let id = 1; id <= (await max("notification")) + 3; id++) {
      const res = await sunafil.request("POST", `/api/notifications/${id}/read`);
      check(
        res.status === 404 || res.status === 200 || res.status === 204,
        `notification ${id}: ${res.status}`,
      );
    }
    check(
      JSON.stringify((await mimp.request("GET", "/api/notifications/unread-count")).json) ===
        JSON.stringify(mimpUnread),
      "SUNAFIL marked MIMP's notification as read",
    );
    // The walk is not vacuous: SUNAFIL's own value and file were among the ids.
    check(readable >= 2, `only ${readable} readable ids (own value ${own.measurement})`);
    assert.deepEqual(failuresSince(from), []);
  });

  test("a missing or wrong CSRF token is refused with 403 on every mutating route, changing nothing", async () => {
    const from = failures.length;
    const before = await auditCount();
    const mutating = routes.filter((r) => r.method !== "get" && r.access !== "public");
    const tokens: [string, string | undefined][] = [
      ["missing", undefined],
      ["garbage", "0".repeat(43)],
      ["another session's", mimp.csrf ?? ""],
    ];
    for (const [what, token] of tokens) {
      for (const [role, s] of [
        ["administrador", admin],
        ["punto_focal", sunafil],
      ] as const) {
        const kept = s.csrf;
        for (const route of mutating) {
          s.csrf = token ?? null;
          const res = await send(s, route, concrete(route.path, own.measurement), bodyFor(route));
          s.csrf = kept;
          const message = String((res.json?.error as { message?: string } | undefined)?.message);
          // A role without the permission may be refused for it first: 403 all the same.
          check(
            res.status === 403 && (/CSRF/.test(message) || !roleMay(role, route)),
            `${what} token, ${route.method} ${route.path}: ${res.status} ${message}`,
          );
        }
      }
    }
    check(
      (await auditCount()) === before,
      "a request without a valid CSRF token left an audit event",
    );
    assert.deepEqual(failuresSince(from), []);
  });

  test("a session signed out, or of an account the administrator deactivated, gets 401 everywhere", async () => {
    const from = failures.length;
    const signedIn = routes.filter((r) => r.access !== "public");
    const sweep = async (s: ApiSession, label: string) => {
      for (const route of signedIn) {
        const res = await send(s, route, concrete(route.path, own.measurement), bodyFor(route));
        check(res.status === 401, `${label}: ${route.method} ${route.path} ${res.status}`);
      }
    };
    for (const role of ROLES) {
      const { session } = await signIn(
        app,
        t.db,
        role,
        role === "punto_focal"
          ? { entities: ["SUNAFIL"] }
          : role === "conductor_regional"
            ? { territory: "21" }
            : {},
      );
      const cookie = session.cookie;
      assert.equal((await session.request("DELETE", "/api/session")).status, 204, role);
      session.cookie = cookie; // the old cookie, as a copied or stolen one would be replayed
      await sweep(session, `${role} after sign-out`);
    }
    for (const role of ROLES) {
      const { session, user } = await signIn(
        app,
        t.db,
        role,
        role === "punto_focal"
          ? { entities: ["SUNAFIL"] }
          : role === "conductor_regional"
            ? { territory: "21" }
            : {},
      );
      assert.equal((await session.request("GET", "/api/session")).status, 200, role);
      const off = await admin.request("PATCH", `/api/users/${user.id}`, { isActive: false });
      assert.equal(off.status, 200, JSON.stringify(off.json));
      await sweep(session, `${role} after deactivation`);
    }
    assert.deepEqual(failuresSince(from), []);
  });

  // Last, so that it counts every check above (tests of a suite run in order).
  test("summary", () => {
    console.log(`access sweep, part 2: ${checks} checks run / ${failures.length} failures`);
    assert.ok(checks >= 2000, `only ${checks} checks`);
  });
});
