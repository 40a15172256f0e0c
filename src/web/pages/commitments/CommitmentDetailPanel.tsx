import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api-client.ts";
import { ErrorBox, Loading, Notice } from "../../components/ui.tsx";
import { formatDate, formatDateTime, formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";

type Open = "pendiente" | "en_proceso";
type Closing = "cumplido" | "no_cumplido";

/**
 * One commitment: progress (pendiente / en proceso) with a comment, evidence of compliance,
 * closing as cumplido or no cumplido with its reason, the status history and the metas it set.
 */
export function CommitmentDetailPanel({ id, canManage }: { id: number; canManage: boolean }) {
  const t = useT();
  const q = useQuery(queries.commitment(id));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<Open | null>(null);
  const [comment, setComment] = useState("");
  const [closeAs, setCloseAs] = useState<Closing>("cumplido");
  const [closeComment, setCloseComment] = useState("");
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (q.error) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading />;
  const c = q.data;
  const statusLabel = (s: string | null) =>
    s === null ? t("commitmentsAdmin.created_status") : t(`commitmentsAdmin.statuses.${s as Open}`);
  const closed = c.status === "cumplido" || c.status === "no_cumplido";

  return (
    <section
      className="card"
      aria-label={t("commitmentsAdmin.detail", { number: c.number, year: c.periodYear })}
    >
      <h2>{t("commitmentsAdmin.detail", { number: c.number, year: c.periodYear })}</h2>
      {notice && <Notice kind="success">{notice}</Notice>}
      {error !== null && <ErrorBox error={error} />}
      <p>{c.recommendation}</p>
      <p>
        <strong>{t("commitmentsAdmin.dueOn")}:</strong> {formatDate(c.dueOn, t("locale"))}
        {c.deadlineNote && <span className="muted"> ({c.deadlineNote})</span>}{" "}
        {c.overdue && <span className="tag tag-danger">{t("commitmentsAdmin.overdue")}</span>}
        {c.closedAt && (
          <span className="muted">
            {" "}
            · {t("commitmentsAdmin.closedOn", { date: formatDate(c.closedAt, t("locale")) })}
          </span>
        )}
      </p>

      {canManage && !closed && (
        <div className="inline-form">
          <label htmlFor={`cd-status-${id}`}>{t("commitmentsAdmin.status")}</label>
          <select
            id={`cd-status-${id}`}
            value={status ?? (c.status as Open)}
            onChange={(e) => setStatus(e.target.value as Open)}
          >
            {(["pendiente", "en_proceso"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`commitmentsAdmin.statuses.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`cd-comment-${id}`}>{t("commitmentsAdmin.comment")}</label>
          <input
            id={`cd-comment-${id}`}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() =>
              void run(
                () =>
                  api.updateCommitment(id, {
                    status: status ?? (c.status as Open),
                    comment: comment.trim() || null,
                  }),
                t("commitmentsAdmin.saved"),
              )
            }
          >
            {t("commitmentsAdmin.saveProgress")}
          </button>
        </div>
      )}

      <h3>{t("commitmentsAdmin.evidence")}</h3>
      {c.evidence.length === 0 ? (
        <p className="muted">{t("commitmentsAdmin.noEvidence")}</p>
      ) : (
        <ul data-testid="commitment-evidence">
          {c.evidence.map((e) => (
            <li key={e.id}>
              <a href={api.commitmentEvidenceUrl(e.id)}>{e.fileName}</a>{" "}
              <span className="muted small">{formatDateTime(e.uploadedAt, t("locale"))}</span>
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <div className="field">
          <label htmlFor={`cd-file-${id}`}>{t("commitmentsAdmin.uploadEvidence")}</label>
          <input
            id={`cd-file-${id}`}
            type="file"
            accept=".pdf,.xlsx,.docx,.png,.jpg,.jpeg"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file)
                void run(
                  () => api.uploadCommitmentEvidence(id, file),
                  t("commitmentsAdmin.uploaded"),
                );
            }}
          />
        </div>
      )}

      {canManage && !closed && (
        <fieldset>
          <legend>{t("commitmentsAdmin.close")}</legend>
          <label htmlFor={`cd-close-as-${id}`}>{t("commitmentsAdmin.closeAs")}</label>
          <select
            id={`cd-close-as-${id}`}
            value={closeAs}
            onChange={(e) => setCloseAs(e.target.value as Closing)}
          >
            {(["cumplido", "no_cumplido"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`commitmentsAdmin.statuses.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`cd-close-comment-${id}`}>{t("commitmentsAdmin.closeComment")}</label>
          <textarea
            id={`cd-close-comment-${id}`}
            rows={2}
            value={closeComment}
            onChange={(e) => setCloseComment(e.target.value)}
          />
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() =>
              void run(
                () => api.closeCommitment(id, { status: closeAs, comment: closeComment }),
                t("commitmentsAdmin.closed"),
              )
            }
          >
            {t("commitmentsAdmin.close")}
          </button>
        </fieldset>
      )}

      <h3>{t("commitmentsAdmin.history")}</h3>
      <ol data-testid="commitment-history">
        {c.history.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only, in order
          <li key={i}>
            {t("commitmentsAdmin.historyLine", {
              from: statusLabel(h.fromStatus),
              to: statusLabel(h.toStatus),
            })}{" "}
            <span className="muted small">
              {formatDateTime(h.changedAt, t("locale"))} · {h.changedByUser?.name ?? h.changedBy}
            </span>
            {h.comment && <span className="block">{h.comment}</span>}
          </li>
        ))}
      </ol>

      {c.metaRevisions.length > 0 && (
        <>
          <h3>{t("commitmentsAdmin.metaRevisions")}</h3>
          <ul data-testid="commitment-metas">
            {c.metaRevisions.map((m) => (
              <li key={`${m.indicator}-${m.year}-${m.revision}`}>
                {m.indicator} · {m.year}: {formatNumber(m.value, t("locale"), 4)} (rev. {m.revision}
                , {m.inForce ? t("commitmentsAdmin.inForce") : t("commitmentsAdmin.replaced")})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
