import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { authContract } from "../shared/contracts/auth.contract.ts";
import { catalogueContract } from "../shared/contracts/catalogue.contract.ts";
import type { Contract } from "../shared/contracts/contract.ts";
import { dataEntryContract } from "../shared/contracts/data-entry.contract.ts";
import { usersContract } from "../shared/contracts/users.contract.ts";
import { ApiError } from "./api-client.ts";
import { createQueryClient, keysStaleAfter, markStale, shouldRetry } from "./queries.ts";

describe("web cache rules (queries.ts)", () => {
  test("a read is retried only when the failure may pass, twice at most", () => {
    const network = new ApiError(0, "network", "network");
    const server = new ApiError(503, "http_503", "");
    assert.equal(shouldRetry(0, network), true);
    assert.equal(shouldRetry(1, server), true);
    assert.equal(shouldRetry(2, server), false, "three tries in all");
    for (const status of [400, 401, 403, 404, 409, 422, 429])
      assert.equal(shouldRetry(0, new ApiError(status, `http_${status}`, "")), false, `${status}`);
    assert.equal(shouldRetry(0, new ApiError(200, "bad_response", "")), false, "a contract drift");
    assert.equal(shouldRetry(0, new TypeError("bug")), false);
  });

  test("changes are never retried", () => {
    const client = createQueryClient();
    assert.equal(client.getDefaultOptions().mutations?.retry, false);
  });

  test("validating a value makes the Tablero, the review queue and the tasks stale", async () => {
    const client = createQueryClient();
    const seed = (key: unknown[]) => client.setQueryData(key, { seeded: true });
    const dashboard = ["dashboard", "pntp", 2024, false];
    const queue = ["measurements", "pntp", { status: "enviado" }];
    const tasks = ["tasks", "pntp"];
    const users = ["users"];
    const budget = ["budget", "summary", "pntp", 2024];
    for (const key of [dashboard, queue, tasks, users, budget]) seed(key);

    await markStale(client, dataEntryContract.validate);
    const invalidated = (key: unknown[]) => client.getQueryState(key)?.isInvalidated;
    assert.equal(invalidated(dashboard), true);
    assert.equal(invalidated(queue), true);
    assert.equal(invalidated(tasks), true);
    assert.equal(invalidated(users), false, "accounts did not change");
    assert.equal(invalidated(budget), false, "the budget did not change");
  });

  test("every change the web app can make is listed; reads and sign-in are not", () => {
    const groups = [dataEntryContract, catalogueContract, usersContract];
    for (const group of groups)
      for (const [name, contract] of Object.entries(group as Record<string, Contract>)) {
        const keys = keysStaleAfter(contract);
        if (contract.method === "get") assert.equal(keys, null, `${name} is a read`);
        else assert.ok(keys && keys.length > 0, `${name} makes something stale`);
      }
    // Signing in or out empties the whole cache instead (session.tsx).
    assert.deepEqual(keysStaleAfter(authContract.login), []);
  });

  test("a change nobody listed makes everything stale", async () => {
    const client = createQueryClient();
    client.setQueryData(["users"], []);
    const unlisted: Contract = {
      method: "post",
      path: "/api/new-thing",
      summary: "",
      tags: [],
      access: "signed-in",
    };
    assert.equal(keysStaleAfter(unlisted), null);
    await markStale(client, unlisted);
    assert.equal(client.getQueryState(["users"])?.isInvalidated, true);
  });
});
