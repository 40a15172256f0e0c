import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import type { PlanMilestone, PlanProgressView } from "../../api-client.ts";
import { ErrorBox, Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

const QUARTERS = ["T1", "T2", "T3", "T4"] as const;
const yearOf = (query: URLSearchParams) => {
  const y = Number(query.get("anio"));
  return Number.isInteger(y) && y > 1990 ? y : undefined;
};
const percent = (v: number | null, locale: string) =>
  v === null ? "—" : `${formatNumber(v, locale, 1)} %`;

/**
 * /territorio/planes — the regional and local plans the account's territorial scope covers
 * (every plan for MININTER), each with its quarters validated and its milestones' lights.
 */
export function PlansPage() {
  const t = useT();
  const year = yearOf(useQueryString());
  const plans = useQuery(queries.plans(year));
  return (
    <>
      <PageTitle text={t("plans.title")}>{t("plans.title")}</PageTitle>
      <p className="lead">{t("plans.intro")}</p>
      {plans.error ? (
        <ErrorBox error={plans.error} onRetry={() => void plans.refetch()} />
      ) : !plans.data ? (
        <Loading />
      ) : plans.data.length === 0 ? (
        <Notice kind="info">{t("plans.none")}</Notice>
      ) : (
        <TableWrap label={t("plans.listCaption")}>
          <table className="plans-table">
            <caption>{t("plans.listCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("plans.plan")}</th>
                <th scope="col">{t("plans.territory")}</th>
                <th scope="col">{t("plans.year")}</th>
                <th scope="col">{t("plans.validatedQuarters")}</th>
                <th scope="col">{t("plans.milestonesLights")}</th>
              </tr>
            </thead>
            <tbody>
              {plans.data.map((p) => (
                <tr key={p.plan.code} data-plan={p.plan.code}>
                  <td>
                    <Link href={`/territorio/planes/${p.plan.code}?anio=${p.year}`}>
                      {p.plan.name}
                    </Link>
                  </td>
                  <td>
                    {p.plan.territory.name} ({p.plan.territory.ubigeo})
                  </td>
                  <td>{p.year}</td>
                  <td className="num">
                    {p.validatedQuarters} / {p.expectedQuarters}
                  </td>
                  <td>
                    <LightCounts counts={p.milestones} />
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

function LightCounts({ counts }: { counts: PlanProgressView["milestones"] }) {
  const t = useT();
  return (
    <span className="light-counts">
      {(["verde", "ambar", "rojo"] as const).map((l) => (
        <span key={l} className={`light light-${l}`} data-light={l}>
          {t(`plans.lights.${l}`)}: {counts[l]}
        </span>
      ))}
    </span>
  );
}

/** /territorio/planes/:code — one plan's progress by quarter and its milestones. */
export function PlanDetailPage({ code }: { code: string }) {
  const t = useT();
  const year = yearOf(useQueryString());
  const { can, setPolicy } = useSession();
  const progress = useQuery(queries.planProgress(code, year));
  const milestones = useQuery(queries.planMilestones(code));
  const work = (path: string) => {
    setPolicy(code);
    navigate(path);
  };
  if (progress.error) return <ErrorBox error={progress.error} />;
  if (!progress.data) return <Loading />;
  const p = progress.data;
  return (
    <>
      <nav className="breadcrumb">
        <Link href="/territorio/planes">{t("plans.title")}</Link>
      </nav>
      <PageTitle text={p.plan.name}>{p.plan.name}</PageTitle>
      <p className="lead">
        {t("plans.header", {
          territory: `${p.plan.territory.name} (${p.plan.territory.ubigeo})`,
          parent: p.plan.parentPolicy.toUpperCase(),
          conductor: p.plan.conductor,
          year: p.year,
        })}
      </p>
      <div className="toolbar">
        {can("measurement.report") && (
          <button type="button" onClick={() => work("/tareas")}>
            {t("plans.report")}
          </button>
        )}
        {can("measurement.review") && (
          <button type="button" onClick={() => work("/revision")}>
            {t("plans.review")}
          </button>
        )}
      </div>
      <h2>{t("plans.progressTitle", { year: p.year })}</h2>
      <TableWrap label={t("plans.progressTitle", { year: p.year })}>
        <table className="plan-progress-table">
          <caption>{t("plans.progressCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("plans.indicator")}</th>
              <th scope="col">{t("plans.alignedService")}</th>
              <th scope="col">{t("plans.meta")}</th>
              {QUARTERS.map((q) => (
                <th key={q} scope="col">
                  {q}
                </th>
              ))}
              <th scope="col">{t("plans.validatedTotal")}</th>
              <th scope="col">{t("plans.progress")}</th>
            </tr>
          </thead>
          <tbody>
            {p.indicators.map((ind) => (
              <tr key={ind.code} data-indicator={ind.code}>
                <th scope="row">
                  {ind.code} {ind.name}
                </th>
                <td>{[ind.alignedObjective, ind.alignedService].filter(Boolean).join(" · ")}</td>
                <td className="num">
                  {ind.meta === null ? "—" : formatNumber(ind.meta, t("locale"))}
                </td>
                {ind.quarters.map((q) => (
                  <td key={q.period} className="num" data-quarter={q.period} data-status={q.status}>
                    {q.value === null ? "—" : formatNumber(q.value, t("locale"))}
                    <br />
                    <small>{t(`status.${q.status}`)}</small>
                  </td>
                ))}
                <td className="num" data-testid={`total-${ind.code}`}>
                  {ind.validatedTotal === null
                    ? "—"
                    : formatNumber(ind.validatedTotal, t("locale"))}
                </td>
                <td className="num">{percent(ind.progressPercent, t("locale"))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h2>{t("plans.milestonesTitle")}</h2>
      <p>{t("plans.milestonesIntro")}</p>
      {milestones.error ? (
        <ErrorBox error={milestones.error} />
      ) : !milestones.data ? (
        <Loading />
      ) : (
        <MilestoneList list={milestones.data} />
      )}
    </>
  );
}

function MilestoneList({ list }: { list: PlanMilestone[] }) {
  const t = useT();
  if (list.length === 0) return <Notice kind="info">{t("plans.noMilestones")}</Notice>;
  return (
    <ul className="milestones">
      {list.map((m) => (
        <li key={m.id} className={`milestone light-${m.light}`} data-light={m.light}>
          <span className={`light light-${m.light}`}>{t(`plans.lights.${m.light}`)}</span>{" "}
          <strong>{t(`plans.horizons.${m.horizon}`)}</strong>: {m.title}
          <br />
          <small>
            {t("plans.milestoneMeta", {
              due: m.dueOn,
              status: t(`plans.milestoneStatus.${m.status}`),
              responsible: m.responsible ?? "—",
            })}
          </small>
        </li>
      ))}
    </ul>
  );
}
