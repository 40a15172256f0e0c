import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addDays, daysBetween, reminderKindFor } from "./reminder-windows.ts";

describe("reminder windows", () => {
  test("days between Lima calendar days cross months and leap days", () => {
    assert.equal(daysBetween("2025-03-24", "2025-03-31"), 7);
    assert.equal(daysBetween("2024-02-28", "2024-03-01"), 2);
    assert.equal(daysBetween("2025-04-01", "2025-03-31"), -1);
    assert.equal(addDays("2024-12-31", 1), "2025-01-01");
  });

  test("7 days before, 1 day before and after the deadline each have their reminder", () => {
    const deadline = "2025-03-31";
    const kind = (today: string) => reminderKindFor(today, deadline);
    assert.equal(kind("2025-03-23"), null, "8 days before: too early");
    assert.equal(kind("2025-03-24"), "plazo_7_dias");
    assert.equal(kind("2025-03-29"), "plazo_7_dias", "a server down on day 7 catches up");
    assert.equal(kind("2025-03-30"), "plazo_1_dia");
    assert.equal(kind("2025-03-31"), "plazo_1_dia", "the deadline itself");
    assert.equal(kind("2025-04-01"), "vencido");
    assert.equal(kind("2025-04-30"), "vencido", "30 days after");
    assert.equal(kind("2025-05-01"), null, "an old open period is not chased forever");
  });
});
