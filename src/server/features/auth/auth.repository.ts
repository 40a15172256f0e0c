import { sql } from "kysely";
import type { SignedInUser } from "../../../shared/actor.ts";
import type { Executor } from "../../db/connect.ts";

/** SQL of accounts and sessions. */

export async function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom("appUser").selectAll().where("email", "=", email).executeTakeFirst();
}

export async function loadSignedInUser(
  db: Executor,
  userId: number,
): Promise<
  (SignedInUser & { isDemo: boolean; mustChangePassword: boolean; mfaEnrolled: boolean }) | null
> {
  const user = await db
    .selectFrom("appUser")
    .leftJoin("ubigeo", "ubigeo.code", "appUser.territoryUbigeo")
    .leftJoin("userMfa", "userMfa.userId", "appUser.id")
    .select([
      "appUser.id",
      "appUser.email",
      "appUser.displayName",
      "appUser.role",
      "appUser.isDemo",
      "appUser.isActive",
      "appUser.mustChangePassword",
      "appUser.territoryUbigeo",
      "ubigeo.name as territoryName",
      "userMfa.confirmedAt",
    ])
    .where("appUser.id", "=", userId)
    .executeTakeFirst();
  if (!user?.isActive) return null;
  const entities = await db
    .selectFrom("userEntity")
    .innerJoin("entity", "entity.id", "userEntity.entityId")
    .select(["entity.id", "entity.code", "userEntity.grantKind"])
    .where("userEntity.userId", "=", userId)
    .orderBy("userEntity.grantKind", "desc")
    .orderBy("entity.code")
    .execute();
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    isDemo: user.isDemo,
    mustChangePassword: user.mustChangePassword,
    mfaEnrolled: user.confirmedAt !== null,
    entities: entities.map((e) => ({
      id: e.id,
      code: e.code,
      grant: e.grantKind,
    })),
    territory: user.territoryUbigeo
      ? { ubigeo: user.territoryUbigeo, name: user.territoryName ?? user.territoryUbigeo }
      : null,
  };
}

export async function insertSession(
  db: Executor,
  row: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
    /** The second factor was given (or the account has none to give). */
    mfaVerified: boolean;
  },
): Promise<void> {
  await db.insertInto("userSession").values(row).execute();
}

export async function findSession(db: Executor, tokenHash: string) {
  return db
    .selectFrom("userSession")
    .select([
      "tokenHash",
      "userId",
      "csrfToken",
      "createdAt",
      "expiresAt",
      "mfaVerified",
      "ip",
      "userAgent",
    ])
    .where("tokenHash", "=", tokenHash)
    .where("expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

export async function extendSession(
  db: Executor,
  tokenHash: string,
  expiresAt: Date,
): Promise<void> {
  await db
    .updateTable("userSession")
    .set({ lastSeenAt: sql`now()`, expiresAt })
    .where("tokenHash", "=", tokenHash)
    .execute();
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("userSession").where("tokenHash", "=", tokenHash).execute();
}

export async function deleteUserSessions(db: Executor, userId: number): Promise<number> {
  const result = await db.deleteFrom("userSession").where("userId", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every session of the account but one (the one that changed the password stays open). */
export async function deleteOtherSessions(
  db: Executor,
  userId: number,
  keepTokenHash: string,
): Promise<number> {
  const result = await db
    .deleteFrom("userSession")
    .where("userId", "=", userId)
    .where("tokenHash", "<>", keepTokenHash)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A new password hash; `mustChange` marks one somebody else issued. Lifts any lockout. */
export async function setPasswordHash(
  db: Executor,
  userId: number,
  passwordHash: string,
  mustChange: boolean,
): Promise<void> {
  await db
    .updateTable("appUser")
    .set({
      passwordHash,
      mustChangePassword: mustChange,
      passwordChangedAt: sql`now()`,
      failedLogins: 0,
      lockedUntil: null,
    })
    .where("id", "=", userId)
    .execute();
}

export async function findPasswordState(db: Executor, userId: number) {
  return db
    .selectFrom("appUser")
    .select(["passwordHash", "lockedUntil", "isActive"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

export async function recordLoginAttempt(
  db: Executor,
  email: string,
  ip: string | null,
  succeeded: boolean,
) {
  await db.insertInto("loginAttempt").values({ email, ip, succeeded }).execute();
}

/** Failed sign-ins from an address since `since`, and when the last one was. */
export async function findRecentFailuresFromIp(
  db: Executor,
  ip: string,
  since: Date,
): Promise<{ failures: number; lastFailureAt: Date | null }> {
  const row = await db
    .selectFrom("loginAttempt")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("at").as("last")])
    .where("ip", "=", ip)
    .where("succeeded", "=", false)
    .where("at", ">", since)
    .executeTakeFirstOrThrow();
  return {
    failures: Number(row.n),
    lastFailureAt: row.last === null ? null : new Date(row.last as string | Date),
  };
}

/** Whether the e-mail signed in successfully from the address since `since`. */
export async function hasSignedInFrom(
  db: Executor,
  email: string,
  ip: string,
  since: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom("loginAttempt")
    .select("id")
    .where("email", "=", email)
    .where("ip", "=", ip)
    .where("succeeded", "=", true)
    .where("at", ">", since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The failures for an e-mail since its last successful login or password change (and within
 * `since`), and when the
 * last one was; with `onlyFromIp`, only those from that address. Kept per e-mail as typed, not per account, so an unknown address is throttled
 * exactly like a real one and the answers cannot tell them apart.
 */
export async function findRecentFailuresForEmail(
  db: Executor,
  email: string,
  since: Date,
  onlyFromIp: string | null = null,
): Promise<{ failures: number; lastFailureAt: Date | null }> {
  let query = db
    .selectFrom("loginAttempt as a")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("a.at").as("last")])
    .where("a.email", "=", email)
    .where("a.succeeded", "=", false)
    .where("a.at", ">", since);
  if (onlyFromIp !== null) query = query.where("a.ip", "=", onlyFromIp);
  const row = await query
    .where(({ and, not, exists, selectFrom }) =>
      and([
        not(
          exists(
            selectFrom("loginAttempt as ok")
              .select("ok.id")
              .where("ok.email", "=", email)
              .where("ok.succeeded", "=", true)
              .whereRef("ok.at", ">=", "a.at"),
          ),
        ),
        // A password set since (an administrator's reset) starts the count again.
        not(
          exists(
            selectFrom("appUser as u")
              .select("u.id")
              .where("u.email", "=", email)
              .whereRef("u.passwordChangedAt", ">=", "a.at"),
          ),
        ),
      ]),
    )
    .executeTakeFirstOrThrow();
  return {
    failures: Number(row.n),
    lastFailureAt: row.last === null ? null : new Date(row.last as string | Date),
  };
}

export async function registerFailedLogin(
  db: Executor,
  userId: number,
  lockAfter: number,
  lockUntil: Date,
) {
  await db
    .updateTable("appUser")
    .set((eb) => ({
      failedLogins: eb("failedLogins", "+", 1),
      lockedUntil: eb
        .case()
        .when("failedLogins", ">=", lockAfter - 1)
        .then(lockUntil)
        .else(eb.ref("lockedUntil"))
        .end(),
    }))
    .where("id", "=", userId)
    .execute();
}

export async function resetFailedLogins(db: Executor, userId: number) {
  await db
    .updateTable("appUser")
    .set({ failedLogins: 0, lockedUntil: null })
    .where("id", "=", userId)
    .execute();
}
