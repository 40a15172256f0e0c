import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";

/** SQL of second factors: authenticators, recovery codes, and the sessions' MFA state. */

export async function findUserMfa(db: Executor, userId: number) {
  return db
    .selectFrom("userMfa")
    .select(["secret", "confirmedAt", "lastStep"])
    .where("userId", "=", userId)
    .executeTakeFirst();
}

/** A new secret awaiting its first code; replaces one not yet confirmed. */
export async function putPendingMfa(db: Executor, userId: number, secret: string): Promise<void> {
  await db
    .insertInto("userMfa")
    .values({ userId, secret })
    .onConflict((oc) =>
      oc
        .column("userId")
        .doUpdateSet({ secret, confirmedAt: null, lastStep: 0, createdAt: sql`now()` }),
    )
    .execute();
}

/**
 * Records `step` as the last accepted, only if it is later than the one stored: two requests
 * racing with the same code cannot both pass. Also confirms a pending enrolment when asked.
 */
export async function acceptStep(
  db: Executor,
  userId: number,
  step: number,
  confirm: boolean,
): Promise<boolean> {
  const result = await db
    .updateTable("userMfa")
    .set(confirm ? { lastStep: step, confirmedAt: sql`now()` } : { lastStep: step })
    .where("userId", "=", userId)
    .where("lastStep", "<", step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(
  db: Executor,
  userId: number,
  hashes: readonly string[],
): Promise<void> {
  await db.deleteFrom("userRecoveryCode").where("userId", "=", userId).execute();
  await db
    .insertInto("userRecoveryCode")
    .values(hashes.map((codeHash) => ({ userId, codeHash })))
    .execute();
}

/** Spends an unused recovery code; false when there is none with that hash. */
export async function spendRecoveryCode(
  db: Executor,
  userId: number,
  codeHash: string,
): Promise<boolean> {
  const result = await db
    .updateTable("userRecoveryCode")
    .set({ usedAt: sql`now()` })
    .where("userId", "=", userId)
    .where("codeHash", "=", codeHash)
    .where("usedAt", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) >= 1;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom("userRecoveryCode")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("userId", "=", userId)
    .where("usedAt", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the authenticator and the recovery codes; whether there was an authenticator. */
export async function deleteUserMfa(db: Executor, userId: number): Promise<boolean> {
  await db.deleteFrom("userRecoveryCode").where("userId", "=", userId).execute();
  const result = await db.deleteFrom("userMfa").where("userId", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** One more wrong code on a session; the new count. */
export async function countSessionMfaFailure(db: Executor, tokenHash: string): Promise<number> {
  const row = await db
    .updateTable("userSession")
    .set((eb) => ({ mfaFailures: eb("mfaFailures", "+", 1) }))
    .where("tokenHash", "=", tokenHash)
    .returning("mfaFailures")
    .executeTakeFirst();
  return row?.mfaFailures ?? 0;
}
