import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { strFromU8 } from "fflate";
import type { Highs } from "highs";
import { unzip } from "../../../../test/support/read-documents.ts";
import { createTestDatabase } from "../../../../test/support/test-db.ts";
import { systemActor } from "../../../shared/actor.ts";
import { PublicStatisticsSchema } from "../../../shared/contracts/statistics.contract.ts";
import { auditProtectedTable } from "../../../shared/disclosure/audit-table.ts";
import { type CountTable, toLinearTable } from "../../../shared/disclosure/count-table.ts";
import {
  DEFAULT_DISCLOSURE_K,
  DISCLOSURE_OUTPUTS,
} from "../../../shared/disclosure/disclosure-outputs.ts";
import { createDiskFileStore } from "../../files/file-store.ts";
import { createApp } from "../../http/app.ts";
import { configureDisclosureK } from "../../lib/disclosure-k.ts";
import { loadLpSolver } from "../../lib/lp-solver.ts";
import { publishEvaluation } from "../publication/publication.service.ts";
import { buildCongressReportModel } from "../reports/congress/congress-model.service.ts";
import { buildPublicationPackage } from "../reports/publication/publication-package.service.ts";
import type { TipAnswer } from "../reports/tip/tip-data-points.builder.ts";
import { buildTipModel } from "../reports/tip/tip-model.service.ts";
import { countTablesOf } from "../reports/tip/tip-tables.builder.ts";
import { RESERVED } from "../statistics/statistics-csv.builder.ts";
import { importStatisticsUpload } from "../statistics/statistics-import.service.ts";
import { protectPublicStatistics } from "../statistics/statistics-public.service.ts";
import { importReferenceFigures } from "../statistics/statistics-reference.service.ts";
import { listDisclosureLog } from "./disclosure.service.ts";

// Every public output that prints the register's counts, swept on the shipped reference figures
// and on a synthetic year of small cells: no published cell 0 < x < k, and the independent LP
// audit passes on every table (each suppressed sensitive cell's feasibility interval ≥ k wide).
const actor = systemActor("test");
const YEAR = 2023;

// 7 men among 100 victims; 4 minors among 60 arrests; three small departments among 80 cases
// (3 + 5 + 9: hidden together, each can be anything up to 17).
const SMALL_CELLS = [
  "anio,concepto,ubigeo,sexo,edad,valor,definicion",
  `${YEAR},victim,,,,100,Víctimas registradas`,
  `${YEAR},victim,,MUJER,,93,Víctimas mujeres`,
  `${YEAR},victim,,HOMBRE,,7,Víctimas hombres`,
  `${YEAR},arrest,,,,60,Detenidos`,
  `${YEAR},arrest,,,ADULTO,56,Detenidos adultos`,
  `${YEAR},arrest,,,NNA,4,Detenidos menores de edad`,
  `${YEAR},case,,,,80,Casos`,
  `${YEAR},case,04,,,3,Casos en Arequipa`,
  `${YEAR},case,08,,,5,Casos en Cusco`,
  `${YEAR},case,21,,,9,Casos en Puno`,
  `${YEAR},case,23,,,12,Casos en Tacna`,
  `${YEAR},case,15,,,51,Casos en Lima`,
].join("\n");

interface PublishedCellLike {
  key: string;
  value: number | null;
}

/**
 * The sweep's check of one published table against its original counts: every problem, in
 * Spanish, or none. Exported to the self-test below, which feeds it tables that are not protected.
 */
function problemsOf(
  label: string,
  original: CountTable,
  published: readonly PublishedCellLike[],
  k: number,
  solver: Highs,
): string[] {
  const problems: string[] = [];
  for (const c of published) {
    if (c.value !== null && c.value > 0 && c.value < k) {
      problems.push(`${label} ${c.key}: publica ${c.value} < k = ${k}`);
    }
  }
  const report = auditProtectedTable(
    original,
    {
      audience: "public",
      k,
      protectionWidth: k,
      cells: published.map((c) => ({
        key: c.key,
        value: c.value,
        suppressed: c.value === null,
        small: false,
      })),
    },
    { solver },
  );
  for (const p of report.problems) problems.push(`${label}: ${p}`);
  return problems;
}

