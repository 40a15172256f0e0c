import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useRoute } from "wouter";
import { EXECUTION_DECIMALS } from "../../../shared/budget/execution-light.ts";
import { api, type RegionView } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatDate, formatNumber, formatPercent, formatSoles } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

const TerritoryMap = lazy(() =>
  import("../../components/TerritoryMap.tsx").then((m) => ({ default: m.TerritoryMap })),
);

const FIRST_YEAR = 2019;

/**
 * /territorio/region/:ubigeo?anio= — the consolidated view of one region (seed 004's
 * consolidated regional register): its plan's progress, coordination spaces, trainings,
 * technical assistances, budget executed in its territory and the Policy's indicators
 * disaggregated to it, the map of its provinces, and the reporte regional (DOCX, PDF).
 */
export function RegionPage() {
  const t = useT();
  const { can } = useSession();
  const [, params] = useRoute("/territorio/region/:ubigeo");
  const ubigeo = params?.ubigeo ?? "";
  const query = useQueryString();
  const thisYear = new Date().getFullYear();
  const year = Number(query.get("anio")) || thisYear - 1;
  const view = useQuery(queries.regionView(ubigeo, year));
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
  const name = view.data?.region.name ?? ubigeo;
  return (
    <>
      <PageTitle text={t("region.title", { name })}>{t("region.title", { name })}</PageTitle>
      <p className="lead">{t("region.intro")}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="region-year">{t("region.year")}</label>
          <select
            id="region-year"
            value={year}
            onChange={(e) =>
              navigate(`/territorio/region/${ubigeo}?anio=${e.target.value}`, { replace: true })
            }
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {can("report.download") && (
          <div className="tab-actions">
            <span>{t("region.report")}:</span>{" "}
            <a
              className="button-link button-small"
              href={api.regionReportUrl(ubigeo, year, "docx")}
              download
            >
              {t("region.reportDocx")}
            </a>{" "}
            <a
              className="button-link button-small"
              href={api.regionReportUrl(ubigeo, year, "pdf")}
              download
            >
              {t("region.reportPdf")}
            </a>
          </div>
        )}
      </div>
      {view.error ? (
        <ErrorBox error={view.error} onRetry={() => void view.refetch()} />
      ) : !view.data ? (
        <Loading />
      ) : (
        <RegionSections view={view.data} />
      )}
    </>
  );
}

