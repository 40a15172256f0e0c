import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useLocation } from "wouter";
import { api, type Dashboard } from "../api-client.ts";
import {
  IndexCard,
  type IndicatorRowExtras,
  IndicatorTable,
  LevelCounts,
  ObjectiveCards,
  ValoracionCard,
} from "../components/evaluation.tsx";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../components/ui.tsx";
import { formatDate } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { navigate, useQueryString } from "../navigation.ts";
import { queries } from "../queries.ts";
import { useSession } from "../session.tsx";
import { CivilValuesSection } from "./civil-society/CivilValuesSection.tsx";
import { CommitmentCompliance } from "./commitments/CommitmentCompliance.tsx";
import { CoverageCard } from "./dashboard/CoverageCard.tsx";
import { DisaggregationDetail, IndicatorTrendCell } from "./dashboard/IndicatorFigures.tsx";
import { LinkageDashboardCard } from "./linkage/LinkageDashboardCard.tsx";
import { RuleAlertsCard } from "./rules/RuleAlertsCard.tsx";

// ECharts is the heaviest dependency: loaded only when a chart is on screen.
const TrendChart = lazy(() =>
  import("../components/TrendChart.tsx").then((m) => ({ default: m.TrendChart })),
);

export const FIRST_YEAR = 2022;

export function yearOptions(): number[] {
  const last = new Date().getFullYear();
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
}

/** The year in the address (?anio=), else the last complete year the data covers. */
function useYear(defaultYear: number): [number, (y: number) => void] {
  const [path] = useLocation();
  const query = useQueryString();
  const fromUrl = Number(query.get("anio"));
  const year = Number.isInteger(fromUrl) && fromUrl >= FIRST_YEAR ? fromUrl : defaultYear;
  const setYear = (y: number) => {
    const next = new URLSearchParams(query);
    next.set("anio", String(y));
    navigate(`${path}?${next}`, { replace: true });
  };
  return [year, setYear];
}

/** Home of signed-in users: the Tablero de Control of the current policy. */
export function DashboardPage() {
  const t = useT();
  const { policy, can } = useSession();
  const [year, setYear] = useYear(2023);
  const [preview, setPreview] = useState(false);
  const allowPreview = can("evaluation.preview");
  // Validations show at once: a change made here makes these figures stale (queries.ts), and
  // the tab coming back into view asks again for changes made elsewhere.
  const data = useQuery(queries.dashboard(policy, year, allowPreview && preview));
  const reload = () => void data.refetch();

  return (
    <>
      <PageTitle text={t("dashboard.title")}>{t("dashboard.title")}</PageTitle>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="dash-year">{t("dashboard.year")}</label>
          <select id="dash-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {yearOptions().map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {allowPreview && (
          <div className="field field-check">
            <input
              id="dash-preview"
              type="checkbox"
              checked={preview}
              onChange={(e) => setPreview(e.target.checked)}
            />
            <label htmlFor="dash-preview">{t("dashboard.preview")}</label>
          </div>
        )}
        <button type="button" className="button-secondary" onClick={reload}>
          {t("dashboard.refresh")}
        </button>
        {can("report.download") && (
          <p className="toolbar-summary">
            <a href="#downloads-title">{t("dashboard.downloads")}</a>
          </p>
        )}
      </div>
      {data.error ? (
        <ErrorBox error={data.error} onRetry={reload} />
      ) : !data.data ? (
        <Loading />
      ) : (
        <DashboardBody dashboard={data.data} preview={allowPreview && preview} />
      )}
      {/* Civil society's values beside the official ones (issue 16): the same public list. */}
      <CivilValuesSection policy={policy} year={year} />
    </>
  );
}