/** A statistics table's original counts, from the internal output (which suppresses nothing). */
function hierarchyOf(cells: readonly { key: string; level: number; value: number | null }[]) {
  const [root, ...parts] = cells;
  assert.ok(root && root.level === 0 && root.value !== null);
  const table: CountTable = {
    kind: "hierarchy",
    root:
      parts.length === 0
        ? { key: root.key, value: root.value }
        : { key: root.key, parts: parts.map((p) => ({ key: p.key, value: p.value ?? -1 })) },
  };
  return table;
}

/** The CSV's rows grouped into tables: `tabla|unidad` → its cells in file order. */
function csvTables(text: string): Map<string, PublishedCellLike[]> {
  assert.notEqual(text.charCodeAt(0), 0xfeff, "UTF-8 sin BOM");
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  const tables = new Map<string, PublishedCellLike[]>();
  for (const r of rows) {
    const id = `${r.tabla}|${r.unidad}`;
    const v = r.valor ?? "";
    assert.ok(v === RESERVED || /^\d+$/.test(v), `${id} ${r.celda}: «${v}»`);
    const list = tables.get(id) ?? [];
    list.push({ key: r.celda ?? "", value: v === RESERVED ? null : Number(v) });
    tables.set(id, list);
  }
  return tables;
}

describe("every public output passes disclosure control (database)", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  let solver: Highs;
  let originals: Map<string, CountTable>;
  let originalsOfYear: Map<string, CountTable>;
  const k = DEFAULT_DISCLOSURE_K["portal/estadisticas"];

  before(async () => {
    t = await createTestDatabase({ seed: "pntp" });
    await importReferenceFigures(t.db, actor);
    await importStatisticsUpload(t.db, actor, {
      sourceCode: "PNP-RETA",
      fileName: `reta-${YEAR}.csv`,
      bytes: new TextEncoder().encode(SMALL_CELLS),
      dryRun: false,
    });
    app = createApp(t, {
      fileStore: createDiskFileStore(mkdtempSync(join(tmpdir(), "vigia-files-"))),
    });
    solver = await loadLpSolver();
    const internal = async (year?: number) => {
      const { tables } = await protectPublicStatistics(t.db, actor, {
        ...(year === undefined ? {} : { year }),
        output: "tablero/estadisticas",
      });
      return new Map(tables.map((x) => [`${x.code}|${x.unit}`, hierarchyOf(x.cells)]));
    };
    originals = await internal();
    originalsOfYear = await internal(YEAR);
  });
  after(async () => {
    configureDisclosureK(null);
    await t.dispose();
  });

  test("the sweep's check catches a table that is not protected", () => {
    const original: CountTable = {
      kind: "hierarchy",
      root: {
        key: "total",
        parts: [
          { key: "F", value: 93 },
          { key: "M", value: 7 },
        ],
      },
    };
    // Published as it is: the 7 shows.
    const shown = problemsOf(
      "t",
      original,
      [
        { key: "total", value: 100 },
        { key: "F", value: 93 },
        { key: "M", value: 7 },
      ],
      11,
      solver,
    );
    assert.ok(shown.some((p) => p.includes("publica 7")));
    // Only the small cell hidden: 100 − 93 gives it back, the audit says so.
    const recoverable = problemsOf(
      "t",
      original,
      [
        { key: "total", value: 100 },
        { key: "F", value: 93 },
        { key: "M", value: null },
      ],
      11,
      solver,
    );
    assert.equal(recoverable.length, 1);
    assert.match(recoverable[0] ?? "", /acotarse a \[7, 7\]/);
    // Protected: both parts hidden.
    assert.deepEqual(
      problemsOf(
        "t",
        original,
        [
          { key: "total", value: 100 },
          { key: "F", value: null },
          { key: "M", value: null },
        ],
        11,
        solver,
      ),
      [],
    );
  });

  test("the registry lists every output the code logs, public ones with k ≥ 11", () => {
    const codes = DISCLOSURE_OUTPUTS.map((o) => o.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const o of DISCLOSURE_OUTPUTS) {
      if (o.audience === "public") assert.ok(DEFAULT_DISCLOSURE_K[o.code] >= 11, o.code);
    }
  });

  test("public JSON: every table, reference figures and small cells", async () => {
    const res = await app.request("/api/public/statistics");
    assert.equal(res.status, 200);
    const published = PublicStatisticsSchema.parse(await res.json());
    assert.equal(published.tables.length, originals.size);
    const problems = published.tables.flatMap((table) => {
      const original = originals.get(`${table.code}|${table.unit}`);
      assert.ok(original, table.code);
      return problemsOf(`JSON ${table.code}`, original, table.cells, published.k, solver);
    });
    assert.deepEqual(problems, []);
    // The synthetic small cells are there, suppressed.
    const cases = published.tables.find((x) => x.code === `case/PNP-RETA/${YEAR}`);
    assert.ok(cases && cases.cells.filter((c) => c.value === null).length >= 3);
  });

  test("public CSV: the same tables and pattern as the JSON, each audited", async () => {
    const res = await app.request("/api/public/statistics.csv");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(res.headers.get("link") ?? "", /opendatacommons\.org.*rel="license"/);
    const tables = csvTables(await res.text());
    assert.equal(tables.size, originals.size);
    const json = PublicStatisticsSchema.parse(
      await (await app.request("/api/public/statistics")).json(),
    );
    for (const table of json.tables) {
      assert.deepEqual(
        tables.get(`${table.code}|${table.unit}`),
        table.cells.map((c) => ({ key: c.key, value: c.value })),
        table.code,
      );
    }
    const problems = [...tables].flatMap(([id, cells]) =>
      problemsOf(`CSV ${id}`, originals.get(id) as CountTable, cells, k, solver),
    );
    assert.deepEqual(problems, []);
    const log = await listDisclosureLog(t.db, actor, {
      outputCode: `datos-abiertos/estadisticas/victim/PNP-RETA/${YEAR}`,
    });
    assert.deepEqual(
      log.map((r) => [r.cellKey, r.rule, r.k]),
      [
        ["sex=F", "complementaria", 11],
        ["sex=M", "primaria", 11],
      ],
    );
  });

  test("publication package: datos/estadisticas.csv of the year, each table audited and logged", async () => {
    const zip = await buildPublicationPackage(t.db, actor, {
      policyCode: "pntp",
      year: YEAR,
      now: new Date("2026-11-20T15:00:00Z"),
    });
    const files = unzip(zip.bytes);
    const tables = csvTables(strFromU8(files.get("datos/estadisticas.csv") ?? new Uint8Array()));
    assert.equal(tables.size, originalsOfYear.size);
    const problems = [...tables].flatMap(([id, cells]) => {
      const original = originalsOfYear.get(id);
      assert.ok(original, id);
      return problemsOf(`paquete ${id}`, original, cells, k, solver);
    });
    assert.deepEqual(problems, []);
    const log = await listDisclosureLog(t.db, actor, {
      outputCode: `paquete/estadisticas/arrest/PNP-RETA/${YEAR}`,
    });
    assert.ok(log.some((r) => r.cellKey === "ageBand=menor_18" && r.rule === "primaria"));
  });

  test("open data of a published year: the «estadisticas» dataset in CSV, JSON and XLSX, each table audited and logged", async () => {
    await publishEvaluation(t.db, actor, {
      policyCode: "pntp",
      year: YEAR,
      now: new Date("2026-11-20T15:00:00Z"),
    });
    const res = await app.request(`/api/public/datasets/pntp/estadisticas/${YEAR}.csv`);
    assert.equal(res.status, 200);
    const tables = csvTables(await res.text());
    assert.equal(tables.size, originalsOfYear.size);
    const problems = [...tables].flatMap(([id, cells]) => {
      const original = originalsOfYear.get(id);
      assert.ok(original, id);
      return problemsOf(`datos abiertos ${id}`, original, cells, k, solver);
    });
    assert.deepEqual(problems, []);
    // The JSON and the XLSX are written from the same frozen rows: the same values, cell by cell.
    const json = (await (
      await app.request(`/api/public/datasets/pntp/estadisticas/${YEAR}.json`)
    ).json()) as {
      filas: { tabla: string; unidad: string; celda: string; valor: string | number }[];
    };
    const fromJson = new Map<string, PublishedCellLike[]>();
    for (const r of json.filas) {
      const id = `${r.tabla}|${r.unidad}`;
      fromJson.set(id, [
        ...(fromJson.get(id) ?? []),
        { key: r.celda, value: r.valor === RESERVED ? null : Number(r.valor) },
      ]);
    }
    assert.deepEqual(fromJson, tables);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(
        await (
          await app.request(`/api/public/datasets/pntp/estadisticas/${YEAR}.xlsx`)
        ).arrayBuffer(),
      ) as unknown as ExcelJS.Buffer,
    );
    const sheet = wb.getWorksheet("datos");
    const header = ((sheet?.getRow(1).values ?? []) as unknown[]).map(String);
    const column = (name: string) => header.indexOf(name);
    const fromXlsx = new Map<string, PublishedCellLike[]>();
    sheet?.eachRow((row, n) => {
      if (n === 1) return;
      const cell = (name: string) => row.getCell(column(name)).value;
      const id = `${cell("tabla")}|${cell("unidad")}`;
      const v = cell("valor");
      fromXlsx.set(id, [
        ...(fromXlsx.get(id) ?? []),
        { key: String(cell("celda")), value: v === RESERVED ? null : Number(v) },
      ]);
    });
    assert.deepEqual(fromXlsx, tables);
    const log = await listDisclosureLog(t.db, actor, {
      outputCode: `datos-abiertos/publicacion/arrest/PNP-RETA/${YEAR}`,
    });
    assert.ok(log.some((r) => r.cellKey === "ageBand=menor_18" && r.rule === "primaria"));
  });

  test("public TIP pack: every count table of 2019 (reference) and of the small-cell year", async () => {
    const problems: string[] = [];
    for (const year of [2019, YEAR]) {
      const model = await buildTipModel(t.db, actor, { year, audience: "public" });
      const tablesOf = countTablesOf(model.points);
      assert.ok(tablesOf.length > 0, `${year}`);
      for (const [i, original] of tablesOf.entries()) {
        const cells = toLinearTable(original).cells.map((c) => {
          const shown = model.shown.get(c.key);
          assert.ok(shown, `${year} ${c.key} printed`);
          return { key: c.key, value: shown.value };
        });
        problems.push(
          ...problemsOf(`TIP ${year} #${i}`, original, cells, model.disclosure.k, solver),
        );
      }
    }
    assert.deepEqual(problems, []);
  });

  test("report to Congress: every count table of its statistical chapter", async () => {
    const model = await buildCongressReportModel(t.db, actor, { year: YEAR });
    const none: TipAnswer = { groups: [], status: "no_disponible" };
    const tables = countTablesOf(
      model.statistics.concepts.flatMap((c) => [
        { current: c.region, previous: none },
        { current: c.sexAge, previous: none },
      ]),
    );
    assert.ok(tables.length > 0);
    const problems = tables.flatMap((original, i) =>
      problemsOf(
        `Congreso #${i}`,
        original,
        toLinearTable(original).cells.map((c) => {
          const shown = model.statistics.shown.get(c.key);
          assert.ok(shown, `${c.key} printed`);
          return { key: c.key, value: shown.value };
        }),
        model.statistics.k,
        solver,
      ),
    );
    assert.deepEqual(problems, []);
    // The synthetic year's 7 men are among the chapter's counts, and reserved.
    assert.ok(model.suppressed >= 2, `${model.suppressed} reserved`);
  });

  test("a k raised in the configuration reaches the output and its log", async () => {
    configureDisclosureK({ ...DEFAULT_DISCLOSURE_K, "datos-abiertos/estadisticas": 60 });
    try {
      const tables = csvTables(
        await (await app.request(`/api/public/statistics.csv?year=${YEAR}`)).text(),
      );
      const problems = [...tables].flatMap(([id, cells]) =>
        problemsOf(`CSV k=60 ${id}`, originalsOfYear.get(id) as CountTable, cells, 60, solver),
      );
      assert.deepEqual(problems, []);
      // 56 adults < 60: suppressed now, with the 4 minors.
      assert.deepEqual(tables.get(`arrest/PNP-RETA/${YEAR}|persona`), [
        { key: "total", value: 60 },
        { key: "ageBand=adulto", value: null },
        { key: "ageBand=menor_18", value: null },
      ]);
      const log = await listDisclosureLog(t.db, actor, {
        outputCode: `datos-abiertos/estadisticas/arrest/PNP-RETA/${YEAR}`,
      });
      assert.ok(log.some((r) => r.k === 60 && r.outputVersion.endsWith("-k60")));
    } finally {
      configureDisclosureK(null);
    }
  });
});
