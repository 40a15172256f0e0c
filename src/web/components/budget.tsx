import { type CSSProperties, lazy, type ReactNode, Suspense, useState } from "react";
import {
  EXECUTION_COLOURS,
  EXECUTION_DECIMALS,
  executionLight,
} from "../../shared/budget/execution-light.ts";
import type { BUDGET_CLASSES } from "../../shared/schemas/budget.schema.ts";
import type {
  BudgetDepartments,
  BudgetPliegoGroup,
  BudgetPrintedChecks,
  BudgetReview,
  BudgetSummary,
  BudgetYearFigures,
} from "../api-client.ts";
import { formatFixed, formatNumber, formatPercent, formatSoles } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import type { Stage, StageRow } from "./BudgetCharts.tsx";
import type { MapMetric } from "./DepartmentMap.tsx";
import { Loading, TableWrap } from "./ui.tsx";

/**
 * The pieces of the Tablero's budget page: summary cards, one panel per breakdown (chart and
 * table), the yearly series, the printed report's errors and the lines to review. Figures are
 * integer cents from the API, shown as whole soles; execution with two decimals and its light.
 */

// ECharts and the map are heavy: loaded when a chart is first on screen.
const BudgetBarChart = lazy(() =>
  import("./BudgetCharts.tsx").then((m) => ({ default: m.BudgetBarChart })),
);
const DepartmentMap = lazy(() =>
  import("./DepartmentMap.tsx").then((m) => ({ default: m.DepartmentMap })),
);

type BudgetClass = (typeof BUDGET_CLASSES)[number];
type Service = BudgetSummary["byService"][number];

/** The execution figure with its light and word: colour is never the only cue. */
export function ExecutionBadge({
  execution,
  large = false,
}: {
  execution: number | null;
  large?: boolean;
}) {
  const t = useT();
  const light = executionLight(execution);
  // Without PIM there is no rate to judge: a dash, not a grey light.
  if (light === "ND")
    return (
      <span className="muted" data-light={light} title={t.budget.lights.ND}>
        —
      </span>
    );
  return (
    <span
      className={`level-badge${large ? " stat-badge" : ""}`}
      style={{ "--level": EXECUTION_COLOURS[light] } as CSSProperties}
      data-light={light}
    >
      <span className="level-figure">{formatPercent(execution, t.locale, EXECUTION_DECIMALS)}</span>
      <span className="level-word">{t.budget.lights[light]}</span>
    </span>
  );
}

export function ClassTag({ budgetClass }: { budgetClass: BudgetClass }) {
  const t = useT();
  return (
    <span className={`tag budget-class budget-class-${budgetClass}`} data-class={budgetClass}>
      {t.budget.classes[budgetClass]}
    </span>
  );
}

/** PIA, PIM, devengado and execution: the four columns every budget table ends with. */
function StageHeads({ withPia = true }: { withPia?: boolean }) {
  const t = useT();
  return (
    <>
      {withPia && (
        <th scope="col" className="num">
          {t.budget.pia}
        </th>
      )}
      <th scope="col" className="num">
        {t.budget.pim}
      </th>
      <th scope="col" className="num">
        {t.budget.devengado}
      </th>
      <th scope="col" className="num">
        {t.budget.execution}
      </th>
    </>
  );
}

function StageCells({
  row,
  withPia = true,
}: {
  row: { piaCents: number; pimCents: number; devengadoCents: number; execution: number | null };
  withPia?: boolean;
}) {
  const t = useT();
  return (
    <>
      {withPia && (
        <td className="num" data-label={t.budget.pia}>
          {formatSoles(row.piaCents, t.locale)}
        </td>
      )}
      <td className="num" data-label={t.budget.pim}>
        {formatSoles(row.pimCents, t.locale)}
      </td>
      <td className="num" data-label={t.budget.devengado}>
        {formatSoles(row.devengadoCents, t.locale)}
      </td>
      <td className="num" data-label={t.budget.execution}>
        <ExecutionBadge execution={row.execution} />
      </td>
    </>
  );
}

