/**
 * Calendar days in Lima. Deadlines are written as Lima days ('YYYY-MM-DD'), so "today" and the
 * day a value was sent are taken there, whatever the server's own time zone.
 */

export const LIMA_TIME_ZONE = "America/Lima";

// One formatter for the process: building one per call costs more than the dashboard it dates.
// en-CA writes the day as YYYY-MM-DD.
const LIMA_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: LIMA_TIME_ZONE });

// Lima's offsets are whole hours, so its days change on a whole second: within one second the
// day is the same, and a cached read per request need not format it again.
let lastDay: { second: number; day: string } | null = null;

/** Today in Lima, as the calendar day deadlines are written in. */
export function todayInLima(now = new Date()): string {
  const second = Math.floor(now.getTime() / 1000);
  if (lastDay?.second === second) return lastDay.day;
  const day = LIMA_DAY.format(now);
  lastDay = { second, day };
  return day;
}

/** The calendar day in Lima of a stored instant. */
export function dayInLima(instant: Date | string): string {
  return LIMA_DAY.format(new Date(instant));
}
