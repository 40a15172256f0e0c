import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildUser, signIn } from "../../../../test/factories.ts";
import { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { enrolledSecrets, nextTotpCode, totpCodeAt } from "../../../../test/support/totp.ts";
import { runCli } from "../../../cli/run-cli.ts";
import {
  MfaEnrolledSchema,
  RecoveryCodesSchema,
  SessionSchema,
} from "../../../shared/contracts/auth.contract.ts";
import { requiresMfa } from "../../../shared/permissions.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { SESSION_POLICY } from "./auth.service.ts";
import { totpStep } from "./totp.ts";

const issuePaths = (json: Record<string, unknown>) =>
  ((json.error as { issues?: { path: string }[] }).issues ?? []).map((i) => i.path);

describe("second factor (TOTP and recovery codes)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDatabase();
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
  });
  after(async () => {
    await t.dispose();
  });

  const audits = async (objectId: number, action: string) =>
    (
      await t.db
        .selectFrom("auditEvent")
        .select("action")
        .where("objectId", "=", String(objectId))
        .where("action", "=", action)
        .execute()
    ).length;

  test("required for the roles that validate, publish or manage users, and only for them", () => {
    assert.equal(requiresMfa("administrador"), true);
    for (const role of ["punto_focal", "revisor", "comision"] as const)
      assert.equal(requiresMfa(role), false, role);
  });

  test("enrolment: the secret shown once, confirmed with a code, ten recovery codes, a new session id", async () => {
    const user = await buildUser(t.db, "administrador");
    const s = new ApiSession(app);
    const first = await s.login(user.email, user.password, { mfa: false });
    assert.equal(first.json.mfaStep, "enrol");
    const pendingCookie = s.cookie;
    // Nothing but the MFA steps until then.
    assert.equal((await s.request("GET", "/api/users")).status, 403);
    const started = await s.request("POST", "/api/session/mfa/enrolment");
    assert.equal(started.status, 201);
    const { secret, otpauthUri, qrSvg } = started.json as unknown as {
      secret: string;
      otpauthUri: string;
      qrSvg: string;
    };
    assert.match(secret, /^[A-Z2-7]{32}$/, "160 bits in base32");
    assert.match(otpauthUri, /^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
    assert.ok(otpauthUri.includes(encodeURIComponent(user.email)));
    assert.match(qrSvg, /^<svg/);
    const stored = await t.db
      .selectFrom("auditEvent")
      .select(["after"])
      .where("objectId", "=", String(user.id))
      .execute();
    assert.ok(!JSON.stringify(stored).includes(secret), "the secret is never audited");

    const wrong = await s.request("PUT", "/api/session/mfa/enrolment", { code: "000000" });
    assert.equal(wrong.status, 400);
    assert.deepEqual(issuePaths(wrong.json), ["body.code"]);
    const malformed = await s.request("PUT", "/api/session/mfa/enrolment", { code: "abc" });
    assert.equal(malformed.status, 400);
    assert.deepEqual(issuePaths(malformed.json), ["body.code"]);

    const ok = await s.request("PUT", "/api/session/mfa/enrolment", {
      code: await nextTotpCode(secret),
    });
    assert.equal(ok.status, 200);
    const enrolled = MfaEnrolledSchema.parse(ok.json);
    assert.equal(enrolled.recoveryCodes.length, 10);
    assert.equal(new Set(enrolled.recoveryCodes).size, 10);
    assert.equal(enrolled.session.mfaStep, null);
    assert.equal(enrolled.session.user.mfaEnrolled, true);
    assert.notEqual(s.cookie, pendingCookie, "the session id is replaced");
    s.csrf = enrolled.session.csrfToken;
    assert.equal((await s.request("GET", "/api/users")).status, 200);
    // The old id is worthless.
    const old = new ApiSession(app);
    old.cookie = pendingCookie;
    assert.equal((await old.request("GET", "/api/session")).status, 401);
    // Recovery codes are kept as hashes only.
    const rows = await t.db
      .selectFrom("userRecoveryCode")
      .select("codeHash")
      .where("userId", "=", user.id)
      .execute();
    assert.equal(rows.length, 10);
    for (const code of enrolled.recoveryCodes)
      assert.ok(!JSON.stringify(rows).includes(code.replace("-", "")));
    // A second enrolment is refused once confirmed.
    assert.equal((await s.request("POST", "/api/session/mfa/enrolment")).status, 409);
    assert.equal(await audits(user.id, "user.mfa_enrolled"), 1);

    // Sign-in's second step: the code, never the same code twice.
    const again = new ApiSession(app);
    assert.equal(
      (await again.login(user.email, user.password, { mfa: false })).json.mfaStep,
      "verify",
    );
    const step = totpStep(Date.now());
    const used = await t.db
      .selectFrom("userMfa")
      .select("lastStep")
      .where("userId", "=", user.id)
      .executeTakeFirstOrThrow();
    const replay = await again.request("POST", "/api/session/mfa", {
      code: totpCodeAt(secret, Number(used.lastStep)),
    });
    assert.equal(replay.status, 400, "a code already used is refused");
    assert.ok(Number(used.lastStep) >= step - 1);

    // A recovery code works once.
    const recovery = enrolled.recoveryCodes[0] as string;
    const viaRecovery = await again.request("POST", "/api/session/mfa", { code: recovery });
    assert.equal(viaRecovery.status, 200);
    assert.equal(SessionSchema.parse(viaRecovery.json).mfaStep, null);
    const third = new ApiSession(app);
    await third.login(user.email, user.password, { mfa: false });
    assert.equal((await third.request("POST", "/api/session/mfa", { code: recovery })).status, 400);
    assert.equal(await audits(user.id, "session.mfa_verified"), 1);
  });

  test("five wrong codes end the pending session and count as failed sign-ins", async () => {
    const { user } = await signIn(app, t.db, "administrador");
    const s = new ApiSession(app, "10.7.7.7");
    await s.login(user.email, user.password, { mfa: false });
    const statuses: number[] = [];
    for (let i = 0; i < SESSION_POLICY.mfaMaxFailures; i++)
      statuses.push((await s.request("POST", "/api/session/mfa", { code: "123456" })).status);
    assert.deepEqual(statuses, [400, 400, 400, 400, 401]);
    assert.equal((await s.request("GET", "/api/session")).status, 401);
    const failed = await t.db
      .selectFrom("loginAttempt")
      .select("id")
      .where("email", "=", user.email)
      .where("succeeded", "=", false)
      .execute();
    assert.equal(failed.length, SESSION_POLICY.mfaMaxFailures);
    assert.equal(await audits(user.id, "session.mfa_failed"), SESSION_POLICY.mfaMaxFailures);
  });

  test("an administrator resets another's second factor (audited, sessions ended); never its own", async () => {
    const { session: admin, user: me } = await signIn(app, t.db, "administrador");
    const { session: other, user } = await signIn(app, t.db, "administrador");
    const listed = await admin.request("GET", "/api/users?role=administrador");
    const row = (listed.json as unknown as { id: number; mfaEnrolled: boolean }[]).find(
      (u) => u.id === user.id,
    );
    assert.equal(row?.mfaEnrolled, true);
    const own = await admin.request("DELETE", `/api/users/${me.id}/mfa`);
    assert.equal(own.status, 403);
    const res = await admin.request("DELETE", `/api/users/${user.id}/mfa`);
    assert.equal(res.status, 200);
    assert.equal((res.json.user as { mfaEnrolled: boolean }).mfaEnrolled, false);
    assert.equal(res.json.sessionsEnded, 1);
    assert.equal((await other.request("GET", "/api/session")).status, 401);
    assert.equal(await audits(user.id, "user.mfa_reset"), 1);
    // The next sign-in enrols a new authenticator; the old secret no longer works.
    const oldSecret = enrolledSecrets.get(user.email);
    const next = new ApiSession(app);
    assert.equal(
      (await next.login(user.email, user.password, { mfa: false })).json.mfaStep,
      "enrol",
    );
    assert.equal(
      (
        await next.request("POST", "/api/session/mfa", {
          code: totpCodeAt(oldSecret ?? "", totpStep(Date.now())),
        })
      ).status,
      409,
    );
  });

  test("vigia user mfa-reset, for the day the only administrator loses its phone", async () => {
    const { session, user } = await signIn(app, t.db, "administrador");
    let stderr = "";
    const code = await runCli(["user", "mfa-reset", user.email], {
      stdout: { write: () => {} },
      stderr: { write: (text: string) => (stderr += text) },
      readStdin: async () => "",
      backend: () => t.backend,
      withDatabase: (fn) => fn(t.db),
    });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /restablecido/);
    assert.equal((await session.request("GET", "/api/session")).status, 401);
    assert.equal(await audits(user.id, "user.mfa_reset"), 1);
  });

  test("a commission member signs in with the password alone", async () => {
    const user = await buildUser(t.db, "comision");
    const res = await new ApiSession(app).login(user.email, user.password, { mfa: false });
    assert.equal(res.status, 200);
    assert.equal(res.json.mfaStep, null);
  });

  test("an enrolled user renews its recovery codes with a current code or its password: old ones stop working, new ones work once", async () => {
    const { session: s, user } = await signIn(app, t.db, "administrador");
    const secret = enrolledSecrets.get(user.email) ?? "";
    const renew = (body: Record<string, string>) =>
      s.request("POST", "/api/session/mfa/recovery-codes", body);
    const secondStep = async (code: string) => {
      const attempt = new ApiSession(app);
      await attempt.login(user.email, user.password, { mfa: false });
      return (await attempt.request("POST", "/api/session/mfa", { code })).status;
    };

    const viaCode = await renew({ code: await nextTotpCode(secret) });
    assert.equal(viaCode.status, 201, JSON.stringify(viaCode.json));
    const first = RecoveryCodesSchema.parse(viaCode.json).recoveryCodes;
    assert.equal(new Set(first).size, 10);
    assert.equal(await secondStep(first[0] as string), 200, "a new code signs in");

    // Proofs refused: a wrong code, a wrong password, a recovery code, both or neither.
    const wrong = await renew({ code: "000000" });
    assert.equal(wrong.status, 400);
    assert.deepEqual(issuePaths(wrong.json), ["body.code"]);
    const wrongPassword = await renew({ password: "no-es-la-clave-1" });
    assert.equal(wrongPassword.status, 400);
    assert.deepEqual(issuePaths(wrongPassword.json), ["body.password"]);
    assert.equal((await renew({ code: first[1] as string })).status, 400);
    assert.equal((await renew({})).status, 400);
    assert.equal((await renew({ code: "123456", password: user.password })).status, 400);
    assert.equal(await audits(user.id, "user.mfa_recovery_codes_failed"), 2);

    const viaPassword = await renew({ password: user.password });
    assert.equal(viaPassword.status, 201, JSON.stringify(viaPassword.json));
    const second = RecoveryCodesSchema.parse(viaPassword.json).recoveryCodes;
    assert.equal(second.filter((c) => first.includes(c)).length, 0);
    assert.equal(await secondStep(first[1] as string), 400, "an earlier code no longer works");
    assert.equal(await secondStep(second[0] as string), 200);
    assert.equal(await secondStep(second[0] as string), 400, "a new code works once");
    assert.equal(await audits(user.id, "user.mfa_recovery_codes_regenerated"), 2);
    const logged = await t.db
      .selectFrom("auditEvent")
      .select("after")
      .where("objectId", "=", String(user.id))
      .where("action", "=", "user.mfa_recovery_codes_regenerated")
      .execute();
    for (const code of [...first, ...second])
      assert.ok(!JSON.stringify(logged).includes(code), "the codes are never audited");

    // Not from a session that still owes its second step, nor for an account without one.
    const pending = new ApiSession(app);
    await pending.login(user.email, user.password, { mfa: false });
    assert.equal(
      (
        await pending.request("POST", "/api/session/mfa/recovery-codes", {
          password: user.password,
        })
      ).status,
      403,
    );
    const { session: commission, user: member } = await signIn(app, t.db, "comision");
    assert.equal(
      (
        await commission.request("POST", "/api/session/mfa/recovery-codes", {
          password: member.password,
        })
      ).status,
      409,
    );
  });
});
