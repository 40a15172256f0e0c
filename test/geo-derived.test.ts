import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { compressedSizes, DERIVED_DIR, deriveAll } from "../scripts/build-geo.ts";

// The maps' boundary files are checked in (ADR 0031): they must be what the script makes from
// reference/geo, so a change of source or threshold cannot ship without regenerating them.
test("reference/geo/derived is what scripts/build-geo.ts writes", () => {
  const expected = deriveAll();
  const onDisk = readdirSync(DERIVED_DIR).filter((f) => f.endsWith(".geojson"));
  assert.deepEqual(onDisk.sort(), [...expected.keys()].sort());
  for (const [path, body] of expected) {
    assert.equal(readFileSync(join(DERIVED_DIR, path), "utf8"), body, `${path} differs`);
  }
});

test("every derived file keeps its licence, codes of its department and stays small", () => {
  const files = deriveAll();
  assert.equal([...files.keys()].filter((k) => k.startsWith("provincias-")).length, 25);
  assert.equal([...files.keys()].filter((k) => k.startsWith("distritos-")).length, 25);
  let districts = 0;
  for (const [path, body] of files) {
    const department = path.slice(-10, -8);
    const geo = JSON.parse(body);
    assert.match(geo.license, /^MPL-2\.0/);
    for (const f of geo.features) {
      assert.equal(f.properties.code.slice(0, 2), department, `${path}: ${f.properties.code}`);
      if (path.startsWith("distritos-")) {
        assert.match(f.properties.code, /^\d{6}$/);
        assert.equal(f.properties.province, f.properties.code.slice(0, 4));
        districts++;
      } else assert.match(f.properties.code, /^\d{4}$/);
    }
    // A drill-down view is the department file plus one of these: 300 KB in all at most.
    assert.ok(compressedSizes(body).raw < 150_000, `${path} pesa ${body.length} bytes`);
  }
  // 1,834 districts in the source, 8 of them without geometry.
  assert.equal(districts, 1826);
});
