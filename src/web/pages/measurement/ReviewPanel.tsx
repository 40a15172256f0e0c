import { useState } from "react";
import { ObserveSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { canTransition } from "../../../shared/workflow/measurement-status.ts";
import { api, type Measurement } from "../../api-client.ts";
import { ErrorBox, Field } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import { fieldName } from "./measurement-form.ts";

const OBSERVABLE_FIELDS = [
  "value",
  "numerator",
  "denominator",
  "disaggregations",
  "logros",
  "dificultades",
  "medidas",
  "sourceSystem",
  "evidence",
  "justification",
  "general",
] as const;

interface Row {
  key: number;
  field: string;
  comment: string;
}
let nextKey = 1;

/**
 * The reviewer's side of a value: return it with comments per field ("Observar"), validate it,
 * or leave a comment without changing its state.
 */
export function ReviewPanel({
  m,
  onChange,
}: {
  m: Measurement;
  onChange(next: Measurement, message: string): void;
}) {
  const t = useT();
  const { can } = useSession();
  const canReview = can("measurement.review") && canTransition(m.status, "validate");
  const canComment = can("measurement.comment");
  const [rows, setRows] = useState<Row[]>([{ key: nextKey++, field: "value", comment: "" }]);
  const [mode, setMode] = useState<"idle" | "observe" | "confirm-validate">("idle");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!canReview && !canComment) return null;

  // Checked live once a send was tried: a message goes away as soon as it is fixed.
  const written = rows.filter((r) => r.comment.trim() !== "");
  const problems =
    written.length === 0
      ? [t("review.observationRequired")]
      : written
          .filter((r) => r.comment.trim().length < 3)
          .map((r) => t("review.observationShort", { n: rows.indexOf(r) + 1 }));
  const issues = attempted ? problems : [];

  const fieldLabel = (f: string) => (f === "general" ? t("entry.general") : (fieldName(t, f) ?? f));

  async function run(action: () => Promise<Measurement>, message: string) {
    setBusy(true);
    setError(null);
    try {
      const next = await action();
      setMode("idle");
      setAttempted(false);
      setRows([{ key: nextKey++, field: "value", comment: "" }]);
      setComment("");
      onChange(next, message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function sendObservations() {
    setAttempted(true);
    if (problems.length > 0) return;
    const parsed = ObserveSchema.safeParse({
      lockVersion: m.lockVersion,
      observations: written.map((r) => ({ field: r.field, comment: r.comment.trim() })),
    });
    if (!parsed.success) return;
    void run(() => api.observe(m.id, parsed.data), t("review.observed"));
  }

  return (
    <section className="review-panel card" aria-labelledby="review-title">
      <h2 id="review-title">{t("review.panel")}</h2>
      {error !== null && <ErrorBox error={error} />}

      {canReview && mode === "idle" && (
        <div className="actions">
          <button type="button" className="button-secondary" onClick={() => setMode("observe")}>
            {t("review.observe")}
          </button>
          <button
            type="button"
            className="button-primary"
            onClick={() => setMode("confirm-validate")}
          >
            {t("review.validate")}
          </button>
        </div>
      )}

      {canReview && mode === "confirm-validate" && (
        <div className="confirm">
          <p id="confirm-validate-text">{t("review.validateConfirm")}</p>
          <div className="actions">
            <button
              type="button"
              className="button-primary"
              disabled={busy}
              onClick={() =>
                void run(
                  () => api.validate(m.id, { lockVersion: m.lockVersion }),
                  t("review.validated"),
                )
              }
            >
              {t("review.validate")}
            </button>
            <button type="button" className="button-secondary" onClick={() => setMode("idle")}>
              {t("app.cancel")}
            </button>
          </div>
        </div>
      )}

      {canReview && mode === "observe" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            sendObservations();
          }}
          noValidate
        >
          <p className="help">{t("review.observeHelp")}</p>
          {rows.map((row, index) => (
            <div className="observation-row" key={row.key}>
              <Field id={`obs-field-${row.key}`} label={`${t("review.field")} ${index + 1}`}>
                {(aria) => (
                  <select
                    {...aria}
                    value={row.field}
                    onChange={(e) =>
                      setRows(
                        rows.map((r) => (r.key === row.key ? { ...r, field: e.target.value } : r)),
                      )
                    }
                  >
                    {OBSERVABLE_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(f)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id={`obs-comment-${row.key}`} label={`${t("review.comment")} ${index + 1}`}>
                {(aria) => (
                  <textarea
                    {...aria}
                    rows={2}
                    value={row.comment}
                    onChange={(e) =>
                      setRows(
                        rows.map((r) =>
                          r.key === row.key ? { ...r, comment: e.target.value } : r,
                        ),
                      )
                    }
                  />
                )}
              </Field>
              {rows.length > 1 && (
                <button
                  type="button"
                  className="button-icon"
                  aria-label={t("review.removeObservation", { n: index + 1 })}
                  title={t("review.removeObservation", { n: index + 1 })}
                  onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                >
                  ×
                </button>
              )}
            </div>
          ))}
          {issues.length > 0 && (
            <ul className="field-messages" role="alert">
              {issues.map((i) => (
                <li key={i} className="msg msg-error">
                  {i}
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button
              type="button"
              className="button-secondary"
              onClick={() => setRows([...rows, { key: nextKey++, field: "general", comment: "" }])}
            >
              + {t("review.addObservation")}
            </button>
            <button type="submit" className="button-primary" disabled={busy}>
              {t("review.sendObservations")}
            </button>
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setMode("idle");
                setAttempted(false);
              }}
            >
              {t("app.cancel")}
            </button>
          </div>
        </form>
      )}

      {canComment && (
        <form
          className="comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim().length < 3) return;
            void run(
              () => api.comment(m.id, { comment: comment.trim() }),
              t("review.commentSaved"),
            );
          }}
        >
          <Field id="review-comment" label={t("review.addComment")}>
            {(aria) => (
              <textarea
                {...aria}
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
          <button
            type="submit"
            className="button-secondary"
            disabled={busy || comment.trim().length < 3}
          >
            {t("review.addComment")}
          </button>
        </form>
      )}
    </section>
  );
}
