import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RuleContext } from "../../api-client.ts";
import { fixedT } from "../../i18n/i18n.ts";
import { checkForm, EMPTY_FORM, type FormState, formMessages } from "./measurement-form.ts";

// The Spanish texts the browser shows, through the same i18next catalogue.
const es = fixedT("es");

const percent: RuleContext = {
  unit: "porcentaje",
  isCumulative: false,
  direction: "ascendente",
  meta: 30,
  previous: null,
};

/** What the form shows for what was typed: next to each field and in the summary. */
function shown(form: Partial<FormState>, touched: string[] = ["value"]) {
  const check = checkForm({ ...EMPTY_FORM, ...form }, percent, es);
  return formMessages({
    editable: true,
    inputErrors: check.inputErrors,
    findings: check.findings,
    attempted: false,
    touched: new Set(touched),
    notes: [],
  });
}
const texts = (list: { text: string }[] | undefined) => (list ?? []).map((x) => x.text);

describe("the form's messages: one per problem, the same next to the field and in the summary", () => {
  test("a negative percentage is one error", () => {
    const { byField, summary } = shown({ value: "-5" });
    assert.deepEqual(
      summary.map((x) => [x.field, x.severity, x.code]),
      [["value", "error", "PORCENTAJE_FUERA_DE_RANGO"]],
    );
    assert.deepEqual(texts(byField.get("value")), texts(summary));
  });

  test("text that is not a number says so, once, and not also that the value is missing", () => {
    const { byField, summary } = shown({ value: "diez" });
    assert.deepEqual(texts(byField.get("value")), [es("entry.notANumber")]);
    assert.deepEqual(
      summary.map((x) => [x.field, x.text]),
      [["value", es("entry.notANumber")]],
    );
  });

  test("a finding the server repeats (422) is listed once", () => {
    const check = checkForm({ ...EMPTY_FORM, value: "1" }, percent, es);
    const warning = check.findings[0];
    assert.ok(warning);
    const { summary } = formMessages({
      editable: true,
      inputErrors: check.inputErrors,
      findings: [...check.findings, { ...warning, code: "SERVIDOR", path: "body.value" }],
      attempted: true,
      touched: new Set(),
      notes: [],
    });
    assert.deepEqual(
      summary.map((x) => x.code),
      ["AVANCE_MUY_BAJO"],
    );
  });

  test("an untouched empty form is pending, not 'no problems', and not shouting 'required'", () => {
    const { byField, summary, pending } = shown({}, []);
    assert.deepEqual(summary, []);
    assert.equal(byField.size, 0);
    assert.equal(pending, true);
    const left = shown({}, ["value"]);
    assert.deepEqual(
      left.summary.map((x) => x.code),
      ["VALOR_REQUERIDO"],
    );
    assert.equal(left.pending, false);
  });
});
