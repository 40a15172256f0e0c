import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { authContract } from "../shared/contracts/auth.contract.ts";
import { catalogueContract } from "../shared/contracts/catalogue.contract.ts";
import type { Contract } from "../shared/contracts/contract.ts";
import { ApiError, call, setMutationListener } from "./api-client.ts";

const realFetch = globalThis.fetch;
function answer(status: number, body: string) {
  globalThis.fetch = async () => new Response(status === 204 ? null : body, { status });
}

describe("api-client tells the cache of accepted changes", () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
    setMutationListener(null);
  });

  test("a change the server accepted is announced with its contract; a read is not", async () => {
    const heard: Contract[] = [];
    setMutationListener((contract) => heard.push(contract));
    answer(200, "[]");
    await call(catalogueContract.policies, {});
    assert.deepEqual(heard, [], "a GET changes nothing");
    answer(204, "");
    await call(authContract.logout, {});
    assert.deepEqual(heard, [authContract.logout]);
  });

  test("a refused change is not announced", async () => {
    const heard: Contract[] = [];
    setMutationListener((contract) => heard.push(contract));
    answer(403, JSON.stringify({ error: { code: "forbidden", message: "No" } }));
    await assert.rejects(call(authContract.logout, { quiet401: true }), ApiError);
    assert.deepEqual(heard, []);
  });
});
