import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildCatalogueJsonSchema } from "./catalogue-json-schema.ts";

test("docs/catalogue.schema.json is the schema generated from the zod catalogue schema", () => {
  const committed = readFileSync(
    join(import.meta.dirname, "../../../docs/catalogue.schema.json"),
    "utf8",
  );
  assert.equal(committed, buildCatalogueJsonSchema(), "run: npm run catalogue:schema");
});
