import { hash, randomBytes } from "node:crypto";
import type { Actor, SignedInUser } from "../../../shared/actor.ts";
import { LIMA_TIME_ZONE } from "../../../shared/dates.ts";
import { permissionsOf, requiresMfa } from "../../../shared/permissions.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { cachedRead } from "../../db/read-cache.ts";
import { DomainError, RateLimitedError } from "../../errors.ts";
import {
  deleteOtherSessions,
  deleteSession,
  deleteUserSessions,
  extendSession,
  findPasswordState,
  findRecentFailuresForEmail,
  findRecentFailuresFromIp,
  findSession,
  findUserByEmail,
  hasSignedInFrom,
  insertSession,
  loadSignedInUser,
  recordLoginAttempt,
  registerFailedLogin,
  resetFailedLogins,
  setPasswordHash,
} from "./auth.repository.ts";
import { burnVerificationTime, hashPassword, verifyPassword } from "./password.service.ts";
import { commonPasswordProblem } from "./password-policy.ts";

/** Sessions, login throttling and lockout. */

export const SESSION_POLICY = {
  /** A session opened with the password alone has this long to give its second factor. */
  mfaPendingMinutes: 10,
  /** Wrong codes a session may send before it is ended (the password is asked again). */
  mfaMaxFailures: 5,
  /** A session ends after this much inactivity… */
  idleMinutes: 8 * 60,
  /** …and in any case this long after login. */
  absoluteHours: 12,
  /**
   * Login: after this many failures for an e-mail since its last success, each further attempt
   * must wait a delay that doubles from `firstDelaySeconds` up to `maxDelaySeconds`. A delay,
   * not a lockout: an attacker who knows an address cannot keep its owner out for longer than
   * the cap, and the right password works as soon as the delay is over.
   */
  freeFailures: 3,
  firstDelaySeconds: 2,
  maxDelaySeconds: 15 * 60,
  failureMemoryHours: 24,
  /** Changing one's password (a signed-in session): consecutive wrong current passwords that lock it. */
  lockAfterFailures: 5,
  lockMinutes: 15,
  /**
   * Login from one address: failures (for any e-mails) within `ipWindowMinutes` before each
   * further attempt from it must wait, with the same doubling delay. Generous, since a ministry
   * behind one NAT shares an address.
   */
  maxFailuresPerIp: 20,
  ipWindowMinutes: 60,
  /**
   * An address the account signed in from within this many days is its owner's: there only that
   * address's own failures delay the account, so an attacker elsewhere cannot keep it out.
   */
  knownAddressDays: 30,
} as const;

const minutes = (n: number) => n * 60_000;

/**
 * How long the next login attempt must wait after `failures` failures, in seconds: nothing for
 * the first `free`, then a delay doubling up to the cap.
 */
export function loginDelaySeconds(
  failures: number,
  free: number = SESSION_POLICY.freeFailures,
): number {
  if (failures < free) return 0;
  return Math.min(
    SESSION_POLICY.firstDelaySeconds * 2 ** Math.min(failures - free, 30),
    SESSION_POLICY.maxDelaySeconds,
  );
}

/** Milliseconds still to wait after the last of `failures` failures; 0 or less: none. */
function remainingWait(
  found: { failures: number; lastFailureAt: Date | null },
  free: number,
  now: number,
): number {
  if (!found.lastFailureAt) return 0;
  return found.lastFailureAt.getTime() + loginDelaySeconds(found.failures, free) * 1000 - now;
}

// The one-shot form: every request hashes its cookie, and a Hash object costs more than the rest
// of a cached dashboard's authentication.
// Kept for the tokens seen lately (bounded): a session polled every second is hashed once.
const tokenHashes = new Map<string, string>();
export function hashToken(token: string): string {
  let hashed = tokenHashes.get(token);
  if (hashed === undefined) {
    hashed = hash("sha256", token, "hex");
    if (tokenHashes.size >= 1_000) tokenHashes.clear();
    tokenHashes.set(token, hashed);
  }
  return hashed;
}

type SessionUser = SignedInUser & {
  isDemo: boolean;
  mustChangePassword: boolean;
  mfaEnrolled: boolean;
};

export interface SessionView {
  user: SessionUser & { permissions: string[] };
  csrfToken: string;
  expiresAt: Date;
  /** The second factor still to give; null when there is none (ADR 0037). */
  mfaStep: "verify" | "enrol" | null;
}

/**
 * What a session still owes: nothing once a code was given; otherwise a code if the account has
 * an authenticator, an enrolment if its role requires one (validate, publish, manage users).
 */
export function mfaStepOf(user: SessionUser, mfaVerified: boolean): SessionView["mfaStep"] {
  if (mfaVerified) return null;
  if (user.mfaEnrolled) return "verify";
  return requiresMfa(user.role) ? "enrol" : null;
}

