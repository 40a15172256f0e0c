import { renderSVG } from "uqr";
import type { Actor } from "../../../shared/actor.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { conflict, DomainError } from "../../errors.ts";
import {
  deleteSession,
  findPasswordState,
  recordLoginAttempt,
  registerFailedLogin,
} from "./auth.repository.ts";
import {
  hashToken,
  openSession,
  resolveSession,
  SESSION_POLICY,
  type SessionView,
} from "./auth.service.ts";
import {
  acceptStep,
  countSessionMfaFailure,
  countUnusedRecoveryCodes,
  findUserMfa,
  putPendingMfa,
  replaceRecoveryCodes,
  spendRecoveryCode,
} from "./mfa.repository.ts";
import { verifyPassword } from "./password.service.ts";
import {
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  recoveryCodeHash,
  totpUri,
} from "./totp.ts";

/**
 * The second factor (ADR 0037): enrolling an authenticator, the sign-in's second step and the
 * recovery codes. A session opened with the password alone owes a step (`SessionView.mfaStep`);
 * giving it replaces the session with a new one (new id, full lifetime).
 */

const WRONG_CODE = "El código no es correcto o ya fue usado.";

interface Pending {
  token: string;
  session: SessionView;
  user: NonNullable<Actor["user"]>;
}

async function pendingSession(db: Database, actor: Actor, token: string): Promise<Pending> {
  const user = actor.user;
  const session = token ? await resolveSession(db, token) : null;
  if (!user || !session || session.user.id !== user.id)
    throw new DomainError("unauthenticated", "Inicie sesión.");
  return { token, session, user };
}

/**
 * A wrong code: counted on the session (five end it, so the password is asked again) and as a
 * failed sign-in of the e-mail, so guessing codes slows down like guessing passwords.
 */
async function refuseCode(db: Database, actor: Actor, p: Pending): Promise<never> {
  const ended = await db.transaction().execute(async (tx) => {
    const failures = await countSessionMfaFailure(tx, hashToken(p.token));
    await recordLoginAttempt(tx, p.user.email, actor.ip, false);
    await recordAudit(tx, actor, {
      action: "session.mfa_failed",
      objectType: "user",
      objectId: String(p.user.id),
      after: { failures },
    });
    if (failures < SESSION_POLICY.mfaMaxFailures) return false;
    await deleteSession(tx, hashToken(p.token));
    return true;
  });
  if (ended)
    throw new DomainError(
      "unauthenticated",
      "Demasiados códigos incorrectos. Ingrese de nuevo con su contraseña.",
    );
  throw new DomainError("invalid", WRONG_CODE, [{ path: "body.code", message: WRONG_CODE }]);
}

/** Ends the pending session and opens a verified one in the same transaction. */
async function promote(
  tx: Executor,
  actor: Actor,
  p: Pending,
  userAgent: string | null,
): Promise<{ token: string }> {
  await deleteSession(tx, hashToken(p.token));
  const opened = await openSession(tx, {
    userId: p.user.id,
    ip: actor.ip,
    userAgent,
    mfaVerified: true,
    pending: false,
  });
  return { token: opened.token };
}

/** The sign-in's second step: a current TOTP code, or one of the recovery codes (spent). */
export async function verifyMfa(
  db: Database,
  actor: Actor,
  input: { token: string; code: string; userAgent: string | null },
): Promise<{ token: string; session: SessionView; recoveryCodesLeft: number | null }> {
  const p = await pendingSession(db, actor, input.token);
  if (p.session.mfaStep !== "verify")
    throw conflict(
      p.session.mfaStep === "enrol"
        ? "Primero registre su aplicación de autenticación."
        : "Esta sesión ya verificó su segundo factor.",
    );
  const mfa = await findUserMfa(db, p.user.id);
  if (!mfa?.confirmedAt) throw conflict("La cuenta no tiene aplicación de autenticación.");
  const recovery = looksLikeRecoveryCode(input.code);
  const step = recovery
    ? null
    : matchTotp(mfa.secret, input.code, Date.now(), Number(mfa.lastStep));
  const result = await db.transaction().execute(async (tx) => {
    const accepted = recovery
      ? await spendRecoveryCode(tx, p.user.id, recoveryCodeHash(input.code))
      : step !== null && (await acceptStep(tx, p.user.id, step, false));
    if (!accepted) return null;
    const left = recovery ? await countUnusedRecoveryCodes(tx, p.user.id) : null;
    const opened = await promote(tx, actor, p, input.userAgent);
    await recordAudit(tx, actor, {
      action: "session.mfa_verified",
      objectType: "user",
      objectId: String(p.user.id),
      after: {
        method: recovery ? "recovery_code" : "totp",
        ...(recovery ? { recoveryCodesLeft: left } : {}),
      },
    });
    return { ...opened, left };
  });
  if (!result) return refuseCode(db, actor, p);
  const session = await resolveSession(db, result.token);
  if (!session) throw new DomainError("unauthenticated", "Inicie sesión.");
  return { token: result.token, session, recoveryCodesLeft: result.left };
}

/**
 * A new secret for the signed-in account, shown once (text, otpauth URI, QR). For a session that
 * must enrol, or any account without a confirmed authenticator; a confirmed one is only replaced
 * through an administrator's reset.
 */
