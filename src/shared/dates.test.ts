import assert from "node:assert/strict";
import { test } from "node:test";
import { dayInLima, todayInLima } from "./dates.ts";

test("a Lima day is the calendar day at UTC−5, whatever the server's zone", () => {
  // 03:00 UTC on 1 July is still 30 June in Lima.
  assert.equal(dayInLima("2024-07-01T03:00:00Z"), "2024-06-30");
  assert.equal(dayInLima(new Date("2024-07-01T05:00:00Z")), "2024-07-01");
  assert.equal(todayInLima(new Date("2025-01-01T04:59:59Z")), "2024-12-31");
});
