import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { systemActor } from "../../shared/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { evaluatePolicyYear } from "../features/evaluation/evaluation.service.ts";
import { openDatabase } from "./connect.ts";
import { cachedRead, readDataVersion, versionReadStats } from "./read-cache.ts";
import { versionListenerOf } from "./version-listener.ts";

const actor = systemActor("test");

describe("data versions and the read cache (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  test("a committed transaction moves its scope's version once, however many statements", async () => {
    const before = await readDataVersion(t.db, "policy");
    const access = await readDataVersion(t.db, "access");
    await t.db.transaction().execute(async (tx) => {
      await sql`UPDATE meta SET value = value WHERE year = 2023`.execute(tx);
      await sql`UPDATE meta SET value = value WHERE year = 2024`.execute(tx);
      await sql`UPDATE indicator SET code = code`.execute(tx);
    });
    assert.equal(await readDataVersion(t.db, "policy"), before + 1);
    assert.equal(await readDataVersion(t.db, "access"), access, "other scope untouched");
  });

  test("a rolled-back transaction and untracked tables leave the version alone", async () => {
    const before = await readDataVersion(t.db, "policy");
    await assert.rejects(
      t.db.transaction().execute(async (tx) => {
        await sql`UPDATE meta SET value = value + 1 WHERE year = 2023`.execute(tx);
        throw new Error("abandon");
      }),
      /abandon/,
    );
    await recordAudit(t.db, actor, {
      action: "session.login_failed",
      objectType: "user",
      objectId: "0",
    });
    await sql`INSERT INTO login_attempt (email, succeeded) VALUES (${"x@example.pe"}, false)`.execute(
      t.db,
    );
    assert.equal(await readDataVersion(t.db, "policy"), before);
  });

  test("an evaluation is reused until the data changes, then recomputed", async () => {
    const input = { policyCode: "pntp", year: 2023 };
    const first = await evaluatePolicyYear(t.db, actor, input);
    assert.equal(
      await evaluatePolicyYear(t.db, actor, input),
      first,
      "same object while unchanged",
    );
    assert.ok(Object.isFrozen(first.indicators[0]), "shared values are read-only");
    // Raw SQL, as another process or a manual fix would do: no service is told.
    await sql`UPDATE meta SET value = value * 10 WHERE year = 2023`.execute(t.db);
    const second = await evaluatePolicyYear(t.db, actor, input);
    assert.notEqual(second, first);
    assert.notDeepEqual(
      second.indicators.map((i) => i.tipo1),
      first.indicators.map((i) => i.tipo1),
    );
    await sql`UPDATE meta SET value = value / 10 WHERE year = 2023`.execute(t.db);
    assert.deepEqual(
      (await evaluatePolicyYear(t.db, actor, input)).indicators.map((i) => i.tipo1),
      first.indicators.map((i) => i.tipo1),
    );
  });

  test("a failed computation is not cached", async () => {
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error("boom"));
    };
    await assert.rejects(cachedRead(t.db, "policy", "failing", failing), /boom/);
    await assert.rejects(cachedRead(t.db, "policy", "failing", failing), /boom/);
    assert.equal(calls, 2);
  });

  test("inside a transaction the cache is bypassed (the transaction sees its own writes)", async () => {
    const input = { policyCode: "pntp", year: 2023 };
    const outside = await evaluatePolicyYear(t.db, actor, input);
    await assert.rejects(
      t.db.transaction().execute(async (tx) => {
        await sql`UPDATE meta SET value = value * 10 WHERE year = 2023`.execute(tx);
        const inside = await evaluatePolicyYear(tx, actor, input);
        assert.notDeepEqual(
          inside.indicators.map((i) => i.tipo1),
          outside.indicators.map((i) => i.tipo1),
        );
        throw new Error("rollback");
      }),
      /rollback/,
    );
    assert.equal(await evaluatePolicyYear(t.db, actor, input), outside);
  });

  test("a change committed by another pool is seen once PostgreSQL announces it, with no query (PostgreSQL)", async (ctx) => {
    if (t.backend !== "postgres") {
      ctx.skip("PGlite has one connection: another process cannot write while this one runs");
      return;
    }
    const other = await openDatabase(t.config);
    try {
      const input = { policyCode: "pntp", year: 2023 };
      await evaluatePolicyYear(t.db, actor, input);
      // Twice: the second read finds this process idle and the listener up, so it asks nothing.
      const first = await evaluatePolicyYear(t.db, actor, input);
      const queries = versionReadStats(t.db).queries;
      assert.equal(await evaluatePolicyYear(t.db, actor, input), first);
      assert.equal(versionReadStats(t.db).queries, queries, "a cached read asks no version");
      const announced = versionListenerOf(t.db)?.nextNotification();
      assert.ok(announced, "a PostgreSQL handle listens for versions");
      await sql`UPDATE meta SET value = value * 10 WHERE year = 2023`.execute(other.db);
      await announced;
      const second = await evaluatePolicyYear(t.db, actor, input);
      assert.notDeepEqual(
        second.indicators.map((i) => i.tipo1),
        first.indicators.map((i) => i.tipo1),
      );
      assert.equal(
        versionReadStats(t.db).queries,
        queries,
        "the notification alone made the cached value stale",
      );
      await sql`UPDATE meta SET value = value / 10 WHERE year = 2023`.execute(other.db);
    } finally {
      await other.close();
    }
  });

  test("this process's own commit is seen at once, before any notification (PostgreSQL)", async (ctx) => {
    if (t.backend !== "postgres") {
      ctx.skip("PGlite: covered by the tests above");
      return;
    }
    const before = await readDataVersion(t.db, "policy");
    assert.equal(await readDataVersion(t.db, "policy"), before);
    await sql`UPDATE indicator SET code = code`.execute(t.db);
    // No waiting for the announcement: a statement of this process's pool forces a query.
    assert.equal(await readDataVersion(t.db, "policy"), before + 1);
  });

  test("with the listener down, another pool's change is seen at once, by the version query (PostgreSQL)", async (ctx) => {
    if (t.backend !== "postgres") {
      ctx.skip("PGlite has one connection: another process cannot write while this one runs");
      return;
    }
    const other = await openDatabase(t.config);
    try {
      const input = { policyCode: "pntp", year: 2023 };
      await evaluatePolicyYear(t.db, actor, input);
      const first = await evaluatePolicyYear(t.db, actor, input);
      const listener = versionListenerOf(t.db);
      const pid = listener?.pid();
      assert.ok(listener && pid);
      // As a restart or an administrator would: the listening backend is ended.
      await sql`SELECT pg_terminate_backend(${pid})`.execute(other.db);
      let spins = 0;
      while (listener.epoch() !== null && spins < 10_000) {
        await new Promise((r) => setImmediate(r));
        spins += 1;
      }
      assert.equal(listener.epoch(), null, "the listener noticed it was cut off");
      const queries = versionReadStats(t.db).queries;
      await sql`UPDATE meta SET value = value * 10 WHERE year = 2023`.execute(other.db);
      const second = await evaluatePolicyYear(t.db, actor, input);
      assert.notDeepEqual(
        second.indicators.map((i) => i.tipo1),
        first.indicators.map((i) => i.tipo1),
      );
      assert.ok(versionReadStats(t.db).queries > queries, "asked the database");
      await sql`UPDATE meta SET value = value / 10 WHERE year = 2023`.execute(other.db);
    } finally {
      await other.close();
    }
  });
});
