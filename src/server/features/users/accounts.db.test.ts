import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildUser, signIn, TEST_PASSWORD } from "../../../../test/factories.ts";
import { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { SessionSchema } from "../../../shared/contracts/auth.contract.ts";
import { PasswordResetSchema, UserSchema } from "../../../shared/contracts/users.contract.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { SESSION_POLICY } from "../auth/auth.service.ts";
import { createDemoAccounts } from "./demo-accounts.service.ts";

/** Account management (issue 17): own password, reset, the must-change gate, edits, filters. */
describe("account management (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let admin: ApiSession;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    admin = (await signIn(app, t.db, "administrador")).session;
  });
  after(async () => {
    await t.dispose();
  });

  const auditOf = (action: string, objectId: string) =>
    t.db
      .selectFrom("auditEvent")
      .selectAll()
      .where("action", "=", action)
      .where("objectId", "=", objectId)
      .orderBy("id")
      .execute();

  test("a user changes its own password: the current one is required and the policy applies", async () => {
    const user = await buildUser(t.db, "revisor");
    const s = new ApiSession(app);
    const other = new ApiSession(app);
    await s.login(user.email, user.password);
    await other.login(user.email, user.password);

    const wrong = await s.request("PUT", "/api/session/password", {
      currentPassword: "no-es-la-clave-1",
      newPassword: "una-clave-nueva-2025",
    });
    assert.equal(wrong.status, 400);
    const wrongError = wrong.json.error as { message: string; issues: { path: string }[] };
    assert.match(wrongError.message, /contraseña actual no es correcta/);
    assert.deepEqual(
      wrongError.issues.map((i) => i.path),
      ["body.currentPassword"],
    );
    assert.equal((await auditOf("user.password_change_failed", String(user.id))).length, 1);

    const weak = await s.request("PUT", "/api/session/password", {
      currentPassword: user.password,
      newPassword: "corta1",
    });
    assert.equal(weak.status, 400);
    assert.match(JSON.stringify(weak.json), /al menos 12 caracteres/);
    const same = await s.request("PUT", "/api/session/password", {
      currentPassword: user.password,
      newPassword: user.password,
    });
    assert.equal(same.status, 400);
    assert.match(JSON.stringify(same.json), /distinta de la actual/);

    const ok = await s.request("PUT", "/api/session/password", {
      currentPassword: user.password,
      newPassword: "una-clave-nueva-2025",
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(SessionSchema.parse(ok.json).user.mustChangePassword, false);
    // This session stays; the one opened with the old password elsewhere ends.
    assert.equal((await s.request("GET", "/api/session")).status, 200);
    assert.equal((await other.request("GET", "/api/session")).status, 401);
    assert.equal((await new ApiSession(app).login(user.email, user.password)).status, 401);
    assert.equal((await new ApiSession(app).login(user.email, "una-clave-nueva-2025")).status, 200);
    const [event] = await auditOf("user.password_change", String(user.id));
    assert.ok(event);
    assert.doesNotMatch(JSON.stringify(event), /una-clave-nueva|argon2/);
  });

  test("wrong current passwords count towards the lockout", async () => {
    const user = await buildUser(t.db, "comision");
    const s = new ApiSession(app);
    await s.login(user.email, user.password);
    for (let i = 0; i < SESSION_POLICY.lockAfterFailures; i++) {
      await s.request("PUT", "/api/session/password", {
        currentPassword: `mala-clave-${i}`,
        newPassword: "una-clave-nueva-2025",
      });
    }
    const locked = await s.request("PUT", "/api/session/password", {
      currentPassword: user.password,
      newPassword: "una-clave-nueva-2025",
    });
    assert.equal(locked.status, 423);
  });

  test("reset → must change → only the change is allowed → then normal", async () => {
    const user = await buildUser(t.db, "punto_focal", { entities: ["SUNAFIL"] });
    const before = new ApiSession(app);
    await before.login(user.email, user.password);

    const reset = await admin.request("POST", `/api/users/${user.id}/password-reset`);
    assert.equal(reset.status, 200, JSON.stringify(reset.json));
    const { temporaryPassword, user: shown, sessionsEnded } = PasswordResetSchema.parse(reset.json);
    assert.equal(shown.mustChangePassword, true);
    assert.equal(sessionsEnded, 1);
    assert.equal((await before.request("GET", "/api/session")).status, 401);
    assert.equal((await new ApiSession(app).login(user.email, TEST_PASSWORD)).status, 401);
    const [event] = await auditOf("user.password_reset", String(user.id));
    assert.ok(event);
    assert.ok(!JSON.stringify(event).includes(temporaryPassword));

    const s = new ApiSession(app);
    const login = await s.login(user.email, temporaryPassword);
    assert.equal(login.status, 200);
    assert.equal(SessionSchema.parse(login.json).user.mustChangePassword, true);
    assert.equal((await s.request("GET", "/api/session")).status, 200);
    const blocked = await s.request("GET", "/api/policies/pntp/tasks");
    assert.equal(blocked.status, 403);
    assert.match((blocked.json.error as { message: string }).message, /Debe cambiar su contraseña/);
    const english = await s.request("GET", "/api/policies/pntp/tasks", undefined, {
      headers: { "accept-language": "en" },
    });
    assert.match((english.json.error as { message: string }).message, /change your password/);
    // Public routes answer as to anyone: the live evaluation is for signed-in readers only.
    assert.equal((await s.request("GET", "/api/policies")).status, 200);
    assert.equal((await s.request("GET", "/api/policies/pntp/evaluation?year=2023")).status, 404);

    const changed = await s.request("PUT", "/api/session/password", {
      currentPassword: temporaryPassword,
      newPassword: "mi-clave-propia-2025",
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.json));
    assert.equal(SessionSchema.parse(changed.json).user.mustChangePassword, false);
    assert.equal((await s.request("GET", "/api/policies/pntp/tasks")).status, 200);
    const [row] = (await admin.request("GET", "/api/users?entity=SUNAFIL")).json as unknown as {
      id: number;
      mustChangePassword: boolean;
    }[];
    assert.ok(row);
    const listed = (
      (await admin.request("GET", "/api/users")).json as unknown as {
        id: number;
        mustChangePassword: boolean;
      }[]
    ).find((u) => u.id === user.id);
    assert.equal(listed?.mustChangePassword, false);
  });

  test("an administrator cannot reset its own password; an unknown account is 404", async () => {
    const me = SessionSchema.parse((await admin.request("GET", "/api/session")).json);
    const own = await admin.request("POST", `/api/users/${me.user.id}/password-reset`);
    assert.equal(own.status, 403);
    assert.match((own.json.error as { message: string }).message, /Cambiar contraseña/);
    assert.equal((await admin.request("POST", "/api/users/999999/password-reset")).status, 404);
  });

  test("a reset lifts the login delay", async () => {
    const user = await buildUser(t.db, "revisor");
    for (let i = 0; i < SESSION_POLICY.freeFailures; i++) {
      await new ApiSession(app, "10.1.1.1").login(user.email, "mala-clave-0000");
    }
    assert.equal((await new ApiSession(app).login(user.email, user.password)).status, 429);
    const reset = PasswordResetSchema.parse(
      (await admin.request("POST", `/api/users/${user.id}/password-reset`)).json,
    );
    assert.equal(reset.user.lockedUntil, null);
    assert.equal(
      (await new ApiSession(app).login(user.email, reset.temporaryPassword)).status,
      200,
    );
  });

  test("editing role, entities and proxy grants is audited with the account before and after", async () => {
    const user = await buildUser(t.db, "punto_focal", { entities: ["MIMP"] });
    const s = new ApiSession(app);
    await s.login(user.email, user.password);

    const grants = await admin.request("PATCH", `/api/users/${user.id}`, {
      entities: ["MIMP", "MINSA"],
      proxyEntities: ["PNP"],
    });
    assert.equal(grants.status, 200, JSON.stringify(grants.json));
    assert.deepEqual(
      UserSchema.parse(grants.json).entities.map((e) => `${e.code}:${e.grant}`),
      ["MIMP:propia", "MINSA:propia", "PNP:delegada"],
    );
    // A change of grants reaches the open session on its next request.
    const session = SessionSchema.parse((await s.request("GET", "/api/session")).json);
    assert.deepEqual(
      session.user.entities.map((e) => e.code),
      ["MIMP", "MINSA", "PNP"],
    );

    const role = await admin.request("PATCH", `/api/users/${user.id}`, { role: "revisor" });
    assert.equal(role.status, 200, JSON.stringify(role.json));
    assert.deepEqual(UserSchema.parse(role.json).entities, []);
    assert.equal((await s.request("GET", "/api/session")).status, 401, "role change ends sessions");

    const events = await auditOf("user.update", String(user.id));
    assert.equal(events.length, 2);
    assert.deepEqual(events[0]?.before, {
      displayName: user.displayName,
      role: "punto_focal",
      isActive: true,
      territory: null,
      entities: ["MIMP"],
      proxyEntities: [],
    });
    assert.deepEqual(events[0]?.after, {
      displayName: user.displayName,
      role: "punto_focal",
      isActive: true,
      territory: null,
      entities: ["MIMP", "MINSA"],
      proxyEntities: ["PNP"],
      sessionsEnded: 0,
    });
    assert.deepEqual(events[1]?.after, {
      displayName: user.displayName,
      role: "revisor",
      isActive: true,
      territory: null,
      entities: [],
      proxyEntities: [],
      sessionsEnded: 1,
    });
    assert.equal(events[1]?.actor, events[0]?.actor);
    assert.match(String(events[0]?.actor), /^user:\d+$/);

    const bad = await admin.request("PATCH", `/api/users/${user.id}`, {
      role: "punto_focal",
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /al menos a una entidad/);
  });

  test("the list filters by role, entity (own or proxy) and active", async () => {
    const a = await buildUser(t.db, "punto_focal", { entities: ["MTPE"] });
    const b = await buildUser(t.db, "punto_focal", { entities: ["MIMP"], proxyEntities: ["MTPE"] });
    const c = await buildUser(t.db, "comision");
    await admin.request("PATCH", `/api/users/${c.id}`, { isActive: false });
    const ids = async (query: string) =>
      ((await admin.request("GET", `/api/users${query}`)).json as unknown as { id: number }[]).map(
        (u) => u.id,
      );
    const mtpe = await ids("?entity=MTPE");
    assert.ok(mtpe.includes(a.id) && mtpe.includes(b.id) && !mtpe.includes(c.id));
    const focal = await ids("?role=punto_focal&entity=MTPE&active=true");
    assert.deepEqual(focal.sort(), [a.id, b.id].sort());
    const inactive = await ids("?active=false");
    assert.ok(inactive.includes(c.id) && !inactive.includes(a.id));
    assert.ok((await ids("?role=comision&active=false")).includes(c.id));
    const badRole = await admin.request("GET", "/api/users?role=jefe");
    assert.equal(badRole.status, 400);
    assert.match(JSON.stringify(badRole.json), /query\.role/);
  });

  test("deactivating an account ends its sessions, and a reset ends them too", async () => {
    const target = await buildUser(t.db, "revisor");
    const s = new ApiSession(app);
    await s.login(target.email, target.password);
    const res = await admin.request("PATCH", `/api/users/${target.id}`, { isActive: false });
    assert.equal(res.status, 200);
    assert.equal((await s.request("GET", "/api/session")).status, 401);
    const [event] = await auditOf("user.update", String(target.id));
    assert.equal((event?.after as { sessionsEnded?: number } | undefined)?.sessionsEnded, 1);
  });

  test("the demo accounts' generated passwords must be changed; a chosen one need not", async () => {
    for (const password of [null, "clave-elegida-2024"]) {
      const fresh = await createTestDatabase({ seed: "pntp" });
      try {
        await createDemoAccounts(fresh.db, systemActor("test"), {
          password,
          policyCode: "pntp",
          today: "2026-12-01",
        });
        const rows = await fresh.db
          .selectFrom("appUser")
          .select(["mustChangePassword", "isDemo"])
          .execute();
        assert.equal(rows.length, 3);
        assert.ok(rows.every((r) => r.isDemo && r.mustChangePassword === (password === null)));
      } finally {
        await fresh.dispose();
      }
    }
  });
});
