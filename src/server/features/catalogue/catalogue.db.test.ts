import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { buildSecondPolicyCatalogue } from "../../../../test/factories.ts";
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

  test("a failure inside the write rolls everything back, with a clean message", async () => {
    // Validation foresees every rule the schema has; a constraint added here stands for one it
    // does not, so the database refuses the file midway through the write.
    await sql`ALTER TABLE commitment ADD CONSTRAINT test_refuse CHECK (aspect <> 'RECHAZAR')`.execute(
      t.db,
    );
    try {
      const doc = pntp();
      const last = doc.commitments.at(-1);
      assert.ok(last);
      last.aspect = "RECHAZAR";
      await assert.rejects(
        importCatalogue(t.db, actor, { document: doc, replace: false }),
        (err: unknown) => {
          assert.ok(err instanceof DomainError, String(err));
          assert.equal(err.code, "invalid");
          assert.match(
            err.message,
            /^La base de datos rechazó el catálogo \(restricción test_refuse, tabla commitment, código 23514\)\. No se importó nada\.$/,
          );
          return true;
        },
      );
    } finally {
      await sql`ALTER TABLE commitment DROP CONSTRAINT test_refuse`.execute(t.db);
    }
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

describe("a second policy and the entities it shares with the PNTP (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let pntpBefore: string;
  const pntpExport = async () =>
    serializeCatalogue(await exportCatalogue(t.db, actor, { policyCode: "pntp" }));
  const sunafil = (cat: Catalogue) => cat.entities.findIndex((e) => e.code === "SUNAFIL");

  before(async () => {
    t = await createTestDatabase();
    const seeded = await seedBundledCatalogue(t.db, actor, { code: "pntp", replace: false });
    // The PNTP's own meta 3.2 for 2022 equals its baseline: accepted, and reported.
    const at = pntp().indicators.findIndex((i) => i.code === "3.2");
    assert.deepEqual(
      seeded.warnings.map((w) => w.path),
      [`indicators[${at}].metas[0].value`],
    );
    assert.deepEqual(seeded.entitiesChanged, []);
    pntpBefore = await pntpExport();
    assert.equal(pntpBefore, pntpText);
  });
  after(async () => {
    await t.dispose();
  });

  test("re-declaring SUNAFIL with another parent is refused, naming SUNAFIL and parent", async () => {
    const doc = buildSecondPolicyCatalogue({ sunafilParent: "MININTER" });
    const before = await counts(t.db);
    await assert.rejects(
      importCatalogue(t.db, actor, { document: doc, replace: false }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, "conflict");
        assert.match(err.message, /SUNAFIL \(parent\)/);
        assert.match(err.message, /No se importó nada/);
        assert.match(err.message, /--update-entities/);
        assert.deepEqual(err.issues, [
          {
            path: `entities[${sunafil(doc)}].parent`,
            message:
              'la entidad SUNAFIL, usada por la política pntp, tiene parent "MTPE"; el catálogo dice "MININTER"',
          },
        ]);
        return true;
      },
    );
    assert.deepEqual(await counts(t.db), before);
    assert.equal(await pntpExport(), pntpBefore);
  });

  test("every differing field is named: name and kind too", async () => {
    const doc = buildSecondPolicyCatalogue();
    const mtpe = doc.entities[0];
    assert.ok(mtpe);
    mtpe.name = "Ministerio de Trabajo";
    mtpe.kind = "otro";
    await assert.rejects(
      importCatalogue(t.db, actor, { document: doc, replace: false }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.match(err.message, /MTPE \(name, kind\)/);
        assert.deepEqual(
          err.issues.map((i) => i.path),
          ["entities[0].name", "entities[0].kind"],
        );
        return true;
      },
    );
    assert.equal(await pntpExport(), pntpBefore);
  });

  test("NUL in a name is a field error and writes nothing", async () => {
    const doc = buildSecondPolicyCatalogue();
    const e = doc.entities[1];
    assert.ok(e);
    e.name = "Superintendencia\u0000";
    const before = await counts(t.db);
    await assert.rejects(
      importCatalogue(t.db, actor, { document: doc, replace: false }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, "invalid");
        assert.deepEqual(err.issues, [
          {
            path: "entities[1].name",
            message: "carácter de control U+0000 no permitido en un texto de una línea",
          },
        ]);
        return true;
      },
    );
    assert.deepEqual(await counts(t.db), before);
  });

  test("a meta outside the horizon is an error; 1e400 is out of range", async () => {
    const doc = buildSecondPolicyCatalogue();
    const meta = doc.indicators[0]?.metas[0];
    assert.ok(meta);
    meta.year = 2031;
    const m = doc.indicators[0]?.measurements[0];
    assert.ok(m);
    m.value = 424242.5;
    const document = JSON.parse(JSON.stringify(doc).replace("424242.5", "1e400"));
    await assert.rejects(
      importCatalogue(t.db, actor, { document, replace: false }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.deepEqual(
          err.issues.map((i) => `${i.path}: ${i.message}`),
          [
            "indicators[0].measurements[0].value: número fuera de rango: supera el máximo representable (±1.8e308)",
          ],
        );
        return true;
      },
    );
    m.value = 6;
    await assert.rejects(
      importCatalogue(t.db, actor, { document: doc, replace: false }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.deepEqual(
          err.issues.map((i) => `${i.path}: ${i.message}`),
          [
            "indicators[0].metas[0].year: la meta 2031 está fuera de los años de la política (2024–2030)",
          ],
        );
        return true;
      },
    );
  });

  test("the same entities, unchanged, import without touching the PNTP; baseline = meta warns", async () => {
    const doc = buildSecondPolicyCatalogue();
    const meta = doc.indicators[0]?.metas[0];
    assert.ok(meta);
    meta.value = 5;
    const summary = await importCatalogue(t.db, actor, { document: doc, replace: false });
    assert.deepEqual(summary.entitiesChanged, []);
    assert.deepEqual(summary.warnings, [
      {
        path: "indicators[0].metas[0].value",
        message:
          "la meta 2025 (5) es igual a la línea de base de la ficha v1: el avance tipo 2 de ese año será ND",
      },
    ]);
    assert.equal(await pntpExport(), pntpBefore);
  });

  test("a new parent the PNTP does not list is refused even with updateEntities", async () => {
    const doc = buildSecondPolicyCatalogue({ sunafilParent: "MTPE-NUEVO" });
    doc.entities.push({
      code: "MTPE-NUEVO",
      name: "Otro ministerio",
      kind: "ministerio",
      parent: null,
    });
    await assert.rejects(
      importCatalogue(t.db, actor, { document: doc, replace: true, updateEntities: true }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.deepEqual(err.issues, [
          {
            path: `entities[${sunafil(doc)}].parent`,
            message:
              "la entidad SUNAFIL pasaría a depender de MTPE-NUEVO, que no figura entre las entidades de la política pntp",
          },
        ]);
        return true;
      },
    );
    assert.equal(await pntpExport(), pntpBefore);
  });

  test("the extremes of the double range are stored and exported exactly", async () => {
    const doc = buildSecondPolicyCatalogue();
    doc.policy.code = "pnextremos";
    // MTPE alone, as the PNTP has it: this test is about numbers, not shared entities.
    doc.entities = doc.entities.filter((e) => e.code === "MTPE");
    const ind = doc.indicators[0];
    const v = ind?.versions[0];
    const m = ind?.measurements[0];
    assert.ok(ind?.metas[0] && v?.baseline && m);
    v.responsibleEntity = "MTPE";
    m.reportingEntity = "MTPE";
    m.reportedForEntity = "MTPE";
    ind.metas[0].value = Number.MAX_VALUE;
    v.baseline.value = 1e21;
    m.value = 5e-324;
    m.numerator = -Number.MAX_VALUE;
    m.denominator = 0.30000000000000004;
    await importCatalogue(t.db, actor, { document: doc, replace: false });
    const exported = await exportCatalogue(t.db, actor, { policyCode: "pnextremos" });
    assert.equal(serializeCatalogue(exported), serializeCatalogue(doc));
  });

  test("with updateEntities the change is made, reported and audited", async () => {
    const doc = buildSecondPolicyCatalogue({ sunafilParent: "MININTER" });
    const summary = await importCatalogue(t.db, actor, {
      document: doc,
      replace: true,
      updateEntities: true,
    });
    const change = {
      code: "SUNAFIL",
      changes: [{ field: "parent", before: "MTPE", after: "MININTER" }],
      usedBy: ["pntp"],
    };
    assert.deepEqual(summary.entitiesChanged, [change]);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "after"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, "catalogue.replace");
    assert.deepEqual((audit.after as { entitiesChanged: unknown }).entitiesChanged, [change]);
    const after = await pntpExport();
    assert.notEqual(after, pntpBefore);
    const exported = JSON.parse(after) as Catalogue;
    assert.equal(exported.entities[sunafil(exported)]?.parent, "MININTER");
  });
});
