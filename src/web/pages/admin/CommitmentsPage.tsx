import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type CommitmentRow } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

const STATUSES = ["pendiente", "en_proceso", "cumplido", "no_cumplido"] as const;
type Status = (typeof STATUSES)[number];

/** /admin/compromisos — the Matriz de compromisos with the follow-up status of each row. */
export function CommitmentsPage() {
  const t = useT();
  const { policy } = useSession();
  const rows = useQuery(queries.commitments(policy));
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <PageTitle text={t("commitmentsAdmin.title")}>{t("commitmentsAdmin.title")}</PageTitle>
      {notice && <Notice kind="success">{notice}</Notice>}
      {rows.error ? (
        <ErrorBox error={rows.error} onRetry={() => void rows.refetch()} />
      ) : !rows.data ? (
        <Loading />
      ) : rows.data.length === 0 ? (
        <p className="empty">{t("commitmentsAdmin.empty")}</p>
      ) : (
        <TableWrap label={t("commitmentsAdmin.title")}>
          <table className="data-table commitments-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("commitmentsAdmin.number")}
                </th>
                <th scope="col">{t("commitmentsAdmin.aspect")}</th>
                <th scope="col">{t("commitmentsAdmin.recommendation")}</th>
                <th scope="col">{t("commitmentsAdmin.responsible")}</th>
                <th scope="col">{t("commitmentsAdmin.deadline")}</th>
                <th scope="col">{t("commitmentsAdmin.status")}</th>
              </tr>
            </thead>
            <tbody>
              {[...rows.data]
                .sort((a, b) => a.periodYear - b.periodYear || a.number - b.number)
                .map((row) => (
                  <CommitmentLine
                    key={row.id}
                    row={row}
                    onSaved={() => {
                      setNotice(t("commitmentsAdmin.saved"));
                    }}
                  />
                ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

function CommitmentLine({ row, onSaved }: { row: CommitmentRow; onSaved(): void }) {
  const t = useT();
  const [status, setStatus] = useState<Status>(row.status);
  const [comment, setComment] = useState(row.comment ?? "");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const changed = status !== row.status || comment !== (row.comment ?? "");

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await api.updateCommitment(row.id, { status, comment: comment.trim() || null });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-status={row.status}>
      <td className="num">{row.number}</td>
      <th scope="row">{row.aspect}</th>
      <td className="cell-text">
        {row.recommendation}
        {row.keyAction && <span className="muted small block">{row.keyAction}</span>}
      </td>
      <td>{row.responsibleUnit ?? "—"}</td>
      <td>{row.deadline ?? "—"}</td>
      <td className="commitment-edit">
        <label className="visually-hidden" htmlFor={`c-status-${row.id}`}>
          {t("commitmentsAdmin.status")} {row.number}
        </label>
        <select
          id={`c-status-${row.id}`}
          value={status}
          onChange={(e) => setStatus(e.target.value as Status)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`commitmentsAdmin.statuses.${s}`)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={`c-comment-${row.id}`}>
          {t("commitmentsAdmin.comment")} {row.number}
        </label>
        <textarea
          id={`c-comment-${row.id}`}
          rows={2}
          placeholder={t("commitmentsAdmin.comment")}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        {changed && (
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() => void save()}
          >
            {t("app.save")}
          </button>
        )}
        {error !== null && <ErrorBox error={error} />}
      </td>
    </tr>
  );
}
