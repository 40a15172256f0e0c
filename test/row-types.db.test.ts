import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import {
  describeStaleRowTypes,
  generateRowTypes,
  OUT_FILE,
  parseCheckList,
  ROOT,
  type SharedUnion,
} from "../scripts/row-types.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";

// The row types are generated from the migrations (ADR 0012). This suite runs on both backends,
// so on the server (npm run test:pg) it also shows that PostgreSQL and PGlite produce the same
// file.

const UNIT: SharedUnion = {
  type: "Unit",
  module: "src/shared/schemas/catalogue.schema.ts",
  values: ["porcentaje", "numero", "tasa", "razon"],
};

describe("row types", () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    // A schema of its own, so the probes never mix with the application's tables.
    await sql`CREATE SCHEMA probe`.execute(t.db);
    await sql`CREATE TABLE probe.reading (
      id serial PRIMARY KEY,
      unit text NOT NULL CHECK (unit IN ('porcentaje', 'numero')),
      state text CHECK (state IN ('abierto', 'cerrado')),
      stage text NOT NULL DEFAULT 'uno' CHECK (stage IN ('uno', 'dos', 'it''s')),
      note text,
      extra jsonb
    )`.execute(t.db);
  });
  after(() => t.dispose());

  test("the committed file is what the migrations generate", async () => {
    const committed = readFileSync(join(ROOT, OUT_FILE), "utf8");
    const generated = await generateRowTypes(t.db);
    assert.equal(generated, committed, "run `npm run db:types` and commit the file");
    // The point of generating: rows carry the shared unions.
    assert.match(committed, /^ {2}status: MeasurementStatus;$/m);
    assert.match(committed, /^ {2}unit: Unit;$/m);
    assert.match(committed, /^ {2}role: Role;$/m);
    assert.match(committed, /^ {2}nivel: Level \| null;$/m);
    assert.match(committed, /^ {2}format: "csv" \| "xlsx";$/m);
  });

  test("a shared union whose members differ from the column's CHECK list is refused", async () => {
    await assert.rejects(
      generateRowTypes(t.db, { schema: "probe", unions: { "reading.unit": UNIT }, jsonShapes: {} }),
      (err: Error) => {
        assert.match(err.message, /reading\.unit/);
        assert.match(err.message, /no coincide con Unit/);
        assert.match(err.message, /falta en la base: tasa, razon/);
        return true;
      },
    );
  });

  test("a CHECK'd column without a shared union carries its own list; null and defaults kept", async () => {
    const text = await generateRowTypes(t.db, {
      schema: "probe",
      unions: { "reading.unit": { ...UNIT, values: ["numero", "porcentaje"] } },
      jsonShapes: { "reading.extra": "string[]" },
    });
    assert.match(text, /^ {2}unit: Unit;$/m);
    assert.match(text, /^ {2}state: "abierto" \| "cerrado" \| null;$/m);
    assert.match(text, /^ {2}stage: Generated<"uno" \| "dos" \| "it's">;$/m);
    assert.match(text, /^ {2}note: string \| null;$/m);
    assert.match(text, /^ {2}extra: JsonText<string\[\]> \| null;$/m);
    assert.match(
      text,
      /^import type \{ Unit \} from "\.\.\/\.\.\/shared\/schemas\/catalogue\.schema\.ts";$/m,
    );
  });

  test("an entry for a column with no CHECK list, or no column at all, is refused", async () => {
    await assert.rejects(
      generateRowTypes(t.db, {
        schema: "probe",
        unions: { "reading.note": UNIT, "reading.gone": UNIT },
        jsonShapes: { "reading.state": "string[]" },
      }),
      (err: Error) => {
        assert.match(err.message, /reading\.note está tipada como Unit pero no tiene lista CHECK/);
        assert.match(err.message, /reading\.gone figura en scripts\/row-types\.ts pero no existe/);
        assert.match(err.message, /reading\.state figura en JSON_SHAPES pero es text, no jsonb/);
        return true;
      },
    );
  });

  test("the drift check names the differing lines of a stale file", async () => {
    // CI runs `npm run db:types -- --check` itself; this is the message it prints.
    const committed = readFileSync(join(ROOT, OUT_FILE), "utf8");
    const stale = committed.replace("  role: Role;", "  role: string;");
    const lines = describeStaleRowTypes(OUT_FILE, stale, await generateRowTypes(t.db));
    assert.match(lines[0] ?? "", /no corresponde a db\/migrations/);
    assert.ok(
      lines.some((l) => /^ {2}- \d+: {3}role: string;$/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => /^ {2}\+ \d+: {3}role: Role;$/.test(l)),
      lines.join("\n"),
    );
    assert.equal(lines.length, 4);
  });
});

describe("CHECK lists as PostgreSQL prints them", () => {
  test("a list of several values, one value, and quotes", () => {
    assert.deepEqual(
      parseCheckList("unit", "CHECK ((unit = ANY (ARRAY['porcentaje'::text, 'numero'::text])))"),
      ["porcentaje", "numero"],
    );
    assert.deepEqual(parseCheckList("kind", "CHECK ((kind = 'solo'::text))"), ["solo"]);
    assert.deepEqual(parseCheckList("s", "CHECK ((s = ANY (ARRAY['it''s'::text, 'b'::text])))"), [
      "it's",
      "b",
    ]);
  });

  test("any other check is not a list", () => {
    assert.equal(parseCheckList("version", "CHECK ((version > 0))"), null);
    assert.equal(parseCheckList("section", "CHECK ((section ~ '^[a-z_]{1,40}$'::text))"), null);
    assert.equal(
      parseCheckList("unit", "CHECK ((other = ANY (ARRAY['a'::text, 'b'::text])))"),
      null,
    );
  });
});
