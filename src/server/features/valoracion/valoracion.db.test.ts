import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { buildUser, minimalPdf } from "../../../../test/factories.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { DomainError } from "../../errors.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { buildEvaluationReportModel } from "../reports/evaluation/evaluation-model.service.ts";
import { valoracionTable } from "../reports/evaluation/result-tables.builder.ts";
import { declareValoracionLevel, listValoracionDeclarations } from "./valoracion.service.ts";

const actor = systemActor("test");
const store = createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-valoracion-")));
const pdf = { fileName: "acta-comision.pdf", bytes: minimalPdf("Acta de la Comisión") };

describe("valoración declared per year (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
  });
  after(async () => {
    await t.dispose();
  });

  const evaluate = (year: number) => evaluatePolicyYear(t.db, actor, { policyCode: "pntp", year });
  const criterion = async (year: number, code: string) =>
    (await evaluate(year)).valoracion.criteria.find((c) => c.code === code);

  test("computed and declared criteria are told apart; 2024 has no declared level yet", async () => {
    const ev = await evaluate(2024);
    assert.deepEqual(
      ev.valoracion.criteria.map((c) => [c.code, c.origin, c.declarable, c.level]),
      [
        ["C1", "calculado", false, "ND"],
        ["C2", "calculado", true, "ND"],
        ["C3", "declarado", true, "ND"],
      ],
    );
    assert.equal(ev.valoracion.total, "ND");
  });

  test("declaring C3 for 2024 stores, audits and reaches the evaluation; 2023 stays golden", async () => {
    const golden = await evaluate(2023);
    assert.deepEqual(
      golden.valoracion.criteria.map((c) => [c.level, c.score, c.origin]),
      [
        ["INICIAL", 4, "calculado"],
        ["INTERMEDIO", 8, "declarado"],
        ["AVANZADO", 6, "declarado"],
      ],
    );
    const user = await buildUser(t.db, "administrador");
    const admin = {
      id: `user:${user.id}`,
      kind: "user" as const,
      ip: null,
      user: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        role: "administrador" as const,
        entities: [],
      },
    };
    const row = await declareValoracionLevel(t.db, admin, {
      policyCode: "pntp",
      year: 2024,
      criterion: "C3",
      level: "AVANZADO",
      rationale: "El sistema de seguimiento registró los 50 indicadores en plazo.",
      file: pdf,
      store,
    });
    assert.deepEqual(
      [row.revision, row.inForce, row.level, row.declaredByLabel, row.evidence.fileName],
      [1, true, "AVANZADO", "administrador (entidad conductora)", "acta-comision.pdf"],
    );
    assert.equal(row.declaredByUser?.name, user.displayName);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "objectType", "objectId", "after"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [audit.action, audit.objectType, audit.objectId],
      ["valoracion.declare", "valoracion_declaration", String(row.id)],
    );
    assert.equal((audit.after as { level: string }).level, "AVANZADO");

    const c3 = await criterion(2024, "C3");
    assert.equal(c3?.level, "AVANZADO");
    assert.equal(c3?.origin, "declarado");
    assert.equal(c3?.declaration?.declaredBy, "administrador (entidad conductora)");
    assert.match(
      c3?.basis ?? "",
      /^Nivel declarado por administrador \(entidad conductora\) el \d{4}-\d{2}-\d{2}: El sistema/,
    );
    assert.deepEqual(await evaluate(2023), golden);

    // A second declaration is the next revision, in force; the first stays as history.
    await declareValoracionLevel(t.db, actor, {
      policyCode: "pntp",
      year: 2024,
      criterion: "C3",
      level: "INTERMEDIO",
      rationale: "Corrección: dos entidades reportaron fuera de plazo.",
      file: { fileName: "informe.pdf", bytes: minimalPdf("otro") },
      store,
    });
    const list = await listValoracionDeclarations(t.db, actor, { policyCode: "pntp", year: 2024 });
    assert.deepEqual(
      list.map((d) => [d.criterion, d.revision, d.level, d.inForce]),
      [
        ["C3", 1, "AVANZADO", false],
        ["C3", 2, "INTERMEDIO", true],
      ],
    );
    assert.equal((await criterion(2024, "C3"))?.level, "INTERMEDIO");
  });

  test("a computed criterion, an unknown one or a file that is not evidence is refused", async () => {
    const declare = (criterionCode: string, file = pdf) =>
      declareValoracionLevel(t.db, actor, {
        policyCode: "pntp",
        year: 2024,
        criterion: criterionCode,
        level: "AVANZADO",
        rationale: "Fundamento suficiente para la prueba.",
        file,
        store,
      });
    await assert.rejects(declare("C1"), (err: unknown) => {
      assert.ok(err instanceof DomainError);
      assert.match(err.message, /C1 .* se calcula/);
      assert.deepEqual(
        err.issues?.map((i) => i.path),
        ["criterion"],
      );
      return true;
    });
    await assert.rejects(declare("C9"), /No existe el criterio C9 \(criterios: C1, C2, C3\)/);
    await assert.rejects(
      declare("C2", { fileName: "nota.txt", bytes: new TextEncoder().encode("hola") }),
      (err: unknown) => err instanceof DomainError && err.code === "unsupported_media_type",
    );
    const list = await listValoracionDeclarations(t.db, actor, { policyCode: "pntp", year: 2024 });
    assert.equal(list.length, 2);
  });

  test("with 2024's values validated, 2024 gets a valoración; the Informe says which is which", async () => {
    // 2023's validated values again as 2024's, so the year has figures to compute from.
    await sql`
      INSERT INTO measurement (indicator_id, indicator_version_id, year, period, revision, value,
        numerator, denominator, reporting_entity_id, reported_for_entity_id, status, position,
        created_by)
      SELECT indicator_id, indicator_version_id, 2024, period, 1, value, numerator, denominator,
        reporting_entity_id, reported_for_entity_id, 'validado', position + 100000, 'system:test'
      FROM measurement WHERE year = 2023 AND status = 'validado'`.execute(t.db);
    const ev = await evaluate(2024);
    assert.deepEqual(
      ev.valoracion.criteria.map((c) => [c.code, c.origin, c.level === "ND"]),
      [
        ["C1", "calculado", false],
        ["C2", "calculado", false],
        ["C3", "declarado", false],
      ],
    );
    assert.equal(typeof ev.valoracion.total, "number");

    const model = await buildEvaluationReportModel(t.db, actor, { policyCode: "pntp", year: 2024 });
    const table = valoracionTable(model, true);
    const origin = table.columns.findIndex((c) => c.header === "Origen");
    const basis = table.columns.findIndex((c) => c.header === "Fundamento del nivel");
    assert.deepEqual(
      table.rows.slice(0, 3).map((r) => r[origin]?.text),
      ["Calculado", "Calculado", "Declarado"],
    );
    assert.match(
      table.rows[2]?.[basis]?.text ?? "",
      /Nivel declarado por system:test el .*Corrección/,
    );
  });
});
