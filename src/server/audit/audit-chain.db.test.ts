import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createCliSession } from "../../../test/support/cli-session.ts";
import { systemActor } from "../../shared/actor.ts";
import type { Database as Executor } from "../db/connect.ts";
import { anchorAuditChain, verifyAuditChain } from "./audit-chain.service.ts";
import { recordAudit } from "./record-audit.ts";

/** What a superuser can do: write to audit_event with its append-only trigger disabled. */
async function asSuperuserOn(db: Executor, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (tx) => {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`.execute(tx);
    await statement.execute(tx);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`.execute(tx);
  });
}

// The tamper-evident audit (migration 0021): what a superuser can do to audit_event with the
// append-only trigger disabled, and that `verify` names the first event it touched.
describe("audit chain (database)", () => {
  let s: Awaited<ReturnType<typeof createCliSession>>;
  const db = () => s.database.db;
  const actor = systemActor("prueba");

  const asSuperuser = (statement: ReturnType<typeof sql>) => asSuperuserOn(db(), statement);
  const ids = async () =>
    (await db().selectFrom("auditEvent").select("id").orderBy("id").execute()).map((r) =>
      String(r.id),
    );

  before(async () => {
    s = await createCliSession();
    // Writers in parallel: on PostgreSQL they contend for the chain head, on PGlite they queue.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db()
          .transaction()
          .execute(async (tx) => {
            await recordAudit(tx, actor, {
              action: "period.create",
              objectType: "period",
              objectId: String(i),
              after: { año: 2025, nota: `«evento» ${i} ñ 𝄞`, n: i / 3 },
            });
            await recordAudit(tx, actor, {
              action: "period.update",
              objectType: "period",
              objectId: String(i),
            });
          }),
      ),
    );
  });
  after(() => s.dispose());

  test("an untouched chain verifies, whatever the writers' interleaving, and a rolled-back write leaves no gap in it", async () => {
    await assert.rejects(
      db()
        .transaction()
        .execute(async (tx) => {
          await recordAudit(tx, actor, {
            action: "period.create",
            objectType: "period",
            objectId: "x",
          });
          throw new Error("rollback");
        }),
    );
    const v = await verifyAuditChain(db());
    assert.equal(v.broken, null);
    assert.equal(v.events, 24);
    const { stdout, code } = await s.vigia("audit", "verify");
    assert.equal(code, 0);
    assert.match(stdout, /Cadena de auditoría íntegra: 24 eventos/);
  });

  test("the day's anchor is recorded once and checked", async () => {
    const lines: string[] = [];
    const first = await anchorAuditChain(db(), (l) => lines.push(l));
    const second = await anchorAuditChain(db(), (l) => lines.push(l));
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(lines.length, 1, "one log line per day");
    assert.match(
      lines[0] as string,
      /^auditoría: ancla \d{4}-\d{2}-\d{2} evento \d+ hash [0-9a-f]{64}$/,
    );
    assert.equal((await verifyAuditChain(db())).anchorsChecked, 1);
  });

  test("a superuser rewriting the whole chain after an edit is caught by the anchor recorded before", async () => {
    const [, third] = await ids();
    // Edit the third event and recompute every hash from it with the database's own function,
    // then move the head: only the anchor (and its copy outside) still says otherwise.
    await asSuperuser(
      sql`UPDATE audit_event SET object_id = 'falsificado' WHERE id = ${third}::bigint`,
    );
    await asSuperuser(sql`
      DO $$
      DECLARE e record; previous text := NULL; digest text;
      BEGIN
        FOR e IN SELECT * FROM audit_event ORDER BY id LOOP
          digest := audit_event_digest(previous, e.id, e.at, e.actor, e.action, e.object_type,
            e.object_id, e.before, e.after, e.ip);
          UPDATE audit_event SET prev_hash = previous, hash = digest WHERE id = e.id;
          previous := digest;
        END LOOP;
        UPDATE audit_chain_head SET last_hash = previous;
      END $$`);
    const v = await verifyAuditChain(db());
    assert.equal(v.broken?.kind, "ancla");
    const { code, stderr } = await s.vigia("audit", "verify");
    assert.equal(code, 1);
    assert.match(stderr, /Cadena de auditoría rota\. El ancla .* registró otro hash/);
  });
});

describe("audit chain: edits, deletions and truncations (database)", () => {
  let s: Awaited<ReturnType<typeof createCliSession>>;
  const db = () => s.database.db;
  const actor = systemActor("prueba");
  const tamper = (statement: ReturnType<typeof sql>) => asSuperuserOn(db(), statement);
  const event = (n: number) =>
    db()
      .selectFrom("auditEvent")
      .select("id")
      .orderBy("id")
      .offset(n)
      .limit(1)
      .executeTakeFirstOrThrow()
      .then((r) => String(r.id));

  before(async () => {
    s = await createCliSession();
    for (let i = 0; i < 6; i++)
      await recordAudit(db(), actor, {
        action: "user.update",
        objectType: "user",
        objectId: String(i),
        after: { i },
      });
  });
  after(() => s.dispose());

  test("an edited event is named by its id; an external anchor with another hash is refused", async () => {
    const second = await event(1);
    const original = await db()
      .selectFrom("auditEvent")
      .select("after")
      .where("id", "=", Number(second))
      .executeTakeFirstOrThrow();
    await tamper(
      sql`UPDATE audit_event SET after = '{"i": 99}'::jsonb WHERE id = ${second}::bigint`,
    );
    const v = await verifyAuditChain(db());
    assert.deepEqual([v.broken?.kind, v.broken?.eventId], ["contenido", second]);
    await tamper(
      sql`UPDATE audit_event SET after = ${JSON.stringify(original.after)}::jsonb WHERE id = ${second}::bigint`,
    );
    assert.equal((await verifyAuditChain(db())).broken, null, "restored, it holds again");
    const bad = await s.vigia("audit", "verify", "--anchor", `${second}:${"0".repeat(64)}`);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ancla externa/);
    const usage = await s.vigia("audit", "verify", "--anchor", "3:xyz");
    assert.equal(usage.code, 2);
  });

  test("a deleted event breaks the link of the next one; a deleted last event, the head", async () => {
    const last = await event(5);
    await tamper(sql`DELETE FROM audit_event WHERE id = ${last}::bigint`);
    assert.equal((await verifyAuditChain(db())).broken?.kind, "cabeza");
    const third = await event(2);
    const fourth = await event(3);
    await tamper(sql`DELETE FROM audit_event WHERE id = ${third}::bigint`);
    const v = await verifyAuditChain(db());
    assert.deepEqual([v.broken?.kind, v.broken?.eventId], ["enlace", fourth]);
  });
});
