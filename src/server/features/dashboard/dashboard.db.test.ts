import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { signIn } from "../../../../test/factories.ts";
import type { ApiSession } from "../../../../test/support/api-session.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { type Dashboard, DashboardSchema } from "../../../shared/contracts/dashboard.contract.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";

// The Tablero's coverage, per-indicator trend and disaggregations, checked against figures the
// test derives from the stored rows by its own queries, after the seed's 2023 values are moved
// through every workflow state.
describe("Tablero: coverage, trends and disaggregations (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let reader: ApiSession;

  const dashboard = async (year: number): Promise<Dashboard> => {
    const res = await reader.request("GET", `/api/policies/pntp/dashboard?year=${year}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return DashboardSchema.parse(res.json);
  };

  /** The seed's 2023 annual value of an indicator (revision 1). */
  const value2023 = (code: string) =>
    t.db
      .selectFrom("measurement as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .selectAll("m")
      .where("i.code", "=", code)
      .where("m.year", "=", 2023)
      .where("m.period", "=", "ANUAL")
      .executeTakeFirstOrThrow();

  const setStatus = async (code: string, status: MeasurementStatus) => {
    const m = await value2023(code);
    await t.db.updateTable("measurement").set({ status }).where("id", "=", m.id).execute();
  };

  /**
   * Coverage by entity as the test reads it from the rows: each indicator with a version valid
   * in the year, its responsible entity, and whether any annual revision of that year was
   * sent, observed or validated (reported) or validated.
   */
  async function coverageFromRows(year: number) {
    const { rows } = await sql<{
      entity: string;
      reported: boolean;
      validated: boolean;
    }>`
      select e.code as entity,
        exists (select 1 from measurement m where m.indicator_id = i.id and m.year = ${year}
          and m.period = 'ANUAL' and m.status in ('enviado', 'observado', 'validado')) as reported,
        exists (select 1 from measurement m where m.indicator_id = i.id and m.year = ${year}
          and m.period = 'ANUAL' and m.status = 'validado') as validated
      from indicator i
      join policy p on p.id = i.policy_id and p.code = 'pntp'
      join indicator_version v on v.indicator_id = i.id
      join entity e on e.id = v.responsible_entity_id
      where v.valid_from <= ${year} and (v.valid_to is null or v.valid_to >= ${year})
        and v.version = (select max(w.version) from indicator_version w
          where w.indicator_id = i.id and w.valid_from <= ${year}
            and (w.valid_to is null or w.valid_to >= ${year}))`.execute(t.db);
    const byEntity = new Map<string, { indicators: number; reported: number; validated: number }>();
    for (const r of rows) {
      const e = byEntity.get(r.entity) ?? { indicators: 0, reported: 0, validated: 0 };
      byEntity.set(r.entity, e);
      e.indicators += 1;
      if (r.reported) e.reported += 1;
      if (r.validated) e.validated += 1;
    }
    return {
      indicators: rows.length,
      reported: rows.filter((r) => r.reported).length,
      validated: rows.filter((r) => r.validated).length,
      byEntity,
    };
  }

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    const app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    reader = (await signIn(app, t.db, "comision")).session;

    // 2023 through every state: sent, returned with observations, back to draft, removed, and
    // a validated value with a draft correction over it (still validated: the evaluation
    // reads revision 1).
    await setStatus("1.1", "enviado");
    await setStatus("2.1", "observado");
    await setStatus("3", "borrador");
    const removed = await value2023("4");
    await t.db.deleteFrom("measurement").where("id", "=", removed.id).execute();
    const corrected = await value2023("5");
    const { id: _id, createdAt: _at, ...copy } = corrected;
    await t.db
      .insertInto("measurement")
      .values({ ...copy, revision: 2, status: "borrador", value: 1, correctionReason: "prueba" })
      .execute();
    // Region parts by district: the Tablero sums them to their department.
    const byDistrict = await value2023("27");
    await t.db
      .insertInto("measurementDisaggregation")
      .values(
        [
          ["150101", 60],
          ["080101", 30],
          ["150132", 50],
        ].map(([category, value], n) => ({
          measurementId: byDistrict.id,
          dimension: "region" as const,
          category: String(category),
          label: null,
          value: Number(value),
          position: 10 + n,
        })),
      )
      .execute();
  });
  after(async () => {
    await t?.dispose();
  });

  test("coverage of the year and by entity matches the stored rows", async () => {
    const expected = await coverageFromRows(2023);
    const { coverage } = await dashboard(2023);
    assert.equal(coverage.year, 2023);
    assert.equal(coverage.indicators, expected.indicators);
    assert.equal(coverage.reported, expected.reported);
    assert.equal(coverage.validated, expected.validated);
    // The changes above are visible: two fewer reported (draft, removed), four fewer validated.
    assert.equal(coverage.reported, coverage.indicators - 2);
    assert.equal(coverage.validated, coverage.indicators - 4);
    assert.deepEqual(
      new Map(
        coverage.byEntity.map((e) => [
          e.entity,
          { indicators: e.indicators, reported: e.reported, validated: e.validated },
        ]),
      ),
      expected.byEntity,
    );
    for (const e of coverage.byEntity) assert.equal(e.pending, e.indicators - e.reported);
    // The line and the table agree.
    assert.equal(
      coverage.byEntity.reduce((n, e) => n + e.indicators, 0),
      coverage.indicators,
    );
  });

  test("a year with metas and no value has every indicator pending", async () => {
    const expected = await coverageFromRows(2024);
    const { coverage } = await dashboard(2024);
    assert.ok(expected.indicators > 0);
    assert.equal(coverage.indicators, expected.indicators);
    assert.equal(coverage.reported, 0);
    assert.equal(expected.reported, 0);
    assert.equal(
      coverage.byEntity.reduce((n, e) => n + e.pending, 0),
      coverage.indicators,
    );
  });

  test("each indicator's trend is its validated annual value per year", async () => {
    const { indicatorTrends, coverage } = await dashboard(2023);
    assert.equal(indicatorTrends.length, coverage.indicators);
    const validated = await t.db
      .selectFrom("measurement as m")
      .innerJoin("indicator as i", "i.id", "m.indicatorId")
      .select(["i.code", "m.year", "m.value"])
      .where("m.period", "=", "ANUAL")
      .where("m.status", "=", "validado")
      .execute();
    const storedValue = new Map(validated.map((v) => [`${v.code}:${v.year}`, v.value]));
    let compared = 0;
    for (const trend of indicatorTrends)
      for (const p of trend.points) {
        assert.equal(
          p.value,
          storedValue.get(`${trend.indicator}:${p.year}`) ?? null,
          trend.indicator,
        );
        compared += 1;
      }
    assert.ok(compared >= 2 * coverage.indicators, "at least 2022 and 2023 for each");
    // The draft correction of 5 is not its 2023 value; the sent value of 1.1 is not either.
    const point = (code: string, year: number) =>
      indicatorTrends.find((i) => i.indicator === code)?.points.find((p) => p.year === year);
    assert.equal(point("5", 2023)?.value, (await value2023("5")).value);
    assert.equal(point("1.1", 2023)?.value, null);
    assert.notEqual(point("1.1", 2022)?.value, null);
  });

  test("disaggregations are the stored parts, region summed to its department", async () => {
    const { disaggregations } = await dashboard(2023);
    const m = await value2023("27");
    const parts = await t.db
      .selectFrom("measurementDisaggregation")
      .selectAll()
      .where("measurementId", "=", m.id)
      .execute();
    const sexo = disaggregations.find((d) => d.indicator === "27" && d.dimension === "sexo");
    assert.deepEqual(
      sexo?.parts,
      parts
        .filter((p) => p.dimension === "sexo")
        .sort((a, b) => a.position - b.position)
        .map((p) => ({ category: p.category, value: p.value })),
    );
    const departments = new Map<string, number>();
    for (const p of parts.filter((x) => x.dimension === "region"))
      departments.set(
        p.category.slice(0, 2),
        (departments.get(p.category.slice(0, 2)) ?? 0) + p.value,
      );
    const region = disaggregations.find((d) => d.indicator === "27" && d.dimension === "region");
    assert.deepEqual(
      region?.parts,
      [...departments]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([category, value]) => ({
          category,
          value,
        })),
    );
    // Only indicators whose evaluated value has parts; a value in draft shows none.
    const withParts = await sql<{ code: string }>`
      select distinct i.code from measurement_disaggregation d
      join measurement m on m.id = d.measurement_id and m.year = 2023 and m.period = 'ANUAL'
        and m.status = 'validado'
      join indicator i on i.id = m.indicator_id`.execute(t.db);
    assert.deepEqual(
      [...new Set(disaggregations.map((d) => d.indicator))].sort(),
      withParts.rows.map((r) => r.code).sort(),
    );
    assert.ok(!disaggregations.some((d) => d.indicator === "3"), "3 is in draft");
  });
});