function Chart({
  label,
  rows,
  stages,
  horizontal,
}: {
  label: string;
  rows: readonly StageRow[];
  stages: readonly Stage[];
  horizontal?: boolean;
}) {
  return (
    <figure className="budget-figure">
      <figcaption>{label}</figcaption>
      <Suspense fallback={<Loading />}>
        <BudgetBarChart label={label} rows={rows} stages={stages} horizontal={horizontal} />
      </Suspense>
    </figure>
  );
}

const signed = (x: number | null, locale: string) =>
  x === null ? "—" : `${x > 0 ? "+" : ""}${formatPercent(x, locale, 1)}`;

function StatCard({
  title,
  testId,
  children,
}: {
  title: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className="card stat-card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function SummaryCards({ summary, openYear }: { summary: BudgetSummary; openYear: boolean }) {
  const t = useT();
  const { totals, previous, change, classCounts } = summary;
  const money = (cents: number) => formatSoles(cents, t.locale);
  const funded = classCounts.asignacion_especifica;
  const services = summary.byService.length;
  return (
    <>
      <div className="stat-cards">
        <StatCard title={t.budget.piaLong} testId="budget-pia">
          <p className="stat-figure">{money(totals.piaCents)}</p>
        </StatCard>
        <StatCard title={t.budget.pimLong} testId="budget-pim">
          <p className="stat-figure">{money(totals.pimCents)}</p>
          <p className="help">
            {t.budget.pimMinusPia(
              money(totals.pimMinusPiaCents),
              formatFixed(totals.pimOverPia, t.locale, 2),
            )}
          </p>
        </StatCard>
        <StatCard title={t.budget.devengadoLong} testId="budget-devengado">
          <p className="stat-figure">{money(totals.devengadoCents)}</p>
        </StatCard>
        <StatCard
          title={`${t.budget.execution} (${t.budget.executionLong})`}
          testId="budget-execution"
        >
          <p className="stat-figure">
            <ExecutionBadge execution={totals.execution} large />
          </p>
          {openYear && <p className="help">{t.budget.openYear(summary.year)}</p>}
        </StatCard>
        <StatCard title={t.budget.shareNational} testId="budget-share">
          <p className="stat-figure">{formatPercent(totals.shareNationalPia, t.locale, 3)}</p>
          <p className="help">
            {t.budget.shareOfPia(formatPercent(totals.shareNationalPia, t.locale, 3))}
            <br />
            {t.budget.shareOfPim(formatPercent(totals.shareNationalPim, t.locale, 3))}
          </p>
        </StatCard>
        <StatCard title={t.budget.perCapita} testId="budget-per-capita">
          <p className="stat-figure">S/ {formatFixed(totals.perCapitaPia, t.locale, 2)}</p>
          <p className="help">
            {t.budget.perCapitaPia(`S/ ${formatFixed(totals.perCapitaPia, t.locale, 2)}`)}
            <br />
            {t.budget.perCapitaDevengado(
              `S/ ${formatFixed(totals.perCapitaDevengado, t.locale, 2)}`,
            )}
            {totals.population !== null && (
              <>
                <br />
                {t.budget.population(formatNumber(totals.population, t.locale))}
              </>
            )}
          </p>
        </StatCard>
        <StatCard
          title={previous ? t.budget.change(previous.year) : t.budget.change(summary.year - 1)}
          testId="budget-change"
        >
          {previous ? (
            <dl className="stat-list">
              <dt>{t.budget.pia}</dt>
              <dd>{signed(change.pia, t.locale)}</dd>
              <dt>{t.budget.pim}</dt>
              <dd>{signed(change.pim, t.locale)}</dd>
              <dt>{t.budget.devengado}</dt>
              <dd>{signed(change.devengado, t.locale)}</dd>
            </dl>
          ) : (
            <p className="help">{t.budget.changeNone}</p>
          )}
        </StatCard>
        <StatCard title={t.budget.classesTitle} testId="budget-classes">
          <p className="stat-figure">
            {funded} / {services}
          </p>
          <p className="help">{t.budget.classesSummary(funded, services)}</p>
          <ul className="plain-list">
            {(Object.keys(classCounts) as BudgetClass[]).map((c) => (
              <li key={c}>
                <strong className="count">{classCounts[c]}</strong> <ClassTag budgetClass={c} />
              </li>
            ))}
          </ul>
        </StatCard>
      </div>
      <p className="help lights-legend">
        <LightSwatches /> {t.budget.lightsLegend}
      </p>
    </>
  );
}

function LightSwatches() {
  return (
    <span className="swatches" aria-hidden="true">
      {(["alta", "media", "baja"] as const).map((l) => (
        <span key={l} className="swatch" style={{ background: EXECUTION_COLOURS[l] }} />
      ))}
    </span>
  );
}

const stageRow = (code: string, name: string, r: Omit<StageRow, "code" | "name">): StageRow => ({
  code,
  name,
  piaCents: r.piaCents,
  pimCents: r.pimCents,
  devengadoCents: r.devengadoCents,
});

export function ServicesPanel({ summary }: { summary: BudgetSummary }) {
  const t = useT();
  const [only, setOnly] = useState<BudgetClass | "">("");
  const shown = only ? summary.byService.filter((s) => s.budgetClass === only) : summary.byService;
  const funded = summary.byService
    .filter((s) => s.budgetClass === "asignacion_especifica")
    .sort((a, b) => b.pimCents - a.pimCents);
  return (
    <>
      <WithoutBudget services={summary.byService} />
      <Chart
        label={t.budget.servicesChart}
        rows={funded.map((s) => stageRow(s.code, s.name, s))}
        stages={["pim", "devengado"]}
        horizontal
      />
      <div className="field field-inline">
        <label htmlFor="budget-class-filter">{t.budget.budgetClass}</label>
        <select
          id="budget-class-filter"
          value={only}
          onChange={(e) => setOnly(e.target.value as BudgetClass | "")}
        >
          <option value="">{t.budget.allClasses}</option>
          {(Object.keys(t.budget.classes) as BudgetClass[]).map((c) => (
            <option key={c} value={c}>
              {t.budget.classes[c]}
            </option>
          ))}
        </select>
      </div>
      <TableWrap label={t.budget.tabNames.servicios}>
        <table className="data-table compact budget-table stack-on-phone services-budget-table">
          <thead>
            <tr>
              <th scope="col">{t.budget.service}</th>
              <th scope="col">{t.budget.objective}</th>
              <th scope="col">{t.budget.owner}</th>
              <th scope="col">{t.budget.budgetClass}</th>
              <StageHeads />
              <th scope="col">{t.budget.pliegos}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr
                key={s.code}
                data-service={s.code}
                className={
                  s.budgetClass === "asignacion_especifica"
                    ? undefined
                    : `row-no-budget row-${s.budgetClass}`
                }
              >
                <th scope="row" className="cell-text">
                  <span className="code">{s.code}</span> {s.name}
                </th>
                <td data-label={t.budget.objective}>{s.objective}</td>
                <td data-label={t.budget.owner}>{s.owner ?? "—"}</td>
                <td data-label={t.budget.budgetClass}>
                  <ClassTag budgetClass={s.budgetClass} />
                </td>
                <StageCells row={s} />
                <td data-label={t.budget.pliegos}>{s.pliegos.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

/** Seed 000 Tablas 4 and 6: the services whose money cannot be followed, named one by one. */
function WithoutBudget({ services }: { services: readonly Service[] }) {
  const t = useT();
  const groups = (["sin_meta_presupuestal", "meta_sin_asignacion_especifica"] as const).map(
    (c) => ({ c, list: services.filter((s) => s.budgetClass === c) }),
  );
  if (groups.every((g) => g.list.length === 0))
    return <p className="muted">{t.budget.withoutBudgetNone}</p>;
  return (
    <section className="without-budget" aria-labelledby="without-budget-title">
      <h3 id="without-budget-title">{t.budget.withoutBudget}</h3>
      <div className="without-budget-groups">
        {groups.map(({ c, list }) => (
          <div key={c} className={`without-budget-group budget-class-${c}`} data-class={c}>
            <h4>
              {t.budget.classes[c]} ({list.length})
            </h4>
            <p className="help">{t.budget.classesHelp[c]}</p>
            <p className="service-codes">
              {list.map((s) => (
                <span key={s.code} className="service-code" title={s.name}>
                  <span className="code">{s.code}</span>
                  {s.owner && <span className="muted"> {s.owner}</span>}
                </span>
              ))}
            </p>
            <details>
              <summary>{t.budget.showNames}</summary>
              <ul>
                {list.map((s) => (
                  <li key={s.code}>
                    <span className="code">{s.code}</span> {s.name}
                  </li>
                ))}
              </ul>
            </details>
          </div>
        ))}
      </div>
    </section>
  );
}

export function ObjectivesPanel({ summary }: { summary: BudgetSummary }) {
  const t = useT();
  const rows = summary.byObjective;
  return (
    <>
      <Chart
        label={t.budget.objectivesChart}
        rows={rows.map((o) => stageRow(o.code, o.name, o))}
        stages={["pia", "pim", "devengado"]}
      />
      <TableWrap label={t.budget.tabNames.objetivos}>
        <table className="data-table compact budget-table stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t.budget.objective}</th>
              <th scope="col" className="num">
                {t.budget.services}
              </th>
              <th scope="col" className="num">
                {t.budget.funded}
              </th>
              <th scope="col" className="num">
                {t.budget.classes.meta_sin_asignacion_especifica}
              </th>
              <th scope="col" className="num">
                {t.budget.classes.sin_meta_presupuestal}
              </th>
              <StageHeads />
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.code} data-objective={o.code}>
                <th scope="row" className="cell-text">
                  <span className="code">{o.code}</span> {o.name}
                </th>
                <td className="num" data-label={t.budget.services}>
                  {o.services}
                </td>
                <td className="num" data-label={t.budget.funded}>
                  {o.funded}
                </td>
                <td className="num" data-label={t.budget.classes.meta_sin_asignacion_especifica}>
                  {o.classes.meta_sin_asignacion_especifica ?? 0}
                </td>
                <td className="num" data-label={t.budget.classes.sin_meta_presupuestal}>
                  {o.classes.sin_meta_presupuestal ?? 0}
                </td>
                <StageCells row={o} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

export function LevelsPanel({ summary }: { summary: BudgetSummary }) {
  const t = useT();
  const rows = summary.byLevel;
  return (
    <>
      <Chart
        label={t.budget.levelsChart}
        rows={rows.map((l) => stageRow(t.budget.levelNames[l.level], "", l))}
        stages={["pia", "pim", "devengado"]}
        horizontal
      />
      <TableWrap label={t.budget.tabNames.niveles}>
        <table className="data-table compact budget-table stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t.budget.level}</th>
              <StageHeads />
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.level} data-level={l.level}>
                <th scope="row">{t.budget.levelNames[l.level]}</th>
                <StageCells row={l} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

export function PliegosPanel({ groups }: { groups: readonly BudgetPliegoGroup[] }) {
  const t = useT();
  const share = (x: number | null) => formatPercent(x, t.locale, 3);
  const money = (cents: number | null) => formatSoles(cents, t.locale);
  return (
    <>
      {groups.map((g) => {
        const level = t.budget.levelNames[g.nivel];
        const fromLines = g.rows.some((r) => r.totalSource === "lineas");
        // A total taken from the imported lines, not the reference figures, carries a mark.
        const withMark = (r: BudgetPliegoGroup["total"], cents: number | null) =>
          `${money(cents)}${r.totalSource === "lineas" ? " *" : ""}`;
        return (
          <section key={g.nivel} className="pliego-group" data-level={g.nivel}>
            <h3>{level}</h3>
            <Chart
              label={t.budget.pliegosChart(level)}
              rows={g.rows.map((r) => stageRow(r.label, r.pliego, r))}
              stages={["pim", "devengado"]}
              horizontal
            />
            <TableWrap label={`${t.budget.tabNames.pliegos}: ${level}`}>
              <table className="data-table compact budget-table stack-on-phone">
                <thead>
                  <tr>
                    <th scope="col">{t.budget.pliego}</th>
                    <th scope="col" className="num">
                      {t.budget.pliegoPia}
                    </th>
                    <th scope="col" className="num">
                      {t.budget.pliegoPim}
                    </th>
                    <th scope="col" className="num">
                      {t.budget.specificPia}
                    </th>
                    <th scope="col" className="num">
                      {t.budget.specificPim}
                    </th>
                    <th scope="col" className="num">
                      {t.budget.devengado}
                    </th>
                    <th scope="col" className="num">
                      {t.budget.sharePia}
                    </th>
                    <th scope="col" className="num">
                      {t.budget.sharePim}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...g.rows, g.total].map((r) => {
                    const isTotal = r === g.total;
                    return (
                      <tr key={r.pliego} className={isTotal ? "row-total" : undefined}>
                        <th scope="row">
                          {isTotal ? t.budget.totalPrioritised : r.label}
                          {!isTotal && <span className="muted small block">{r.pliego}</span>}
                        </th>
                        <td className="num" data-label={t.budget.pliegoPia}>
                          {withMark(r, r.totalPiaCents)}
                        </td>
                        <td className="num" data-label={t.budget.pliegoPim}>
                          {withMark(r, r.totalPimCents)}
                        </td>
                        <td className="num" data-label={t.budget.specificPia}>
                          {money(r.piaCents)}
                        </td>
                        <td className="num" data-label={t.budget.specificPim}>
                          {money(r.pimCents)}
                        </td>
                        <td className="num" data-label={t.budget.devengado}>
                          {money(r.devengadoCents)}
                        </td>
                        <td className="num" data-label={t.budget.sharePia}>
                          {share(r.sharePia)}
                        </td>
                        <td className="num" data-label={t.budget.sharePim}>
                          {share(r.sharePim)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
            <p className="help">
              {t.budget.outside(money(g.outsidePiaCents), money(g.outsidePimCents))}
            </p>
            {fromLines && <p className="help">{t.budget.fromLines}</p>}
          </section>
        );
      })}
    </>
  );
}

export function DepartmentsPanel({ departments }: { departments: BudgetDepartments }) {
  const t = useT();
  const [metric, setMetric] = useState<MapMetric>("pim");
  const withMoney = departments.rows.filter((d) => d.pimCents > 0 || d.department === null);
  const without = departments.rows.filter((d) => d.pimCents === 0 && d.department !== null);
  return (
    <>
      <fieldset className="map-metric">
        <legend>{t.budget.mapMetric}</legend>
        {(["pim", "execution"] as const).map((m) => (
          <label key={m} className="radio">
            <input
              type="radio"
              name="map-metric"
              value={m}
              checked={metric === m}
              onChange={() => setMetric(m)}
            />{" "}
            {t.budget.mapMetrics[m]}
          </label>
        ))}
      </fieldset>
      <div className="departments-layout">
        <figure className="budget-figure map-figure">
          <figcaption>{t.budget.mapTitle(departments.year)}</figcaption>
          <Suspense fallback={<Loading />}>
            <DepartmentMap departments={departments} metric={metric} />
          </Suspense>
          {metric === "execution" && (
            <p className="help lights-legend">
              <LightSwatches /> {t.budget.lightsLegend}
            </p>
          )}
          <p className="map-attribution small muted">{t.budget.mapAttribution}</p>
        </figure>
        <div>
          <TableWrap label={t.budget.tabNames.departamentos}>
            <table className="data-table compact budget-table stack-on-phone departments-table">
              <thead>
                <tr>
                  <th scope="col">{t.budget.department}</th>
                  <StageHeads withPia={false} />
                  <th scope="col" className="num">
                    {t.budget.shareOfYear}
                  </th>
                </tr>
              </thead>
              <tbody>
                {withMoney.map((d) => (
                  <tr key={d.department ?? "none"} data-department={d.department ?? "none"}>
                    <th scope="row">
                      {d.department === null ? t.budget.noLocation : d.name}
                      <span className="muted small block">
                        {d.department === null ? t.budget.noLocationHelp : d.department}
                      </span>
                    </th>
                    <StageCells row={d} withPia={false} />
                    <td className="num" data-label={t.budget.shareOfYear}>
                      {formatPercent(d.sharePim, t.locale, 1)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="row-total">
                  <th scope="row">{t.budget.total}</th>
                  <StageCells row={departments.total} withPia={false} />
                  <td className="num" data-label={t.budget.shareOfYear}>
                    {formatPercent(100, t.locale, 1)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </TableWrap>
          {without.length > 0 && (
            <details>
              <summary>{t.budget.departmentsWithout(without.length)}</summary>
              <p>{without.map((d) => d.name).join(", ")}</p>
            </details>
          )}
        </div>
      </div>
    </>
  );
}

export function YearSeries({
  years,
  exportHref,
}: {
  years: readonly BudgetYearFigures[];
  exportHref: string;
}) {
  const t = useT();
  const rows = years.filter((y) => y.imported);
  return (
    <section className="card" aria-labelledby="series-title">
      <h2 id="series-title">{t.budget.series}</h2>
      <Chart
        label={t.budget.seriesChart}
        rows={rows.map((y) => stageRow(String(y.year), "", y))}
        stages={["pia", "pim", "devengado"]}
      />
      <TableWrap label={t.budget.series}>
        <table className="data-table compact budget-table stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t.budget.yearCol}</th>
              <StageHeads />
              <th scope="col" className="num">
                {t.budget.shareCol}
              </th>
              <th scope="col" className="num">
                {t.budget.perCapitaCol}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((y) => (
              <tr key={y.year} data-year={y.year}>
                <th scope="row">{y.year}</th>
                <StageCells row={y} />
                <td className="num" data-label={t.budget.shareCol}>
                  {formatPercent(y.shareNationalPia, t.locale, 3)}
                </td>
                <td className="num" data-label={t.budget.perCapitaCol}>
                  S/ {formatFixed(y.perCapitaPia, t.locale, 2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        <a className="button-link" href={exportHref} download>
          {t.budget.exportSeries}
        </a>
      </p>
    </section>
  );
}

export function PrintedChecks({ checks }: { checks: BudgetPrintedChecks }) {
  const t = useT();
  const count = (s: string) => checks.findings.filter((f) => f.severity === s).length;
  return (
    <section className="card printed-checks" aria-labelledby="checks-title">
      <h2 id="checks-title">{t.budget.checks}</h2>
      <p>{t.budget.checksIntro(count("error"), count("warning"), count("info"))}</p>
      <p className="help">{t.budget.checksSource(checks.source)}</p>
      {checks.findings.length === 0 ? (
        <p className="muted">{t.budget.checksNone}</p>
      ) : (
        <ol className="findings-list">
          {checks.findings.map((f) => (
            <li key={`${f.code}-${f.refs.join()}`} data-code={f.code} data-severity={f.severity}>
              <span className={`msg msg-${f.severity === "info" ? "note" : f.severity}`}>
                {t.budget.severity[f.severity]}
              </span>{" "}
              {f.message}
              {f.refs.length > 0 && (
                <span className="muted small block">
                  {t.budget.refs}: {f.refs.join(", ")}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function ReviewLines({ review }: { review: BudgetReview }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">{t.budget.review}</h2>
      {review.total === 0 ? (
        <p className="muted">{t.budget.reviewNone}</p>
      ) : (
        <>
          <p className="help">{t.budget.reviewIntro(review.lines.length, review.total)}</p>
          <TableWrap label={t.budget.review}>
            <table className="data-table compact budget-table stack-on-phone review-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t.budget.reviewLine}
                  </th>
                  <th scope="col">{t.budget.pliego}</th>
                  <th scope="col">{t.budget.reviewMeta}</th>
                  <th scope="col">{t.budget.reviewText}</th>
                  <th scope="col">{t.budget.reviewMatched}</th>
                  <th scope="col" className="num">
                    {t.budget.pim}
                  </th>
                </tr>
              </thead>
              <tbody>
                {review.lines.map((l) => (
                  <tr key={`${l.importId}-${l.lineNo}`}>
                    <th scope="row" className="num">
                      {l.lineNo}
                    </th>
                    <td data-label={t.budget.pliego}>{l.pliego}</td>
                    <td data-label={t.budget.reviewMeta}>{l.meta ?? "—"}</td>
                    <td className="cell-text" data-label={t.budget.reviewText}>
                      {l.text}
                    </td>
                    <td data-label={t.budget.reviewMatched}>
                      <mark>{l.matched}</mark>
                    </td>
                    <td className="num" data-label={t.budget.pim}>
                      {formatSoles(l.pimCents, t.locale)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