function DashboardBody({ dashboard, preview }: { dashboard: Dashboard; preview: boolean }) {
  const t = useT();
  const { can, policy } = useSession();
  const { evaluation } = dashboard;
  const trendYears = dashboard.indicatorTrends[0]?.points.map((p) => p.year) ?? [];
  const extras: IndicatorRowExtras = {
    trendHeader: t("dashboard.indicatorTrend", {
      from: trendYears[0] ?? evaluation.year,
      to: trendYears.at(-1) ?? evaluation.year,
    }),
    trend: (code) => (
      <IndicatorTrendCell trend={dashboard.indicatorTrends.find((i) => i.indicator === code)} />
    ),
    // Only a value reported with parts has a detail.
    detail: (code) => {
      const groups = dashboard.disaggregations.filter((d) => d.indicator === code);
      return groups.length === 0
        ? null
        : {
            summary: t("dashboard.disaggregations", { count: groups.length }),
            content: <DisaggregationDetail groups={groups} year={evaluation.year} />,
          };
    },
  };
  return (
    <div className="dashboard" aria-busy={false}>
      {preview && <Notice kind="warning">{t("dashboard.previewOn")}</Notice>}
      <PublicationBar dashboard={dashboard} />
      <div className="cards cards-top">
        <IndexCard evaluation={evaluation} />
        <ValoracionCard evaluation={evaluation} />
      </div>
      {/* How much of the year the figures above rest on. */}
      <CoverageCard coverage={dashboard.coverage} />
      <ObjectiveCards evaluation={evaluation} />
      <section className="card" aria-labelledby="trend-title">
        <h2 id="trend-title">{t("dashboard.trend")}</h2>
        <Suspense fallback={<Loading />}>
          <TrendChart trend={dashboard.trend} />
        </Suspense>
      </section>
      <LevelCounts evaluation={evaluation} />
      <IndicatorTable evaluation={evaluation} extras={extras} />
      <ReportingTable reporting={dashboard.reporting} />
      <FlaggedTable flagged={dashboard.flagged} />
      {can("linkage.manage") && <LinkageDashboardCard year={evaluation.year} />}
      <RuleAlertsCard policy={policy} year={evaluation.year} />
      <CommitmentCompliance policy={policy} />
      {can("report.download") && <DownloadsCard year={evaluation.year} />}
    </div>
  );
}

function PublicationBar({ dashboard }: { dashboard: Dashboard }) {
  const t = useT();
  const { policy, can } = useSession();
  const [step, setStep] = useState<"idle" | "publish" | "withdraw">("idle");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const year = dashboard.evaluation.year;
  const { published, withdrawn } = dashboard;
  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      setStep("idle");
      // The figures ask again by themselves: a publication makes the dashboard stale.
      setReason("");
    } catch (err) {
      setError(err);
    }
  }
  function withdraw() {
    // The server checks it too; saying it here keeps the typed reason on screen.
    if (reason.trim().length < 10) {
      setReasonError(t("dashboard.withdrawShort"));
      return;
    }
    setReasonError(null);
    void run(() => api.withdrawPublication(policy, year, reason.trim()));
  }
  return (
    <div className="publication-bar">
      <p>
        {published
          ? t("dashboard.published", { date: formatDate(published.publishedAt, t("locale")) })
          : withdrawn
            ? t("dashboard.withdrawn", {
                date: formatDate(withdrawn.withdrawnAt, t("locale")),
                reason: withdrawn.reason,
              })
            : t("dashboard.notPublished")}
        {published && (
          <>
            {" "}
            <Link to={`/publico?anio=${year}`}>{t("dashboard.seePublic")}</Link>
          </>
        )}
      </p>
      {can("evaluation.publish") &&
        (step === "publish" ? (
          <div className="confirm">
            <p id="publish-confirm">{t("dashboard.publishConfirm", { year })}</p>
            <button
              type="button"
              className="button-primary"
              onClick={() => void run(() => api.publish(policy, year))}
            >
              {t("dashboard.publish")}
            </button>
            <button type="button" className="button-secondary" onClick={() => setStep("idle")}>
              {t("app.cancel")}
            </button>
          </div>
        ) : step === "withdraw" ? (
          <div className="confirm">
            <div className="field">
              <label htmlFor="withdraw-reason">{t("dashboard.withdrawReason")}</label>
              <textarea
                id="withdraw-reason"
                rows={3}
                value={reason}
                aria-describedby="withdraw-help"
                aria-invalid={reasonError ? true : undefined}
                onChange={(e) => setReason(e.target.value)}
              />
              <span id="withdraw-help" className="help">
                {t("dashboard.withdrawHelp")}
              </span>
              {reasonError && <span className="msg msg-error">{reasonError}</span>}
            </div>
            <button type="button" className="button-danger" onClick={withdraw}>
              {t("dashboard.withdrawConfirm")}
            </button>
            <button type="button" className="button-secondary" onClick={() => setStep("idle")}>
              {t("app.cancel")}
            </button>
          </div>
        ) : (
          <div className="actions">
            <button type="button" className="button-secondary" onClick={() => setStep("publish")}>
              {t("dashboard.publish")}
            </button>
            {published && (
              <button
                type="button"
                className="button-secondary"
                onClick={() => setStep("withdraw")}
              >
                {t("dashboard.withdraw")}
              </button>
            )}
          </div>
        ))}
      {error !== null && <ErrorBox error={error} />}
    </div>
  );
}

