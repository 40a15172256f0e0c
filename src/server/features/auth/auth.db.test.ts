import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { buildUser, signIn, TEST_PASSWORD } from "../../../../test/factories.ts";
import { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { SessionSchema } from "../../../shared/contracts/auth.contract.ts";
import type { DomainError } from "../../errors.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { createUser } from "../users/users.service.ts";
import { loginDelaySeconds, SESSION_POLICY } from "./auth.service.ts";

describe("accounts and sessions (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  test("login sets an httpOnly, SameSite session cookie; the password hash is argon2id", async () => {
    const user = await buildUser(t.db, "punto_focal", {
      entities: ["MIMP"],
      proxyEntities: ["PNP"],
    });
    const s = new ApiSession(app);
    const res = await s.login(user.email, user.password);
    assert.equal(res.status, 200);
    const cookie = res.headers.get("set-cookie") ?? "";
    assert.match(cookie, /vigia_session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const session = SessionSchema.parse(res.json);
    assert.deepEqual(
      session.user.entities.map((e) => [e.code, e.grant]),
      [
        ["MIMP", "propia"],
        ["PNP", "delegada"],
      ],
    );
    assert.ok(!JSON.stringify(res.json).includes("argon2"));
    const row = await t.db
      .selectFrom("appUser")
      .select("passwordHash")
      .where("email", "=", user.email)
      .executeTakeFirstOrThrow();
    assert.match(row.passwordHash, /^\$argon2id\$/);
    assert.equal((await s.request("GET", "/api/session")).status, 200);
  });

  test("a wrong password and an unknown e-mail get the same answer", async () => {
    const user = await buildUser(t.db, "revisor");
    const a = await new ApiSession(app).login(user.email, "otra-clave-12345");
    const b = await new ApiSession(app).login("nadie@prueba.vigia.pe", "otra-clave-12345");
    assert.equal(a.status, 401);
    assert.equal(b.status, 401);
    assert.deepEqual(a.json, b.json);
  });

  test("repeated failures make the next attempt wait a growing delay, the same for an unknown address, never a lockout", async () => {
    const user = await buildUser(t.db, "comision");
    const unknown = "nadie-mas@prueba.vigia.pe";
    const attempt = (email: string, password: string) =>
      new ApiSession(app, "10.0.0.7").login(email, password);
    for (let i = 0; i < SESSION_POLICY.freeFailures; i++) {
      assert.equal((await attempt(user.email, "mala-clave-0000")).status, 401);
      assert.equal((await attempt(unknown, "mala-clave-0000")).status, 401);
    }
    // Now even the right password waits, and says so exactly as for an address nobody has.
    const waiting = await attempt(user.email, TEST_PASSWORD);
    const stranger = await attempt(unknown, "mala-clave-0000");
    assert.equal(waiting.status, 429);
    assert.equal(stranger.status, 429);
    assert.deepEqual(waiting.json, stranger.json);
    const retryAfter = Number(waiting.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= loginDelaySeconds(SESSION_POLICY.freeFailures));
    assert.match((waiting.json.error as { message: string }).message, /Espere unos segundos/);
    assert.equal(
      loginDelaySeconds(SESSION_POLICY.freeFailures + 1),
      2 * loginDelaySeconds(SESSION_POLICY.freeFailures),
    );
    assert.equal(loginDelaySeconds(60), SESSION_POLICY.maxDelaySeconds, "capped");
    // Once the delay has passed (moved back in the log rather than waited for), the right
    // password opens a session: there is no lockout to wait out.
    await sql`UPDATE login_attempt SET at = at - interval '1 hour' WHERE email = ${user.email}`.execute(
      t.db,
    );
    assert.equal((await attempt(user.email, TEST_PASSWORD)).status, 200);
    // A success clears the count: the next failure is a free one again.
    assert.equal((await attempt(user.email, "mala-clave-0000")).status, 401);
  });

  test("too many failures from one address answer 429", async () => {
    for (let i = 0; i < SESSION_POLICY.maxFailuresPerIp; i++) {
      await new ApiSession(app, "10.9.9.9").login(`x${i}@prueba.vigia.pe`, "mala-clave-0000");
    }
    const res = await new ApiSession(app, "10.9.9.9").login("y@prueba.vigia.pe", "mala-clave-0000");
    assert.equal(res.status, 429);
    // A growing delay with its Retry-After, not a window the attacker keeps shut: once the
    // delay has passed the address may try again, and the next failure waits twice as long.
    const first = Number(res.headers.get("retry-after"));
    assert.ok(first >= 1 && first <= SESSION_POLICY.firstDelaySeconds, `Retry-After ${first}`);
    await sql`UPDATE login_attempt SET at = at - interval '5 seconds' WHERE ip = '10.9.9.9'`.execute(
      t.db,
    );
    assert.equal(
      (await new ApiSession(app, "10.9.9.9").login("z@prueba.vigia.pe", "mala-clave-0000")).status,
      401,
    );
    const next = await new ApiSession(app, "10.9.9.9").login("y@prueba.vigia.pe", "x");
    assert.equal(next.status, 429);
    assert.ok(Number(next.headers.get("retry-after")) > first);
    // Another address is not slowed by this one.
    assert.equal(
      (await new ApiSession(app, "10.9.9.8").login("y@prueba.vigia.pe", "mala-clave-0000")).status,
      401,
    );
  });

  test("failures from elsewhere do not delay the owner at an address it signed in from", async () => {
    const user = await buildUser(t.db, "comision");
    assert.equal(
      (await new ApiSession(app, "10.3.3.3").login(user.email, TEST_PASSWORD)).status,
      200,
    );
    for (let i = 0; i < SESSION_POLICY.freeFailures + 2; i++)
      await new ApiSession(app, "10.4.4.4").login(user.email, "mala-clave-0000");
    // The attacker's address waits, and so does any new one (the account's count applies
    // there); the owner's usual one does not.
    assert.equal(
      (await new ApiSession(app, "10.4.4.4").login(user.email, TEST_PASSWORD)).status,
      429,
    );
    assert.equal(
      (await new ApiSession(app, "10.4.4.5").login(user.email, TEST_PASSWORD)).status,
      429,
    );
    assert.equal(
      (await new ApiSession(app, "10.3.3.3").login(user.email, TEST_PASSWORD)).status,
      200,
    );
  });

  test("a deactivated account answers exactly like an unknown one", async () => {
    const user = await buildUser(t.db, "comision");
    await t.db.updateTable("appUser").set({ isActive: false }).where("id", "=", user.id).execute();
    const a = await new ApiSession(app, "10.2.2.2").login(user.email, TEST_PASSWORD);
    const b = await new ApiSession(app, "10.2.2.2").login("nadie-2@prueba.vigia.pe", TEST_PASSWORD);
    assert.equal(a.status, 401);
    assert.deepEqual([a.status, a.json], [b.status, b.json]);
  });

  test("a common or breached password is refused at change and at creation, naming the field", async () => {
    const { session } = await signIn(app, t.db, "revisor");
    for (const newPassword of ["qwerty123456", "password1234", "            1a"]) {
      const res = await session.request("PUT", "/api/session/password", {
        currentPassword: TEST_PASSWORD,
        newPassword,
      });
      assert.equal(res.status, 400, newPassword);
      const issues = (res.json.error as { issues: { path: string; message: string }[] }).issues;
      assert.deepEqual([...new Set(issues.map((i) => i.path))], ["body.newPassword"]);
    }
    await assert.rejects(
      createUser(t.db, systemActor("test"), {
        email: "comun@prueba.vigia.pe",
        displayName: "Común",
        role: "comision",
        entities: [],
        proxyEntities: [],
        password: "Password2024!",
      }),
      (err: DomainError) =>
        err.issues.some((i) => i.path === "password" && /común/.test(i.message)),
    );
  });

  test("behind a configured proxy the client is the nearest X-Forwarded-For address; otherwise the header is ignored", async () => {
    const proxied = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
      trustedProxies: ["10.5.5.5"],
    });
    const via = (forwardedFor: string, app_ = proxied, peer = "10.5.5.5") =>
      new ApiSession(app_, peer).request(
        "POST",
        "/api/session",
        { email: `proxy-${forwardedFor.length}@prueba.vigia.pe`, password: "mala-clave-0000" },
        { headers: { "x-forwarded-for": forwardedFor } },
      );
    const lastIp = async () =>
      (
        await t.db
          .selectFrom("loginAttempt")
          .select("ip")
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirstOrThrow()
      ).ip;
    // What the client wrote on the left is not believed; what the proxy appended is.
    await via("1.1.1.1, 203.0.113.9");
    assert.equal(await lastIp(), "203.0.113.9");
    await via("203.0.113.10, 10.5.5.5");
    assert.equal(await lastIp(), "203.0.113.10", "our own proxy is skipped");
    await via("no-es-una-ip");
    assert.equal(await lastIp(), "10.5.5.5", "a malformed hop falls back to the peer");
    await via("203.0.113.11", app, "10.6.6.6");
    assert.equal(await lastIp(), "10.6.6.6", "an untrusted peer's header is ignored");
  });

  test("logout ends the session; logout everywhere ends them all", async () => {
    const user = await buildUser(t.db, "revisor");
    const laptop = new ApiSession(app);
    const phone = new ApiSession(app);
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    const res = await laptop.request("DELETE", "/api/sessions");
    assert.equal(res.status, 200);
    assert.equal(res.json.sessionsEnded, 2);
    assert.equal((await phone.request("GET", "/api/session")).status, 401);

    const again = new ApiSession(app);
    await again.login(user.email, user.password);
    assert.equal((await again.request("DELETE", "/api/session")).status, 204);
    assert.equal((await again.request("GET", "/api/session")).status, 401);
  });

  test("an expired session is refused", async () => {
    const user = await buildUser(t.db, "revisor");
    const s = new ApiSession(app);
    await s.login(user.email, user.password);
    await sql`UPDATE user_session SET expires_at = now() - interval '1 minute'`.execute(t.db);
    assert.equal((await s.request("GET", "/api/session")).status, 401);
  });

  test("user creation enforces the password policy and entity rules, in Spanish, atomically", async () => {
    const admin = new ApiSession(app);
    const a = await buildUser(t.db, "administrador");
    await admin.login(a.email, a.password);
    const weak = await admin.request("POST", "/api/users", {
      email: "nuevo@prueba.vigia.pe",
      displayName: "Nuevo",
      role: "punto_focal",
      entities: ["MINSA"],
      password: "corta",
    });
    assert.equal(weak.status, 400);
    const issues = (weak.json.error as { issues: { path: string; message: string }[] }).issues;
    assert.deepEqual([...new Set(issues.map((i) => i.path))], ["body.password"]);
    assert.ok(issues.some((i) => /al menos 12 caracteres/.test(i.message)));
    const unknown = await admin.request("POST", "/api/users", {
      email: "nuevo@prueba.vigia.pe",
      displayName: "Nuevo",
      role: "punto_focal",
      entities: ["MINSA", "NOEXISTE"],
      password: "una-clave-larga-2024",
    });
    assert.equal(unknown.status, 400);
    assert.equal(
      await t.db
        .selectFrom("appUser")
        .select("id")
        .where("email", "=", "nuevo@prueba.vigia.pe")
        .executeTakeFirst(),
      undefined,
    );
    const ok = await admin.request("POST", "/api/users", {
      email: "Nuevo@Prueba.vigia.pe",
      displayName: "Nuevo",
      role: "punto_focal",
      entities: ["MINSA"],
      password: "una-clave-larga-2024",
    });
    assert.equal(ok.status, 201);
    assert.equal(ok.json.email, "nuevo@prueba.vigia.pe");
    const dup = await admin.request("POST", "/api/users", {
      email: "nuevo@prueba.vigia.pe",
      displayName: "Otro",
      role: "revisor",
      password: "una-clave-larga-2024",
    });
    assert.equal(dup.status, 409);
  });

  test("deactivating a user ends its sessions", async () => {
    const admin = new ApiSession(app);
    const a = await buildUser(t.db, "administrador");
    await admin.login(a.email, a.password);
    const target = await buildUser(t.db, "comision");
    const s = new ApiSession(app);
    await s.login(target.email, target.password);
    const res = await admin.request("PATCH", `/api/users/${target.id}`, { isActive: false });
    assert.equal(res.status, 200);
    assert.equal((await s.request("GET", "/api/session")).status, 401);
    assert.equal((await new ApiSession(app).login(target.email, target.password)).status, 401);
  });
});
