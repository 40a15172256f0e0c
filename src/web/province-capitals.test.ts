import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { provinceCapitals } from "../../scripts/build-province-capitals.ts";
import { PROVINCE_CAPITALS } from "./province-capitals.ts";

test("province-capitals.ts is what the script makes of ubigeo_provincia.csv", () => {
  const csv = readFileSync(new URL("../../reference/geo/ubigeo_provincia.csv", import.meta.url));
  const expected = provinceCapitals(csv.toString("utf8"));
  assert.equal(expected.length, 196);
  assert.deepEqual(PROVINCE_CAPITALS, expected, "run scripts/build-province-capitals.ts");
});

test("every capital lies inside Peru's bounding box", () => {
  for (const p of PROVINCE_CAPITALS) {
    assert.ok(p.lat < 0.1 && p.lat > -18.5, `${p.code} lat ${p.lat}`);
    assert.ok(p.lon < -68.5 && p.lon > -81.5, `${p.code} lon ${p.lon}`);
  }
  assert.equal(new Set(PROVINCE_CAPITALS.map((p) => p.code)).size, 196);
});
