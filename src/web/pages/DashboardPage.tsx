import { lazy, Suspense, useEffect, useState } from "react";
import { api, type Dashboard } from "../api-client.ts";
import {
  IndexCard,
  IndicatorTable,
  LevelCounts,
  ObjectiveCards,
  ValoracionCard,
} from "../components/evaluation.tsx";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../components/ui.tsx";
import { formatDate } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useResource } from "../use-resource.ts";

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
  const { path, query } = useLocation();
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
  const data = useResource(
    () => api.dashboard(policy, year, allowPreview && preview),
    [policy, year, preview, allowPreview],
  );
  // Figures follow validations at once: refetch whenever the tab comes back into view.
  const { reload } = data;
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") reload();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [reload]);

  return (
    <>
      <PageTitle text={t.dashboard.title}>{t.dashboard.title}</PageTitle>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="dash-year">{t.dashboard.year}</label>
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
            <label htmlFor="dash-preview">{t.dashboard.preview}</label>
          </div>
        )}
        <button type="button" className="button-secondary" onClick={data.reload}>
          {t.dashboard.refresh}
        </button>
      </div>
      {data.error ? (
        <ErrorBox error={data.error} onRetry={data.reload} />
      ) : !data.data ? (
        <Loading />
      ) : (
        <DashboardBody
          dashboard={data.data}
          preview={allowPreview && preview}
          onPublished={reload}
        />
      )}
    </>
  );
}

function DashboardBody({
  dashboard,
  preview,
  onPublished,
}: {
  dashboard: Dashboard;
  preview: boolean;
  onPublished(): void;
}) {
  const t = useT();
  const { evaluation } = dashboard;
  return (
    <div className="dashboard" aria-busy={false}>
      {preview && <Notice kind="warning">{t.dashboard.previewOn}</Notice>}
      <PublicationBar dashboard={dashboard} onPublished={onPublished} />
      <div className="cards cards-top">
        <IndexCard evaluation={evaluation} />
        <ValoracionCard evaluation={evaluation} />
      </div>
      <ObjectiveCards evaluation={evaluation} />
      <section className="card" aria-labelledby="trend-title">
        <h2 id="trend-title">{t.dashboard.trend}</h2>
        <Suspense fallback={<Loading />}>
          <TrendChart trend={dashboard.trend} />
        </Suspense>
      </section>
      <LevelCounts evaluation={evaluation} />
      <IndicatorTable evaluation={evaluation} />
      <ReportingTable reporting={dashboard.reporting} />
      <FlaggedTable flagged={dashboard.flagged} />
    </div>
  );
}

function PublicationBar({ dashboard, onPublished }: { dashboard: Dashboard; onPublished(): void }) {
  const t = useT();
  const { policy, can } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const year = dashboard.evaluation.year;
  async function publish() {
    setError(null);
    try {
      await api.publish(policy, year);
      setConfirming(false);
      onPublished();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="publication-bar">
      <p>
        {dashboard.published
          ? t.dashboard.published(formatDate(dashboard.published.publishedAt, t.locale))
          : t.dashboard.notPublished}
      </p>
      {can("evaluation.publish") &&
        (confirming ? (
          <div className="confirm">
            <p id="publish-confirm">{t.dashboard.publishConfirm(year)}</p>
            <button type="button" className="button-primary" onClick={() => void publish()}>
              {t.dashboard.publish}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
              {t.app.cancel}
            </button>
          </div>
        ) : (
          <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
            {t.dashboard.publish}
          </button>
        ))}
      {error !== null && <ErrorBox error={error} />}
    </div>
  );
}

function ReportingTable({ reporting }: { reporting: Dashboard["reporting"] }) {
  const t = useT();
  const pct = (n: number, d: number) =>
    d === 0 ? "—" : `${Math.round((n / d) * 100).toLocaleString(t.locale)} %`;
  return (
    <section className="card" aria-labelledby="reporting-title">
      <h2 id="reporting-title">{t.dashboard.reporting}</h2>
      {reporting.length === 0 ? (
        <p className="muted">{t.dashboard.reportingEmpty}</p>
      ) : (
        <TableWrap label={t.dashboard.reporting}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t.dashboard.entity}</th>
                <th scope="col" className="num">
                  {t.dashboard.expected}
                </th>
                <th scope="col" className="num">
                  {t.dashboard.onTime}
                </th>
                <th scope="col" className="num">
                  {t.dashboard.late}
                </th>
                <th scope="col" className="num">
                  {t.dashboard.missing}
                </th>
                <th scope="col" className="num">
                  {t.dashboard.validatedCount}
                </th>
                <th scope="col" className="num">
                  {t.dashboard.completeness}
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
      <h2 id="flagged-title">{t.dashboard.flagged}</h2>
      {flagged.length === 0 ? (
        <p className="muted">{t.dashboard.flaggedEmpty}</p>
      ) : (
        <TableWrap label={t.dashboard.flagged}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t.dashboard.code}</th>
                <th scope="col">{t.dashboard.entity}</th>
                <th scope="col">{t.dashboard.severity}</th>
                <th scope="col">{t.dashboard.rule}</th>
                <th scope="col">{t.dashboard.message}</th>
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
                    <span className={`msg msg-${f.severity}`}>{t.entry.severity[f.severity]}</span>
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
