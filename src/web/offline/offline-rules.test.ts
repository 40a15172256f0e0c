import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { MeasurementInputSchema } from "../../shared/contracts/data-entry.contract.ts";
import { validateMeasurement } from "../../shared/validation/measurement-rules.ts";
import type { RuleContext } from "../api-client.ts";
import { fixedT } from "../i18n/i18n.ts";
import { checkForm, EMPTY_FORM, type FormState } from "../pages/measurement/measurement-form.ts";

const es = fixedT("es");

/**
 * Offline and online verdicts are the same (issue 19). Offline the form's checks run on what
 * the person typed with the rule context kept on the device; the queue stores the parsed body
 * and that context as IndexedDB stores them (a structured clone), and the server judges the
 * body it receives. Whatever is typed, the findings shown offline are the findings of the
 * shared rules on the queued body, once cloned and once sent as JSON and parsed again.
 */
const number = fc.oneof(
  fc.constant(""),
  fc.integer({ min: -50, max: 300 }).map(String),
  fc.double({ min: -10, max: 1000, noNaN: true, noDefaultInfinity: true }).map((x) => x.toFixed(2)),
  fc.constant("abc"),
);

const context: fc.Arbitrary<RuleContext> = fc.record({
  unit: fc.constantFrom("porcentaje", "numero", "tasa", "razon"),
  isCumulative: fc.boolean(),
  direction: fc.constantFrom("ascendente", "descendente"),
  meta: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  previous: fc.option(
    fc.record({ label: fc.constant("2023"), value: fc.integer({ min: 0, max: 400 }) }),
    { nil: null },
  ),
});

const rows = fc.array(
  fc.record({
    dimension: fc.constantFrom("sexo", "grupo_edad", "otro"),
    category: fc.constantFrom("mujer", "hombre", "0-17", ""),
    label: fc.constantFrom("", "pueblo"),
    value: fc.integer({ min: 0, max: 100 }).map(String),
  }),
  { maxLength: 4 },
);

const form: fc.Arbitrary<FormState> = fc
  .record({ value: number, numerator: number, denominator: number, rows })
  .map((f) => ({
    ...EMPTY_FORM,
    ...f,
    rows: f.rows.map((r, i) => ({ ...r, key: i + 1 })),
  }));

const judge = (body: NonNullable<ReturnType<typeof checkForm>["body"]>, ctx: RuleContext) =>
  validateMeasurement(
    {
      value: body.value,
      numerator: body.numerator,
      denominator: body.denominator,
      disaggregations: body.disaggregations,
    },
    ctx,
  );

describe("offline and online rule verdicts (property)", () => {
  test("the same findings offline, from the queue and on the server's parse", () => {
    fc.assert(
      fc.property(form, context, (typed, ctx) => {
        const offline = checkForm(typed, ctx, es);
        if (offline.body === null) return; // not a request: nothing is queued or sent
        const queued = structuredClone({ body: offline.body, context: ctx });
        assert.deepEqual(judge(queued.body, queued.context), offline.findings);
        const sent = MeasurementInputSchema.parse(JSON.parse(JSON.stringify(queued.body)));
        assert.deepEqual(judge(sent, ctx), offline.findings);
      }),
      { numRuns: 4000 },
    );
  });
});
