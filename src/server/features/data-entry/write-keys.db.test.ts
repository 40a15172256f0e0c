import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { openPeriod } from "../periods/periods.service.ts";

type Json = Record<string, unknown>;
const body = (value: number, extra: Json = {}) => ({
  year: 2024,
  period: "ANUAL",
  value,
  numerator: null,
  denominator: null,
  ...extra,
});

/**
 * Idempotent measurement writes (issue 19): what an offline browser's queue sends again after a
 * lost answer must not write a second value, revision or history step.
 */
describe("idempotency keys on measurement writes (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let sunafil: ApiSession;
  let other: ApiSession;
  /** SUNAFIL's indicators to report for 2024 ANUAL, from its own task list. */
  let codes: string[] = [];
  const createPath = (code: string) => `/api/policies/pntp/indicators/${code}/measurements`;

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await openPeriod(t.db, systemActor("test"), {
      policyCode: "pntp",
      year: 2024,
      period: "ANUAL",
      opensOn: "2025-01-02",
      deadline: "2099-03-31",
    });
    const app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    sunafil = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    other = (await signIn(app, t.db, "punto_focal", { entities: ["SUNAFIL"] })).session;
    const tasks = await sunafil.request("GET", "/api/policies/pntp/tasks");
    codes = (tasks.json as unknown as { indicator: { code: string }; year: number }[])
      .filter((task) => task.year === 2024)
      .map((task) => task.indicator.code);
    assert.ok(codes.length >= 3, `SUNAFIL reports ${codes.join(", ")} in 2024`);
  });
  after(async () => {
    await t.dispose();
  });

  const counts = async () => ({
    values: Number(
      (
        await t.db
          .selectFrom("measurement")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    history: Number(
      (
        await t.db
          .selectFrom("measurementHistory")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  test("create, update and submit sent twice with their keys write once", async () => {
    const createKey = randomUUID();
    const first = await sunafil.request(
      "POST",
      createPath(codes[0] ?? ""),
      body(9, { idempotencyKey: createKey }),
    );
    assert.equal(first.status, 201, JSON.stringify(first.json));
    const id = first.json.id as number;
    const afterCreate = await counts();
    const again = await sunafil.request(
      "POST",
      createPath(codes[0] ?? ""),
      body(9, { idempotencyKey: createKey }),
    );
    assert.equal(again.status, 201, "the retry answers as the first request did");
    assert.equal(again.json.id, id, "the same value, not a second one");
    assert.deepEqual(await counts(), afterCreate);

    // Without the key the same request is a second create, refused as a value in progress.
    const unkeyed = await sunafil.request("POST", createPath(codes[0] ?? ""), body(9));
    assert.equal(unkeyed.status, 409);

    const updateKey = randomUUID();
    const lockVersion = first.json.lockVersion as number;
    const put = { ...body(9.5), lockVersion, idempotencyKey: updateKey };
    delete (put as Json).year;
    delete (put as Json).period;
    const updated = await sunafil.request("PUT", `/api/measurements/${id}`, put);
    assert.equal(updated.status, 200, JSON.stringify(updated.json));
    assert.equal(updated.json.value, 9.5);
    // The retry carries the old lockVersion: without the key it would be a 409 (stale).
    const updatedAgain = await sunafil.request("PUT", `/api/measurements/${id}`, put);
    assert.equal(updatedAgain.status, 200, JSON.stringify(updatedAgain.json));
    assert.equal(updatedAgain.json.lockVersion, updated.json.lockVersion);

    const submitKey = randomUUID();
    const submit = {
      lockVersion: updated.json.lockVersion,
      justification: null,
      idempotencyKey: submitKey,
    };
    const sent = await sunafil.request("POST", `/api/measurements/${id}/submit`, submit);
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const afterSubmit = await counts();
    const sentAgain = await sunafil.request("POST", `/api/measurements/${id}/submit`, submit);
    assert.equal(sentAgain.status, 200);
    assert.equal(sentAgain.json.status, "enviado");
    assert.deepEqual(await counts(), afterSubmit, "no second submit step in the history");

    const audit = await t.db
      .selectFrom("auditEvent")
      .select("action")
      .where("objectId", "=", String(id))
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), [
      "measurement.create",
      "measurement.submit",
      "measurement.update",
    ]);

    // A key reused for another action is a client's mistake, said as such.
    const reused = await sunafil.request("POST", `/api/measurements/${id}/submit`, {
      ...submit,
      idempotencyKey: createKey,
    });
    assert.equal(reused.status, 409);
    assert.equal((reused.json.error as Json).key, "measurement.keyReused");

    // Keys are per user: another person's identical key is a fresh request of its own.
    const foreign = await other.request("POST", `/api/measurements/${id}/submit`, submit);
    assert.equal(foreign.status, 409, "state enviado: a real second submit, refused");
    assert.equal((foreign.json.error as Json).key, "measurement.state");
  });

  test("a malformed key is refused naming the field", async () => {
    const res = await sunafil.request(
      "POST",
      createPath(codes[1] ?? ""),
      body(1, { idempotencyKey: "x" }),
    );
    assert.equal(res.status, 400);
    const issues = (res.json.error as { issues: { path: string }[] }).issues;
    assert.ok(
      issues.some((i) => i.path === "body.idempotencyKey"),
      JSON.stringify(issues),
    );
  });

  test("two racing requests with one key leave one value", async () => {
    const key = randomUUID();
    const path = createPath(codes[2] ?? "");
    const before = await counts();
    const [a, b] = await Promise.all([
      sunafil.request("POST", path, body(3, { idempotencyKey: key })),
      sunafil.request("POST", path, body(3, { idempotencyKey: key })),
    ]);
    assert.deepEqual([a.status, b.status], [201, 201], JSON.stringify([a.json, b.json]));
    assert.equal(a.json.id, b.json.id);
    assert.equal((await counts()).values, before.values + 1);
  });
});
