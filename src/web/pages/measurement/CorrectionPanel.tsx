import { useState } from "react";
import { api, type Measurement } from "../../api-client.ts";
import { ErrorBox, Field } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { navigate } from "../../navigation.ts";
import { useSession } from "../../session.tsx";
import type { FormCheck } from "./measurement-form.ts";

/** A validated value is locked; a correction is a new revision with a written reason. */
export function CorrectionPanel({ m, body }: { m: Measurement; body: FormCheck["body"] }) {
  const t = useT();
  const { policy } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const short = reason.trim().length < 10;

  async function create() {
    if (!body || short) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.createMeasurement(policy, m.indicator.code, {
        ...body,
        year: m.year,
        period: m.period,
        reportedForEntity: m.reportedForEntity,
        correctionReason: reason.trim(),
      });
      navigate(`/mediciones/${created.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <section className="correction card" aria-labelledby="correction-title">
      <h2 id="correction-title">{t("entry.correctionTitle")}</h2>
      {!open ? (
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t("entry.correction")}
        </button>
      ) : (
        <>
          {error !== null && <ErrorBox error={error} />}
          <Field
            id="correction-reason"
            label={t("entry.correctionReason")}
            help={t("entry.correctionHelp")}
            required
            messages={
              reason !== "" && short
                ? [{ severity: "error", text: t("entry.correctionShort") }]
                : []
            }
          >
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button
              type="button"
              className="button-primary"
              disabled={busy || short}
              onClick={() => void create()}
            >
              {t("entry.correctionCreate")}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
              {t("app.cancel")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
