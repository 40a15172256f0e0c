import assert from "node:assert/strict";
import { test } from "node:test";
import { milestoneLight } from "./plan-milestones.ts";

test("the traffic light follows the due date and the status", () => {
  const today = "2026-12-03";
  const open = (dueOn: string, status: "pendiente" | "en_proceso" = "pendiente") => ({
    dueOn,
    status,
  });
  assert.equal(milestoneLight(open("2027-03-01"), today), "verde", "more than 30 days left");
  assert.equal(milestoneLight(open("2027-01-02"), today), "ambar", "30 days left is ámbar");
  assert.equal(milestoneLight(open("2027-01-03"), today), "verde", "31 days left is verde");
  assert.equal(milestoneLight(open("2026-12-03", "en_proceso"), today), "ambar", "due today");
  assert.equal(milestoneLight(open("2026-12-02"), today), "rojo", "one day late");
  assert.equal(milestoneLight({ dueOn: "2026-01-01", status: "cumplido" }, today), "verde");
  assert.equal(milestoneLight({ dueOn: "2030-01-01", status: "no_cumplido" }, today), "rojo");
});
