import type { Dashboard } from "../../api-client.ts";
import { TableWrap } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";

/** How many indicators in force have a value for the year, in a line and by entity. */
export function CoverageCard({ coverage }: { coverage: Dashboard["coverage"] }) {
  const t = useT();
  const title = t("dashboard.coverage", { year: coverage.year });
  return (
    <section className="card coverage-card" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{title}</h2>
      <div className="coverage-body">
        <div>
          <p className="coverage-line" data-testid="coverage-line">
            {t("dashboard.coverageLine", {
              reported: t("dashboard.coverageReported", {
                count: coverage.reported,
                total: coverage.indicators,
              }),
              validated: t("dashboard.coverageValidated", { count: coverage.validated }),
            })}
          </p>
          {coverage.indicators > 0 && (
            <div className="coverage-bar" aria-hidden="true">
              <span
                className="coverage-validated"
                style={{ width: `${(coverage.validated / coverage.indicators) * 100}%` }}
              />
              <span
                className="coverage-reported"
                style={{
                  width: `${((coverage.reported - coverage.validated) / coverage.indicators) * 100}%`,
                }}
              />
            </div>
          )}
          <p className="help">{t("dashboard.coverageHelp")}</p>
        </div>
        {coverage.byEntity.length === 0 ? (
          <p className="muted">{t("dashboard.coverageEmpty")}</p>
        ) : (
          <TableWrap label={title}>
            <table className="data-table compact coverage-table stack-on-phone">
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.entity")}</th>
                  <th scope="col" className="num">
                    {t("dashboard.indicators")}
                  </th>
                  <th scope="col" className="num">
                    {t("dashboard.coverageReportedCol")}
                  </th>
                  <th scope="col" className="num">
                    {t("dashboard.validatedCount")}
                  </th>
                  <th scope="col" className="num">
                    {t("dashboard.coveragePending")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {coverage.byEntity.map((e) => (
                  <tr key={e.entity} data-entity={e.entity}>
                    <th scope="row">{e.entity}</th>
                    <td className="num" data-label={t("dashboard.indicators")}>
                      {e.indicators}
                    </td>
                    <td className="num" data-label={t("dashboard.coverageReportedCol")}>
                      {e.reported}
                    </td>
                    <td className="num" data-label={t("dashboard.validatedCount")}>
                      {e.validated}
                    </td>
                    <td
                      className={`num${e.pending ? " text-warning" : ""}`}
                      data-label={t("dashboard.coveragePending")}
                    >
                      {e.pending}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </div>
    </section>
  );
}
