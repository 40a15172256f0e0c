import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { withoutLineCitations } from "./public-text.ts";

describe("internal line citations are left out of public texts", () => {
  const cases: [string, string][] = [
    ["Informe de Evaluación 2022-2023, 001:L1463", "Informe de Evaluación 2022-2023"],
    [
      "Informe de Evaluación 2022-2023, 001:L1465 (impreso «AVANZANDO»)",
      "Informe de Evaluación 2022-2023 (impreso «AVANZANDO»)",
    ],
    ["Informe de Evaluación 2022-2023, 001:L1348 and 001:L1691", "Informe de Evaluación 2022-2023"],
    [
      "Informe de Evaluación 2022-2023, 001:L2038; narrative 001:L2016-L2018",
      "Informe de Evaluación 2022-2023",
    ],
    [
      "Informe de Evaluación 2022-2023, Matriz de compromisos N° 1, 001:L4843-L4847",
      "Informe de Evaluación 2022-2023, Matriz de compromisos N° 1",
    ],
    ["Eventos por tipo (001:L1868-L1886): A escuelas", "Eventos por tipo: A escuelas"],
    ["Pasó a la PCM (001:L2565-L2566; also 001:L2532-L2534, 001:L1199-L1202).", "Pasó a la PCM."],
    ["Filas agregadas (001:L1346, L1382, L1424).", "Filas agregadas."],
    ["Informe de Evaluación (2024); text 001_6a8fd91fb577fbaf.txt", "Informe de Evaluación (2024)"],
  ];
  for (const [input, expected] of cases) {
    test(input, () => {
      assert.equal(withoutLineCitations(input), expected);
      assert.doesNotMatch(withoutLineCitations(input), /\d{3}:L\d/);
    });
  }

  test("texts without citations are returned unchanged", () => {
    assert.equal(withoutLineCitations("SIDPOL , registro"), "SIDPOL , registro");
    assert.equal(withoutLineCitations(null), null);
  });
});
