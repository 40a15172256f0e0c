import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import type { Contract } from "../../shared/contracts/contract.ts";
import type { ApiRoute } from "./api-route.ts";
import { buildOpenApiDocument } from "./openapi.ts";

/** Every contract of src/shared/contracts, read from the folder so a new one is included. */
async function allContracts(): Promise<Contract[]> {
  const dir = new URL("../../shared/contracts/", import.meta.url);
  const found: Contract[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".contract.ts"))) {
    const module = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (!value || typeof value !== "object") continue;
      for (const c of Object.values(value as Record<string, unknown>)) {
        if (c && typeof c === "object" && "path" in c && "access" in c) found.push(c as Contract);
      }
    }
  }
  return found;
}

test("every public data route has an example; JSON examples satisfy their response schema", async () => {
  const contracts = await allContracts();
  const publicData = contracts.filter((c) => c.path.startsWith("/api/public/"));
  assert.ok(publicData.length >= 12, `only ${publicData.length} public routes`);
  for (const c of publicData) {
    assert.equal(c.access, "public", c.path);
    assert.notEqual(c.example, undefined, `${c.path} has no example`);
    if (c.response) {
      const parsed = c.response.safeParse(c.example);
      assert.ok(parsed.success, `${c.path}: ${JSON.stringify(parsed.error?.issues)}`);
    } else {
      assert.ok(c.files?.length, c.path);
    }
  }
  // The document carries them, and the 429 with Retry-After of the rate limit.
  const doc = buildOpenApiDocument(
    contracts.map((c) => ({ ...c, handle: async () => null }) as unknown as ApiRoute),
    "test",
  ) as unknown as {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content?: unknown; headers?: unknown }> }>
    >;
  };
  const semaforo = doc.paths["/api/public/veedurias/{code}"]?.get?.responses;
  assert.match(JSON.stringify(semaforo?.["200"]?.content), /"example":\{"policy"/);
  assert.match(JSON.stringify(semaforo?.["429"]?.headers), /Retry-After/);
  const csv = doc.paths["/api/public/datasets/{code}/{dataset}/{file}"]?.get?.responses["200"];
  assert.match(
    JSON.stringify(csv?.content),
    /"text\/csv; charset=utf-8":\{[^}]*\},"example":"anio,/,
  );
  // Private routes are not rate limited by this rule.
  assert.equal(doc.paths["/api/access-requests"]?.get?.responses["429"], undefined);
});
