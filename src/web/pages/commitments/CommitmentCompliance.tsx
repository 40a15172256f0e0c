import { useQuery } from "@tanstack/react-query";
import { COMMITMENT_STATUSES } from "../../../shared/commitments/commitment-compliance.ts";
import { ErrorBox, Loading, TableWrap } from "../../components/ui.tsx";
import { formatDate } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";

/**
 * The compliance table per entity (counts by status, overdue): on the Matriz page and in the
 * Tablero. The counts are the server's (`complianceByEntity`), judged on today's Lima day.
 */
export function CommitmentCompliance({
  policy,
  periodYear,
  headingLevel = 2,
}: {
  policy: string;
  periodYear?: number;
  headingLevel?: 2 | 3;
}) {
  const t = useT();
  const q = useQuery(queries.commitmentCompliance(policy, periodYear));
  const Heading = headingLevel === 2 ? "h2" : "h3";
  if (q.error) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading />;
  const rows = [...q.data.entities, q.data.total];
  return (
    <section className="card" aria-labelledby="commitment-compliance-title">
      <Heading id="commitment-compliance-title">{t("commitmentsAdmin.compliance")}</Heading>
      <p className="muted small">
        {t("commitmentsAdmin.complianceIntro", { date: formatDate(q.data.today, t("locale")) })}
      </p>
      <TableWrap label={t("commitmentsAdmin.compliance")}>
        <table className="data-table" data-testid="commitment-compliance">
          <thead>
            <tr>
              <th scope="col">{t("commitmentsAdmin.entity")}</th>
              <th scope="col" className="num">
                {t("commitmentsAdmin.total")}
              </th>
              {COMMITMENT_STATUSES.map((s) => (
                <th scope="col" className="num" key={s}>
                  {t(`commitmentsAdmin.statuses.${s}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t("commitmentsAdmin.overdueCount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.entity} data-entity={r.entity}>
                <th scope="row">
                  {r.entity === "TOTAL" ? (
                    <strong>{t("commitmentsAdmin.total")}</strong>
                  ) : (
                    r.entityName
                  )}
                </th>
                <td className="num">{r.total}</td>
                {COMMITMENT_STATUSES.map((s) => (
                  <td className="num" key={s} data-status={s}>
                    {r.byStatus[s]}
                  </td>
                ))}
                <td className="num" data-overdue={r.overdue}>
                  {r.overdue > 0 ? <strong className="text-danger">{r.overdue}</strong> : 0}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
