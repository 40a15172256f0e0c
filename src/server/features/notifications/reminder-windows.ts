import type { NotificationKind } from "../../../shared/contracts/notifications.contract.ts";

/**
 * Which reminder a deadline calls for on a day, pure. Windows rather than exact days, so a
 * server that was down on the seventh day before the deadline still sends the first reminder
 * on the sixth; the dedupe key (kind, period, person, deadline) sends each one once. A
 * deadline moved later is a new deadline, and its reminders are news again.
 */

/** How long after a deadline an open period still gets its «vencido» notice. */
export const OVERDUE_NOTICE_DAYS = 30;
/** The first reminder comes this many days before the deadline. */
export const FIRST_REMINDER_DAYS = 7;

/** Whole days from `from` to `to`, both Lima calendar days (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return Math.round((day(to) - day(from)) / 86_400_000);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type ReminderKind = Extract<NotificationKind, "plazo_7_dias" | "plazo_1_dia" | "vencido">;

/** The reminder due `today` for a deadline, or null (too early, or overdue for too long). */
export function reminderKindFor(today: string, deadline: string): ReminderKind | null {
  const left = daysBetween(today, deadline);
  if (left > FIRST_REMINDER_DAYS) return null;
  if (left > 1) return "plazo_7_dias";
  if (left >= 0) return "plazo_1_dia";
  if (-left <= OVERDUE_NOTICE_DAYS) return "vencido";
  return null;
}
