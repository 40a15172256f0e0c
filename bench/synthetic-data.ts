import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import type { Database } from "../src/server/db/connect.ts";
import { seedBundledCatalogue } from "../src/server/features/catalogue/catalogue.service.ts";
import { loadUbigeoReference } from "../src/server/features/territory/territory.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import { createPrng } from "../test/support/synthetic-mef.ts";

/**
 * National-scale synthetic data for the benchmarks: the PNTP catalogue, the ubigeo reference,
 * and one annual measurement per service indicator and year with a value per district.
 * Deterministic: the same options give the same values on every backend, so their results
 * can be compared row for row.
 */

const actor = systemActor("bench");

export interface SyntheticOptions {
  /** How many districts, taken in code order from the shipped reference. */
  districts: number;
  years: number[];
  seed: number;
  /** Disaggregation rows per INSERT. */
  batchSize: number;
}

export interface SyntheticSummary {
  districts: number;
  measurements: number;
  measurementsInserted: number;
  disaggregations: number;
  /** Sum of the generated district values per year, to check roll-ups against. */
  totalByYear: Map<number, number>;
  ms: { catalogue: number; reference: number; measurements: number; disaggregations: number };
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await f();
  return [result, performance.now() - start];
}

/**
 * One ANUAL measurement per service indicator and year. The seeded 2022/2023 ones are kept;
 * the others are validated copies of the indicator's latest seeded value, under the ficha
 * version in force that year.
 */
async function insertMissingMeasurements(db: Database, years: number[]): Promise<number> {
  const result = await sql`
    INSERT INTO measurement (indicator_id, indicator_version_id, year, period, revision, value,
      reporting_entity_id, reported_for_entity_id, status, note, position, created_by)
    SELECT i.id, v.id, y.year, 'ANUAL', 1,
      (SELECT s.value FROM measurement s
        WHERE s.indicator_id = i.id AND s.period = 'ANUAL' AND s.value IS NOT NULL
        ORDER BY s.year DESC, s.revision DESC LIMIT 1),
      v.responsible_entity_id, v.responsible_entity_id, 'validado', 'sintético (benchmark)', 0,
      ${actor.id}
    FROM indicator i
    JOIN policy p ON p.id = i.policy_id AND p.code = 'pntp'
    CROSS JOIN unnest(${years}::int[]) AS y(year)
    JOIN indicator_version v ON v.indicator_id = i.id AND v.valid_from <= y.year
      AND (v.valid_to IS NULL OR v.valid_to >= y.year)
    WHERE i.level = 'servicio'
      AND NOT EXISTS (SELECT 1 FROM indicator_version later
        WHERE later.indicator_id = i.id AND later.version > v.version
          AND later.valid_from <= y.year AND (later.valid_to IS NULL OR later.valid_to >= y.year))
      AND NOT EXISTS (SELECT 1 FROM measurement m
        WHERE m.indicator_id = i.id AND m.year = y.year AND m.period = 'ANUAL')
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The validated ANUAL measurement in force per service indicator and year, in a fixed order. */
async function listTargetMeasurements(db: Database, years: number[]) {
  const result = await sql<{ id: number; year: number }>`
    SELECT m.id, m.year FROM measurement m
    JOIN indicator i ON i.id = m.indicator_id
    JOIN policy p ON p.id = i.policy_id AND p.code = 'pntp'
    WHERE i.level = 'servicio' AND m.period = 'ANUAL' AND m.status = 'validado'
      AND m.year = ANY(${years}::int[])
      AND NOT EXISTS (SELECT 1 FROM measurement newer
        WHERE newer.indicator_id = m.indicator_id AND newer.year = m.year
          AND newer.period = 'ANUAL' AND newer.status = 'validado'
          AND newer.revision > m.revision)
    ORDER BY m.year, i.position
  `.execute(db);
  return result.rows;
}

export async function generateSyntheticData(
  db: Database,
  options: SyntheticOptions,
): Promise<SyntheticSummary> {
  const [, catalogueMs] = await timed(() =>
    seedBundledCatalogue(db, actor, { code: "pntp", replace: false }),
  );
  const [, referenceMs] = await timed(() => loadUbigeoReference(db, actor));
  const districts = (
    await db
      .selectFrom("ubigeo")
      .select("code")
      .where("level", "=", "distrito")
      .orderBy("code")
      .limit(options.districts)
      .execute()
  ).map((r) => r.code);

  const [[inserted, targets], measurementsMs] = await timed(async () => {
    const n = await insertMissingMeasurements(db, options.years);
    return [n, await listTargetMeasurements(db, options.years)] as const;
  });

  // Counts skewed towards small numbers, as cases per district are.
  const random = createPrng(options.seed);
  const totalByYear = new Map<number, number>();
  const [rows, disaggregationsMs] = await timed(async () => {
    let written = 0;
    for (const year of options.years) {
      const ids = targets.filter((t) => t.year === year).map((t) => t.id);
      // One transaction per year: a failed load leaves whole years, never half of one.
      await db.transaction().execute(async (tx) => {
        let measurementIds: number[] = [];
        let categories: string[] = [];
        let values: number[] = [];
        let positions: number[] = [];
        const flush = async () => {
          if (measurementIds.length === 0) return;
          // Four array parameters per batch instead of five per row: the statement stays
          // small and is parsed once per batch on both backends.
          await sql`
            INSERT INTO measurement_disaggregation (measurement_id, dimension, category, value, position)
            SELECT id, 'region', category, value, position
            FROM unnest(${measurementIds}::int[], ${categories}::text[], ${values}::numeric[],
              ${positions}::int[]) AS r(id, category, value, position)
          `.execute(tx);
          written += measurementIds.length;
          measurementIds = [];
          categories = [];
          values = [];
          positions = [];
        };
        let total = 0;
        for (const id of ids) {
          for (let d = 0; d < districts.length; d++) {
            const value = Math.floor(random() ** 3 * 60);
            total += value;
            measurementIds.push(id);
            categories.push(districts[d] as string);
            values.push(value);
            positions.push(d);
            if (measurementIds.length >= options.batchSize) await flush();
          }
        }
        await flush();
        totalByYear.set(year, total);
      });
    }
    return written;
  });

  return {
    districts: districts.length,
    measurements: targets.length,
    measurementsInserted: inserted,
    disaggregations: rows,
    totalByYear,
    ms: {
      catalogue: catalogueMs,
      reference: referenceMs,
      measurements: measurementsMs,
      disaggregations: disaggregationsMs,
    },
  };
}
