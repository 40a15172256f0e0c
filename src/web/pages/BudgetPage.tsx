import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense } from "react";
import { useLocation } from "wouter";
import { ApiError, api, type BudgetExportTable } from "../api-client.ts";
import {
  DepartmentsPanel,
  LevelsPanel,
  ObjectivesPanel,
  PliegosPanel,
  PrintedChecks,
  ReviewLines,
  ServicesPanel,
  SummaryCards,
  YearSeries,
} from "../components/budget.tsx";
import { Tabs } from "../components/Tabs.tsx";
import { ErrorBox, Loading, Notice, PageTitle } from "../components/ui.tsx";
import { formatDate } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { navigate, useQueryString } from "../navigation.ts";
import { queries } from "../queries.ts";
import { useSession } from "../session.tsx";

/**
 * The Tablero's budget page: the policy's specific budget of a year (cards), one tab per
 * breakdown (service, objective, level of government, pliego, department), the yearly series,
 * the printed report's errors, and for administrators the lines waiting for a tagging decision.
 * Year and tab live in the address (?anio=&vista=) so a view can be shared as a link.
 */

const VIEWS = ["servicios", "objetivos", "niveles", "pliegos", "departamentos"] as const;
type View = (typeof VIEWS)[number] & BudgetExportTable;

function useParam<T extends string | number>(
  name: string,
  valid: readonly T[],
  fallback: T | undefined,
): [T | undefined, (value: T) => void] {
  const [path] = useLocation();
  const query = useQueryString();
  const raw = query.get(name);
  const found = valid.find((v) => String(v) === raw);
  const set = (value: T) => {
    const next = new URLSearchParams(query);
    next.set(name, String(value));
    navigate(`${path}?${next}`, { replace: true });
  };
  return [found ?? fallback, set];
}

/** Renders a resource: its error with a retry, a loading line, or the content. */
function Loaded<T>({
  resource,
  children,
}: {
  resource: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (resource.error)
    return <ErrorBox error={resource.error} onRetry={() => void resource.refetch()} />;
  if (!resource.data) return <Loading />;
  return <>{children(resource.data)}</>;
}

export function BudgetPage() {
  const t = useT();
  const { policy } = useSession();
  const years = useQuery(queries.budgetYears(policy));
  const imported = (years.data ?? [])
    .filter((y) => y.imported)
    .map((y) => y.year)
    .sort((a, b) => b - a);
  const [year, setYear] = useParam<number>("anio", imported, imported[0]);
  return (
    <>
      <PageTitle text={t("budget.title")}>{t("budget.title")}</PageTitle>
      <p className="lead">{t("budget.intro")}</p>
      <Loaded resource={years}>
        {(list) =>
          year === undefined ? (
            <Notice>{t("budget.none")}</Notice>
          ) : (
            <>
              <div className="toolbar">
                <div className="field field-inline">
                  <label htmlFor="budget-year">{t("budget.year")}</label>
                  <select
                    id="budget-year"
                    value={year}
                    onChange={(e) => setYear(Number(e.target.value))}
                  >
                    {imported.map((y) => (
                      <option key={y} value={y}>
                        {y}
                      </option>
                    ))}
                  </select>
                </div>
                <a
                  className="button-link"
                  href={api.budgetExportUrl(policy, year, "xlsx")}
                  download
                >
                  {t("budget.exportXlsx")}
                </a>
              </div>
              <BudgetYear key={year} year={year} />
              <YearSeries
                years={list}
                exportHref={api.budgetExportUrl(policy, year, "csv", "anios")}
              />
              <PrintedChecksSection />
            </>
          )
        }
      </Loaded>
    </>
  );
}

function BudgetYear({ year }: { year: number }) {
  const t = useT();
  const { policy, can } = useSession();
  const summary = useQuery(queries.budget(policy, year));
  const [view, setView] = useParam<View>("vista", VIEWS, "servicios");
  const current = view ?? "servicios";
  // Budget years close in December: the current one is still being executed.
  const openYear = year >= new Date().getFullYear();
  return (
    <Loaded resource={summary}>
      {(s) => {
        const source = s.basis.imports.find((i) => i.year === year);
        return (
          <div className="budget" data-year={year}>
            {source && (
              <p className="help">
                {t("budget.basis", {
                  count: source.rowsLoaded,
                  file: source.fileName,
                  date: formatDate(source.importedAt, t("locale")),
                })}{" "}
                {s.basis.ruleSetVersion !== null &&
                  t("budget.rules", { version: s.basis.ruleSetVersion })}
              </p>
            )}
            {/* A file that says it is a reconstruction: say so wherever its figures are shown. */}
            {source?.reconstructed && <Notice kind="warning">{t("budget.reconstructed")}</Notice>}
            <SummaryCards summary={s} openYear={openYear} />
            <section className="card" aria-label={t("budget.tabs")}>
              <Tabs
                id="budget-view"
                label={t("budget.tabs")}
                tabs={VIEWS.map((key) => ({ key, label: t(`budget.tabNames.${key}`) }))}
                current={current}
                onChange={setView}
              >
                <div className="tab-actions">
                  <a
                    className="button-link button-small"
                    href={api.budgetExportUrl(policy, year, "csv", current)}
                    download
                  >
                    {t("budget.exportCsv", { table: t(`budget.tabNames.${current}`) })}
                  </a>
                </div>
                {current === "servicios" && <ServicesPanel summary={s} />}
                {current === "objetivos" && <ObjectivesPanel summary={s} />}
                {current === "niveles" && <LevelsPanel summary={s} />}
                {current === "pliegos" && <PliegosView year={year} />}
                {current === "departamentos" && <DepartmentsView year={year} />}
              </Tabs>
            </section>
            {can("budget.manage") && <ReviewSection year={year} />}
          </div>
        );
      }}
    </Loaded>
  );
}

function PliegosView({ year }: { year: number }) {
  const { policy } = useSession();
  const groups = useQuery(queries.budgetPliegos(policy, year));
  return <Loaded resource={groups}>{(g) => <PliegosPanel groups={g} />}</Loaded>;
}

// The territory maps' choropleth (ADR 0031): the execution light with its table, leading to
// each region's consolidated view.
const TerritoryMap = lazy(() =>
  import("../components/TerritoryMap.tsx").then((m) => ({ default: m.TerritoryMap })),
);

function DepartmentsView({ year }: { year: number }) {
  const { policy, can } = useSession();
  const departments = useQuery(queries.budgetDepartments(policy, year));
  return (
    <Loaded resource={departments}>
      {(d) => (
        <>
          <DepartmentsPanel departments={d} />
          {can("territory.read") && (
            <Suspense fallback={<Loading />}>
              <TerritoryMap id="presupuesto" query={{ layer: "budget", year, policy }} />
            </Suspense>
          )}
        </>
      )}
    </Loaded>
  );
}

function PrintedChecksSection() {
  const { policy } = useSession();
  const checks = useQuery(queries.budgetPrintedChecks(policy));
  // A policy without a printed chapter on file has nothing to show here.
  if (checks.error instanceof ApiError && checks.error.status === 404) return null;
  return <Loaded resource={checks}>{(c) => <PrintedChecks checks={c} />}</Loaded>;
}

function ReviewSection({ year }: { year: number }) {
  const { policy } = useSession();
  const review = useQuery(queries.budgetReview(policy, year));
  return <Loaded resource={review}>{(r) => <ReviewLines review={r} />}</Loaded>;
}
