import assert from "node:assert/strict";
import { test } from "node:test";
import { pimRegressions } from "./pim-regression.ts";

test("a service whose PIM falls year on year is an alert; a rise or a missing year is not", () => {
  const rows = [
    { service: "S01", year: 2023, pimCents: 100_000 },
    { service: "S01", year: 2024, pimCents: 60_000 },
    { service: "S01", year: 2024, pimCents: 20_000 },
    { service: "S02", year: 2023, pimCents: 50_000 },
    { service: "S02", year: 2024, pimCents: 50_000 },
    { service: "S03", year: 2024, pimCents: 1 },
  ];
  assert.deepEqual(pimRegressions(rows, 2024), [
    { service: "S01", year: 2024, previousPimCents: 100_000, pimCents: 80_000, changePercent: -20 },
  ]);
  assert.deepEqual(pimRegressions(rows, 2023), []);
});
