import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildUser, signIn } from "../../../test/factories.ts";
import { ApiSession } from "../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { EvaluationSchema } from "../../shared/contracts/evaluation.contract.ts";
import {
  hasPermission,
  type Permission,
  permissionsOf,
  ROLES,
  type Role,
} from "../../shared/permissions.ts";
import { createDiskFileStore } from "../files/file-store.ts";
import { buildApiRoutes, createApp } from "./app.ts";

/**
 * Every route of the API, generated from the route list itself so a new route cannot slip
 * through: 401 without a session, 403 for a role that lacks the permission, 403 without the
 * CSRF token on mutating requests.
 */
describe("access control on every API route (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let routes: ReturnType<typeof buildApiRoutes>;
  const sessions = new Map<Role, ApiSession>();
  const options = { fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))) };

  before(async () => {
    // With the ubigeo: the regional conductor's account needs a territory (Puno, 21).
    t = await createTestDatabase({ seed: "pntp+ubigeo" });
    app = createApp(t, options);
    routes = buildApiRoutes(t, options);
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
      sessions.set(role, session);
    }
  });
  after(async () => {
    await t.dispose();
  });

  // Concrete values for path parameters; the checks run before the handler, so ids need not exist.
  const buildUserOnly = async (role: Role) => ({ user: await buildUser(t.db, role) });
  const concrete = (path: string) =>
    path
      .replace(":code", "pntp")
      .replace(":indicator", "1.1")
      .replace(":id", "1")
      .replace(":ubigeo", "21")
      .replace(":year", "2023");

  test("anonymous callers get 401 on every non-public route", async () => {
    const anonymous = new ApiSession(app);
    const checked: string[] = [];
    for (const route of routes.filter((r) => r.access !== "public")) {
      const res = await anonymous.request(
        route.method.toUpperCase(),
        `${concrete(route.path)}${route.method === "get" ? "?year=2023" : ""}`,
        {},
      );
      assert.equal(res.status, 401, `${route.method} ${route.path}`);
      assert.match(String((res.json.error as { message: string }).message), /Inicie sesión/);
      checked.push(route.path);
    }
    assert.ok(checked.length >= 25, `only ${checked.length} routes checked`);
  });

  test("a role without the permission gets 403 on every permission-guarded route", async () => {
    let checked = 0;
    for (const route of routes) {
      if (route.access === "public" || route.access === "signed-in") continue;
      const permission = route.access as Permission;
      const lacking = ROLES.filter((role) => !hasPermission(role, permission));
      assert.ok(lacking.length > 0 || permission, `${route.path}`);
      for (const role of lacking) {
        const session = sessions.get(role);
        assert.ok(session);
        const res = await session.request(
          route.method.toUpperCase(),
          `${concrete(route.path)}${route.method === "get" ? "?year=2023" : ""}`,
          {},
        );
        assert.equal(res.status, 403, `${role} ${route.method} ${route.path}`);
        checked += 1;
      }
    }
    assert.ok(checked >= 20, `only ${checked} checks`);
  });

  test("mutating requests without the CSRF token are refused", async () => {
    const admin = sessions.get("administrador");
    assert.ok(admin);
    const mutating = routes.filter((r) => r.method !== "get" && r.access !== "public");
    for (const route of mutating) {
      const res = await admin.request(
        route.method.toUpperCase(),
        concrete(route.path),
        {},
        { csrf: false },
      );
      assert.equal(res.status, 403, `${route.method} ${route.path}`);
      assert.match(String((res.json.error as { message: string }).message), /CSRF/);
    }
  });

  test("a session that must change its password reaches only the change-password routes", async () => {
    const admin = sessions.get("administrador");
    assert.ok(admin);
    const { user } = await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] });
    const reset = await admin.request("POST", `/api/users/${user.id}/password-reset`);
    assert.equal(reset.status, 200);
    const s = new ApiSession(app);
    await s.login(user.email, (reset.json as { temporaryPassword: string }).temporaryPassword);
    const allowed = routes
      .filter((r) => r.duringPasswordChange)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    assert.deepEqual(allowed, [
      "delete /api/session",
      "delete /api/sessions",
      "get /api/session",
      "post /api/session/mfa",
      "post /api/session/mfa/enrolment",
      "put /api/session/mfa/enrolment",
      "put /api/session/password",
    ]);
    let checked = 0;
    for (const route of routes) {
      if (route.access === "public" || route.duringPasswordChange) continue;
      const res = await s.request(
        route.method.toUpperCase(),
        `${concrete(route.path)}${route.method === "get" ? "?year=2023" : ""}`,
        {},
      );
      assert.equal(res.status, 403, `${route.method} ${route.path}`);
      assert.match(
        String((res.json.error as { message: string }).message),
        /Debe cambiar su contraseña/,
        `${route.method} ${route.path}`,
      );
      checked += 1;
    }
    assert.ok(checked >= 25, `only ${checked} routes checked`);
    assert.equal((await s.request("GET", "/api/session")).status, 200);
  });

  test("a session owing its second factor reaches only the MFA routes; public ones see it as anonymous", async () => {
    const { user } = await buildUserOnly("administrador");
    for (const step of ["enrol", "verify"] as const) {
      const s = new ApiSession(app);
      const res = await s.login(user.email, user.password, { mfa: false });
      assert.equal(res.json.mfaStep, step);
      const allowed = routes
        .filter((r) => r.duringMfa)
        .map((r) => `${r.method} ${r.path}`)
        .sort();
      // Not "sign out everywhere": the password alone must not end the owner's other sessions.
      assert.deepEqual(allowed, [
        "delete /api/session",
        "get /api/session",
        "post /api/session/mfa",
        "post /api/session/mfa/enrolment",
        "put /api/session/mfa/enrolment",
      ]);
      let checked = 0;
      for (const route of routes) {
        if (route.access === "public" || route.duringMfa) continue;
        const res = await s.request(
          route.method.toUpperCase(),
          `${concrete(route.path)}${route.method === "get" ? "?year=2023" : ""}`,
          {},
        );
        assert.equal(res.status, 403, `${route.method} ${route.path}`);
        assert.match(
          String((res.json.error as { message: string }).message),
          /segundo factor/,
          `${route.method} ${route.path}`,
        );
        checked += 1;
      }
      assert.ok(checked >= 25, `only ${checked} routes checked`);
      // Enrol once, so that the second round is the sign-in's code step.
      if (step === "enrol")
        assert.equal((await new ApiSession(app).login(user.email, user.password)).status, 200);
    }
  });

  test("publishing and withdrawing are the publishing role's; published years are public", () => {
    const access = (method: string, path: string) =>
      routes.find((r) => r.method === method && r.path === path)?.access;
    assert.equal(access("post", "/api/policies/:code/publications"), "evaluation.publish");
    assert.equal(
      access("post", "/api/policies/:code/publications/:year/withdrawal"),
      "evaluation.publish",
    );
    for (const path of ["", "/:year", "/:year/report", "/:year/package"]) {
      assert.equal(access("get", `/api/policies/:code/publications${path}`), "public", path);
    }
  });

  test("TIP entries are the focal points' and the administrator's; reviewing is the administrator's", () => {
    const access = (method: string, path: string) =>
      routes.find((r) => r.method === method && r.path === path)?.access;
    for (const [method, path] of [
      ["get", "/api/tip/points"],
      ["get", "/api/tip/entries"],
      ["post", "/api/tip/entries"],
    ] as const) {
      assert.equal(access(method, path), "tip_point.report", path);
    }
    assert.equal(access("post", "/api/tip/entries/:id/review"), "tip_point.review");
    assert.deepEqual(
      ROLES.filter((r) => hasPermission(r, "tip_point.report")),
      ["administrador", "punto_focal"],
    );
    assert.deepEqual(
      ROLES.filter((r) => hasPermission(r, "tip_point.review")),
      ["administrador"],
    );
  });

  test("veedurías: the semáforo and its files are public, registering and grading is the administrator's", () => {
    const veedurias = routes.filter((r) => r.path.includes("/veedurias"));
    assert.deepEqual(veedurias.map((r) => `${r.method} ${r.path} ${r.access}`).sort(), [
      "get /api/public/veedurias/:code public",
      "get /api/public/veedurias/:code/:file public",
      "post /api/policies/:code/veedurias veeduria.manage",
      "put /api/policies/:code/veedurias/:veeduria/assessments veeduria.manage",
    ]);
    assert.deepEqual(
      ROLES.filter((r) => hasPermission(r, "veeduria.manage")),
      ["administrador"],
    );
  });

  test("record linkage is never public: uploads are linkage.submit, the rest linkage.manage", () => {
    const linkage = routes.filter((r) => r.path.startsWith("/api/linkage"));
    assert.equal(linkage.length, 8);
    for (const r of linkage) {
      const expected =
        r.path === "/api/linkage/sources/:code/batches" ? "linkage.submit" : "linkage.manage";
      assert.equal(r.access, expected, `${r.method} ${r.path}`);
    }
    assert.deepEqual(
      ROLES.filter((r) => hasPermission(r, "linkage.manage")),
      ["administrador"],
    );
    assert.deepEqual(
      ROLES.filter((r) => hasPermission(r, "linkage.submit")),
      ["administrador", "punto_focal"],
    );
  });

  test("civil society: organisations publish, the conductor responds and moderates, the public reads", () => {
    const civil = routes
      .filter((r) => /\/(civil-society|sociedad-civil)\//.test(r.path))
      .map((r) => `${r.method} ${r.path} ${r.access}`)
      .sort();
    assert.deepEqual(civil, [
      "get /api/civil-society/:code/workspace civil_society.publish",
      "get /api/civil-society/organizations civil_society.accredit",
      "get /api/public/civil-society/:code/contributions public",
      "get /api/public/civil-society/:code/missing public",
      "get /api/public/civil-society/evidence/:id public",
      "get /api/public/sociedad-civil/:code/:dataset/:file public",
      "post /api/civil-society/contributions civil_society.publish",
      "post /api/civil-society/contributions/:id/evidence civil_society.publish",
      "post /api/civil-society/contributions/:id/removal civil_society.moderate",
      "post /api/civil-society/contributions/:id/response civil_society.respond",
      "post /api/civil-society/organizations civil_society.accredit",
      "post /api/civil-society/organizations/:id/members civil_society.accredit",
    ]);
    // Least privilege: the role publishes for its organisation and reads what the public reads.
    assert.deepEqual(permissionsOf("sociedad_civil"), ["civil_society.publish"]);
    for (const p of [
      "civil_society.respond",
      "civil_society.moderate",
      "civil_society.accredit",
    ] as const) {
      assert.deepEqual(
        ROLES.filter((r) => hasPermission(r, p)),
        ["administrador"],
        p,
      );
    }
  });

  test("notifications are every signed-in person's own, and only theirs", async () => {
    const notificationRoutes = routes.filter((r) => r.path.startsWith("/api/notifications"));
    assert.deepEqual(notificationRoutes.map((r) => `${r.method} ${r.path} ${r.access}`).sort(), [
      "get /api/notifications signed-in",
      "get /api/notifications/unread-count signed-in",
      "post /api/notifications/:id/read signed-in",
      "post /api/notifications/read-all signed-in",
    ]);
    for (const role of ROLES) {
      const session = sessions.get(role);
      assert.ok(session);
      const res = await session.request("GET", "/api/notifications");
      assert.equal(res.status, 200, role);
      // Notification 1 is nobody's here, or someone else's: the same 404 either way.
      assert.equal((await session.request("POST", "/api/notifications/1/read")).status, 404, role);
    }
  });

  test("the public sees only published evaluations", async () => {
    const anonymous = new ApiSession(app);
    assert.equal(
      (await anonymous.request("GET", "/api/policies/pntp/evaluation?year=2023")).status,
      404,
    );
    assert.equal(
      (await anonymous.request("GET", "/api/policies/pntp/evaluation?year=2023&preview=true"))
        .status,
      403,
    );
    const admin = sessions.get("administrador");
    assert.ok(admin);
    const published = await admin.request("POST", "/api/policies/pntp/publications", {
      year: 2023,
    });
    assert.equal(published.status, 201);
    const res = await anonymous.request("GET", "/api/policies/pntp/evaluation?year=2023");
    assert.equal(res.status, 200);
    assert.equal((res.json.index as { tipo2: number }).tipo2, 22.2);
    // When and by whom, as a role: no name or e-mail of the account reaches the public.
    const publication = EvaluationSchema.parse(res.json).publication;
    assert.deepEqual(publication, {
      publishedAt: (published.json as { publishedAt: string }).publishedAt,
      publishedByRole: "administrador",
    });
    assert.doesNotMatch(JSON.stringify(res.json), /@|Usuario administrador/);
    // Signed-in readers get the live evaluation, which is not a publication.
    const live = await admin.request("GET", "/api/policies/pntp/evaluation?year=2023");
    assert.equal(EvaluationSchema.parse(live.json).publication, undefined);
  });

  test("the comisión reads dashboards; the preview is for roles that may see unvalidated data", async () => {
    const comision = sessions.get("comision");
    const revisor = sessions.get("revisor");
    assert.ok(comision && revisor);
    assert.equal(
      (await comision.request("GET", "/api/policies/pntp/dashboard?year=2023")).status,
      200,
    );
    assert.equal(
      (await comision.request("GET", "/api/policies/pntp/dashboard?year=2023&preview=true")).status,
      403,
    );
    assert.equal(
      (await revisor.request("GET", "/api/policies/pntp/dashboard?year=2023&preview=true")).status,
      200,
    );
  });
});
