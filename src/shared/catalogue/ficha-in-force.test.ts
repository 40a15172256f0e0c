import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fichaInForce } from "./ficha-in-force.ts";

describe("ficha in force in a year", () => {
  const versions = [
    { version: 1, validFrom: 2022, validTo: 2024 },
    { version: 2, validFrom: 2025, validTo: null },
  ];
  test("each year reads its own version, not the latest", () => {
    assert.equal(fichaInForce(versions, 2023)?.version, 1);
    assert.equal(fichaInForce(versions, 2024)?.version, 1);
    assert.equal(fichaInForce(versions, 2025)?.version, 2);
    assert.equal(fichaInForce(versions, 2030)?.version, 2);
  });
  test("overlapping versions: the highest wins; no version that year: the latest", () => {
    const overlapping = [
      { version: 1, validFrom: 2022, validTo: null },
      { version: 2, validFrom: 2025, validTo: null },
    ];
    assert.equal(fichaInForce(overlapping, 2024)?.version, 1);
    assert.equal(fichaInForce(overlapping, 2026)?.version, 2);
    assert.equal(fichaInForce(versions, 2020)?.version, 2);
    assert.equal(fichaInForce([], 2020), undefined);
  });
});
