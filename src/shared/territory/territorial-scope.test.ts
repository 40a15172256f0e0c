import assert from "node:assert/strict";
import { test } from "node:test";
import { canSeePolicy, scopeCovers } from "./territorial-scope.ts";

test("a scope covers its own territory and what lies inside it, nothing else", () => {
  assert.equal(scopeCovers("21", "21"), true);
  assert.equal(scopeCovers("21", "2101"), true);
  assert.equal(scopeCovers("21", "210101"), true);
  assert.equal(scopeCovers("2101", "21"), false, "a province does not cover its department");
  assert.equal(scopeCovers("2101", "2102"), false);
  assert.equal(scopeCovers("21", "08"), false);
  assert.equal(scopeCovers("2", "21"), true, "prefix rule (codes are validated as 2/4/6 digits)");
});

test("national policies and national accounts are not narrowed", () => {
  assert.equal(canSeePolicy("21", null), true);
  assert.equal(canSeePolicy(null, "08"), true);
  assert.equal(canSeePolicy(undefined, "08"), true);
  assert.equal(canSeePolicy("21", "08"), false);
  assert.equal(canSeePolicy("210101", "21"), false);
});
