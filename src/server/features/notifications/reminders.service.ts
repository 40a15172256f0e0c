import type { Database, Executor } from "../../db/connect.ts";
import { describeMailError } from "../../mail/mailer.ts";
import {
  type RequestReminderDetail,
  sendAccessRequestReminders,
} from "./access-request-reminders.service.ts";
import { claimJobRun, findJobRun, finishJobRun, retakeJobRun } from "./mail-outbox.repository.ts";
import {
  listFocalPointsOf,
  listOpenPeriodsWithDeadlineBetween,
  listReportedIndicatorIds,
} from "./notifications.repository.ts";
import { emitNotifications, reportingEntitiesOf } from "./notifications.service.ts";
import {
  addDays,
  FIRST_REMINDER_DAYS,
  OVERDUE_NOTICE_DAYS,
  reminderKindFor,
} from "./reminder-windows.ts";

/**
 * The daily reminders (ADR 0028): for every open period whose deadline is near or just past,
 * each focal point with indicators still without a sent value gets one notification (and its
 * e-mail) per reminder. The job-run table says whether today's run happened; the
 * notifications' dedupe keys make a second run harmless anyway.
 */

export const REMINDER_JOB = "recordatorios_de_plazo";

/** A run that started this long ago without finishing is taken as abandoned (a crash). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export interface ReminderRunDetail {
  periods: number;
  notifications: number;
}

/** The reminders due `today`, written in the caller's transaction. */
export async function sendDeadlineReminders(
  tx: Executor,
  today: string,
): Promise<ReminderRunDetail> {
  const periods = await listOpenPeriodsWithDeadlineBetween(
    tx,
    addDays(today, -OVERDUE_NOTICE_DAYS),
    addDays(today, FIRST_REMINDER_DAYS),
  );
  let notifications = 0;
  let considered = 0;
  for (const period of periods) {
    const kind = reminderKindFor(today, period.deadline);
    if (!kind) continue;
    considered += 1;
    const entities = await reportingEntitiesOf(tx, period.policyId, period.year);
    const reported = await listReportedIndicatorIds(
      tx,
      period.policyId,
      period.year,
      period.period,
    );
    const pendingOf = new Map<number, number>();
    for (const [entityId, indicatorIds] of entities) {
      const pending = indicatorIds.filter((id) => !reported.has(id)).length;
      if (pending > 0) pendingOf.set(entityId, pending);
    }
    const perUser = new Map<number, number>();
    for (const r of await listFocalPointsOf(tx, [...pendingOf.keys()])) {
      perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + (pendingOf.get(r.entityId) ?? 0));
    }
    notifications += await emitNotifications(
      tx,
      [...perUser].map(([userId, pendingCount]) => ({
        userId,
        kind,
        policyId: period.policyId,
        periodId: period.id,
        pendingCount,
        dedupeKey: `${kind}:p${period.id}:u${userId}:d${period.deadline}`,
      })),
    );
  }
  return { periods: considered, notifications };
}

export type DailyJobOutcome<T> =
  | { ran: true; detail: T }
  | { ran: false; reason: "ya_ejecutado" | "en_curso" };

/**
 * Runs a daily job once per Lima day, whatever the number of restarts: the day's row is
 * claimed first, the work and the row's «terminado» commit together, and a failed or
 * abandoned run is taken over by the next attempt.
 */
export async function runDailyJob<T>(
  db: Database,
  job: string,
  day: string,
  work: (tx: Executor) => Promise<T>,
  now = new Date(),
): Promise<DailyJobOutcome<T>> {
  const existing = await findJobRun(db, job, day);
  if (existing?.status === "terminado") return { ran: false, reason: "ya_ejecutado" };
  const claimed = existing
    ? await retakeJobRun(db, job, day, new Date(now.getTime() - ABANDONED_AFTER_MS))
    : await claimJobRun(db, job, day);
  if (!claimed) return { ran: false, reason: existing ? "en_curso" : "ya_ejecutado" };
  try {
    const detail = await db.transaction().execute(async (tx) => {
      const result = await work(tx);
      await finishJobRun(tx, job, day, "terminado", result);
      return result;
    });
    return { ran: true, detail };
  } catch (err) {
    await finishJobRun(db, job, day, "fallido", { error: describeMailError(err) });
    throw err;
  }
}

/**
 * Today's reminders, unless today's run already happened: the periods' deadlines and the
 * access requests' (one run, one transaction, so a failure repeats both).
 */
export function runDailyReminders(db: Database, today: string, now = new Date()) {
  return runDailyJob<ReminderRunDetail & RequestReminderDetail>(
    db,
    REMINDER_JOB,
    today,
    async (tx) => ({
      ...(await sendDeadlineReminders(tx, today)),
      ...(await sendAccessRequestReminders(tx, today)),
    }),
    now,
  );
}
