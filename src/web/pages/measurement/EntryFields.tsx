import type { Unit } from "../../../shared/schemas/catalogue.schema.ts";
import { impliedValue } from "../../../shared/validation/measurement-rules.ts";
import { Field } from "../../components/ui.tsx";
import { formatNumber, parseDecimal } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import type { FieldMessage, FormState } from "./measurement-form.ts";

interface FieldsetProps {
  form: FormState;
  disabled: boolean;
  msgs(key: string): FieldMessage[];
  update<K extends keyof FormState>(key: K, value: FormState[K]): void;
}

/** The value itself, or the numerator and denominator it is derived from. */
export function ValueFieldset({
  form,
  disabled,
  editable,
  unit,
  msgs,
  update,
  touch,
}: FieldsetProps & { editable: boolean; unit: Unit; touch(key: string): void }) {
  const t = useT();
  const implied = (() => {
    const n = parseDecimal(form.numerator);
    const d = parseDecimal(form.denominator);
    if (n === null || d === null || Number.isNaN(n) || Number.isNaN(d)) return null;
    return impliedValue(unit, n, d);
  })();
  return (
    <fieldset disabled={disabled}>
      <legend>{t("entry.sectionValue")}</legend>
      {editable && <p className="help">{t("entry.valueHelp")}</p>}
      <div className="grid-3">
        {(
          [
            ["m-value", "value", t("entry.value")],
            ["m-numerator", "numerator", t("entry.numerator")],
            ["m-denominator", "denominator", t("entry.denominator")],
          ] as const
        ).map(([id, key, label]) => (
          <Field key={key} id={id} label={label} messages={msgs(key)}>
            {(aria) => (
              <input
                {...aria}
                inputMode="decimal"
                autoComplete="off"
                value={form[key]}
                onChange={(e) => update(key, e.target.value)}
                onBlur={() => touch(key)}
              />
            )}
          </Field>
        ))}
      </div>
      {implied !== null && (
        <p className="implied" aria-live="polite">
          {t("entry.implied", { v: formatNumber(implied, t("locale"), 4) })}
        </p>
      )}
    </fieldset>
  );
}

/** Achievements, difficulties, measures taken and the source system. */
export function NarrativeFieldset({ form, disabled, msgs, update }: FieldsetProps) {
  const t = useT();
  return (
    <fieldset disabled={disabled}>
      <legend>{t("entry.sectionNarrative")}</legend>
      {(["logros", "dificultades", "medidas"] as const).map((key) => (
        <Field key={key} id={`m-${key}`} label={t(`entry.${key}`)} messages={msgs(key)}>
          {(aria) => (
            <textarea
              {...aria}
              rows={3}
              value={form[key]}
              onChange={(e) => update(key, e.target.value)}
            />
          )}
        </Field>
      ))}
      <Field
        id="m-source"
        label={t("entry.source")}
        help={t("entry.sourceHelp")}
        messages={msgs("sourceSystem")}
      >
        {(aria) => (
          <input
            {...aria}
            value={form.sourceSystem}
            onChange={(e) => update("sourceSystem", e.target.value)}
          />
        )}
      </Field>
    </fieldset>
  );
}
