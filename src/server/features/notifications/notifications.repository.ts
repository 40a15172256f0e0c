import { sql } from "kysely";
import type { NotificationKind } from "../../../shared/contracts/notifications.contract.ts";
import type { Role } from "../../../shared/permissions.ts";
import type { Executor } from "../../db/connect.ts";

/** SQL of notifications and their recipients (ADR 0028). */

export interface NotificationInsert {
  userId: number;
  kind: NotificationKind;
  /** Null for an access request's notice (the request is its subject). */
  policyId: number | null;
  accessRequestId?: number | null;
  entityId?: number | null;
  measurementId?: number | null;
  periodId?: number | null;
  pendingCount?: number | null;
  dedupeKey: string;
}

/**
 * Inserts the notifications not given before (same dedupe key): returns the ids of the new
 * ones only, so a job run twice queues no second mail.
 */
export async function insertNotifications(
  db: Executor,
  rows: readonly NotificationInsert[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto("notification")
    .values(
      rows.map((r) => ({
        userId: r.userId,
        kind: r.kind,
        policyId: r.policyId,
        accessRequestId: r.accessRequestId ?? null,
        entityId: r.entityId ?? null,
        measurementId: r.measurementId ?? null,
        periodId: r.periodId ?? null,
        pendingCount: r.pendingCount ?? null,
        dedupeKey: r.dedupeKey,
      })),
    )
    .onConflict((oc) => oc.column("dedupeKey").doNothing())
    .returning("id")
    .execute();
  return inserted.map((r) => Number(r.id));
}

/** Active focal points acting for any of the entities (own or by proxy grant). */
export async function listFocalPointsOf(db: Executor, entityIds: readonly number[]) {
  if (entityIds.length === 0) return [];
  return db
    .selectFrom("appUser as u")
    .innerJoin("userEntity as ue", "ue.userId", "u.id")
    .select(["u.id as userId", "ue.entityId"])
    .where("u.role", "=", "punto_focal")
    .where("u.isActive", "=", true)
    .where("ue.entityId", "in", entityIds)
    .orderBy("u.id")
    .orderBy("ue.entityId")
    .execute();
}

/** The active accounts among the ids (a registrant since deactivated is told nothing). */
export async function listActiveUserIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("appUser")
    .select("id")
    .where("id", "in", ids)
    .where("isActive", "=", true)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** The active accounts holding one of the roles. */
export async function listActiveUserIdsWithRoles(db: Executor, roles: readonly Role[]) {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom("appUser")
    .select("id")
    .where("role", "in", roles)
    .where("isActive", "=", true)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** What a notification about a value needs: the value's policy and entities. */
export async function findMeasurementSubject(db: Executor, measurementId: number) {
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["m.id", "i.policyId", "m.reportedForEntityId", "m.reportingEntityId"])
    .where("m.id", "=", measurementId)
    .executeTakeFirst();
}

/** Open periods of every policy whose deadline falls between the two days (inclusive). */
export async function listOpenPeriodsWithDeadlineBetween(db: Executor, from: string, to: string) {
  return db
    .selectFrom("reportingPeriod")
    .select(["id", "policyId", "year", "period", "deadline"])
    .where("status", "=", "abierto")
    .where("deadline", ">=", from)
    .where("deadline", "<=", to)
    .orderBy("id")
    .execute();
}

/** Indicator ids with a value sent or validated for the period: the ones that need no reminder. */
export async function listReportedIndicatorIds(
  db: Executor,
  policyId: number,
  year: number,
  period: string,
): Promise<Set<number>> {
  const rows = await db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select("m.indicatorId")
    .distinct()
    .where("i.policyId", "=", policyId)
    .where("m.year", "=", year)
    .where("m.period", "=", period as "ANUAL")
    .where("m.status", "in", ["enviado", "validado"])
    .execute();
  return new Set(rows.map((r) => r.indicatorId));
}

/**
 * The facts a notification is shown or mailed with, read as they are now: the policy, the
 * year and period (of the value or the period), the deadline, the indicator, the entity; for
 * an access request, the dates its deadline is computed from (the service computes it).
 */
function notificationFacts(db: Executor) {
  return db
    .selectFrom("notification as n")
    .leftJoin("policy as p", "p.id", "n.policyId")
    .leftJoin("accessRequest as ar", "ar.id", "n.accessRequestId")
    .leftJoin("measurement as m", "m.id", "n.measurementId")
    .leftJoin("indicator as i", "i.id", "m.indicatorId")
    .leftJoin("indicatorVersion as v", "v.id", "m.indicatorVersionId")
    .leftJoin("reportingPeriod as rp", (join) =>
      join.on((eb) =>
        eb.or([
          eb("rp.id", "=", eb.ref("n.periodId")),
          eb.and([
            eb("n.periodId", "is", null),
            eb("rp.policyId", "=", eb.ref("n.policyId")),
            eb("rp.year", "=", eb.ref("m.year")),
            eb("rp.period", "=", eb.ref("m.period")),
          ]),
        ]),
      ),
    )
    .leftJoin("entity as e", "e.id", "n.entityId")
    .select([
      "n.id",
      "n.userId",
      "n.kind",
      "n.dedupeKey",
      "n.measurementId",
      "n.pendingCount",
      "n.accessRequestId",
      "ar.sentOn as requestSentOn",
      "ar.extensionNotifiedOn as requestExtensionNotifiedOn",
      "ar.extensionNewDate as requestExtensionNewDate",
      "ar.answeredOn as requestAnsweredOn",
      "n.createdAt",
      "n.readAt",
      "p.code as policy",
      "i.code as indicatorCode",
      "v.name as indicatorName",
      "e.code as entity",
      "rp.deadline",
      sql<number | null>`coalesce(${sql.ref("m.year")}, ${sql.ref("rp.year")})`.as("year"),
      sql<string | null>`coalesce(${sql.ref("m.period")}, ${sql.ref("rp.period")})`.as("period"),
    ]);
}

export type NotificationFactsRow = Awaited<ReturnType<typeof listNotificationFacts>>[number];

export async function listNotificationFacts(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return notificationFacts(db).where("n.id", "in", ids).orderBy("n.id").execute();
}

export async function listNotificationsOf(
  db: Executor,
  userId: number,
  options: { unreadOnly: boolean; limit: number },
) {
  let q = notificationFacts(db).where("n.userId", "=", userId);
  if (options.unreadOnly) q = q.where("n.readAt", "is", null);
  return q.orderBy("n.createdAt", "desc").orderBy("n.id", "desc").limit(options.limit).execute();
}

export async function countUnread(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notification")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("userId", "=", userId)
    .where("readAt", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user's own notification read; false when it is not theirs (or does not exist). */
export async function markNotificationRead(db: Executor, userId: number, id: number) {
  const row = await db
    .selectFrom("notification")
    .select(["id", "readAt"])
    .where("id", "=", id)
    .where("userId", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.readAt === null) {
    await db.updateTable("notification").set({ readAt: sql`now()` }).where("id", "=", id).execute();
  }
  return { wasUnread: row.readAt === null };
}

export async function markAllNotificationsRead(db: Executor, userId: number): Promise<number> {
  const result = await db
    .updateTable("notification")
    .set({ readAt: sql`now()` })
    .where("userId", "=", userId)
    .where("readAt", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