function present(
  user: SessionUser,
  csrfToken: string,
  expiresAt: Date,
  mfaVerified: boolean,
): SessionView {
  return {
    user: { ...user, permissions: [...permissionsOf(user.role)] },
    csrfToken,
    expiresAt,
    mfaStep: mfaStepOf(user, mfaVerified),
  };
}

/**
 * Writes a new session (a new random id and CSRF token) in the caller's transaction: at login,
 * and again when the second factor is given, so that an id seen before that step is worthless.
 */
export async function openSession(
  tx: Executor,
  input: {
    userId: number;
    ip: string | null;
    userAgent: string | null;
    mfaVerified: boolean;
    pending: boolean;
  },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(
    Date.now() +
      minutes(input.pending ? SESSION_POLICY.mfaPendingMinutes : SESSION_POLICY.idleMinutes),
  );
  await insertSession(tx, {
    tokenHash: hashToken(token),
    userId: input.userId,
    csrfToken,
    expiresAt,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 400) ?? null,
    mfaVerified: input.mfaVerified,
  });
  return { token, csrfToken, expiresAt };
}

const INVALID_CREDENTIALS = "Correo o contraseña incorrectos.";

/**
 * Checks the credentials and opens a session. Answers the same message for an unknown e-mail
 * and a wrong password; locks the account after repeated failures.
 */
export async function login(
  db: Database,
  actor: Actor,
  input: { email: string; password: string; userAgent: string | null },
): Promise<SessionView & { token: string }> {
  const now = Date.now();
  if (actor.ip) {
    const fromIp = await findRecentFailuresFromIp(
      db,
      actor.ip,
      new Date(now - minutes(SESSION_POLICY.ipWindowMinutes)),
    );
    const wait = remainingWait(fromIp, SESSION_POLICY.maxFailuresPerIp, now);
    if (wait > 0) {
      throw new RateLimitedError(
        "Demasiados intentos fallidos desde esta dirección. Espere unos segundos e intente de nuevo.",
        wait / 1000,
      );
    }
  }
  // From an address the account has signed in from lately, only that address's failures count:
  // whoever guesses from elsewhere slows themselves, not the owner at the usual desk.
  const known =
    actor.ip !== null &&
    (await hasSignedInFrom(
      db,
      input.email,
      actor.ip,
      new Date(now - SESSION_POLICY.knownAddressDays * 86_400_000),
    ));
  const forEmail = await findRecentFailuresForEmail(
    db,
    input.email,
    new Date(now - SESSION_POLICY.failureMemoryHours * 3_600_000),
    known ? actor.ip : null,
  );
  const wait = remainingWait(forEmail, SESSION_POLICY.freeFailures, now);
  if (wait > 0) {
    // Refused before the password is checked, with the same words for every address: whether
    // the account exists is not told, and the attempt costs no hashing.
    throw new RateLimitedError(
      "Demasiados intentos fallidos con este correo. Espere unos segundos e intente de nuevo.",
      wait / 1000,
    );
  }
  const user = await findUserByEmail(db, input.email);
  if (!user?.isActive) {
    await burnVerificationTime(input.password);
    await db.transaction().execute(async (tx) => {
      await recordLoginAttempt(tx, input.email, actor.ip, false);
      await recordAudit(tx, actor, {
        action: "session.login_failed",
        objectType: "user",
        objectId: input.email,
      });
    });
    throw new DomainError("unauthenticated", INVALID_CREDENTIALS);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await db.transaction().execute(async (tx) => {
      await recordLoginAttempt(tx, input.email, actor.ip, false);
      await recordAudit(tx, actor, {
        action: "session.login_failed",
        objectType: "user",
        objectId: String(user.id),
      });
    });
    throw new DomainError("unauthenticated", INVALID_CREDENTIALS);
  }

  const before = await loadSignedInUser(db, user.id);
  if (!before) throw new DomainError("unauthenticated", INVALID_CREDENTIALS);
  // The password is right; an account with a second factor gets a session that reaches only
  // the MFA step (and a short life) until a code is given.
  const mfaStep = mfaStepOf(before, false);
  const opened = await db.transaction().execute(async (tx) => {
    await resetFailedLogins(tx, user.id);
    await recordLoginAttempt(tx, input.email, actor.ip, true);
    const session = await openSession(tx, {
      userId: user.id,
      ip: actor.ip,
      userAgent: input.userAgent,
      mfaVerified: mfaStep === null,
      pending: mfaStep !== null,
    });
    await recordAudit(
      tx,
      { ...actor, id: `user:${user.id}` },
      {
        action: "session.login",
        objectType: "user",
        objectId: String(user.id),
        ...(mfaStep ? { after: { mfaStep } } : {}),
      },
    );
    return session;
  });
  const signedIn = await loadSignedInUser(db, user.id);
  if (!signedIn) throw new DomainError("unauthenticated", INVALID_CREDENTIALS);
  return {
    ...present(signedIn, opened.csrfToken, opened.expiresAt, mfaStep === null),
    token: opened.token,
  };
}

