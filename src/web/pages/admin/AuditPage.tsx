import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { AuditQuery } from "../../api-client.ts";
import { ActorName, ErrorBox, Loading, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";

interface Filters {
  actor: string;
  action: string;
  objectType: string;
  from: string;
  to: string;
  limit: string;
}
const EMPTY: Filters = { actor: "", action: "", objectType: "", from: "", to: "", limit: "100" };

const auditQuery = (f: Filters): AuditQuery => ({
  actor: f.actor.trim() || undefined,
  action: f.action.trim() || undefined,
  objectType: f.objectType.trim() || undefined,
  from: f.from || undefined,
  // "Hasta" is a whole day: include it.
  to: f.to ? `${f.to}T23:59:59.999` : undefined,
  limit: Number(f.limit) || 100,
});

/** /admin/auditoria — read-only viewer of the append-only audit log. */
export function AuditPage() {
  const t = useT();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const events = useQuery(queries.audit(auditQuery(applied)));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    // The same filters again still ask again: the log grows while the page is open.
    if (JSON.stringify(auditQuery(draft)) === JSON.stringify(auditQuery(applied)))
      void events.refetch();
    setApplied(draft);
  }
  const input = (key: keyof Filters, label: string, type = "text") => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{label}</label>
      <input
        id={`audit-${key}`}
        type={type}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </div>
  );

  return (
    <>
      <PageTitle text={t("auditAdmin.title")}>{t("auditAdmin.title")}</PageTitle>
      <p className="lead">{t("auditAdmin.intro")}</p>
      <form className="filters-form" onSubmit={onSubmit}>
        <fieldset className="filters">
          <legend>{t("dashboard.filters")}</legend>
          {input("actor", t("auditAdmin.actorFilter"))}
          {input("action", t("auditAdmin.action"))}
          {input("objectType", t("auditAdmin.objectType"))}
          {input("from", t("auditAdmin.from"), "date")}
          {input("to", t("auditAdmin.to"), "date")}
          <div className="field">
            <label htmlFor="audit-limit">{t("auditAdmin.limit")}</label>
            <select
              id="audit-limit"
              value={draft.limit}
              onChange={(e) => setDraft({ ...draft, limit: e.target.value })}
            >
              {["50", "100", "200", "500"].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button-primary">
            {t("auditAdmin.search")}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
            }}
          >
            {t("auditAdmin.clear")}
          </button>
        </div>
      </form>
      {events.error ? (
        <ErrorBox error={events.error} onRetry={() => void events.refetch()} />
      ) : !events.data ? (
        <Loading />
      ) : events.data.length === 0 ? (
        <p className="empty">{t("auditAdmin.empty")}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t("auditAdmin.count", { count: events.data.length })}
          </p>
          <TableWrap label={t("auditAdmin.title")}>
            <table className="data-table audit-table">
              <thead>
                <tr>
                  <th scope="col">{t("auditAdmin.at")}</th>
                  <th scope="col">{t("auditAdmin.actor")}</th>
                  <th scope="col">{t("auditAdmin.action")}</th>
                  <th scope="col">{t("auditAdmin.object")}</th>
                  <th scope="col">{t("auditAdmin.ip")}</th>
                  <th scope="col">{t("auditAdmin.change")}</th>
                </tr>
              </thead>
              <tbody>
                {events.data.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{formatDateTime(e.at, t("locale"))}</td>
                    <td>
                      <ActorName id={e.actor} user={e.actorUser} showId />
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.objectType}
                      {e.objectId !== null && ` #${e.objectId}`}
                    </td>
                    <td>{e.ip ?? "—"}</td>
                    <td>
                      {e.before !== null || e.after !== null ? (
                        <details>
                          <summary>{t("auditAdmin.details")}</summary>
                          <div className="diff">
                            <div>
                              <strong>{t("auditAdmin.before")}</strong>
                              <pre>{JSON.stringify(e.before, null, 2)}</pre>
                            </div>
                            <div>
                              <strong>{t("auditAdmin.after")}</strong>
                              <pre>{JSON.stringify(e.after, null, 2)}</pre>
                            </div>
                          </div>
                        </details>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </>
  );
}
