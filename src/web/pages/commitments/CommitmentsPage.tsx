import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDate } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import { CommitmentCompliance } from "./CommitmentCompliance.tsx";
import { CommitmentDetailPanel } from "./CommitmentDetailPanel.tsx";
import { CommitmentForm } from "./CommitmentForm.tsx";

/**
 * /admin/compromisos — the Matriz de compromisos followed to compliance: the table per entity,
 * every commitment with its dated deadline and overdue flag, a new one, and one opened to
 * follow it (progress, evidence, closing, history, the metas it set).
 */
export function CommitmentsPage() {
  const t = useT();
  const { policy, can } = useSession();
  const canManage = can("commitment.manage");
  const rows = useQuery(queries.commitments(policy));
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);

  return (
    <>
      <PageTitle text={t("commitmentsAdmin.title")}>{t("commitmentsAdmin.title")}</PageTitle>
      {notice && <Notice kind="success">{notice}</Notice>}
      <CommitmentCompliance policy={policy} />
      {canManage && (
        <div className="toolbar">
          <button
            type="button"
            className="button-secondary"
            aria-expanded={creating}
            onClick={() => setCreating(!creating)}
          >
            {t("commitmentsAdmin.newCommitment")}
          </button>
        </div>
      )}
      {creating && (
        <CommitmentForm
          policy={policy}
          onCreated={(c) => {
            setCreating(false);
            setOpenId(c.id);
            setNotice(t("commitmentsAdmin.created", { number: c.number }));
          }}
        />
      )}
      {openId !== null && <CommitmentDetailPanel key={openId} id={openId} canManage={canManage} />}
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
                <th scope="col">{t("commitmentsAdmin.entity")}</th>
                <th scope="col">{t("commitmentsAdmin.dueOn")}</th>
                <th scope="col">{t("commitmentsAdmin.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("commitmentsAdmin.open")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.data.map((row) => (
                <tr
                  key={row.id}
                  data-status={row.status}
                  data-commitment={`${row.periodYear}-${row.number}`}
                >
                  <td className="num">
                    {row.number}
                    <span className="muted small block">{row.periodYear}</span>
                  </td>
                  <th scope="row">{row.aspect}</th>
                  <td className="cell-text">
                    {row.recommendation}
                    {row.keyAction && <span className="muted small block">{row.keyAction}</span>}
                  </td>
                  <td>
                    {row.entity ?? "—"}
                    {row.responsibleUnit && (
                      <span className="muted small block">{row.responsibleUnit}</span>
                    )}
                  </td>
                  <td className="nowrap">
                    {formatDate(row.dueOn, t("locale"))}
                    {row.deadlineNote && (
                      <span className="muted small block">{row.deadlineNote}</span>
                    )}
                    {row.overdue && (
                      <span className="tag tag-danger">{t("commitmentsAdmin.overdue")}</span>
                    )}
                  </td>
                  <td>{t(`commitmentsAdmin.statuses.${row.status}`)}</td>
                  <td>
                    <button
                      type="button"
                      className="button-link"
                      aria-label={`${t("commitmentsAdmin.open")} ${row.number} (${row.periodYear})`}
                      onClick={() => setOpenId(openId === row.id ? null : row.id)}
                    >
                      {openId === row.id ? t("commitmentsAdmin.hide") : t("commitmentsAdmin.open")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
