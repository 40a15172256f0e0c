import { type FormEvent, type ReactNode, useState } from "react";
import { type AccessRequest, api } from "../../api-client.ts";
import { ErrorBox, Field, Notice } from "../../components/ui.tsx";
import { formatDate, formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";

/**
 * A request's detail under its row: the questions, the non-working days inside its plazo, its
 * documents and, for `access_request.manage`, the forms for the one extension, the answer and a
 * document. Each form sends one call; the list refreshes through the cache (STALE_AFTER).
 */
export function AccessRequestDetail({ request }: { request: AccessRequest }) {
  const t = useT();
  const { can } = useSession();
  const manage = can("access_request.manage");
  const locale = t("locale");
  return (
    <div className="access-request-detail">
      <section aria-label={t("accessRequests.questions")}>
        <h3>{t("accessRequests.questions")}</h3>
        <p className="questions-text">{request.questions}</p>
        {request.skippedDays.length > 0 && (
          <p className="muted">
            {t("accessRequests.skipped", {
              days: request.skippedDays
                .map((d) => `${formatDate(d.date, locale)} (${d.reason})`)
                .join("; "),
            })}
          </p>
        )}
        {request.notes && <p>{request.notes}</p>}
      </section>
      <section aria-label={t("accessRequests.documents")}>
        <h3>{t("accessRequests.documents")}</h3>
        {request.documents.length === 0 ? (
          <p className="empty">{t("accessRequests.noDocuments")}</p>
        ) : (
          <ul className="simple-list">
            {request.documents.map((d) => (
              <li key={d.id}>
                {t(`accessRequests.documentKinds.${d.kind}`)}:{" "}
                {d.link && /^https?:\/\//.test(d.link) ? (
                  <a href={d.link} rel="noreferrer noopener" target="_blank">
                    {d.title}
                  </a>
                ) : (
                  <>
                    {d.title}
                    {d.link ? ` (${d.link})` : ""}
                  </>
                )}{" "}
                <small className="muted">{formatDateTime(d.addedAt, locale)}</small>
              </li>
            ))}
          </ul>
        )}
        {manage && <DocumentForm request={request} />}
      </section>
      {manage && request.outcome === "pendiente" && (
        <>
          {request.extension === null && <ExtensionForm request={request} />}
          <AnswerForm request={request} />
        </>
      )}
    </div>
  );
}

function useSubmit(action: () => Promise<unknown>) {
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      await action();
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { error, saved, busy, submit };
}

function FormShell({
  title,
  submitLabel,
  state,
  children,
}: {
  title: string;
  submitLabel: string;
  state: ReturnType<typeof useSubmit>;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <form onSubmit={(e) => void state.submit(e)} className="filters-form" aria-label={title}>
      <h3>{title}</h3>
      {state.saved && <Notice kind="success">{t("accessRequests.saved")}</Notice>}
      {state.error !== null && <ErrorBox error={state.error} />}
      {children}
      <button type="submit" disabled={state.busy}>
        {submitLabel}
      </button>
    </form>
  );
}

function ExtensionForm({ request }: { request: AccessRequest }) {
  const t = useT();
  const [notifiedOn, setNotifiedOn] = useState("");
  const [newDate, setNewDate] = useState("");
  const [reason, setReason] = useState("");
  const id = (name: string) => `ar-${request.id}-ext-${name}`;
  const state = useSubmit(() =>
    api.extendAccessRequest(request.id, {
      notifiedOn,
      newDate,
      ...(reason.trim() ? { reason } : {}),
    }),
  );
  return (
    <FormShell
      title={t("accessRequests.extension")}
      submitLabel={t("accessRequests.saveExtension")}
      state={state}
    >
      <p className="help">
        {t("accessRequests.extensionHelp", {
          date: formatDate(request.extensionNoticeLimit, t("locale")),
        })}
      </p>
      <Field id={id("notified")} label={t("accessRequests.notifiedOn")} required>
        {(aria) => (
          <input
            {...aria}
            type="date"
            required
            value={notifiedOn}
            onChange={(e) => setNotifiedOn(e.target.value)}
          />
        )}
      </Field>
      <Field id={id("date")} label={t("accessRequests.newDate")} required>
        {(aria) => (
          <input
            {...aria}
            type="date"
            required
            value={newDate}
            onChange={(e) => setNewDate(e.target.value)}
          />
        )}
      </Field>
      <Field id={id("reason")} label={t("accessRequests.reason")}>
        {(aria) => <input {...aria} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </FormShell>
  );
}

function AnswerForm({ request }: { request: AccessRequest }) {
  const t = useT();
  const [outcome, setOutcome] = useState<"respondida" | "parcial" | "no_respondida">("respondida");
  const [answeredOn, setAnsweredOn] = useState("");
  const [notes, setNotes] = useState("");
  const id = (name: string) => `ar-${request.id}-answer-${name}`;
  const state = useSubmit(() =>
    api.answerAccessRequest(request.id, {
      outcome,
      ...(outcome !== "no_respondida" && answeredOn ? { answeredOn } : {}),
      ...(notes.trim() ? { notes } : {}),
    }),
  );
  return (
    <FormShell
      title={t("accessRequests.answer")}
      submitLabel={t("accessRequests.saveAnswer")}
      state={state}
    >
      <Field id={id("outcome")} label={t("accessRequests.outcome")} required>
        {(aria) => (
          <select
            {...aria}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as typeof outcome)}
          >
            {(["respondida", "parcial", "no_respondida"] as const).map((o) => (
              <option key={o} value={o}>
                {t(`accessRequests.outcomes.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {outcome !== "no_respondida" && (
        <Field id={id("date")} label={t("accessRequests.answerDate")} required>
          {(aria) => (
            <input
              {...aria}
              type="date"
              required
              value={answeredOn}
              onChange={(e) => setAnsweredOn(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field id={id("notes")} label={t("accessRequests.notes")}>
        {(aria) => <textarea {...aria} value={notes} onChange={(e) => setNotes(e.target.value)} />}
      </Field>
    </FormShell>
  );
}

function DocumentForm({ request }: { request: AccessRequest }) {
  const t = useT();
  const [kind, setKind] = useState<"solicitud" | "prorroga" | "respuesta" | "otro">("respuesta");
  const [title, setTitle] = useState("");
  const [link, setLink] = useState("");
  const id = (name: string) => `ar-${request.id}-doc-${name}`;
  const state = useSubmit(async () => {
    await api.addAccessRequestDocument(request.id, { kind, title, link });
    setTitle("");
    setLink("");
  });
  return (
    <FormShell
      title={t("accessRequests.addDocument")}
      submitLabel={t("accessRequests.addDocument")}
      state={state}
    >
      <Field id={id("kind")} label={t("accessRequests.documentKind")} required>
        {(aria) => (
          <select {...aria} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {(["solicitud", "prorroga", "respuesta", "otro"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`accessRequests.documentKinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={id("title")} label={t("accessRequests.documentTitle")} required>
        {(aria) => (
          <input {...aria} required value={title} onChange={(e) => setTitle(e.target.value)} />
        )}
      </Field>
      <Field id={id("link")} label={t("accessRequests.documentLink")} required>
        {(aria) => (
          <input {...aria} required value={link} onChange={(e) => setLink(e.target.value)} />
        )}
      </Field>
    </FormShell>
  );
}
