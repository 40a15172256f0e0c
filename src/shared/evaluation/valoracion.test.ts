import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ValoracionConfig } from "../schemas/catalogue.schema.ts";
import { computeValoracion } from "./valoracion.ts";

const pntpConfig: ValoracionConfig = {
  criteria: [
    {
      code: "C1",
      name: "Nivel de avance de los Objetivos Prioritarios",
      weight: 4,
      rule: { kind: "nivel_indice" },
    },
    {
      code: "C2",
      name: "Nivel de implementación de los elementos",
      weight: 4,
      rule: {
        kind: "declarado",
        levels: { "2023": "INTERMEDIO" },
        source: "001:L1463",
        fallback: { kind: "media_tipo1_servicios" },
      },
    },
    {
      code: "C3",
      name: "Sistema de seguimiento de los indicadores",
      weight: 2,
      rule: {
        kind: "declarado",
        levels: { "2023": "AVANZADO" },
        source: "001:L1465",
        fallback: null,
      },
    },
  ],
  totalLevelRule: "mas_cercano",
};

describe("valoración de la implementación (001:L1450-L1467)", () => {
  test("VALORACION golden case: puntajes 4 / 8 / 6, total 1.8, INTERMEDIO", () => {
    const result = computeValoracion(pntpConfig, {
      year: 2023,
      indexTipo2: 200 / 9,
      serviceTipo1: [],
    });
    assert.deepEqual(
      result.criteria.map((c) => [c.level, c.score]),
      [
        ["INICIAL", 4],
        ["INTERMEDIO", 8],
        ["AVANZADO", 6],
      ],
    );
    assert.equal(result.total, 1.8);
    assert.equal(result.level, "INTERMEDIO");
  });

  test("a stated level falls back to its rule in another year", () => {
    const result = computeValoracion(pntpConfig, {
      year: 2022,
      indexTipo2: 96,
      serviceTipo1: [100, 40, 98],
    });
    assert.equal(result.criteria[0]?.level, "AVANZADO");
    // mean of clipped tipo 1 = 79.3 → intermedio
    assert.equal(result.criteria[1]?.level, "INTERMEDIO");
    assert.equal(result.criteria[2]?.level, "ND");
    assert.equal(result.total, "ND");
  });

  test("share-at-alto rule and the tercios total rule", () => {
    const config: ValoracionConfig = {
      criteria: [{ code: "C", name: "x", weight: 1, rule: { kind: "proporcion_alto_servicios" } }],
      totalLevelRule: "tercios",
    };
    // 33 of 44 at alto = 75.0 % → intermedio (seed_001.md §3.6 hypothesis)
    const tipo1 = [...Array(33).fill(120), ...Array(11).fill(10)];
    const result = computeValoracion(config, { year: 2023, indexTipo2: 0, serviceTipo1: tipo1 });
    assert.equal(result.criteria[0]?.level, "INTERMEDIO");
    assert.equal(result.total, 2);
    assert.equal(result.level, "INTERMEDIO");
  });

  test("1.5 rounds up to INTERMEDIO under mas_cercano, stays INICIAL under tercios", () => {
    const mk = (rule: ValoracionConfig["totalLevelRule"]): ValoracionConfig => ({
      criteria: [
        {
          code: "A",
          name: "a",
          weight: 1,
          rule: { kind: "declarado", levels: { "2023": "INICIAL" }, source: null, fallback: null },
        },
        {
          code: "B",
          name: "b",
          weight: 1,
          rule: {
            kind: "declarado",
            levels: { "2023": "INTERMEDIO" },
            source: null,
            fallback: null,
          },
        },
      ],
      totalLevelRule: rule,
    });
    const ctx = { year: 2023, indexTipo2: 0, serviceTipo1: [] };
    assert.equal(computeValoracion(mk("mas_cercano"), ctx).level, "INTERMEDIO");
    assert.equal(computeValoracion(mk("tercios"), ctx).level, "INICIAL");
  });

  test("a level computed from service indicators says how many it covers", () => {
    // One of 44 service indicators has a value: the level is that one's, and says so.
    const serviceTipo1 = [80, ...Array<"ND">(43).fill("ND")];
    const result = computeValoracion(pntpConfig, { year: 2024, indexTipo2: "ND", serviceTipo1 });
    assert.equal(result.criteria[1]?.level, "INTERMEDIO");
    assert.match(result.criteria[1]?.basis ?? "", /calculada con 1 de 44 indicadores de servicio$/);
    const one = computeValoracion(pntpConfig, { year: 2024, indexTipo2: 0, serviceTipo1: [80] });
    assert.match(one.criteria[1]?.basis ?? "", /calculada con 1 de 1 indicador de servicio$/);
    const none = computeValoracion(pntpConfig, { year: 2024, indexTipo2: 0, serviceTipo1: ["ND"] });
    assert.match(
      none.criteria[1]?.basis ?? "",
      /sin indicadores de servicio con avance calculable/,
    );
    const share: ValoracionConfig = {
      criteria: [{ code: "C", name: "x", weight: 1, rule: { kind: "proporcion_alto_servicios" } }],
      totalLevelRule: "tercios",
    };
    const basis = computeValoracion(share, { year: 2024, indexTipo2: 0, serviceTipo1 }).criteria[0]
      ?.basis;
    assert.match(basis ?? "", /calculada con 1 de 44 indicadores de servicio$/);
  });

  test("a stated level's basis names its source without line citations", () => {
    const config: ValoracionConfig = {
      ...pntpConfig,
      criteria: pntpConfig.criteria.map((c) =>
        c.rule.kind === "declarado"
          ? {
              ...c,
              rule: { ...c.rule, source: `Informe de Evaluación 2022-2023, ${c.rule.source}` },
            }
          : c,
      ),
    };
    const result = computeValoracion(config, { year: 2023, indexTipo2: 50, serviceTipo1: [] });
    assert.deepEqual(
      result.criteria.slice(1).map((c) => c.basis),
      [
        "Nivel declarado (Informe de Evaluación 2022-2023)",
        "Nivel declarado (Informe de Evaluación 2022-2023)",
      ],
    );
  });
});
