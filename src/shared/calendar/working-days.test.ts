import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { computeAccessRequestDeadline } from "../transparency/access-request-deadline.ts";
import {
  createWorkingDayCalendar,
  easterSunday,
  HolidayCalendarSchema,
  nonWorkingDaysOf,
} from "./working-days.ts";

const data = HolidayCalendarSchema.parse(
  JSON.parse(
    readFileSync(new URL("../../../reference/calendar/feriados-pe.json", import.meta.url), "utf8"),
  ),
);
const calendar = createWorkingDayCalendar(data);

describe("Peru's working-day calendar", () => {
  test("Easter and the movable feriados", () => {
    assert.equal(easterSunday(2024), "2024-03-31");
    assert.equal(easterSunday(2025), "2025-04-20");
    assert.equal(easterSunday(2026), "2026-04-05");
    const days2025 = nonWorkingDaysOf(data, 2025);
    assert.equal(days2025.get("2025-04-17")?.name, "Jueves Santo");
    assert.equal(days2025.get("2025-04-18")?.name, "Viernes Santo");
    // 2025: 16 feriados by law (Jueves and Viernes Santo included).
    assert.equal(days2025.size, 16);
  });

  test("feriados created by later laws do not exist before them", () => {
    assert.equal(calendar.isWorkingDay("2022-06-07"), true, "Ley 31788 rige desde 2023");
    assert.equal(calendar.isWorkingDay("2023-06-07"), false);
    assert.equal(calendar.isWorkingDay("2021-12-09"), true, "Ley 31381 rige desde 2022");
    assert.equal(calendar.isWorkingDay("2022-12-09"), false);
  });

  test("a deadline that crosses Fiestas Patrias (hand-checked)", () => {
    // Received Monday 21 July 2025. Counting from Tuesday 22: 22 (1), 23 FAP feriado, 24 (2),
    // 25 (3), 26–27 weekend, 28–29 Fiestas Patrias, 30 (4), 31 (5), 1 Aug (6), 2–3 weekend,
    // 4 (7), 5 (8), 6 Batalla de Junín, 7 (9), 8 (10): Friday 8 August 2025.
    const { date, skipped } = calendar.addWorkingDays("2025-07-21", 10);
    assert.equal(date, "2025-08-08");
    assert.deepEqual(
      skipped.filter((s) => !["sábado", "domingo"].includes(s.reason)).map((s) => s.date),
      ["2025-07-23", "2025-07-28", "2025-07-29", "2025-08-06"],
    );
  });

  test("a deadline across the year end and Christmas (hand-checked)", () => {
    // Received Friday 19 December 2025: 22 (1), 23 (2), 24 (3), 25 Navidad, 26 (4), 29 (5),
    // 30 (6), 31 (7), 1 Jan Año Nuevo, 2 (8), 5 (9), 6 (10): Tuesday 6 January 2026.
    assert.equal(calendar.addWorkingDays("2025-12-19", 10).date, "2026-01-06");
    assert.equal(calendar.workingDaysBetween("2025-12-19", "2026-01-06"), 10);
    // Días no laborables decreed for the public sector count too. The shipped file has none
    // yet (each needs its Decreto Supremo); one added here moves the deadline a day.
    const withDecree = createWorkingDayCalendar({
      ...data,
      diasNoLaborables: [
        { fecha: "2025-12-26", nombre: "Día no laborable (ejemplo)", base: "prueba" },
      ],
    });
    assert.equal(withDecree.addWorkingDays("2025-12-19", 10).date, "2026-01-07");
  });

  test("bad dates and plazos are refused naming the field", () => {
    assert.throws(() => calendar.addWorkingDays("2025-02-30", 10), /fecha de inicio: «2025-02-30»/);
    assert.throws(() => calendar.addWorkingDays("10000-01-01", 10), /fecha de inicio/);
    assert.throws(() => calendar.addWorkingDays("1800-01-01", 10), /fuera del rango/);
    assert.throws(() => calendar.addWorkingDays("2025-01-02", 0), /plazo/);
  });
});

describe("access-to-information deadlines (TUO Ley 27806, art. 11)", () => {
  test("10 días hábiles, a valid extension, and lateness in working days", () => {
    const open = computeAccessRequestDeadline(calendar, { receivedOn: "2025-07-21" });
    assert.ok(open.ok);
    assert.equal(open.deadline, "2025-08-08");
    assert.equal(open.workingDaysLate, null);
    const late = computeAccessRequestDeadline(calendar, {
      receivedOn: "2025-07-21",
      answeredOn: "2025-08-12",
    });
    assert.ok(late.ok);
    assert.equal(late.workingDaysLate, 2);
    const extended = computeAccessRequestDeadline(calendar, {
      receivedOn: "2025-07-21",
      extension: { notifiedOn: "2025-07-24", newDate: "2025-08-22" },
      answeredOn: "2025-08-20",
    });
    assert.ok(extended.ok);
    assert.equal(extended.deadline, "2025-08-22");
    assert.equal(extended.workingDaysLate, -2);
  });

  test("an extension notified after 2 días hábiles is refused", () => {
    // 2 días hábiles after Monday 21 July 2025: 22 (1), 23 feriado, 24 (2).
    const r = computeAccessRequestDeadline(calendar, {
      receivedOn: "2025-07-21",
      extension: { notifiedOn: "2025-07-25", newDate: "2025-08-22" },
    });
    assert.equal(r.ok, false);
    assert.equal(r.ok ? "" : r.field, "prorroga.notificadaEl");
    assert.match(r.ok ? "" : r.message, /hasta el 2025-07-24/);
  });
});
