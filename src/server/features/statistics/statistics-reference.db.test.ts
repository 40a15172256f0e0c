import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { listStatisticsFigures, reconcileStatisticsYear } from "./statistics.service.ts";
import { importReferenceFigures, SEED_FIGURES_FILE } from "./statistics-reference.service.ts";

/**
 * The figures transcribed from the seeds, loaded as a newcomer loads them, reproduce what the
 * documents publish: the 2019 victims of three sources (002:326-342) side by side with their
 * causes, the totals the documents print, and seed 000's reconciliation backlog flagged.
 */
describe("reference figures transcribed from the seeds (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  const actor = systemActor("test");
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.dispose();
  });

  test("one call loads code lists, ubigeo and every figure; the published totals add up", async () => {
    const report = await importReferenceFigures(t.db, actor);
    assert.equal(report.outcome, "importado");
    assert.deepEqual(report.setup.length, 2);
    const file = JSON.parse(readFileSync(SEED_FIGURES_FILE, "utf8"));
    assert.equal(report.figuresNew, file.figures.length);
    assert.match(report.label, /^TRANSCRITO de los documentos semilla/);
    assert.deepEqual(
      report.checks.map((c) => [c.sum, c.total, c.ok]),
      [
        [765, 765, true],
        [1054, 1054, true],
        [454, 454, true],
        [1710, 1710, true],
        [4260, 4260, true],
        [5947, 5947, true],
        [173, 173, true],
      ],
    );
    const again = await importReferenceFigures(t.db, actor);
    assert.equal(again.outcome, "sin cambios");
    assert.equal(again.figuresUnchanged, file.figures.length);
  });

  test("every figure is labelled a transcription and cites its seed and lines", async () => {
    const figures = await listStatisticsFigures(t.db, actor, {});
    assert.ok(figures.length >= 80);
    for (const f of figures) {
      assert.equal(f.origin, "transcripcion");
      assert.match(f.provenance.location ?? "", /^00[0-4]:\d+/, `${f.source} ${f.concept}`);
      assert.match(f.provenance.document, /^Seed 00[0-4]: /);
      assert.match(f.note ?? "", /^«.+»/);
    }
    const training = figures.filter((f) => f.concept === "training_participant" && f.ubigeo);
    assert.deepEqual(training.map((f) => [f.ubigeo, f.value]).sort(), [
      ["04", 350],
      ["08", 370],
      ["18", 250],
      ["21", 420],
      ["23", 320],
    ]);
    assert.equal(training[0]?.period.label, "2021-01-01/2023-12-31");
    const derived = figures.find(
      (f) =>
        f.concept === "victim" && f.period.label === "2018" && f.dimensions.nationality === "EXT",
    );
    assert.equal(derived?.value, 219);
    assert.match(derived?.derivation ?? "", /DERIVADA: 454 − 235 = 219/);
  });

  test("2019: RETA 765, DIRCTPTIM 1,054 and the prosecutors' 476 side by side, with their causes and the unknown overlap", async () => {
    const r = await reconcileStatisticsYear(t.db, actor, { year: 2019 });
    assert.match(r.note, /TRANSCRITAS/);
    const victims = r.groups.find(
      (g) =>
        g.concept === "victim" &&
        g.ubigeo === null &&
        Object.values(g.dimensions).every((d) => d === null),
    );
    assert.ok(victims);
    assert.deepEqual(
      victims.entries.map((e) => [e.source, e.value, e.differenceFromMax, e.provenance]),
      [
        ["MP-FISTRAP", 476, -578, "002:336"],
        ["PNP-DIRCTPTIM", 1054, 0, "002:332-334"],
        ["PNP-RETA", 765, -289, "002:326-330"],
      ],
    );
    const causes = Object.fromEntries(
      victims.entries.map((e) => [e.source, e.causes.map((c) => `${c.cause} (${c.citation})`)]),
    );
    assert.deepEqual(causes, {
      "MP-FISTRAP": ["clasificacion (002:265-275)", "cobertura (002:263-265)"],
      "PNP-DIRCTPTIM": ["cobertura (002:162-166, 332-334)", "base_de_fecha (002:332-336)"],
      "PNP-RETA": ["cobertura (002:326-334)"],
    });
    assert.deepEqual(victims.deduplication, [
      {
        unit: "persona",
        sources: ["MP-FISTRAP", "PNP-DIRCTPTIM", "PNP-RETA"],
        sum: 2295,
        max: 1054,
        method: "desconocida",
        deduplicated: null,
        adjustment: null,
        basis:
          "«No estuvo claro en qué medida las estadísticas de víctimas de la policía nacional, DIRCTPTIM, y de los fiscales se superpusieron.»",
        citation: "002:338-342",
      },
    ]);
    // The RETA and DIRCTPTIM breakdowns are consistent with their totals: nothing incompatible.
    assert.equal(r.summary.incompatible, 0);
  });

  test("seed 000's backlog: complaints 2024 2,650 vs 669, convictions PJ 22 / INEI 63 / MININTER 69, MP's victims by service", async () => {
    const r2024 = await reconcileStatisticsYear(t.db, actor, { year: 2024 });
    const total = (concept: string) =>
      r2024.groups.find(
        (g) =>
          g.concept === concept &&
          g.ubigeo === null &&
          Object.values(g.dimensions).every((d) => d === null),
      );
    assert.deepEqual(
      total("complaint")?.entries.map((e) => [e.source, e.value]),
      [
        ["INEI", 669],
        ["MP-FISTRAP", 2650],
        ["MP-FISTRAP", 2650],
      ],
    );
    assert.deepEqual(
      total("conviction")?.entries.map((e) => [e.source, e.value]),
      [
        ["INEI", 63],
        ["PJ", 22],
      ],
    );
    const subset = r2024.flags.filter((f) => f.kind === "subconcepto_mayor");
    assert.equal(subset.length, 2, "69 upheld on appeal cannot be fewer than 22 or 63 convictions");
    const victims = total("victim");
    assert.deepEqual(
      victims?.entries.map((e) => [e.source, e.value]),
      [
        ["MP", 663],
        ["MP", 850],
        ["MP-FISTRAP", 663],
      ],
    );
    assert.ok(
      victims?.flags.some(
        (f) => f.kind === "misma_fuente_distinto_valor" && /663.*850/.test(f.message),
      ),
    );

    const r2025 = await reconcileStatisticsYear(t.db, actor, { year: 2025 });
    const victims2025 = r2025.groups.find(
      (g) => g.concept === "victim" && g.period.label === "2025" && g.dimensions.sex === null,
    );
    assert.deepEqual(
      victims2025?.entries.map((e) => [e.source, e.value]),
      [
        ["MININTER-OBS", 384],
        ["MP-FISTRAP", 2692],
      ],
    );
    const women = r2025.groups.filter((g) => g.concept === "victim" && g.dimensions.sex === "F");
    assert.deepEqual(
      women.map((g) => g.entries.map((e) => [e.source, e.value, e.unit])),
      [[["MININTER-OBS", 96.6, "porcentaje"]], [["MP-FISTRAP", 73.2, "porcentaje"]]],
    );
    const complaintsS1 = r2025.groups.find(
      (g) => g.concept === "complaint" && g.period.label === "2025-S1",
    );
    assert.deepEqual(
      complaintsS1?.entries.map((e) => [e.source, e.value]),
      [
        ["MP", 1687],
        ["MP-FISTRAP", 942],
      ],
    );
  });
});
