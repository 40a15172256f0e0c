import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  Notification,
  NotificationListQuerySchema,
} from "../../../shared/contracts/notifications.contract.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { localizedError } from "../../errors.ts";
import { requestDeadline } from "../access-requests/access-requests.service.ts";
import { listIndicatorsInForce } from "../catalogue/indicators.repository.ts";
import { insertOutgoingMail } from "./mail-outbox.repository.ts";
import { composeMail } from "./mail-templates.ts";
import {
  countUnread,
  findMeasurementSubject,
  insertNotifications,
  listFocalPointsOf,
  listNotificationFacts,
  listNotificationsOf,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationFactsRow,
  type NotificationInsert,
} from "./notifications.repository.ts";

/**
 * Notifications (ADR 0028). The emitters run inside the transaction of the change they tell
 * of (a value observed, a period opened), so the news and the change commit together; each
 * new notification queues its e-mail in the same transaction (an outbox the mail job sends
 * from). A dedupe key per notification makes every emitter safe to run twice.
 */

/**
 * The deadline a notification speaks of, as it is now: the period's, or the access request's
 * computed from its dates in días hábiles (never stored, like the register's).
 */
function deadlineOf(f: NotificationFactsRow): string | null {
  if (f.requestSentOn === null) return f.deadline;
  return requestDeadline({
    sentOn: f.requestSentOn,
    extensionNotifiedOn: f.requestExtensionNotifiedOn,
    extensionNewDate: f.requestExtensionNewDate,
    answeredOn: f.requestAnsweredOn,
  });
}

/** Writes the notifications not given before and queues one e-mail for each new one. */
export async function emitNotifications(
  tx: Executor,
  rows: readonly NotificationInsert[],
): Promise<number> {
  const ids = await insertNotifications(tx, rows);
  const facts = await listNotificationFacts(tx, ids);
  const mails = facts.map((f) => {
    const content = composeMail({
      kind: f.kind,
      policy: f.policy,
      year: f.year === null ? null : Number(f.year),
      period: f.period,
      deadline: deadlineOf(f),
      indicatorCode: f.indicatorCode,
      indicatorName: f.indicatorName,
      entity: f.entity,
      measurementId: f.measurementId,
      pendingCount: f.pendingCount,
      accessRequestId: f.accessRequestId,
    });
    return {
      // The notification's own key: a reminder is queued once per kind, period, person and
      // deadline, however many times the job runs.
      idempotencyKey: f.dedupeKey,
      userId: f.userId,
      notificationId: Number(f.id),
      kind: f.kind,
      ...content,
    };
  });
  await insertOutgoingMail(tx, mails);
  return ids.length;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/**
 * A value was observed or validated: its entity's focal points (own and by proxy grant) are
 * told. `step` is the value's lock version before the change, which grows at every change,
 * so the second observation of the same value is news again while a retried one is not.
 */
export async function notifyValueReviewed(
  tx: Executor,
  input: { measurementId: number; kind: "valor_observado" | "valor_validado"; step: number },
): Promise<number> {
  const subject = await findMeasurementSubject(tx, input.measurementId);
  if (!subject) return 0;
  const recipients = await listFocalPointsOf(
    tx,
    unique([subject.reportedForEntityId, subject.reportingEntityId]),
  );
  const users = unique(recipients.map((r) => r.userId));
  return emitNotifications(
    tx,
    users.map((userId) => ({
      userId,
      kind: input.kind,
      policyId: subject.policyId,
      entityId: subject.reportedForEntityId,
      measurementId: subject.id,
      dedupeKey: `${input.kind}:m${subject.id}:s${input.step}:u${userId}`,
    })),
  );
}

/**
 * Entities responsible for an indicator in force in the year, with the ids of those
 * indicators: who reports in a period of that year.
 */
export async function reportingEntitiesOf(tx: Executor, policyId: number, year: number) {
  const indicators = await listIndicatorsInForce(tx, policyId, year);
  const out = new Map<number, number[]>();
  for (const ind of indicators) {
    const list = out.get(ind.responsibleEntityId) ?? [];
    list.push(ind.id);
    out.set(ind.responsibleEntityId, list);
  }
  return out;
}

/** A period was opened: the focal points of every entity that reports in it are told. */
export async function notifyPeriodOpened(
  tx: Executor,
  input: { periodId: number; policyId: number; year: number },
): Promise<number> {
  const entities = await reportingEntitiesOf(tx, input.policyId, input.year);
  const recipients = await listFocalPointsOf(tx, [...entities.keys()]);
  return emitNotifications(
    tx,
    unique(recipients.map((r) => r.userId)).map((userId) => ({
      userId,
      kind: "periodo_abierto" as const,
      policyId: input.policyId,
      periodId: input.periodId,
      dedupeKey: `periodo_abierto:p${input.periodId}:u${userId}`,
    })),
  );
}

function userIdOf(actor: Actor): number {
  if (!actor.user) throw localizedError("unauthenticated", "auth.required");
  return actor.user.id;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function present(row: NotificationFactsRow): Notification {
  return {
    id: Number(row.id),
    kind: row.kind,
    policy: row.policy,
    year: row.year === null ? null : Number(row.year),
    period: row.period as Notification["period"],
    deadline: deadlineOf(row),
    indicator:
      row.indicatorCode !== null
        ? { code: row.indicatorCode, name: row.indicatorName ?? row.indicatorCode }
        : null,
    entity: row.entity,
    measurementId: row.measurementId,
    pendingCount: row.pendingCount,
    accessRequestId: row.accessRequestId,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: iso(row.readAt),
  };
}

/** The actor's own notifications, newest first, and how many are unread. */
export async function listMyNotifications(
  db: Database,
  actor: Actor,
  input: z.output<typeof NotificationListQuerySchema>,
) {
  const userId = userIdOf(actor);
  const [rows, unread] = await Promise.all([
    listNotificationsOf(db, userId, { unreadOnly: input.unread, limit: input.limit }),
    countUnread(db, userId),
  ]);
  return { unread, items: rows.map(present) };
}

export async function unreadNotificationCount(db: Database, actor: Actor) {
  return { unread: await countUnread(db, userIdOf(actor)) };
}

/** Marks one of the actor's notifications read; another person's answers 404, as a missing one. */
export async function markRead(db: Database, actor: Actor, input: { id: number }) {
  const userId = userIdOf(actor);
  return db.transaction().execute(async (tx) => {
    const result = await markNotificationRead(tx, userId, input.id);
    if (!result) throw localizedError("not_found", "notification.notFound");
    if (result.wasUnread) {
      await recordAudit(tx, actor, {
        action: "notification.read",
        objectType: "notification",
        objectId: String(input.id),
      });
    }
    return { unread: await countUnread(tx, userId) };
  });
}

export async function markAllRead(db: Database, actor: Actor) {
  const userId = userIdOf(actor);
  return db.transaction().execute(async (tx) => {
    const count = await markAllNotificationsRead(tx, userId);
    if (count > 0) {
      await recordAudit(tx, actor, {
        action: "notification.read_all",
        objectType: "app_user",
        objectId: String(userId),
        after: { marked: count },
      });
    }
    return { unread: 0 };
  });
}
