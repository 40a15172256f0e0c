import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";

/** SQL of the outgoing mail (an outbox written with its notification) and the job runs. */

export interface OutgoingMailInsert {
  idempotencyKey: string;
  userId: number;
  notificationId: number;
  kind: string;
  subject: string;
  body: string;
  linkPath: string | null;
}

export async function insertOutgoingMail(db: Executor, rows: readonly OutgoingMailInsert[]) {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto("outgoingMail")
    .values([...rows])
    .onConflict((oc) => oc.column("idempotencyKey").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

/** Mails still to send, oldest first, with the address they go to (read now, never stored). */
export async function listPendingMail(db: Executor, limit: number) {
  return db
    .selectFrom("outgoingMail as o")
    .innerJoin("appUser as u", "u.id", "o.userId")
    .select([
      "o.id",
      "o.userId",
      "o.subject",
      "o.body",
      "o.linkPath",
      "o.attempts",
      "o.createdAt",
      "u.email",
      "u.isActive",
    ])
    .where("o.status", "=", "pendiente")
    .orderBy("o.createdAt")
    .orderBy("o.id")
    .limit(limit)
    .execute();
}

export async function markMailSent(db: Executor, id: number, messageId: string | null) {
  await db
    .updateTable("outgoingMail")
    .set((eb) => ({
      status: "enviado",
      sentAt: sql`now()`,
      lastAttemptAt: sql`now()`,
      attempts: eb("attempts", "+", 1),
      messageId,
      lastError: null,
    }))
    .where("id", "=", id)
    .execute();
}

export async function markMailFailed(db: Executor, id: number, error: string) {
  await db
    .updateTable("outgoingMail")
    .set((eb) => ({
      lastAttemptAt: sql`now()`,
      attempts: eb("attempts", "+", 1),
      lastError: error,
    }))
    .where("id", "=", id)
    .execute();
}

/** Closes mails that will not be sent: no SMTP (omitido), too old or no account (caducado). */
export async function closeMail(
  db: Executor,
  ids: readonly number[],
  status: "omitido" | "caducado",
  reason: string,
) {
  if (ids.length === 0) return;
  await db
    .updateTable("outgoingMail")
    .set({ status, lastError: reason })
    .where("id", "in", ids)
    .where("status", "=", "pendiente")
    .execute();
}

export async function listMailOf(db: Executor, userId: number) {
  return db
    .selectFrom("outgoingMail")
    .selectAll()
    .where("userId", "=", userId)
    .orderBy("id")
    .execute();
}

export async function findJobRun(db: Executor, job: string, day: string) {
  return db
    .selectFrom("jobRun")
    .selectAll()
    .where("job", "=", job)
    .where("runOn", "=", day)
    .executeTakeFirst();
}

/** Claims the day's run: true when this caller inserted it (nobody ran it today). */
export async function claimJobRun(db: Executor, job: string, day: string): Promise<boolean> {
  const inserted = await db
    .insertInto("jobRun")
    .values({ job, runOn: day, status: "en_curso" })
    .onConflict((oc) => oc.columns(["job", "runOn"]).doNothing())
    .returning("job")
    .execute();
  return inserted.length === 1;
}

/** Takes over a failed (or abandoned) run of the day; false if someone else did first. */
export async function retakeJobRun(
  db: Executor,
  job: string,
  day: string,
  staleBefore: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("jobRun")
    .set({ status: "en_curso", startedAt: sql`now()`, finishedAt: null, detail: null })
    .where("job", "=", job)
    .where("runOn", "=", day)
    .where((eb) =>
      eb.or([
        eb("status", "=", "fallido"),
        eb.and([eb("status", "=", "en_curso"), eb("startedAt", "<", staleBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishJobRun(
  db: Executor,
  job: string,
  day: string,
  status: "terminado" | "fallido",
  detail: unknown,
) {
  await db
    .updateTable("jobRun")
    .set({ status, finishedAt: sql`now()`, detail: JSON.stringify(detail) })
    .where("job", "=", job)
    .where("runOn", "=", day)
    .execute();
}