export async function startEnrolment(
  db: Database,
  actor: Actor,
  input: { token: string },
): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
  const p = await pendingSession(db, actor, input.token);
  if (p.session.user.mfaEnrolled)
    throw conflict(
      "La cuenta ya tiene una aplicación de autenticación. Para cambiarla, pida a un administrador que restablezca su segundo factor.",
    );
  const secret = newTotpSecret();
  await db.transaction().execute(async (tx) => {
    await putPendingMfa(tx, p.user.id, secret);
    // Never the secret: only that an enrolment began.
    await recordAudit(tx, actor, {
      action: "user.mfa_enrolment_started",
      objectType: "user",
      objectId: String(p.user.id),
    });
  });
  const otpauthUri = totpUri(secret, p.user.email);
  return { secret, otpauthUri, qrSvg: renderSVG(otpauthUri, { border: 2 }) };
}

/** The first code confirms the enrolment; ten recovery codes are returned, once. */
export async function confirmEnrolment(
  db: Database,
  actor: Actor,
  input: { token: string; code: string; userAgent: string | null },
): Promise<{ token: string; session: SessionView; recoveryCodes: string[] }> {
  const p = await pendingSession(db, actor, input.token);
  const mfa = await findUserMfa(db, p.user.id);
  if (p.session.user.mfaEnrolled || mfa?.confirmedAt)
    throw conflict("La cuenta ya tiene una aplicación de autenticación.");
  if (!mfa) throw conflict("Primero inicie el registro para obtener la clave.");
  const step = matchTotp(mfa.secret, input.code, Date.now(), Number(mfa.lastStep));
  const recoveryCodes = newRecoveryCodes();
  const result = await db.transaction().execute(async (tx) => {
    if (step === null || !(await acceptStep(tx, p.user.id, step, true))) return null;
    await replaceRecoveryCodes(tx, p.user.id, recoveryCodes.map(recoveryCodeHash));
    const opened = await promote(tx, actor, p, input.userAgent);
    await recordAudit(tx, actor, {
      action: "user.mfa_enrolled",
      objectType: "user",
      objectId: String(p.user.id),
      after: { recoveryCodes: recoveryCodes.length },
    });
    return opened;
  });
  if (!result) return refuseCode(db, actor, p);
  const session = await resolveSession(db, result.token);
  if (!session) throw new DomainError("unauthenticated", "Inicie sesión.");
  return { token: result.token, session, recoveryCodes };
}

const WRONG_PROOF = {
  totp: { path: "body.code", message: "El código no es correcto o ya fue usado." },
  password: { path: "body.password", message: "La contraseña no es correcta." },
} as const;

/**
 * New recovery codes for the signed-in, verified account (ADR 0041): the owner proves presence
 * again with a current authenticator code (not a recovery code: that would let a stolen code
 * mint ten more) or the password, as a session left open on a shared computer must not be
 * enough. The old codes are deleted in the transaction that stores the new ones, which are
 * returned once. A wrong proof counts like a failed sign-in (a wrong password towards the
 * account's lock) and is audited; the codes never are.
 */
export async function regenerateRecoveryCodes(
  db: Database,
  actor: Actor,
  input: { code?: string | undefined; password?: string | undefined },
): Promise<{ recoveryCodes: string[] }> {
  const user = actor.user;
  if (!user) throw new DomainError("unauthenticated", "Inicie sesión.");
  const mfa = await findUserMfa(db, user.id);
  if (!mfa?.confirmedAt)
    throw conflict("La cuenta no tiene aplicación de autenticación: regístrela primero.");
  const method = input.code !== undefined ? "totp" : "password";
  let accept: (tx: Executor) => Promise<boolean>;
  if (method === "totp") {
    const step = matchTotp(mfa.secret, input.code ?? "", Date.now(), Number(mfa.lastStep));
    accept = async (tx) => step !== null && (await acceptStep(tx, user.id, step, false));
  } else {
    const stored = await findPasswordState(db, user.id);
    if (!stored?.isActive) throw new DomainError("unauthenticated", "Inicie sesión.");
    if (stored.lockedUntil && new Date(stored.lockedUntil).getTime() > Date.now())
      throw new DomainError("locked", "La cuenta está bloqueada por intentos fallidos.");
    const ok = await verifyPassword(stored.passwordHash, input.password ?? "");
    accept = async () => ok;
  }
  const recoveryCodes = newRecoveryCodes();
  const done = await db.transaction().execute(async (tx) => {
    if (!(await accept(tx))) return false;
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(recoveryCodeHash));
    await recordAudit(tx, actor, {
      action: "user.mfa_recovery_codes_regenerated",
      objectType: "user",
      objectId: String(user.id),
      after: { method, recoveryCodes: recoveryCodes.length },
    });
    return true;
  });
  if (done) return { recoveryCodes };
  await db.transaction().execute(async (tx) => {
    if (method === "password")
      await registerFailedLogin(
        tx,
        user.id,
        SESSION_POLICY.lockAfterFailures,
        new Date(Date.now() + SESSION_POLICY.lockMinutes * 60_000),
      );
    else await recordLoginAttempt(tx, user.email, actor.ip, false);
    await recordAudit(tx, actor, {
      action: "user.mfa_recovery_codes_failed",
      objectType: "user",
      objectId: String(user.id),
      after: { method },
    });
  });
  const wrong = WRONG_PROOF[method];
  throw new DomainError("invalid", wrong.message, [wrong]);
}
