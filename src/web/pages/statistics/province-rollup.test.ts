import assert from "node:assert/strict";
import { test } from "node:test";
import { provinceCode, provinceValues } from "./province-rollup.ts";

test("provinceCode: provinces and districts roll up, departments and the country do not", () => {
  assert.equal(provinceCode("1501"), "1501");
  assert.equal(provinceCode("150101"), "1501");
  assert.equal(provinceCode("150100"), "1501");
  assert.equal(provinceCode("15"), null);
  assert.equal(provinceCode(null), null);
  assert.equal(provinceCode("15a1"), null);
});

test("a province's own figure wins over its districts; districts add up otherwise", () => {
  const values = provinceValues([
    { ubigeo: "1501", value: 40 },
    { ubigeo: "150101", value: 25 },
    { ubigeo: "150132", value: 10 },
    { ubigeo: "160101", value: 3 },
    { ubigeo: "160108", value: 4 },
    { ubigeo: "080100", value: 12 },
    { ubigeo: "15", value: 99 },
    { ubigeo: null, value: 500 },
  ]);
  assert.deepEqual(values, [
    { province: "0801", value: 12, districts: 0 },
    { province: "1501", value: 40, districts: 0 },
    { province: "1601", value: 7, districts: 2 },
  ]);
});