const DOCUMENT_FORMATS = ["pdf", "docx", "xlsx"] as const;

/** The year's documents, generated on request from its validated values. */
function DownloadsCard({ year }: { year: number }) {
  const t = useT();
  const { policy } = useSession();
  const formats = (doc: string, url: (f: (typeof DOCUMENT_FORMATS)[number]) => string) =>
    DOCUMENT_FORMATS.map((f) => (
      <a
        key={f}
        className="button-link button-small"
        href={url(f)}
        download
        aria-label={t("dashboard.downloadAs", { doc, format: t(`dashboard.formats.${f}`) })}
      >
        {t(`dashboard.formats.${f}`)}
      </a>
    ));
  const evaluationDoc = `${t("dashboard.downloadEvaluation")} ${year}`;
  return (
    <section className="card downloads" aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t("dashboard.downloads")}</h2>
      <p className="help">{t("dashboard.downloadsHelp")}</p>
      <ul className="download-list">
        <li>
          <span>{evaluationDoc}</span>{" "}
          {formats(evaluationDoc, (f) => api.evaluationReportUrl(policy, year, f))}
        </li>
        {(["S1", "S2"] as const).map((period) => {
          const doc = `${t("dashboard.downloadMonitoring", { period: t(`periods.${period}`) })} ${year}`;
          return (
            <li key={period}>
              <span>{doc}</span>{" "}
              {formats(doc, (f) => api.monitoringReportUrl(policy, year, period, f))}
            </li>
          );
        })}
        <li>
          <span>{t("dashboard.downloadPackage")}</span>{" "}
          <a
            className="button-link button-small"
            href={api.packageUrl(policy, year)}
            download
            aria-label={t("dashboard.downloadAs", {
              doc: t("dashboard.downloadPackage"),
              format: t("dashboard.formats.zip"),
            })}
          >
            {t("dashboard.formats.zip")}
          </a>
        </li>
      </ul>
    </section>
  );
}

function ReportingTable({ reporting }: { reporting: Dashboard["reporting"] }) {
  const t = useT();
  const pct = (n: number, d: number) =>
    d === 0 ? "—" : `${Math.round((n / d) * 100).toLocaleString(t("locale"))} %`;
  return (
    <section className="card" aria-labelledby="reporting-title">
      <h2 id="reporting-title">{t("dashboard.reporting")}</h2>
      {reporting.length === 0 ? (
        <p className="muted">{t("dashboard.reportingEmpty")}</p>
      ) : (
        <TableWrap label={t("dashboard.reporting")}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.entity")}</th>
                <th scope="col" className="num">
                  {t("dashboard.expected")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.onTime")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.late")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.missing")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.validatedCount")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.completeness")}
                </th>
              </tr>
            </thead>
            <tbody>
              {reporting.map((r) => (
                <tr key={r.entity} data-entity={r.entity}>
                  <th scope="row">{r.entity}</th>
                  <td className="num">{r.expected}</td>
                  <td className="num">{r.onTime}</td>
                  <td className={`num${r.late ? " text-warning" : ""}`}>{r.late}</td>
                  <td className={`num${r.missing ? " text-danger" : ""}`}>{r.missing}</td>
                  <td className="num">{r.validated}</td>
                  <td className="num">{pct(r.onTime + r.late, r.expected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function FlaggedTable({ flagged }: { flagged: Dashboard["flagged"] }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="flagged-title">
      <h2 id="flagged-title">{t("dashboard.flagged")}</h2>
      {flagged.length === 0 ? (
        <p className="muted">{t("dashboard.flaggedEmpty")}</p>
      ) : (
        <TableWrap label={t("dashboard.flagged")}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.code")}</th>
                <th scope="col">{t("dashboard.entity")}</th>
                <th scope="col">{t("dashboard.severity")}</th>
                <th scope="col">{t("dashboard.rule")}</th>
                <th scope="col">{t("dashboard.message")}</th>
              </tr>
            </thead>
            <tbody>
              {flagged.map((f) => (
                <tr key={`${f.indicator}-${f.entity}-${f.code}`}>
                  <th scope="row" className="code">
                    {f.indicator}
                  </th>
                  <td>{f.entity}</td>
                  <td>
                    <span className={`msg msg-${f.severity}`}>
                      {t(`entry.severity.${f.severity}`)}
                    </span>
                  </td>
                  <td>
                    <code>{f.code}</code>
                  </td>
                  <td className="cell-text">{f.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
