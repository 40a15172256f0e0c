import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, type CommitmentDetail } from "../../api-client.ts";
import { ErrorBox } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";

/** The form of a new commitment: a dated deadline, and the metas it sets for later years. */
export function CommitmentForm({
  policy,
  onCreated,
}: {
  policy: string;
  onCreated(c: CommitmentDetail): void;
}) {
  const t = useT();
  const indicators = useQuery(queries.indicators(policy));
  const entities = useQuery(queries.entities());
  const nextYear = new Date().getFullYear() + 1;
  const [f, setF] = useState({
    periodYear: String(nextYear),
    aspect: "",
    indicator: "",
    entity: "",
    recommendation: "",
    keyAction: "",
    verificationMeans: "",
    responsibleUnit: "",
    dueOn: "",
    deadlineNote: "",
  });
  const [metas, setMetas] = useState<{ year: string; value: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const orNull = (s: string) => (s.trim() ? s.trim() : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createCommitment(policy, {
        periodYear: Number(f.periodYear),
        aspect: f.aspect,
        indicator: orNull(f.indicator),
        entity: orNull(f.entity),
        recommendation: f.recommendation,
        keyAction: orNull(f.keyAction),
        verificationMeans: orNull(f.verificationMeans),
        responsibleUnit: orNull(f.responsibleUnit),
        dueOn: f.dueOn,
        deadlineNote: orNull(f.deadlineNote),
        newMetas: metas.map((m) => ({ year: Number(m.year), value: Number(m.value) })),
      });
      onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const text = (k: keyof typeof f, label: string, multiline = false) => (
    <div className="field">
      <label htmlFor={`cf-${k}`}>{label}</label>
      {multiline ? (
        <textarea id={`cf-${k}`} rows={2} value={f[k]} onChange={set(k)} />
      ) : (
        <input id={`cf-${k}`} value={f[k]} onChange={set(k)} />
      )}
    </div>
  );

  return (
    <form
      className="card form-grid"
      onSubmit={(e) => void submit(e)}
      aria-label={t("commitmentsAdmin.newCommitment")}
    >
      <div className="field">
        <label htmlFor="cf-periodYear">{t("commitmentsAdmin.period")}</label>
        <input id="cf-periodYear" type="number" value={f.periodYear} onChange={set("periodYear")} />
      </div>
      {text("aspect", t("commitmentsAdmin.aspect"))}
      <div className="field">
        <label htmlFor="cf-indicator">{t("commitmentsAdmin.indicator")}</label>
        <select id="cf-indicator" value={f.indicator} onChange={set("indicator")}>
          <option value="">{t("commitmentsAdmin.noIndicator")}</option>
          {(indicators.data ?? []).map((i) => (
            <option key={i.code} value={i.code}>
              {i.code} — {i.name.slice(0, 80)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="cf-entity">{t("commitmentsAdmin.entity")}</label>
        <select id="cf-entity" value={f.entity} onChange={set("entity")}>
          <option value="">{t("commitmentsAdmin.noEntity")}</option>
          {(entities.data ?? []).map((e) => (
            <option key={e.code} value={e.code}>
              {e.code} — {e.name}
            </option>
          ))}
        </select>
      </div>
      {text("recommendation", t("commitmentsAdmin.recommendation"), true)}
      {text("keyAction", t("commitmentsAdmin.keyAction"), true)}
      {text("verificationMeans", t("commitmentsAdmin.verificationMeans"))}
      {text("responsibleUnit", t("commitmentsAdmin.responsible"))}
      <div className="field">
        <label htmlFor="cf-dueOn">{t("commitmentsAdmin.dueOn")}</label>
        <input id="cf-dueOn" type="date" value={f.dueOn} onChange={set("dueOn")} />
      </div>
      {text("deadlineNote", t("commitmentsAdmin.deadlineNote"))}
      <fieldset>
        <legend>{t("commitmentsAdmin.metas")}</legend>
        {metas.map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, not reordered
          <div className="inline-form" key={i}>
            <label htmlFor={`cf-meta-year-${i}`}>{t("commitmentsAdmin.metaYear")}</label>
            <input
              id={`cf-meta-year-${i}`}
              type="number"
              value={m.year}
              onChange={(e) =>
                setMetas(metas.map((x, j) => (j === i ? { ...x, year: e.target.value } : x)))
              }
            />
            <label htmlFor={`cf-meta-value-${i}`}>{t("commitmentsAdmin.metaValue")}</label>
            <input
              id={`cf-meta-value-${i}`}
              type="number"
              step="any"
              value={m.value}
              onChange={(e) =>
                setMetas(metas.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))
              }
            />
            <button
              type="button"
              className="button-secondary"
              onClick={() => setMetas(metas.filter((_, j) => j !== i))}
            >
              {t("commitmentsAdmin.removeMeta")}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button-secondary"
          onClick={() =>
            setMetas([...metas, { year: String(Number(f.periodYear) + 1), value: "" }])
          }
        >
          {t("commitmentsAdmin.addMeta")}
        </button>
      </fieldset>
      {error !== null && <ErrorBox error={error} />}
      <div>
        <button type="submit" className="button-primary" disabled={busy}>
          {t("commitmentsAdmin.create")}
        </button>
      </div>
    </form>
  );
}
