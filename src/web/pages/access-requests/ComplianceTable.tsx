import { useQuery } from "@tanstack/react-query";
import { ErrorBox, Loading, TableWrap } from "../../components/ui.tsx";
import { formatDate } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";

/**
 * Every entity's compliance with the access-to-information requests it received (public, GET
 * /api/public/access-requests/compliance): shown on the requests page and on Datos abiertos.
 */
export function ComplianceTable({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = useT();
  const compliance = useQuery(queries.accessCompliance());
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="card" aria-labelledby="access-compliance-title">
      <Heading id="access-compliance-title">{t("accessRequests.complianceTitle")}</Heading>
      {compliance.error ? (
        <ErrorBox error={compliance.error} onRetry={() => void compliance.refetch()} />
      ) : !compliance.data ? (
        <Loading />
      ) : (
        <>
          <p className="muted">
            {t("accessRequests.complianceIntro", {
              date: formatDate(compliance.data.asOf, t("locale")),
              basis: compliance.data.legalBasis,
              version: compliance.data.calendarVersion,
            })}
          </p>
          {compliance.data.entities.length === 0 ? (
            <p className="empty">{t("accessRequests.none")}</p>
          ) : (
            <TableWrap label={t("accessRequests.complianceCaption")}>
              <table className="data-table">
                <caption>{t("accessRequests.complianceCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("accessRequests.entity")}</th>
                    <th scope="col" className="num">
                      {t("accessRequests.requests")}
                    </th>
                    <th scope="col" className="num">
                      {t("accessRequests.answeredInTime")}
                    </th>
                    <th scope="col" className="num">
                      {t("accessRequests.answeredLate")}
                    </th>
                    <th scope="col" className="num">
                      {t("accessRequests.unanswered")}
                    </th>
                    <th scope="col" className="num">
                      {t("accessRequests.pending")}
                    </th>
                    <th scope="col" className="num">
                      {t("accessRequests.partial")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {compliance.data.entities.map((row) => (
                    <tr key={row.entity.code}>
                      <th scope="row">
                        <abbr title={row.entity.name}>{row.entity.code}</abbr>
                      </th>
                      <td className="num">{row.requests}</td>
                      <td className="num">{row.answeredInTime}</td>
                      <td className="num">{row.answeredLate}</td>
                      <td className="num">{row.unanswered}</td>
                      <td className="num">{row.pending}</td>
                      <td className="num">{row.partial}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </section>
  );
}
