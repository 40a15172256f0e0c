import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import {
  type CsvTable,
  RESERVED,
  STATISTICS_CSV_FIELDS,
  statisticsCsv,
} from "./statistics-csv.builder.ts";

const table = (cells: CsvTable["cells"]): CsvTable => ({
  code: "victim/PNP-RETA/2022",
  concept: "victim",
  conceptLabel: "Víctimas, «identificadas»",
  source: "PNP-RETA",
  sourceLabel: 'Policía "RETA"',
  period: { start: "2022-01-01", end: "2022-12-31", label: "2022" },
  unit: "persona",
  unitLabel: "Persona",
  breakdown: "dimensiones",
  transcribed: false,
  cells,
});

describe("open-data CSV of the public statistics", () => {
  test("one row per cell, suppressed cells «reservado», quoting that a CSV reader undoes", () => {
    const text = statisticsCsv([
      table([
        { key: "total", label: "Total", level: 0, value: 100, suppressed: false },
        { key: "sex=F", label: "Mujer", level: 1, value: null, suppressed: true },
        { key: "sex=M", label: "Hombre", level: 1, value: null, suppressed: true },
      ]),
    ]);
    assert.ok(text.endsWith("\r\n"));
    assert.notEqual(text.charCodeAt(0), 0xfeff);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      Object.keys(rows[0] ?? {}),
      STATISTICS_CSV_FIELDS.map((f) => f.name),
    );
    assert.deepEqual(
      rows.map((r) => [r.celda, r.valor, r.nivel]),
      [
        ["total", "100", "0"],
        ["sex=F", RESERVED, "1"],
        ["sex=M", RESERVED, "1"],
      ],
    );
    assert.equal(rows[0]?.concepto_nombre, "Víctimas, «identificadas»");
    assert.equal(rows[0]?.fuente_nombre, 'Policía "RETA"');
    // No reason column: primary and complementary look the same.
    assert.ok(!/primaria|complementaria/.test(text));
  });

  test("refuses a cell that did not come through disclosure control", () => {
    assert.throws(
      () =>
        statisticsCsv([
          table([{ key: "total", label: "Total", level: 0, value: 7, suppressed: true }]),
        ]),
      /control de divulgación/,
    );
  });
});
