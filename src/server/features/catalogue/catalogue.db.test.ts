import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { serializeCatalogue } from "../../../shared/catalogue/serialize-catalogue.ts";
import type { Catalogue } from "../../../shared/schemas/catalogue.schema.ts";
import { DomainError } from "../../errors.ts";
import {
  BUNDLED_CATALOGUES,
  exportCatalogue,
  importCatalogue,
  seedBundledCatalogue,
} from "./catalogue.service.ts";

const actor = systemActor("test");
const pntpText = readFileSync(BUNDLED_CATALOGUES.pntp ?? "", "utf8");
const pntp = (): Catalogue => JSON.parse(pntpText);

async function counts(db: Awaited<ReturnType<typeof createTestDatabase>>["db"]) {
  const one = async (table: "policy" | "entity" | "indicator" | "measurement" | "auditEvent") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    policies: await one("policy"),
    entities: await one("entity"),
    indicators: await one("indicator"),
    measurements: await one("measurement"),
    audit: await one("auditEvent"),
  };
}

describe("catalogue import and export (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.dispose();
  });

  test("an invalid file names every bad field and changes nothing", async () => {
    const doc = pntp() as unknown as Record<string, unknown> & Catalogue;
    doc.indicators[0] = { ...doc.indicators[0], level: "nivel_raro" } as never;
    const meta = doc.indicators[3]?.metas[0];
    if (meta) (meta as { value: unknown }).value = "ochenta";
    (doc.services[2] as { lineamiento: string }).lineamiento = "9.9";
    await assert.rejects(
      importCatalogue(t.db, actor, { document: doc, replace: false }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        const paths = err.issues.map((i) => i.path);
        assert.ok(paths.includes("indicators[0].level"), paths.join(", "));
        assert.ok(paths.includes("indicators[3].metas[0].value"), paths.join(", "));
        assert.match(err.message, /no se importó nada/);
        return true;
      },
    );
    // Reference errors are reported once the shape is right.
    const refs = pntp();
    (refs.services[2] as { lineamiento: string }).lineamiento = "9.9";
    await assert.rejects(
      importCatalogue(t.db, actor, { document: refs, replace: false }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.deepEqual(
          err.issues.map((i) => i.path),
          ["services[2].lineamiento"],
        );
        assert.match(err.issues[0]?.message ?? "", /no existe/);
        return true;
      },
    );
    assert.deepEqual(await counts(t.db), {
      policies: 0,
      entities: 0,
      indicators: 0,
      measurements: 0,
      audit: 0,
    });
  });

  test("a failure inside the write rolls everything back", async () => {
    const doc = pntp();
    // Passes the schema and the reference checks; the database CHECK rejects it mid-import.
    const last = doc.services.at(-1);
    if (last) last.responsibility = [{ entity: "MIMP", fromYear: 2024, toYear: 2022, note: null }];
    await assert.rejects(importCatalogue(t.db, actor, { document: doc, replace: false }));
    assert.deepEqual(await counts(t.db), {
      policies: 0,
      entities: 0,
      indicators: 0,
      measurements: 0,
      audit: 0,
    });
  });

  test("the PNTP loads with its catalogue and an audit event", async () => {
    const summary = await seedBundledCatalogue(t.db, actor, { code: "pntp", replace: false });
    assert.deepEqual(summary.counts, {
      objectives: 3,
      lineamientos: 19,
      services: 42,
      indicators: 50,
      metas: summary.counts.metas,
      measurements: 100,
      commitments: 13,
    });
    const c = await counts(t.db);
    assert.equal(c.policies, 1);
    assert.equal(c.indicators, 50);
    assert.equal(c.audit, 1);
    const audit = await t.db.selectFrom("auditEvent").selectAll().executeTakeFirstOrThrow();
    assert.equal(audit.action, "catalogue.import");
    assert.equal(audit.actor, "system:test");
  });

  test("export gives back the imported file byte for byte", async () => {
    const exported = await exportCatalogue(t.db, actor, { policyCode: "pntp" });
    assert.equal(serializeCatalogue(exported), pntpText);
  });

  test("importing an existing policy needs replace, and replace keeps one copy", async () => {
    await assert.rejects(
      importCatalogue(t.db, actor, { document: pntp(), replace: false }),
      (err: unknown) => err instanceof DomainError && err.code === "conflict",
    );
    const summary = await importCatalogue(t.db, actor, { document: pntp(), replace: true });
    assert.equal(summary.replaced, true);
    const c = await counts(t.db);
    assert.equal(c.policies, 1);
    assert.equal(c.indicators, 50);
    assert.equal(c.audit, 2);
    const exported = await exportCatalogue(t.db, actor, { policyCode: "pntp" });
    assert.equal(serializeCatalogue(exported), pntpText);
  });

  test("exporting an unknown policy is a clear not-found", async () => {
    await assert.rejects(
      exportCatalogue(t.db, actor, { policyCode: "nada" }),
      (err: unknown) =>
        err instanceof DomainError && err.code === "not_found" && /nada/.test(err.message),
    );
  });
});
