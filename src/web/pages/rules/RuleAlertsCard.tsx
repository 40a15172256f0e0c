import { useQuery } from "@tanstack/react-query";
import { ErrorBox, Loading, TableWrap } from "../../components/ui.tsx";
import { formatPercent, formatProgress, formatSoles } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";

/**
 * The Tablero's alerts across years: metas exceeded by far year after year, proposed for
 * reformulation (seed 000 L2465), and services whose PIM fell (no regresividad, L2467).
 */
export function RuleAlertsCard({ policy, year }: { policy: string; year: number }) {
  const t = useT();
  const q = useQuery(queries.ruleAlerts(policy, year));
  if (q.error) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading />;
  const { reformulate, budget } = q.data;
  return (
    <section className="card" aria-labelledby="rule-alerts-title" data-testid="rule-alerts">
      <h2 id="rule-alerts-title">{t("ruleAlerts.title")}</h2>
      <h3>{t("ruleAlerts.reformulate")}</h3>
      <p className="muted small">{t("ruleAlerts.reformulateHelp")}</p>
      {reformulate.length === 0 ? (
        <p className="empty">{t("ruleAlerts.none")}</p>
      ) : (
        <TableWrap label={t("ruleAlerts.reformulate")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("tasks.indicator")}</th>
                <th scope="col">{t("ruleAlerts.years")}</th>
                <th scope="col">{t("ruleAlerts.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {reformulate.map((r) => (
                <tr key={r.indicator} data-indicator={r.indicator}>
                  <th scope="row">
                    <strong className="code">{r.indicator}</strong> {r.name}
                  </th>
                  <td>{r.years.join(", ")}</td>
                  <td>
                    {r.progress.map((p) => formatProgress(p, t("locale"))).join(" · ")}{" "}
                    <span className="muted small">
                      ({t("ruleAlerts.threshold", { value: r.threshold })})
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h3>{t("ruleAlerts.budget")}</h3>
      {budget === null ? (
        <p className="muted">{t("ruleAlerts.noBudget", { year, previous: year - 1 })}</p>
      ) : budget.regressions.length === 0 ? (
        <p className="empty">
          {t("ruleAlerts.noRegression", { year, previous: budget.previousYear })}
        </p>
      ) : (
        <TableWrap label={t("ruleAlerts.budget")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("ruleAlerts.service")}</th>
                <th scope="col" className="num">
                  PIM {budget.previousYear}
                </th>
                <th scope="col" className="num">
                  PIM {year}
                </th>
                <th scope="col" className="num">
                  {t("ruleAlerts.change")}
                </th>
              </tr>
            </thead>
            <tbody>
              {budget.regressions.map((r) => (
                <tr key={r.service}>
                  <th scope="row">
                    {r.service} {r.name}
                  </th>
                  <td className="num">{formatSoles(r.previousPimCents, t("locale"))}</td>
                  <td className="num">{formatSoles(r.pimCents, t("locale"))}</td>
                  <td className="num">
                    <strong className="text-danger">
                      {formatPercent(r.changePercent, t("locale"))}
                    </strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
