import { FIRST_YEAR } from "../schemas/common.schema.ts";
import type { PeriodType } from "./statistics-codes.ts";

/**
 * The period of a figure: a year, a semester, a quarter, a month or any range of days, always
 * stored as its first and last day. Written in files as `2019`, `2025-S1`, `2023-T2` (or
 * `2023-Q2`), `2024-03`, or `2023-01-01/2025-06-30`; a range that is exactly one of the others
 * is stored as that one, so the same period has one key.
 */
export interface Period {
  type: PeriodType;
  start: string;
  end: string;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; message: string };

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const day = (year: number, month: number, d: number) => `${year}-${pad(month)}-${pad(d)}`;

function monthsPeriod(type: PeriodType, year: number, first: number, last: number): Period {
  return { type, start: day(year, first, 1), end: day(year, last, lastDay(year, last)) };
}

function validDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo);
}

/** The named period a range is exactly, or the range itself. */
export function normalizeRange(start: string, end: string): Period {
  const [ys, ms, ds] = start.split("-").map(Number) as [number, number, number];
  const [ye, me, de] = end.split("-").map(Number) as [number, number, number];
  if (ys === ye && ds === 1 && de === lastDay(ye, me)) {
    if (ms === 1 && me === 12) return { type: "anio", start, end };
    if ((ms === 1 && me === 6) || (ms === 7 && me === 12)) return { type: "semestre", start, end };
    if (me - ms === 2 && (ms - 1) % 3 === 0) return { type: "trimestre", start, end };
    if (ms === me) return { type: "mes", start, end };
  }
  return { type: "rango", start, end };
}

/**
 * Reads a period. `today` (AAAA-MM-DD) bounds it: a count is of something that happened, so a
 * period that starts after today, or a year before 1990, is refused before the database.
 */
export function parsePeriod(input: string, today: string): PeriodResult {
  const text = input.trim().toUpperCase();
  let period: Period;
  const year = /^(\d{4})$/.exec(text);
  const semester = /^(\d{4})-S([12])$/.exec(text);
  const quarter = /^(\d{4})-[TQ]([1-4])$/.exec(text);
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  const range = /^(\d{4}-\d{2}-\d{2})\s*\/\s*(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (year) period = monthsPeriod("anio", Number(year[1]), 1, 12);
  else if (semester) {
    const s = Number(semester[2]);
    period = monthsPeriod("semestre", Number(semester[1]), s === 1 ? 1 : 7, s === 1 ? 6 : 12);
  } else if (quarter) {
    const q = Number(quarter[2]);
    period = monthsPeriod("trimestre", Number(quarter[1]), 3 * q - 2, 3 * q);
  } else if (month) {
    const mo = Number(month[2]);
    if (mo < 1 || mo > 12) return { ok: false, message: `mes inválido en «${input}»` };
    period = monthsPeriod("mes", Number(month[1]), mo, mo);
  } else if (range) {
    const [start, end] = [range[1] as string, range[2] as string];
    if (!validDay(start) || !validDay(end))
      return { ok: false, message: `fecha inválida en «${input}»` };
    if (end < start) return { ok: false, message: `«${input}» termina antes de empezar` };
    period = normalizeRange(start, end);
  } else {
    return {
      ok: false,
      message: `periodo «${input}» no reconocido (use 2019, 2019-S1, 2019-T1, 2019-03 o 2019-01-01/2019-06-30)`,
    };
  }
  return checkBounds(period, input, today);
}

export function checkBounds(period: Period, input: string, today: string): PeriodResult {
  const firstYear = Number(period.start.slice(0, 4));
  if (firstYear < FIRST_YEAR)
    return { ok: false, message: `el año de «${input}» es anterior a ${FIRST_YEAR}` };
  if (period.start > today)
    return { ok: false, message: `«${input}» empieza después de hoy (${today})` };
  return { ok: true, period };
}

/** The days of a year, for selecting the figures a year's reconciliation compares. */
export function yearBounds(year: number): { start: string; end: string } {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/** How a period is written back: the form people typed for named periods. */
export function formatPeriod(period: Period): string {
  const y = period.start.slice(0, 4);
  const m = Number(period.start.slice(5, 7));
  switch (period.type) {
    case "anio":
      return y;
    case "semestre":
      return `${y}-S${m === 1 ? 1 : 2}`;
    case "trimestre":
      return `${y}-T${(m + 2) / 3}`;
    case "mes":
      return period.start.slice(0, 7);
    case "rango":
      return `${period.start}/${period.end}`;
  }
}

/** Whether `inner` lies within `outer` and is shorter. */
export function isStrictSubperiod(inner: Period, outer: Period): boolean {
  return (
    inner.start >= outer.start &&
    inner.end <= outer.end &&
    (inner.start !== outer.start || inner.end !== outer.end)
  );
}
