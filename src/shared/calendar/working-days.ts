import { z } from "zod";

/**
 * Días hábiles of the Peruvian public administration: Monday to Friday, minus the national
 * feriados and the días no laborables decreed for the public sector. The calendar is data
 * (reference/calendar/feriados-pe.json, transcribed from the laws it cites) passed in, so the
 * same arithmetic runs in the browser (a deadline shown while typing) and on the server.
 * Dates are civil dates "YYYY-MM-DD" in Lima; no time zone arithmetic is involved.
 */

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "debe ser una fecha AAAA-MM-DD");

const HolidayRule = z
  .object({
    fecha: z
      .string()
      .regex(/^\d{2}-\d{2}$/, "debe ser MM-DD")
      .optional(),
    movil: z.enum(["jueves-santo", "viernes-santo"]).optional(),
    nombre: z.string().min(1).max(120),
    base: z.string().min(1).max(200),
    desde: z.number().int().min(1900).max(2100).optional(),
    hasta: z.number().int().min(1900).max(2100).optional(),
  })
  .strict()
  .refine((r) => (r.fecha === undefined) !== (r.movil === undefined), {
    message: "cada feriado tiene «fecha» (MM-DD) o «movil», no ambos",
  });

export const HolidayCalendarSchema = z
  .object({
    $comment: z.string().optional(),
    version: IsoDate,
    feriados: z.array(HolidayRule).min(1),
    diasNoLaborables: z.array(
      z
        .object({
          fecha: IsoDate,
          nombre: z.string().min(1).max(120),
          base: z.string().min(1).max(200),
        })
        .strict(),
    ),
  })
  .strict();
export type HolidayCalendar = z.infer<typeof HolidayCalendarSchema>;

export interface NonWorkingDay {
  date: string;
  name: string;
  legalBasis: string;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function parseDate(date: string, field: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${field}: «${date}» no es una fecha válida (AAAA-MM-DD).`);
  }
  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`${field}: el año ${year} está fuera del rango ${MIN_YEAR}–${MAX_YEAR}.`);
  }
  return d;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The feriados and días no laborables of one year, by date. */
export function nonWorkingDaysOf(
  calendar: HolidayCalendar,
  year: number,
): Map<string, NonWorkingDay> {
  const out = new Map<string, NonWorkingDay>();
  const easter = parseDate(easterSunday(year), "Pascua");
  for (const rule of calendar.feriados) {
    if (
      (rule.desde !== undefined && year < rule.desde) ||
      (rule.hasta !== undefined && year > rule.hasta)
    )
      continue;
    const date = rule.fecha
      ? `${year}-${rule.fecha}`
      : iso(addDays(easter, rule.movil === "jueves-santo" ? -3 : -2));
    out.set(date, { date, name: rule.nombre, legalBasis: rule.base });
  }
  for (const day of calendar.diasNoLaborables) {
    if (day.fecha.startsWith(`${year}-`))
      out.set(day.fecha, { date: day.fecha, name: day.nombre, legalBasis: day.base });
  }
  return out;
}

export function createWorkingDayCalendar(calendar: HolidayCalendar) {
  const years = new Map<number, Map<string, NonWorkingDay>>();
  const daysOf = (year: number) => {
    let days = years.get(year);
    if (!days) {
      days = nonWorkingDaysOf(calendar, year);
      years.set(year, days);
    }
    return days;
  };
  const reasonNotWorking = (d: Date): string | null => {
    const weekday = d.getUTCDay();
    if (weekday === 0 || weekday === 6) return weekday === 0 ? "domingo" : "sábado";
    return daysOf(d.getUTCFullYear()).get(iso(d))?.name ?? null;
  };
  return {
    version: calendar.version,
    isWorkingDay(date: string): boolean {
      return reasonNotWorking(parseDate(date, "fecha")) === null;
    },
    /**
     * The date `n` días hábiles after `from`, counting from the next day (TUO de la Ley 27444,
     * art. 145: a plazo runs from the day after notification; only días hábiles count), with
     * the non-working days it skipped, so a deadline can be explained to the person.
     */
    addWorkingDays(
      from: string,
      n: number,
    ): { date: string; skipped: { date: string; reason: string }[] } {
      if (!Number.isInteger(n) || n < 1 || n > 1000) {
        throw new RangeError(`plazo: ${n} no es un número de días hábiles válido (1 a 1000).`);
      }
      let d = parseDate(from, "fecha de inicio");
      const skipped: { date: string; reason: string }[] = [];
      let counted = 0;
      while (counted < n) {
        d = addDays(d, 1);
        if (d.getUTCFullYear() > MAX_YEAR)
          throw new RangeError(`El plazo pasa del año ${MAX_YEAR}.`);
        const reason = reasonNotWorking(d);
        if (reason === null) counted++;
        else skipped.push({ date: iso(d), reason });
      }
      return { date: iso(d), skipped };
    },
    /** Días hábiles from the day after `from` up to and including `to` (0 if `to` ≤ `from`). */
    workingDaysBetween(from: string, to: string): number {
      let d = parseDate(from, "fecha de inicio");
      const end = parseDate(to, "fecha de fin");
      let count = 0;
      while (d < end) {
        d = addDays(d, 1);
        if (reasonNotWorking(d) === null) count++;
      }
      return count;
    },
  };
}
export type WorkingDayCalendar = ReturnType<typeof createWorkingDayCalendar>;
