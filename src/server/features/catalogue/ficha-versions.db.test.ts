import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { serializeCatalogue } from "../../../shared/catalogue/serialize-catalogue.ts";
import type { Catalogue } from "../../../shared/schemas/catalogue.schema.ts";
import { DomainError } from "../../errors.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { insertDeclaration } from "../valoracion/valoracion.repository.ts";
import { exportCatalogue, importCatalogue } from "./catalogue.service.ts";
import { createFichaVersion, listFichaVersions } from "./ficha-versions.service.ts";
import { listIndicatorsInForce } from "./indicators.repository.ts";
import { findPolicyId } from "./policy.repository.ts";

const actor = systemActor("test");

/** A revised ficha of 1.1 from 2025: another baseline and definition, same unit. */
const revision = {
  name: "Porcentaje de víctimas de trata rescatadas con atención integral",
  unit: "porcentaje" as const,
  direction: "ascendente" as const,
  isCumulative: false,
  numerator: "Víctimas rescatadas que reciben atención integral",
  denominator: "Víctimas rescatadas",
  dataSources: ["RETA-PNP", "Registro del MIMP"],
  baseline: { value: 6.9, year: 2023, source: null, isDerived: false, note: "Valor 2023" },
  validFrom: 2025,
  reason: "Revisión de la ficha técnica acordada con el MIMP en la evaluación 2024.",
};

const rejectsWith = (code: string, pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof DomainError, String(err));
  assert.equal(err.code, code);
  assert.match(err.message, pattern);
  return true;
};

