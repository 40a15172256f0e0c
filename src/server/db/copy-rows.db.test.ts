import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase } from "../../../test/support/test-db.ts";
import { copyRows } from "./copy-rows.ts";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => {
  t = await createTestDatabase();
  await sql`CREATE TABLE copy_probe (id int PRIMARY KEY, label text, amount bigint)`.execute(t.db);
});
after(async () => {
  await t.dispose();
});

const rows = async () =>
  (
    await sql<{ id: number; label: string | null; amount: number | null }>`
      SELECT id, label, amount FROM copy_probe ORDER BY id`.execute(t.db)
  ).rows;

test("copyRows writes text exactly: quotes, separators, line breaks, accents, empty vs NULL", async () => {
  const written: [number, string | null, number | null][] = [
    [1, 'dice "trata" y, además, «explotación»', 12_345_678_901],
    [2, "dos\nlíneas\r\ny una coma,", 0],
    [3, "", null],
    [4, null, 7],
    [5, "\\N barra invertida \\", 1],
  ];
  await copyRows(t.db, "copy_probe", ["id", "label", "amount"], written);
  assert.deepEqual(
    (await rows()).map((r) => [r.id, r.label, r.amount === null ? null : Number(r.amount)]),
    written,
  );
});

test("copyRows belongs to the caller's transaction: a rollback takes its rows away", async () => {
  const before = (await rows()).length;
  await assert.rejects(
    t.db.transaction().execute(async (tx) => {
      await copyRows(tx, "copy_probe", ["id", "label", "amount"], [[100, "x", 1]]);
      const inside = await sql<{ n: number }>`SELECT count(*)::int AS n FROM copy_probe`.execute(
        tx,
      );
      assert.equal(inside.rows[0]?.n, before + 1, "visible inside the transaction");
      throw new Error("rollback");
    }),
    /rollback/,
  );
  assert.equal((await rows()).length, before);
});

test("a row the table refuses fails the whole COPY with the database's message", async () => {
  const before = (await rows()).length;
  await assert.rejects(
    copyRows(
      t.db,
      "copy_probe",
      ["id", "label", "amount"],
      [
        [200, "ok", 1],
        [1, "clave repetida", 1],
      ],
    ),
    /duplicate key|llave duplicada/,
  );
  assert.equal((await rows()).length, before);
});
