import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { PeriodCreateSchema } from "../../../shared/contracts/periods.contract.ts";
import { api, type Period } from "../../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDate, today } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

const PERIODS = ["S1", "S2", "ANUAL"] as const;

/** /admin/periodos — open a reporting period with its deadline, change the deadline, close it. */
export function PeriodsPage() {
  const t = useT();
  const { policy } = useSession();
  const periods = useQuery(queries.periods(policy));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ id: number; deadline: string } | null>(null);

  const label = (p: Period) => `${t(`periods.${p.period}`)} ${p.year}`;

  async function update(p: Period, body: { status?: "abierto" | "cerrado"; deadline?: string }) {
    setError(null);
    try {
      await api.updatePeriod(p.id, body);
      setConfirming(null);
      setEditing(null);
      setNotice(t("periodsAdmin.updated"));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <PageTitle text={t("periodsAdmin.title")}>{t("periodsAdmin.title")}</PageTitle>
      {notice && <Notice kind="success">{notice}</Notice>}
      {error !== null && <ErrorBox error={error} />}
      {periods.error ? (
        <ErrorBox error={periods.error} onRetry={() => void periods.refetch()} />
      ) : !periods.data ? (
        <Loading />
      ) : periods.data.length === 0 ? (
        <p className="empty">{t("periodsAdmin.empty")}</p>
      ) : (
        <TableWrap label={t("periodsAdmin.title")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("periodsAdmin.period")}</th>
                <th scope="col">{t("periodsAdmin.opensOn")}</th>
                <th scope="col">{t("periodsAdmin.deadline")}</th>
                <th scope="col">{t("periodsAdmin.status")}</th>
                <th scope="col">{t("users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {[...periods.data]
                .sort((a, b) => b.year - a.year || a.period.localeCompare(b.period))
                .map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{label(p)}</th>
                    <td>{formatDate(p.opensOn, t("locale"))}</td>
                    <td>
                      {editing?.id === p.id ? (
                        <form
                          className="inline-form"
                          onSubmit={(e) => {
                            e.preventDefault();
                            void update(p, { deadline: editing.deadline });
                          }}
                        >
                          <label htmlFor={`deadline-${p.id}`} className="visually-hidden">
                            {t("periodsAdmin.deadline")} {label(p)}
                          </label>
                          <input
                            id={`deadline-${p.id}`}
                            type="date"
                            value={editing.deadline}
                            min={p.opensOn}
                            onChange={(e) => setEditing({ id: p.id, deadline: e.target.value })}
                          />
                          <button type="submit" className="button-primary">
                            {t("app.save")}
                          </button>
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => setEditing(null)}
                          >
                            {t("app.cancel")}
                          </button>
                        </form>
                      ) : (
                        formatDate(p.deadline, t("locale"))
                      )}
                    </td>
                    <td>
                      <span className={`status-badge period-${p.status}`}>
                        {t(`periodsAdmin.statuses.${p.status}`)}
                      </span>
                    </td>
                    <td className="actions-cell">
                      {confirming === p.id ? (
                        <div className="confirm">
                          <p>{t("periodsAdmin.closeConfirm", { label: label(p) })}</p>
                          <button
                            type="button"
                            className="button-danger"
                            onClick={() => void update(p, { status: "cerrado" })}
                          >
                            {t("periodsAdmin.close")}
                          </button>
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => setConfirming(null)}
                          >
                            {t("app.cancel")}
                          </button>
                        </div>
                      ) : (
                        <>
                          {p.status === "abierto" ? (
                            <button
                              type="button"
                              className="button-secondary"
                              aria-label={`${t("periodsAdmin.close")} ${label(p)}`}
                              onClick={() => setConfirming(p.id)}
                            >
                              {t("periodsAdmin.close")}
                            </button>
                          ) : (
                            <button
                              type="button"
                              className="button-secondary"
                              aria-label={`${t("periodsAdmin.reopen")} ${label(p)}`}
                              onClick={() => void update(p, { status: "abierto" })}
                            >
                              {t("periodsAdmin.reopen")}
                            </button>
                          )}{" "}
                          <button
                            type="button"
                            className="button-secondary"
                            aria-label={`${t("periodsAdmin.changeDeadline")} ${label(p)}`}
                            onClick={() => setEditing({ id: p.id, deadline: p.deadline })}
                          >
                            {t("periodsAdmin.changeDeadline")}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <CreatePeriodForm
        onCreated={() => {
          setNotice(t("periodsAdmin.created"));
        }}
      />
    </>
  );
}

function CreatePeriodForm({ onCreated }: { onCreated(): void }) {
  const t = useT();
  const { policy } = useSession();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>("S1");
  const [opensOn, setOpensOn] = useState(today());
  const [deadline, setDeadline] = useState("");
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = PeriodCreateSchema.safeParse({ year, period, opensOn, deadline });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setIssues(next);
      return;
    }
    setIssues({});
    try {
      await api.createPeriod(policy, parsed.data);
      onCreated();
    } catch (err) {
      setError(err);
    }
  }
  const msg = (k: string) =>
    issues[k] ? [{ severity: "error" as const, text: issues[k] as string }] : [];

  return (
    <section className="card" aria-labelledby="create-period-title">
      <h2 id="create-period-title">{t("periodsAdmin.open")}</h2>
      {error !== null && <ErrorBox error={error} />}
      <form onSubmit={onSubmit} noValidate>
        <div className="grid-4">
          <Field id="p-year" label={t("periodsAdmin.year")} messages={msg("year")} required>
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={year}
                onChange={(e) => setYear(e.target.value)}
              />
            )}
          </Field>
          <Field id="p-period" label={t("periodsAdmin.period")} messages={msg("period")} required>
            {(aria) => (
              <select
                {...aria}
                value={period}
                onChange={(e) => setPeriod(e.target.value as (typeof PERIODS)[number])}
              >
                {PERIODS.map((p) => (
                  <option key={p} value={p}>
                    {t(`periods.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="p-opens" label={t("periodsAdmin.opensOn")} messages={msg("opensOn")} required>
            {(aria) => (
              <input
                {...aria}
                type="date"
                value={opensOn}
                onChange={(e) => setOpensOn(e.target.value)}
              />
            )}
          </Field>
          <Field
            id="p-deadline"
            label={t("periodsAdmin.deadline")}
            messages={msg("deadline")}
            required
          >
            {(aria) => (
              <input
                {...aria}
                type="date"
                value={deadline}
                min={opensOn}
                onChange={(e) => setDeadline(e.target.value)}
              />
            )}
          </Field>
        </div>
        <button type="submit" className="button-primary">
          {t("periodsAdmin.open")}
        </button>
      </form>
    </section>
  );
}