describe("ficha técnica versions made in the app (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let policyId: number;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    policyId = (await findPolicyId(t.db, "pntp")) ?? 0;
  });
  after(async () => {
    await t.dispose();
  });

  test("a version from 2025 closes v1 at 2024, audited; 2023's evaluation does not move", async () => {
    const before2023 = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2023 });
    const rows = await createFichaVersion(t.db, actor, {
      policyCode: "pntp",
      indicatorCode: "1.1",
      ...revision,
    });
    assert.deepEqual(
      rows.map((v) => [v.version, v.validFrom, v.validTo, v.baseline?.value ?? null]),
      [
        [1, 2022, 2024, 7.2],
        [2, 2025, null, 6.9],
      ],
    );
    assert.equal(rows[1]?.reason, revision.reason);
    assert.equal(rows[1]?.createdBy, "system:test");
    assert.deepEqual(rows[0]?.reportedYears, [2022, 2023]);
    assert.deepEqual(
      await listFichaVersions(t.db, actor, { policyCode: "pntp", indicatorCode: "1.1" }),
      rows,
    );

    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "objectType", "before", "after"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, "ficha.version.create");
    assert.equal(audit.objectType, "indicator_version");
    assert.deepEqual(audit.before, { closed: [{ version: 1, validTo: null }] });
    assert.equal((audit.after as { reason: string }).reason, revision.reason);

    // Each year reads the ficha in force that year.
    const inForce = async (year: number) =>
      (await listIndicatorsInForce(t.db, policyId, year)).find((i) => i.code === "1.1");
    assert.deepEqual(
      [(await inForce(2024))?.version, (await inForce(2024))?.baselineValue],
      [1, 7.2],
    );
    assert.deepEqual(
      [(await inForce(2025))?.version, (await inForce(2025))?.baselineValue],
      [2, 6.9],
    );
    const after2023 = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2023 });
    assert.deepEqual(after2023, before2023);
    const ev2025 = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2025 });
    assert.equal(ev2025.indicators.find((i) => i.code === "1.1")?.name, revision.name);
  });

  test("a version not after the one in force, or over reported years, is refused", async () => {
    await assert.rejects(
      createFichaVersion(t.db, actor, { policyCode: "pntp", indicatorCode: "1.1", ...revision }),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, "invalid");
        assert.deepEqual(
          err.issues?.map((i) => i.path),
          ["validFrom"],
        );
        assert.match(err.message, /posterior a 2025/);
        return true;
      },
    );
    await assert.rejects(
      createFichaVersion(t.db, actor, {
        policyCode: "pntp",
        indicatorCode: "2.1",
        ...revision,
        validFrom: 2023,
      }),
      rejectsWith("conflict", /reportados para 2023/),
    );
    await assert.rejects(
      createFichaVersion(t.db, actor, { policyCode: "pntp", indicatorCode: "9.9", ...revision }),
      rejectsWith("not_found", /9\.9/),
    );
    const versions = await listFichaVersions(t.db, actor, {
      policyCode: "pntp",
      indicatorCode: "2.1",
    });
    assert.deepEqual(
      versions.map((v) => [v.version, v.validTo]),
      [[1, null]],
    );
  });

  test("export carries every version; export → import into a fresh database → export is exact", async () => {
    // Two declarations of criterion C2 for 2024 (the second in force), as the app writes them.
    for (const revision of [1, 2]) {
      await insertDeclaration(t.db, {
        policyId,
        year: 2024,
        criterionCode: "C2",
        revision,
        level: revision === 1 ? "INICIAL" : "INTERMEDIO",
        rationale: `Acta de la comisión multisectorial, revisión ${revision}.`,
        evidenceFileName: "acta.pdf",
        evidenceMediaType: "application/pdf",
        evidenceSizeBytes: 1234,
        evidenceSha256: "a".repeat(64),
        evidenceStorageKey: `valoracion/prueba-${revision}`,
        declaredBy: "user:7",
        declaredByLabel: "Administrador, MININTER",
        declaredByUserId: null,
      });
    }
    const first = serializeCatalogue(await exportCatalogue(t.db, actor, { policyCode: "pntp" }));
    const doc = JSON.parse(first) as Catalogue;
    const versions = doc.indicators.find((i) => i.code === "1.1")?.versions ?? [];
    assert.deepEqual(
      versions.map((v) => [v.version, v.validTo, v.author ?? null, v.reason]),
      [
        // The version that came with the catalogue file has no author in the file.
        [1, 2024, null, null],
        [2, null, "system:test", revision.reason],
      ],
    );
    assert.deepEqual(
      doc.valoracionDeclarations?.map((d) => [d.year, d.criterion, d.revision, d.level]),
      [
        [2024, "C2", 1, "INICIAL"],
        [2024, "C2", 2, "INTERMEDIO"],
      ],
    );
    // Declared at to the microsecond, so the database's time comes back unchanged.
    assert.match(doc.valoracionDeclarations?.[0]?.declaredAt ?? "", /\.\d{6}Z$/);
    const fresh = await createTestDatabase();
    try {
      // Imported by another account: the authors and declarations are the file's, not its.
      await importCatalogue(fresh.db, systemActor("otra"), { document: doc, replace: false });
      const second = serializeCatalogue(
        await exportCatalogue(fresh.db, actor, { policyCode: "pntp" }),
      );
      assert.equal(second, first);
      const freshPolicy = (await findPolicyId(fresh.db, "pntp")) ?? 0;
      const stored = await fresh.db
        .selectFrom("valoracionDeclaration")
        .select(["revision", "level", "declaredBy", "declaredAt"])
        .where("policyId", "=", freshPolicy)
        .orderBy("revision")
        .execute();
      const original = await t.db
        .selectFrom("valoracionDeclaration")
        .select(["revision", "level", "declaredBy", "declaredAt"])
        .where("policyId", "=", policyId)
        .orderBy("revision")
        .execute();
      assert.deepEqual(stored, original);
      // The evaluation reads the declaration in force from the imported rows too.
      const ev = await evaluatePolicyYear(fresh.db, actor, { policyCode: "pntp", year: 2024 });
      const before = await evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year: 2024 });
      assert.deepEqual(ev.valoracion, before.valoracion);
    } finally {
      await fresh.dispose();
    }
  });

  test("replace refuses to drop reported values the file lacks; --with-values saves them first", async () => {
    const stored = await exportCatalogue(t.db, actor, { policyCode: "pntp" });
    const text = serializeCatalogue(stored);
    // An old file without 1.1's values.
    const without = JSON.parse(text) as Catalogue;
    const ind = without.indicators.find((i) => i.code === "1.1");
    assert.ok(ind);
    ind.measurements = [];
    await assert.rejects(
      importCatalogue(t.db, actor, { document: without, replace: true }),
      rejectsWith(
        "conflict",
        /2 valores reportados que el catálogo no trae \(indicador 1\.1, 2022 ANUAL; indicador 1\.1, 2023 ANUAL\).*--with-values/,
      ),
    );
    assert.equal(
      serializeCatalogue(await exportCatalogue(t.db, actor, { policyCode: "pntp" })),
      text,
    );

    // The export itself carries every value: replacing with it is allowed and changes nothing.
    await importCatalogue(t.db, actor, { document: JSON.parse(text), replace: true });
    assert.equal(
      serializeCatalogue(await exportCatalogue(t.db, actor, { policyCode: "pntp" })),
      text,
    );

    // The safe path: the policy as stored is handed over before it is deleted.
    let saved: string | null = null;
    await importCatalogue(t.db, actor, {
      document: without,
      replace: true,
      exportExisting: async (existing) => {
        saved = serializeCatalogue(existing);
      },
    });
    assert.equal(saved, text);
    const now = await exportCatalogue(t.db, actor, { policyCode: "pntp" });
    assert.deepEqual(now.indicators.find((i) => i.code === "1.1")?.measurements, []);

    // A failing save undoes the replace.
    await assert.rejects(
      importCatalogue(t.db, actor, {
        document: JSON.parse(text),
        replace: true,
        exportExisting: async () => {
          throw new DomainError("invalid", "no se pudo escribir el archivo");
        },
      }),
      /no se pudo escribir/,
    );
    assert.deepEqual(
      (await exportCatalogue(t.db, actor, { policyCode: "pntp" })).indicators.find(
        (i) => i.code === "1.1",
      )?.measurements,
      [],
    );
  });
});