function RegionSections({ view }: { view: RegionView }) {
  const t = useT();
  const locale = t("locale");
  const int = (n: number) => formatNumber(n, locale, 0);
  const plan = view.planProgress;
  return (
    <>
      <h2>{t("region.plan")}</h2>
      {!plan || plan.status === "sin_plan" ? (
        <Notice>{t("region.noPlan")}</Notice>
      ) : (
        <>
          <p>
            {plan.plan?.name}:{" "}
            {plan.progress === null ? t("app.nd") : `${formatNumber(plan.progress, locale, 1)} %`}
          </p>
          {plan.plan && plan.rows.length > 0 && (
            <PlanRows plan={plan} planCode={plan.plan.code} view={view} />
          )}
        </>
      )}

      <h2>{t("region.spaces")}</h2>
      <TableWrap label={t("region.spaces")}>
        <table className="data-table" data-testid="region-spaces">
          <caption>{t("region.spacesCaption")}</caption>
          <thead>
            <tr>
              {(["regional", "provincial", "distrital", "centro_poblado"] as const).map((l) => (
                <th key={l} scope="col" className="num">
                  {t(`territory.levels.${l}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t("territory.local")}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              {(["regional", "provincial", "distrital", "centro_poblado", "local"] as const).map(
                (l) => (
                  <td key={l} className="num">
                    {int(view.spaces[l])}
                  </td>
                ),
              )}
            </tr>
          </tbody>
        </table>
      </TableWrap>

      <h2>{t("region.trainings")}</h2>
      <p>
        {t("region.trainingsSummary", {
          count: view.trainings.count,
          participants: int(view.trainings.participants),
          women: int(view.trainings.women),
          men: int(view.trainings.men),
        })}
      </p>
      <Suspense fallback={<Loading />}>
        <TerritoryMap
          id="region-trainings"
          query={{ layer: "trainings", year: view.year }}
          initial={[
            { level: "departamento" },
            { level: "provincia", within: view.region.code, name: view.region.name },
          ]}
        />
      </Suspense>

      <h2>{t("region.assistances")}</h2>
      {view.assistances.list.length === 0 ? (
        <p>{int(0)}</p>
      ) : (
        <TableWrap label={t("region.assistances")}>
          <table className="data-table">
            <caption>{t("region.assistancesCaption", { year: view.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("region.date")}</th>
                <th scope="col">{t("region.topic")}</th>
                <th scope="col">{t("region.to")}</th>
              </tr>
            </thead>
            <tbody>
              {view.assistances.list.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{formatDate(a.heldOn, locale)}</th>
                  <td>{a.topic}</td>
                  <td>{a.to}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>{t("region.budget")}</h2>
      {view.budget ? (
        <p>
          {t("region.budgetLine", {
            pim: formatSoles(view.budget.pimCents, locale),
            devengado: formatSoles(view.budget.devengadoCents, locale),
            execution: formatPercent(view.budget.execution, locale, EXECUTION_DECIMALS),
          })}
        </p>
      ) : (
        <Notice>{t("region.noBudget", { year: view.year })}</Notice>
      )}

      <h2>{t("region.indicators")}</h2>
      {view.indicators.length === 0 ? (
        <Notice>{t("region.noIndicators", { year: view.year })}</Notice>
      ) : (
        <TableWrap label={t("region.indicators")}>
          <table className="data-table" data-testid="region-indicators">
            <caption>{t("region.indicatorsCaption", { year: view.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("territoryMap.indicator")}</th>
                <th scope="col" className="num">
                  {t("region.regionalValue")}
                </th>
                <th scope="col" className="num">
                  {t("region.districts")}
                </th>
                <th scope="col" className="num">
                  {t("region.share")}
                </th>
                <th scope="col" className="num">
                  {t("region.national")}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.indicators.map((i) => (
                <tr key={i.code}>
                  <th scope="row">
                    {i.code}. {i.name}
                  </th>
                  <td className="num">{formatNumber(i.value, locale, 1)}</td>
                  <td className="num">{int(i.districts)}</td>
                  <td className="num">
                    {i.share === null ? t("app.none") : formatNumber(i.share, locale, 1)}
                  </td>
                  <td className="num">
                    {i.national === null ? t("app.none") : formatNumber(i.national, locale, 1)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t("region.sources")}</h2>
      <ul className="help">
        {view.sources.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </>
  );
}

/** The plan's indicators with their avance, each leading to its district map. */
function PlanRows({
  plan,
  planCode,
  view,
}: {
  plan: NonNullable<RegionView["planProgress"]>;
  planCode: string;
  view: RegionView;
}) {
  const t = useT();
  const locale = t("locale");
  return (
    <TableWrap label={t("region.plan")}>
      <table className="data-table" data-testid="region-plan">
        <caption>{t("region.planCaption", { year: view.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("region.planIndicator")}</th>
            <th scope="col" className="num">
              {t("region.planProgress")}
            </th>
            <th scope="col">{t("region.planBand")}</th>
            <th scope="col">{t("region.planMap")}</th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((r) => (
            <tr key={r.code} data-indicator={r.code}>
              <th scope="row">
                {r.code}. {r.name} <span className="help">({r.period})</span>
              </th>
              <td className="num">
                {r.progress === null ? t("app.nd") : `${formatNumber(r.progress, locale, 1)} %`}
              </td>
              <td>{r.band ? t(`territoryMap.ceplan.${r.band}`) : t("app.nd")}</td>
              <td>
                <Link
                  href={`/territorio/region/${view.region.code}/mapa?${new URLSearchParams({
                    plan: planCode,
                    indicador: r.code,
                    anio: String(view.year),
                  }).toString()}`}
                >
                  {t("region.planMapOf", { code: r.code })}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
