import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { BudgetLineInput } from "./budget-fields.ts";
import { ChainIndex } from "./chain-index.ts";

const code = fc.constantFrom(null, "001", "002", "0001", "1", "01", "A.1", "2.6");
const line = fc
  .record({
    year: fc.constantFrom(2023, 2024),
    nivel: fc.constantFrom("nacional" as const, "regional" as const, "local" as const),
    pliego: code,
    ejecutora: code,
    producto: code,
    metaCode: code,
    district: code,
    pia: fc.nat(),
  })
  .map(
    (r): BudgetLineInput => ({
      lineNo: 0,
      year: r.year,
      nivel: r.nivel,
      codes: {
        sector: "IGNORED",
        pliego: r.pliego,
        ejecutora: r.ejecutora,
        programa: "0001",
        producto: r.producto,
        actividad: null,
        funcion: "05",
        division: null,
        grupo: null,
        finalidad: null,
        fuente: "1",
        generica: "2.3",
      },
      names: {} as BudgetLineInput["names"],
      metaCode: r.metaCode,
      metaName: "any name",
      departmentCode: "15",
      provinceCode: null,
      districtCode: r.district,
      pia: r.pia,
      pim: r.pia,
      certificacion: null,
      compromiso: null,
      devengado: 0,
      girado: null,
    }),
  );

/** The plain definition: the chain's values joined, first row remembered. */
const chainText = (l: BudgetLineInput) =>
  JSON.stringify([
    l.year,
    l.nivel,
    l.codes.pliego,
    l.codes.ejecutora,
    l.codes.programa,
    l.codes.producto,
    l.codes.actividad,
    l.codes.funcion,
    l.codes.division,
    l.codes.grupo,
    l.metaCode,
    l.codes.finalidad,
    l.codes.fuente,
    l.codes.generica,
    l.departmentCode,
    l.provinceCode,
    l.districtCode,
  ]);

test("ChainIndex finds exactly the repeated chains, with the first row, through growth", () => {
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 3000 }), (lines) => {
      const index = new ChainIndex();
      const seen = new Map<string, number>();
      lines.forEach((l, i) => {
        const key = chainText(l);
        assert.equal(index.add(l, i + 1), seen.get(key), `row ${i + 1}`);
        if (!seen.has(key)) seen.set(key, i + 1);
      });
      assert.equal(index.size, seen.size);
    }),
    { numRuns: 60 },
  );
});

test("ChainIndex: null and a code are different, and names and amounts are not in the chain", () => {
  const index = new ChainIndex();
  const base = fc.sample(line, { numRuns: 1, seed: 7 })[0] as BudgetLineInput;
  assert.equal(index.add({ ...base, metaCode: null }, 1), undefined);
  assert.equal(index.add({ ...base, metaCode: "0001" }, 2), undefined);
  assert.equal(index.add({ ...base, metaCode: null, metaName: "otro", pia: base.pia + 1 }, 3), 1);
  // The number 2024 and the text "2024" in another position must not meet by accident.
  assert.equal(index.add({ ...base, metaCode: "2024", year: 2024 }, 4), undefined);
});
