import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { systemActor } from "../../shared/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getDashboard } from "../features/dashboard/dashboard.service.ts";
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

  /** A value of 2024 submitted, as data entry writes it (copied from a seeded 2023 value). */
  async function submit2024(db: typeof t.db, value: number): Promise<number> {
    const row = await sql<{ id: number }>`
      INSERT INTO measurement (indicator_id, indicator_version_id, year, period, revision, value,
        reporting_entity_id, reported_for_entity_id, status, position, created_by, submitted_at)
      SELECT m.indicator_id, m.indicator_version_id, 2024, 'ANUAL',
        COALESCE((SELECT max(n.revision) FROM measurement n
          WHERE n.indicator_id = m.indicator_id AND n.year = 2024 AND n.period = 'ANUAL'), 0) + 1,
        ${value}, m.reporting_entity_id, m.reported_for_entity_id, 'enviado', 0, 'test', now()
      FROM measurement m JOIN indicator i ON i.id = m.indicator_id
      WHERE i.code = '1.1' AND m.year = 2023 AND m.period = 'ANUAL'
      ORDER BY m.revision DESC LIMIT 1
      RETURNING id`.execute(db);
    const id = row.rows[0]?.id;
    assert.ok(id, "a seeded 2023 value of indicator 1.1 to copy");
    return id;
  }
  const validate = (db: typeof t.db, id: number) =>
    sql`UPDATE measurement SET status = 'validado', validated_at = now() WHERE id = ${id}`.execute(
      db,
    );
  const shown = (e: Awaited<ReturnType<typeof evaluatePolicyYear>>) =>
    e.indicators.find((i) => i.code === "1.1")?.value;

  test("a value's write moves its policy-year's version and the policy's, not the catalogue's", async () => {
    const scopes = [
      "policy",
      "catalogue",
      "values:pntp",
      "values:pntp:2023",
      "values:pntp:2024",
      "parts:pntp:2023",
      "parts:pntp:2024",
    ] as const;
    const read = async () => {
      const v = await Promise.all(scopes.map((s) => readDataVersion(t.db, s)));
      return Object.fromEntries(scopes.map((s, i) => [s, v[i] ?? 0])) as Record<
        (typeof scopes)[number],
        number
      >;
    };
    const before = await read();
    await validate(t.db, await submit2024(t.db, 41));
    // Two commits (the value sent, then validated); neither wrote a district row.
    assert.deepEqual(await read(), {
      ...before,
      policy: before.policy + 2,
      "values:pntp": before["values:pntp"] + 2,
      "values:pntp:2024": before["values:pntp:2024"] + 2,
    });
    // District rows name their measurement: they move its year, and its district totals.
    const mid = await read();
    await sql`UPDATE measurement_disaggregation SET value = value
      WHERE measurement_id IN (SELECT id FROM measurement WHERE year = 2023)`.execute(t.db);
    assert.deepEqual(await read(), {
      ...mid,
      policy: mid.policy + 1,
      "values:pntp": mid["values:pntp"] + 1,
      "values:pntp:2023": mid["values:pntp:2023"] + 1,
      "parts:pntp:2023": mid["parts:pntp:2023"] + 1,
    });
    await sql`UPDATE meta SET value = value WHERE year = 2023`.execute(t.db);
    assert.equal((await read()).catalogue, mid.catalogue + 1, "a meta moves the catalogue");
  });

  test("a validation in 2024 recomputes 2024 and 2025, not 2023; a catalogue change recomputes 2023", async () => {
    const of = (year: number) => evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year });
    const [e2023, e2024, e2025] = [await of(2023), await of(2024), await of(2025)];
    const id = await submit2024(t.db, 42.5);
    // Submitted only: the validated evaluation reads it not, but its year's version moved.
    assert.notEqual(await of(2024), e2024);
    await validate(t.db, id);
    const [a2023, a2024, a2025] = [await of(2023), await of(2024), await of(2025)];
    assert.equal(a2023, e2023, "2023 is not recomputed: the same object");
    assert.equal(shown(a2024), 42.5, "2024 shows the validated value");
    assert.notEqual(a2025, e2025, "2025 reads 2024 as its previous year");
    // A catalogue change: a meta of another year, a ficha's name; every year reads the catalogue.
    await sql`UPDATE indicator SET code = code WHERE code = '1.1'`.execute(t.db);
    assert.notEqual(await of(2023), a2023, "a catalogue change recomputes 2023");
    const m = await sql<{ v: number }>`SELECT value::float8 AS v FROM meta m
      JOIN indicator i ON i.id = m.indicator_id WHERE i.code = '1.1' AND m.year = 2023
      ORDER BY m.revision DESC LIMIT 1`.execute(t.db);
    if (m.rows[0]) {
      const before = (await of(2023)).indicators.find((i) => i.code === "1.1")?.tipo1;
      await sql`UPDATE meta SET value = value * 10 FROM indicator i
        WHERE i.id = meta.indicator_id AND i.code = '1.1' AND meta.year = 2023`.execute(t.db);
      assert.notEqual(
        (await of(2023)).indicators.find((i) => i.code === "1.1")?.tipo1,
        before,
        "the new meta is shown",
      );
      await sql`UPDATE meta SET value = value / 10 FROM indicator i
        WHERE i.id = meta.indicator_id AND i.code = '1.1' AND meta.year = 2023`.execute(t.db);
    }
  });

  test("the dashboard after a validation in 2024 shows it, with 2023's evaluation reused", async () => {
    const dashboard = (year: number) =>
      getDashboard(t.db, actor, { policyCode: "pntp", year, preview: false });
    const d2023 = await dashboard(2023);
    const d2024 = await dashboard(2024);
    await validate(t.db, await submit2024(t.db, 43.5));
    const n2023 = await dashboard(2023);
    assert.notEqual(n2023, d2023, "its trend shows 2024: recomputed");
    assert.equal(n2023.evaluation, d2023.evaluation, "from 2023's cached evaluation");
    const n2024 = await dashboard(2024);
    assert.equal(shown(n2024.evaluation), 43.5);
    assert.deepEqual(
      n2023.trend.filter((p) => p.year === 2024).map((p) => [p.objective, p.tipo1, p.tipo2]),
      n2024.evaluation.objectives.map((o) => [o.code, o.tipo1, o.tipo2]),
      "2023's trend has 2024 as it is now",
    );
    assert.notEqual(n2024.reporting, d2024.reporting, "2024's reporting status read again");
    assert.equal(n2023.reporting, d2023.reporting, "2023's reporting status reused");
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

  test("another pool's validation is heard by its year's scope: that year recomputed, the year before not (PostgreSQL)", async (ctx) => {
    if (t.backend !== "postgres") {
      ctx.skip("PGlite has one connection: another process cannot write while this one runs");
      return;
    }
    const other = await openDatabase(t.config);
    try {
      const of = (year: number) => evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year });
      const id = await submit2024(other.db, 44.5);
      await of(2023);
      await of(2024);
      const [e2023, e2024] = [await of(2023), await of(2024)];
      const listener = versionListenerOf(t.db);
      assert.ok(listener);
      const queries = versionReadStats(t.db).queries;
      const before = await readDataVersion(t.db, "values:pntp:2024");
      await validate(other.db, id);
      // The commit announces several scopes: wait until the year's own is in (the wait is cut
      // short now and then, as one may come in between the check and the wait).
      while ((await readDataVersion(t.db, "values:pntp:2024")) <= before)
        await Promise.race([listener.nextNotification(), new Promise((r) => setTimeout(r, 20))]);
      assert.equal(await of(2023), e2023, "2023 kept");
      assert.equal(versionReadStats(t.db).queries, queries, "heard, not asked");
      assert.equal(shown(await of(2024)), 44.5, "2024 recomputed with the value");
      assert.notEqual(await of(2024), e2024);
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
