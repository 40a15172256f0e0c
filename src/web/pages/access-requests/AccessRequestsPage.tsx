import { useQuery } from "@tanstack/react-query";
import { type FormEvent, Fragment, useState } from "react";
import { type AccessRequest, api } from "../../api-client.ts";
import { ErrorBox, Field, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDate } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import { AccessRequestDetail } from "./AccessRequestDetail.tsx";
import { ComplianceTable } from "./ComplianceTable.tsx";

/**
 * /solicitudes-acceso — the register of access-to-information requests (Ley 27806) for roles
 * with `access_request.read`: what is due soon, every request with its status and deadline in
 * días hábiles (computed by the server on Peru's holiday calendar), the detail of each, and for
 * `access_request.manage` the forms to register a request, its extension, its answer and its
 * documents. The public compliance table closes the page.
 */
export function AccessRequestsPage() {
  const t = useT();
  const { can } = useSession();
  const requests = useQuery(queries.accessRequests());
  const reminders = useQuery(queries.accessReminders());
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <PageTitle text={t("accessRequests.title")}>{t("accessRequests.title")}</PageTitle>
      <p className="lead">{t("accessRequests.intro")}</p>
      {reminders.data && reminders.data.length > 0 && (
        <Notice kind="warning">
          <strong>{t("accessRequests.remindersTitle")}</strong>
          <ul className="simple-list">
            {reminders.data.map((r) => (
              <li key={r.id}>
                {r.entity} — {r.requester}: {r.message} ({formatDate(r.deadline, t("locale"))})
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {can("access_request.manage") && <CreateForm />}
      <section className="card" aria-labelledby="access-list-title">
        <h2 id="access-list-title">{t("accessRequests.listTitle")}</h2>
        {requests.error ? (
          <ErrorBox error={requests.error} onRetry={() => void requests.refetch()} />
        ) : !requests.data ? (
          <Loading />
        ) : requests.data.length === 0 ? (
          <p className="empty">{t("accessRequests.none")}</p>
        ) : (
          <TableWrap label={t("accessRequests.caption")}>
            <table className="data-table access-requests-table">
              <caption>{t("accessRequests.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("accessRequests.entity")}</th>
                  <th scope="col">{t("accessRequests.requester")}</th>
                  <th scope="col">{t("accessRequests.sentOn")}</th>
                  <th scope="col">{t("accessRequests.deadline")}</th>
                  <th scope="col">{t("accessRequests.status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("accessRequests.details")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {requests.data.map((r) => (
                  <Fragment key={r.id}>
                    <tr data-request={r.id} data-status={r.status}>
                      <th scope="row">
                        <abbr title={r.entity.name}>{r.entity.code}</abbr>
                        {r.reference && (
                          <>
                            <br />
                            <small>{r.reference}</small>
                          </>
                        )}
                      </th>
                      <td>{r.requester}</td>
                      <td>{formatDate(r.sentOn, t("locale"))}</td>
                      <td>
                        <Deadline request={r} />
                      </td>
                      <td>
                        <span className={`status-badge access-status-${r.status}`}>
                          {t(`accessRequests.statuses.${r.status}`)}
                        </span>
                        {r.outcome === "parcial" && (
                          <>
                            <br />
                            <small>{t("accessRequests.outcomes.parcial")}</small>
                          </>
                        )}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="button-small"
                          aria-expanded={open === r.id}
                          aria-controls={`access-detail-${r.id}`}
                          onClick={() => setOpen(open === r.id ? null : r.id)}
                        >
                          {t("accessRequests.details")}
                        </button>
                      </td>
                    </tr>
                    {open === r.id && (
                      <tr id={`access-detail-${r.id}`}>
                        <td colSpan={6}>
                          <AccessRequestDetail request={r} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <ComplianceTable />
    </>
  );
}

function Deadline({ request: r }: { request: AccessRequest }) {
  const t = useT();
  const locale = t("locale");
  return (
    <>
      <strong>{formatDate(r.deadline, locale)}</strong>
      <br />
      <small>
        {r.extension
          ? t("accessRequests.extendedTo", { date: formatDate(r.extension.newDate, locale) })
          : t("accessRequests.legalDeadline", { date: formatDate(r.legalDeadline, locale) })}
      </small>
      <br />
      <small>
        {r.answeredOn
          ? r.workingDaysLate
            ? t("accessRequests.daysLate", { count: r.workingDaysLate })
            : t("accessRequests.answeredOn", { date: formatDate(r.answeredOn, locale) })
          : r.workingDaysLeft !== null
            ? r.workingDaysLeft >= 0
              ? t("accessRequests.daysLeft", { count: r.workingDaysLeft })
              : t("accessRequests.daysOverdue", { count: -r.workingDaysLeft })
            : null}
      </small>
    </>
  );
}

function CreateForm() {
  const t = useT();
  const entities = useQuery(queries.entities());
  const [entity, setEntity] = useState("");
  const [requester, setRequester] = useState("");
  const [reference, setReference] = useState("");
  const [questions, setQuestions] = useState("");
  const [sentOn, setSentOn] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<AccessRequest | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCreated(null);
    try {
      const request = await api.createAccessRequest({
        entity,
        requester,
        questions,
        sentOn,
        ...(reference.trim() ? { reference } : {}),
      });
      setCreated(request);
      setQuestions("");
      setReference("");
    } catch (err) {
      setError(err);
    }
  }
  return (
    <details className="card">
      <summary>
        <h2 className="inline-heading">{t("accessRequests.create")}</h2>
      </summary>
      <form onSubmit={(e) => void submit(e)} className="filters-form">
        {created && (
          <Notice kind="success">
            {t("accessRequests.created", { date: formatDate(created.deadline, t("locale")) })}
          </Notice>
        )}
        {error !== null && <ErrorBox error={error} />}
        <Field id="ar-entity" label={t("accessRequests.entity")} required>
          {(aria) => (
            <select {...aria} required value={entity} onChange={(e) => setEntity(e.target.value)}>
              <option value="">—</option>
              {(entities.data ?? []).map((x) => (
                <option key={x.code} value={x.code}>
                  {x.code} — {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="ar-requester"
          label={t("accessRequests.requester")}
          help={t("accessRequests.requesterHelp")}
          required
        >
          {(aria) => (
            <input
              {...aria}
              required
              value={requester}
              onChange={(e) => setRequester(e.target.value)}
            />
          )}
        </Field>
        <Field id="ar-reference" label={t("accessRequests.reference")}>
          {(aria) => (
            <input {...aria} value={reference} onChange={(e) => setReference(e.target.value)} />
          )}
        </Field>
        <Field id="ar-sent" label={t("accessRequests.sentOn")} required>
          {(aria) => (
            <input
              {...aria}
              type="date"
              required
              value={sentOn}
              onChange={(e) => setSentOn(e.target.value)}
            />
          )}
        </Field>
        <Field id="ar-questions" label={t("accessRequests.questions")} required>
          {(aria) => (
            <textarea
              {...aria}
              required
              rows={4}
              value={questions}
              onChange={(e) => setQuestions(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">{t("accessRequests.create")}</button>
      </form>
    </details>
  );
}