/** The session behind a cookie token, extended on use; null when absent or expired. */
export async function resolveSession(db: Database, token: string): Promise<SessionView | null> {
  const tokenHash = hashToken(token);
  // Cached until any account, grant or session changes (logout, role change, extension).
  const found = await cachedRead(db, "access", `session:${tokenHash}`, async () => {
    const session = await findSession(db, tokenHash);
    const user = session ? await loadSignedInUser(db, session.userId) : null;
    return session && user ? { session, user } : null;
  });
  // The cached row may have been read before its expiry passed.
  if (!found || new Date(found.session.expiresAt).getTime() <= Date.now()) return null;
  const { session, user } = found;
  const view = present(user, session.csrfToken, new Date(session.expiresAt), session.mfaVerified);
  // A session still owing its second factor keeps its short life: it is not extended.
  if (view.mfaStep !== null) return view;
  const absoluteEnd =
    new Date(session.createdAt).getTime() + SESSION_POLICY.absoluteHours * 3_600_000;
  const expiresAt = new Date(
    Math.min(Date.now() + minutes(SESSION_POLICY.idleMinutes), absoluteEnd),
  );
  // Extend at most once a minute: a dashboard polling every second must not write each time.
  if (new Date(session.expiresAt).getTime() < expiresAt.getTime() - 60_000) {
    await extendSession(db, tokenHash, expiresAt);
  }
  return { ...view, expiresAt };
}

export async function logout(db: Database, actor: Actor, input: { token: string }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await deleteSession(tx, hashToken(input.token));
    await recordAudit(tx, actor, {
      action: "session.logout",
      objectType: "user",
      objectId: String(actor.user?.id ?? ""),
    });
  });
}

/** Ends every session of the signed-in user, on every device. */
export async function logoutEverywhere(db: Database, actor: Actor): Promise<number> {
  const user = actor.user;
  if (!user) throw new DomainError("unauthenticated", "Inicie sesión.");
  return db.transaction().execute(async (tx) => {
    const ended = await deleteUserSessions(tx, user.id);
    await recordAudit(tx, actor, {
      action: "session.logout_all",
      objectType: "user",
      objectId: String(user.id),
      after: { sessionsEnded: ended },
    });
    return ended;
  });
}

/**
 * The signed-in user replaces its own password. The current one is required (a session left
 * open on a shared computer must not be enough) and a wrong one counts towards the lockout
 * like a failed sign-in. Clears the must-change mark, ends the account's other sessions (whoever
 * knew the old password is signed out) and keeps this one. The policy itself is the contract's
 * (`PasswordSchema`), checked before this runs.
 */
export async function changePassword(
  db: Database,
  actor: Actor,
  input: { token: string; currentPassword: string; newPassword: string },
): Promise<SessionView> {
  const user = actor.user;
  if (!user) throw new DomainError("unauthenticated", "Inicie sesión.");
  const stored = await findPasswordState(db, user.id);
  if (!stored?.isActive) throw new DomainError("unauthenticated", "Inicie sesión.");
  const now = Date.now();
  if (stored.lockedUntil && new Date(stored.lockedUntil).getTime() > now) {
    throw new DomainError(
      "locked",
      `La cuenta está bloqueada por intentos fallidos hasta las ${new Date(stored.lockedUntil).toLocaleTimeString("es-PE", { timeZone: LIMA_TIME_ZONE })}.`,
    );
  }
  if (!(await verifyPassword(stored.passwordHash, input.currentPassword))) {
    await db.transaction().execute(async (tx) => {
      await registerFailedLogin(
        tx,
        user.id,
        SESSION_POLICY.lockAfterFailures,
        new Date(now + minutes(SESSION_POLICY.lockMinutes)),
      );
      await recordAudit(tx, actor, {
        action: "user.password_change_failed",
        objectType: "user",
        objectId: String(user.id),
      });
    });
    throw new DomainError("invalid", "La contraseña actual no es correcta.", [
      { path: "body.currentPassword", message: "La contraseña actual no es correcta." },
    ]);
  }
  const common = commonPasswordProblem(input.newPassword);
  if (common)
    throw new DomainError("invalid", common, [{ path: "body.newPassword", message: common }]);
  const passwordHash = await hashPassword(input.newPassword);
  const tokenHash = hashToken(input.token);
  await db.transaction().execute(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash, false);
    const ended = await deleteOtherSessions(tx, user.id, tokenHash);
    // Never the password or its hash: only that it changed, and what it ended.
    await recordAudit(tx, actor, {
      action: "user.password_change",
      objectType: "user",
      objectId: String(user.id),
      after: { otherSessionsEnded: ended },
    });
  });
  const session = await resolveSession(db, input.token);
  if (!session) throw new DomainError("unauthenticated", "Inicie sesión.");
  return session;
}
