import { MIN_JUSTIFICATION_LENGTH } from "../../../shared/limits.ts";
import { Field } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import {
  type FieldMessage,
  type FormState,
  fieldName,
  type SummaryMessage,
} from "./measurement-form.ts";

/** What the rules say about the value, each problem once, and the justification warnings ask for. */
export function ChecksPanel({
  summary,
  pending,
  errors,
  warnings,
  needsJustification,
  editable,
  disabled,
  form,
  savedJustification,
  justificationMessages,
  onJustification,
}: {
  summary: SummaryMessage[];
  pending: boolean;
  errors: number;
  warnings: number;
  needsJustification: boolean;
  editable: boolean;
  disabled: boolean;
  form: FormState;
  /** A read-only value shows its justification only when it was saved with one. */
  savedJustification: string | null;
  justificationMessages: FieldMessage[];
  onJustification(text: string): void;
}) {
  const t = useT();
  /** The summary's name for a field: a disaggregation row by its number. */
  const fieldLabel = (field: string) => {
    if (field.startsWith("row.")) {
      const n = form.rows.findIndex(
        (r) => `row.${r.key}` === field.split(".").slice(0, 2).join("."),
      );
      return `${t("entry.sectionDisaggregation")} ${n + 1}`;
    }
    return fieldName(t, field) ?? field;
  };
  const showJustification = editable
    ? needsJustification || form.justification !== ""
    : Boolean(savedJustification);
  return (
    <section className="checks" aria-labelledby="checks-title">
      <h2 id="checks-title">{t("entry.sectionChecks")}</h2>
      <div aria-live="polite" className="checks-summary">
        {summary.length === 0 ? (
          <p className={pending ? "muted" : "msg msg-ok"}>
            {pending ? t("entry.checksPending") : t("entry.checksOk")}
          </p>
        ) : (
          <>
            <p>
              <strong>
                {[
                  errors ? t("entry.checksErrors", { count: errors }) : "",
                  warnings ? t("entry.checksWarnings", { count: warnings }) : "",
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </strong>
            </p>
            <ul className="findings">
              {summary.map((f) => (
                <li
                  key={`${f.field}:${f.text}`}
                  className={`msg msg-${f.severity}`}
                  data-code={f.code}
                >
                  <strong>{t(`entry.severity.${f.severity}`)}</strong>
                  {" · "}
                  <span className="finding-field">{fieldLabel(f.field)}</span>
                  {": "}
                  {f.text}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {showJustification && (
        <Field
          id="m-justification"
          label={t("entry.justification")}
          help={t("entry.justificationHelp", { min: MIN_JUSTIFICATION_LENGTH })}
          required={needsJustification}
          messages={[
            ...justificationMessages,
            ...(editable &&
            needsJustification &&
            form.justification.trim().length < MIN_JUSTIFICATION_LENGTH
              ? [
                  {
                    severity: "warning" as const,
                    text: t("entry.justificationMissing", { min: MIN_JUSTIFICATION_LENGTH }),
                  },
                ]
              : []),
          ]}
        >
          {(aria) => (
            <textarea
              {...aria}
              rows={3}
              disabled={!editable || disabled}
              value={form.justification}
              onChange={(e) => onJustification(e.target.value)}
            />
          )}
        </Field>
      )}
    </section>
  );
}
