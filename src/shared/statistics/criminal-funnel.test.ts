import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { criminalFunnel, type FunnelFigure, funnelWindows } from "./criminal-funnel.ts";

const none = { sex: null, ageBand: null };
let id = 0;
const figure = (
  source: string,
  concept: string,
  start: string,
  end: string,
  label: string,
  value: number,
  extra: Partial<FunnelFigure> = {},
): FunnelFigure => ({
  id: ++id,
  source,
  sourceLabel: source,
  concept,
  period: { start, end, label },
  ubigeo: null,
  dimensions: none,
  value,
  unit: "denuncia",
  ...extra,
});

// Seed 000's figures (000:L1184, L2376-L2380): the window 2023-01 to 2025-06 and 2025's stages.
const WINDOW = ["2023-01-01", "2025-06-30", "2023-01-01/2025-06-30"] as const;
const SEED = [
  figure("MP-FISTRAP", "complaint", ...WINDOW, 5947),
  figure("MP-FISTRAP", "complaint", "2024-01-01", "2024-12-31", "2024", 2650),
  figure("MININTER-DGSD", "conviction_final", ...WINDOW, 173, { unit: "sentencia" }),
  figure("MP", "case", "2025-01-01", "2025-12-31", "2025", 2120, { unit: "caso" }),
  figure("PJ", "prosecution", "2025-01-01", "2025-12-31", "2025", 692, { unit: "proceso" }),
  figure("PJ", "conviction", "2024-01-01", "2024-12-31", "2024", 22, { unit: "sentencia" }),
  figure("MP-FISTRAP", "complaint", ...WINDOW, 40, { dimensions: { sex: "F", ageBand: null } }),
];

describe("criminal-justice funnel and impunity ratio (seed 000)", () => {
  test("windows are the periods with complaints and convictions of their own, longest first", () => {
    assert.deepEqual(funnelWindows(SEED), [
      { start: "2023-01-01", end: "2025-06-30", label: "2023-01-01/2025-06-30" },
      { start: "2024-01-01", end: "2024-12-31", label: "2024" },
    ]);
  });

  test("173 / 5,947 × 100 = 2.91 convictions per 100 complaints; other periods are context only", () => {
    const [window] = funnelWindows(SEED);
    assert.ok(window);
    const funnel = criminalFunnel(SEED, window);
    assert.equal(funnel.impunity?.complaints.value, 5947);
    assert.equal(funnel.impunity?.convictions.value, 173);
    assert.equal(funnel.impunity?.perHundred.toFixed(2), "2.91");
    assert.equal(funnel.impunity?.withoutConviction.toFixed(2), "97.09");
    assert.deepEqual(
      funnel.stages.map((s) => [
        s.stage,
        s.inWindow.map((f) => f.value),
        s.context.map((f) => f.value),
      ]),
      [
        ["complaint", [5947], [2650]],
        ["case", [], [2120]],
        ["prosecution", [], [692]],
        ["conviction", [173], [22]],
      ],
    );
  });

  test("without a conviction figure of the window there is no ratio", () => {
    const funnel = criminalFunnel(SEED.slice(0, 2), {
      start: "2024-01-01",
      end: "2024-12-31",
      label: "2024",
    });
    assert.equal(funnel.impunity, null);
  });
});
