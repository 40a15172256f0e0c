import { MeasurementInputSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { MIN_JUSTIFICATION_LENGTH } from "../../../shared/limits.ts";
import {
  canSubmit,
  type MeasurementDraft,
  type RuleFinding,
  validateMeasurement,
} from "../../../shared/validation/measurement-rules.ts";
import type { Measurement, RuleContext } from "../../api-client.ts";
import { parseDecimal } from "../../format.ts";
import type { TFunction } from "../../i18n/i18n.ts";
import { departmentOf, UBIGEO_PATTERN } from "../../ubigeo.ts";

/**
 * The data-entry form's state and its checks, kept apart from the React page so the rules are
 * easy to read: what the person typed (strings), what it parses to, the shared validation rules
 * run on it, and the request body.
 */

export const DIMENSIONS = ["sexo", "grupo_edad", "nacionalidad", "region", "otro"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface DisaggregationRow {
  key: number;
  dimension: Dimension;
  category: string;
  label: string;
  value: string;
}

export interface FormState {
  value: string;
  numerator: string;
  denominator: string;
  rows: DisaggregationRow[];
  logros: string;
  dificultades: string;
  medidas: string;
  sourceSystem: string;
  justification: string;
}

export const EMPTY_FORM: FormState = {
  value: "",
  numerator: "",
  denominator: "",
  rows: [],
  logros: "",
  dificultades: "",
  medidas: "",
  sourceSystem: "",
  justification: "",
};

let nextRowKey = 1;
export function newRow(dimension: Dimension = "sexo"): DisaggregationRow {
  return { key: nextRowKey++, dimension, category: "", label: "", value: "" };
}

const numText = (x: number | null) => (x === null ? "" : String(x));

export function formFromMeasurement(m: Measurement): FormState {
  return {
    // A value the server derived from numerator and denominator was not typed: the field stays
    // empty, so editing the numerator derives again instead of contradicting a stale value.
    value: m.valueDerived ? "" : numText(m.value),
    numerator: numText(m.numerator),
    denominator: numText(m.denominator),
    rows: m.disaggregations.map((d) => ({
      key: nextRowKey++,
      dimension: d.dimension,
      category: d.category,
      label: d.label ?? "",
      value: String(d.value),
    })),
    logros: m.logros ?? "",
    dificultades: m.dificultades ?? "",
    medidas: m.medidas ?? "",
    sourceSystem: m.sourceSystem ?? "",
    justification: m.justification ?? "",
  };
}

/** A message shown next to a field: a rule finding, an input problem or a reviewer's note. */
export interface FieldMessage {
  severity: "error" | "warning" | "note";
  text: string;
}

export interface FormCheck {
  /** Typing problems (not a number, missing category…): block saving and submitting. */
  inputErrors: Map<string, string[]>;
  /** Findings of the shared validation rules on what parses. */
  findings: RuleFinding[];
  /** Request body, when the input parses. */
  body: ReturnType<typeof MeasurementInputSchema.parse> | null;
  canSave: boolean;
  canSubmit: boolean;
  needsJustification: boolean;
  justificationOk: boolean;
}

const nullIfBlank = (s: string) => (s.trim() === "" ? null : s);

function add(map: Map<string, string[]>, key: string, text: string) {
  const list = map.get(key) ?? [];
  if (!list.includes(text)) list.push(text);
  map.set(key, list);
}

/** Runs every check the browser can run, as the person types. */
export function checkForm(form: FormState, ctx: RuleContext, t: TFunction): FormCheck {
  const inputErrors = new Map<string, string[]>();
  const notANumber: string = t("entry.notANumber");
  const num = (field: "value" | "numerator" | "denominator") => {
    const parsed = parseDecimal(form[field]);
    if (parsed !== null && Number.isNaN(parsed)) {
      add(inputErrors, field, notANumber);
      return null;
    }
    return parsed;
  };
  const value = num("value");
  const numerator = num("numerator");
  const denominator = num("denominator");

  const disaggregations: MeasurementDraft["disaggregations"][number][] = [];
  for (const row of form.rows) {
    const rowKey = `row.${row.key}`;
    const parsed = parseDecimal(row.value);
    if (parsed === null || Number.isNaN(parsed)) add(inputErrors, `${rowKey}.value`, notANumber);
    if (row.category.trim() === "")
      add(inputErrors, `${rowKey}.category`, t("entry.categoryRequired"));
    if (row.dimension === "region" && row.category.trim() !== "") {
      const code = row.category.trim();
      if (!UBIGEO_PATTERN.test(code) || departmentOf(code) === null)
        add(inputErrors, `${rowKey}.category`, t("entry.ubigeoUnknown"));
    }
    if (parsed !== null && !Number.isNaN(parsed) && row.category.trim() !== "") {
      disaggregations.push({
        dimension: row.dimension,
        category: row.category.trim(),
        label: row.dimension === "otro" ? nullIfBlank(row.label.trim()) : null,
        value: parsed,
      });
    }
  }

  // The server's context (meta, direction, previous value of a cumulative indicator): the same
  // rules as on submission, before anything is sent.
  const findings = validateMeasurement({ value, numerator, denominator, disaggregations }, ctx);

  const candidate = {
    value,
    numerator,
    denominator,
    disaggregations,
    logros: nullIfBlank(form.logros),
    dificultades: nullIfBlank(form.dificultades),
    medidas: nullIfBlank(form.medidas),
    sourceSystem: nullIfBlank(form.sourceSystem),
    justification: nullIfBlank(form.justification),
  };
  const schema = MeasurementInputSchema.safeParse(candidate);
  if (!schema.success) {
    for (const issue of schema.error.issues) {
      const [first, index] = issue.path;
      if (first === "disaggregations" && typeof index === "number") {
        const row = form.rows[index];
        add(
          inputErrors,
          row ? `row.${row.key}.${String(issue.path[2] ?? "value")}` : "disaggregations",
          issue.message,
        );
      } else add(inputErrors, String(first ?? "form"), issue.message);
    }
  }
  const body = schema.success ? schema.data : null;
  const noInputErrors = inputErrors.size === 0 && body !== null;
  const needsJustification = findings.some((f) => f.severity === "warning");
  const justificationOk =
    !needsJustification || form.justification.trim().length >= MIN_JUSTIFICATION_LENGTH;
  return {
    inputErrors,
    findings,
    body,
    canSave: noInputErrors,
    canSubmit: noInputErrors && canSubmit(findings, nullIfBlank(form.justification)),
    needsJustification,
    justificationOk,
  };
}

/** A problem in the form's summary: the same text as next to its field, once. */
export interface SummaryMessage {
  field: string;
  severity: "error" | "warning";
  text: string;
  code: string;
}

/**
 * Every message of the form, once: next to its field and, for errors and warnings, in the
 * summary, so both always say the same. A field whose text does not parse shows that problem
 * only (not also what the rules say about the missing number); "required" waits until the
 * value was touched or a save was attempted, in the field and in the summary alike.
 */
export function formMessages(input: {
  editable: boolean;
  inputErrors: ReadonlyMap<string, readonly string[]>;
  findings: readonly RuleFinding[];
  attempted: boolean;
  touched: ReadonlySet<string>;
  notes: readonly { field: string; text: string }[];
}): { byField: Map<string, FieldMessage[]>; summary: SummaryMessage[]; pending: boolean } {
  const byField = new Map<string, FieldMessage[]>();
  const summary: SummaryMessage[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: FieldMessage, code: string) => {
    const key = `${field}\u0000${message.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    byField.set(field, [...(byField.get(field) ?? []), message]);
    if (message.severity !== "note")
      summary.push({ field, severity: message.severity, text: message.text, code });
  };
  const { attempted, touched } = input;
  const valueTouched =
    attempted || touched.has("value") || touched.has("numerator") || touched.has("denominator");
  const typedWrong = new Set<string>();
  if (input.editable) {
    for (const [key, texts] of input.inputErrors) {
      typedWrong.add(key);
      if (key.startsWith("row.") && !attempted && !touched.has(key)) continue;
      for (const text of texts) add(key, { severity: "error", text }, "ENTRADA");
    }
  }
  let pending = false;
  for (const f of input.findings) {
    const field = fieldOfPath(f.path);
    if (f.code === "VALOR_REQUERIDO" && !valueTouched) {
      pending = true;
      continue;
    }
    if (typedWrong.has(field)) continue;
    add(field, { severity: f.severity, text: f.message }, f.code);
  }
  for (const note of input.notes) add(note.field, { severity: "note", text: note.text }, "NOTA");
  return { byField, summary, pending };
}

/** The form field a finding path belongs to ("disaggregations.otro:x" → "disaggregations"). */
export function fieldOfPath(path: string): string {
  const clean = path.replace(/^body\./, "");
  const first = clean.split(".")[0] ?? clean;
  return first;
}

/** The name of a form field in the catalogue, or undefined for a field it does not name. */
export const fieldName = (t: TFunction, field: string): string | undefined =>
  (t("entry.fields", { returnObjects: true }) as Record<string, string>)[field];
