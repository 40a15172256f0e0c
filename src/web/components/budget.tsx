import { type CSSProperties, lazy, type ReactNode, Suspense, useState } from "react";
import {
  EXECUTION_COLOURS,
  EXECUTION_DECIMALS,
  executionLight,
} from "../../shared/budget/execution-light.ts";
import type { BUDGET_CLASSES } from "../../shared/contracts/budget.contract.ts";
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
      <span className="muted" data-light={light} title={t("budget.lights.ND")}>
        —
      </span>
    );
  return (
    <span
      className={`level-badge${large ? " stat-badge" : ""}`}
      style={{ "--level": EXECUTION_COLOURS[light] } as CSSProperties}
      data-light={light}
    >
      <span className="level-figure">
        {formatPercent(execution, t("locale"), EXECUTION_DECIMALS)}
      </span>
      <span className="level-word">{t(`budget.lights.${light}`)}</span>
    </span>
  );
}

export function ClassTag({ budgetClass }: { budgetClass: BudgetClass }) {
  const t = useT();
  return (
    <span className={`tag budget-class budget-class-${budgetClass}`} data-class={budgetClass}>
      {t(`budget.classes.${budgetClass}`)}
    </span>
  );
}

/**
 * Numeric columns as [label, value] pairs: a table's header and each row's cells come from one
 * list, and the label doubles as the cell's caption when the table stacks on a phone.
 */
type NumColumn<R> = readonly [label: string, value: (row: R) => ReactNode];

function NumHeads<R>({ columns }: { columns: readonly NumColumn<R>[] }) {
  return (
    <>
      {columns.map(([label]) => (
        <th key={label} scope="col" className="num">
          {label}
        </th>
      ))}
    </>
  );
}

function NumCells<R>({ columns, row }: { columns: readonly NumColumn<R>[]; row: R }) {
  return (
    <>
      {columns.map(([label, value]) => (
        <td key={label} className="num" data-label={label}>
          {value(row)}
        </td>
      ))}
    </>
  );
}

type Stages = {
  piaCents: number;
  pimCents: number;
  devengadoCents: number;
  execution: number | null;
};

/** PIA, PIM, devengado and execution: the columns every budget table ends with. */
function useStageColumns(withPia = true): NumColumn<Stages>[] {
  const t = useT();
  const money = (cents: number) => formatSoles(cents, t("locale"));
  return [
    ...(withPia ? [[t("budget.pia"), (r: Stages) => money(r.piaCents)] as const] : []),
    [t("budget.pim"), (r) => money(r.pimCents)],
    [t("budget.devengado"), (r) => money(r.devengadoCents)],
    [t("budget.execution"), (r) => <ExecutionBadge execution={r.execution} />],
  ];
}

/**
 * A breakdown's table: a row header, numeric columns, optionally a total row. Rows carry
 * `data-row` (a code) so tests and styles can find them; it stacks into cards on a phone.
 */
function BreakdownTable<R>({
  label,
  head,
  columns,
  rows,
  rowKey,
  rowHead,
  total,
  className = "",
}: {
  label: string;
  head: string;
  columns: readonly NumColumn<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  rowHead: (row: R) => ReactNode;
  total?: { head: ReactNode; row: R };
  className?: string;
}) {
  return (
    <TableWrap label={label}>
      <table className={`data-table compact budget-table stack-on-phone ${className}`}>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <NumHeads columns={columns} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} data-row={rowKey(r)}>
              <th scope="row">{rowHead(r)}</th>
              <NumCells columns={columns} row={r} />
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr className="row-total">
              <th scope="row">{total.head}</th>
              <NumCells columns={columns} row={total.row} />
            </tr>
          </tfoot>
        )}
      </table>
    </TableWrap>
  );
}

/** An objective's or service's code in bold before its name. */
const coded = (code: string, name: string) => (
  <>
    <span className="code">{code}</span> {name}
  </>
);

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
  const money = (cents: number) => formatSoles(cents, t("locale"));
  const funded = classCounts.asignacion_especifica;
  const services = summary.byService.length;
  return (
    <>
      <div className="stat-cards">
        <StatCard title={t("budget.piaLong")} testId="budget-pia">
          <p className="stat-figure">{money(totals.piaCents)}</p>
        </StatCard>
        <StatCard title={t("budget.pimLong")} testId="budget-pim">
          <p className="stat-figure">{money(totals.pimCents)}</p>
          <p className="help">
            {t("budget.pimMinusPia", {
              amount: money(totals.pimMinusPiaCents),
              ratio: formatFixed(totals.pimOverPia, t("locale"), 2),
            })}
          </p>
        </StatCard>
        <StatCard title={t("budget.devengadoLong")} testId="budget-devengado">
          <p className="stat-figure">{money(totals.devengadoCents)}</p>
        </StatCard>
        <StatCard
          title={`${t("budget.execution")} (${t("budget.executionLong")})`}
          testId="budget-execution"
        >
          <p className="stat-figure">
            <ExecutionBadge execution={totals.execution} large />
          </p>
          {openYear && <p className="help">{t("budget.openYear", { year: summary.year })}</p>}
        </StatCard>
        <StatCard title={t("budget.shareNational")} testId="budget-share">
          <p className="stat-figure">{formatPercent(totals.shareNationalPia, t("locale"), 3)}</p>
          <p className="help">
            {t("budget.shareOfPia", {
              pct: formatPercent(totals.shareNationalPia, t("locale"), 3),
            })}
            <br />
            {t("budget.shareOfPim", {
              pct: formatPercent(totals.shareNationalPim, t("locale"), 3),
            })}
          </p>
        </StatCard>
        <StatCard title={t("budget.perCapita")} testId="budget-per-capita">
          <p className="stat-figure">S/ {formatFixed(totals.perCapitaPia, t("locale"), 2)}</p>
          <p className="help">
            {t("budget.perCapitaPia", {
              amount: `S/ ${formatFixed(totals.perCapitaPia, t("locale"), 2)}`,
            })}
            <br />
            {t("budget.perCapitaDevengado", {
              amount: `S/ ${formatFixed(totals.perCapitaDevengado, t("locale"), 2)}`,
            })}
            {totals.population !== null && (
              <>
                <br />
                {t("budget.population", { n: formatNumber(totals.population, t("locale")) })}
              </>
            )}
          </p>
        </StatCard>
        <StatCard
          title={
            previous
              ? t("budget.change", { year: previous.year })
              : t("budget.change", { year: summary.year - 1 })
          }
          testId="budget-change"
        >
          {previous ? (
            <dl className="stat-list">
              <dt>{t("budget.pia")}</dt>
              <dd>{signed(change.pia, t("locale"))}</dd>
              <dt>{t("budget.pim")}</dt>
              <dd>{signed(change.pim, t("locale"))}</dd>
              <dt>{t("budget.devengado")}</dt>
              <dd>{signed(change.devengado, t("locale"))}</dd>
            </dl>
          ) : (
            <p className="help">{t("budget.changeNone")}</p>
          )}
        </StatCard>
        <StatCard title={t("budget.classesTitle")} testId="budget-classes">
          <p className="stat-figure">
            {funded} / {services}
          </p>
          <p className="help">{t("budget.classesSummary", { count: funded, total: services })}</p>
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
        <LightSwatches /> {t("budget.lightsLegend")}
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
  const stages = useStageColumns();
  const [only, setOnly] = useState<BudgetClass | "">("");
  const shown = only ? summary.byService.filter((s) => s.budgetClass === only) : summary.byService;
  const funded = summary.byService
    .filter((s) => s.budgetClass === "asignacion_especifica")
    .sort((a, b) => b.pimCents - a.pimCents);
  return (
    <>
      <WithoutBudget services={summary.byService} />
      <Chart
        label={t("budget.servicesChart")}
        rows={funded.map((s) => stageRow(s.code, s.name, s))}
        stages={["pim", "devengado"]}
        horizontal
      />
      <div className="field field-inline">
        <label htmlFor="budget-class-filter">{t("budget.budgetClass")}</label>
        <select
          id="budget-class-filter"
          value={only}
          onChange={(e) => setOnly(e.target.value as BudgetClass | "")}
        >
          <option value="">{t("budget.allClasses")}</option>
          {(Object.keys(t("budget.classes", { returnObjects: true })) as BudgetClass[]).map((c) => (
            <option key={c} value={c}>
              {t(`budget.classes.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <TableWrap label={t("budget.tabNames.servicios")}>
        <table className="data-table compact budget-table stack-on-phone services-budget-table">
          <thead>
            <tr>
              <th scope="col">{t("budget.service")}</th>
              <th scope="col">{t("budget.objective")}</th>
              <th scope="col">{t("budget.owner")}</th>
              <th scope="col">{t("budget.budgetClass")}</th>
              <NumHeads columns={stages} />
              <th scope="col">{t("budget.pliegos")}</th>
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
                  {coded(s.code, s.name)}
                </th>
                <td data-label={t("budget.objective")}>{s.objective}</td>
                <td data-label={t("budget.owner")}>{s.owner ?? "—"}</td>
                <td data-label={t("budget.budgetClass")}>
                  <ClassTag budgetClass={s.budgetClass} />
                </td>
                <NumCells columns={stages} row={s} />
                <td data-label={t("budget.pliegos")}>{s.pliegos.join(", ") || "—"}</td>
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
    return <p className="muted">{t("budget.withoutBudgetNone")}</p>;
  return (
    <section className="without-budget" aria-labelledby="without-budget-title">
      <h3 id="without-budget-title">{t("budget.withoutBudget")}</h3>
      <div className="without-budget-groups">
        {groups.map(({ c, list }) => (
          <div key={c} className={`without-budget-group budget-class-${c}`} data-class={c}>
            <h4>
              {t(`budget.classes.${c}`)} ({list.length})
            </h4>
            <p className="help">{t(`budget.classesHelp.${c}`)}</p>
            <p className="service-codes">
              {list.map((s) => (
                <span key={s.code} className="service-code" title={s.name}>
                  <span className="code">{s.code}</span>
                  {s.owner && <span className="muted"> {s.owner}</span>}
                </span>
              ))}
            </p>
            <details>
              <summary>{t("budget.showNames")}</summary>
              <ul>
                {list.map((s) => (
                  <li key={s.code}>{coded(s.code, s.name)}</li>
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
  const columns: NumColumn<(typeof rows)[number]>[] = [
    [t("budget.services"), (o) => o.services],
    [t("budget.funded"), (o) => o.funded],
    [
      t("budget.classes.meta_sin_asignacion_especifica"),
      (o) => o.classes.meta_sin_asignacion_especifica ?? 0,
    ],
    [t("budget.classes.sin_meta_presupuestal"), (o) => o.classes.sin_meta_presupuestal ?? 0],
    ...useStageColumns(),
  ];
  return (
    <>
      <Chart
        label={t("budget.objectivesChart")}
        rows={rows.map((o) => stageRow(o.code, o.name, o))}
        stages={["pia", "pim", "devengado"]}
      />
      <BreakdownTable
        label={t("budget.tabNames.objetivos")}
        head={t("budget.objective")}
        columns={columns}
        rows={rows}
        rowKey={(o) => o.code}
        rowHead={(o) => coded(o.code, o.name)}
      />
    </>
  );
}

export function LevelsPanel({ summary }: { summary: BudgetSummary }) {
  const t = useT();
  const rows = summary.byLevel;
  const stages = useStageColumns();
  return (
    <>
      <Chart
        label={t("budget.levelsChart")}
        rows={rows.map((l) => stageRow(t(`budget.levelNames.${l.level}`), "", l))}
        stages={["pia", "pim", "devengado"]}
        horizontal
      />
      <BreakdownTable
        label={t("budget.tabNames.niveles")}
        head={t("budget.level")}
        columns={stages}
        rows={rows}
        rowKey={(l) => l.level}
        rowHead={(l) => t(`budget.levelNames.${l.level}`)}
      />
    </>
  );
}

export function PliegosPanel({ groups }: { groups: readonly BudgetPliegoGroup[] }) {
  const t = useT();
  const share = (x: number | null) => formatPercent(x, t("locale"), 3);
  const money = (cents: number | null) => formatSoles(cents, t("locale"));
  type Row = BudgetPliegoGroup["total"];
  // A total taken from the imported lines, not the reference figures, carries a mark.
  const withMark = (r: Row, cents: number | null) =>
    `${money(cents)}${r.totalSource === "lineas" ? " *" : ""}`;
  const columns: NumColumn<Row>[] = [
    [t("budget.pliegoPia"), (r) => withMark(r, r.totalPiaCents)],
    [t("budget.pliegoPim"), (r) => withMark(r, r.totalPimCents)],
    [t("budget.specificPia"), (r) => money(r.piaCents)],
    [t("budget.specificPim"), (r) => money(r.pimCents)],
    [t("budget.devengado"), (r) => money(r.devengadoCents)],
    [t("budget.sharePia"), (r) => share(r.sharePia)],
    [t("budget.sharePim"), (r) => share(r.sharePim)],
  ];
  return (
    <>
      {groups.map((g) => {
        const level = t(`budget.levelNames.${g.nivel}`);
        const fromLines = g.rows.some((r) => r.totalSource === "lineas");
        return (
          <section key={g.nivel} className="pliego-group" data-level={g.nivel}>
            <h3>{level}</h3>
            <Chart
              label={t("budget.pliegosChart", { level })}
              rows={g.rows.map((r) => stageRow(r.label, r.pliego, r))}
              stages={["pim", "devengado"]}
              horizontal
            />
            <BreakdownTable
              label={`${t("budget.tabNames.pliegos")}: ${level}`}
              head={t("budget.pliego")}
              columns={columns}
              rows={g.rows}
              rowKey={(r) => r.pliego}
              rowHead={(r) => (
                <>
                  {r.label}
                  <span className="muted small block">{r.pliego}</span>
                </>
              )}
              total={{ head: t("budget.totalPrioritised"), row: g.total }}
            />
            <p className="help">
              {t("budget.outside", {
                pia: money(g.outsidePiaCents),
                pim: money(g.outsidePimCents),
              })}
            </p>
            {fromLines && <p className="help">{t("budget.fromLines")}</p>}
          </section>
        );
      })}
    </>
  );
}

export function DepartmentsPanel({ departments }: { departments: BudgetDepartments }) {
  const t = useT();
  const [metric, setMetric] = useState<MapMetric>("pim");
  // PIM, devengado and execution: the map's figures (PIA stays in the CSV).
  const columns: NumColumn<BudgetDepartments["rows"][number]>[] = [
    ...useStageColumns(false),
    [t("budget.shareOfYear"), (d) => formatPercent(d.sharePim, t("locale"), 1)],
  ];
  const withMoney = departments.rows.filter((d) => d.pimCents > 0 || d.department === null);
  const without = departments.rows.filter((d) => d.pimCents === 0 && d.department !== null);
  return (
    <>
      <fieldset className="map-metric">
        <legend>{t("budget.mapMetric")}</legend>
        {(["pim", "execution"] as const).map((m) => (
          <label key={m} className="radio">
            <input
              type="radio"
              name="map-metric"
              value={m}
              checked={metric === m}
              onChange={() => setMetric(m)}
            />{" "}
            {t(`budget.mapMetrics.${m}`)}
          </label>
        ))}
      </fieldset>
      <div className="departments-layout">
        <figure className="budget-figure map-figure">
          <figcaption>{t("budget.mapTitle", { year: departments.year })}</figcaption>
          <Suspense fallback={<Loading />}>
            <DepartmentMap departments={departments} metric={metric} />
          </Suspense>
          {metric === "execution" && (
            <p className="help lights-legend">
              <LightSwatches /> {t("budget.lightsLegend")}
            </p>
          )}
          <p className="map-attribution small muted">{t("budget.mapAttribution")}</p>
        </figure>
        <div>
          <BreakdownTable
            label={t("budget.tabNames.departamentos")}
            head={t("budget.department")}
            columns={columns}
            rows={withMoney}
            rowKey={(d) => d.department ?? "none"}
            rowHead={(d) => (
              <>
                {d.department === null ? t("budget.noLocation") : d.name}
                <span className="muted small block">
                  {d.department === null ? t("budget.noLocationHelp") : d.department}
                </span>
              </>
            )}
            total={{
              head: t("budget.total"),
              row: {
                ...departments.total,
                department: null,
                name: t("budget.total"),
                sharePim: 100,
              },
            }}
            className="departments-table"
          />
          {without.length > 0 && (
            <details>
              <summary>{t("budget.departmentsWithout", { count: without.length })}</summary>
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
  const columns: NumColumn<(typeof rows)[number]>[] = [
    ...useStageColumns(),
    [t("budget.shareCol"), (y) => formatPercent(y.shareNationalPia, t("locale"), 3)],
    [t("budget.perCapitaCol"), (y) => `S/ ${formatFixed(y.perCapitaPia, t("locale"), 2)}`],
  ];
  return (
    <section className="card" aria-labelledby="series-title">
      <h2 id="series-title">{t("budget.series")}</h2>
      <Chart
        label={t("budget.seriesChart")}
        rows={rows.map((y) => stageRow(String(y.year), "", y))}
        stages={["pia", "pim", "devengado"]}
      />
      <BreakdownTable
        label={t("budget.series")}
        head={t("budget.yearCol")}
        columns={columns}
        rows={rows}
        rowKey={(y) => String(y.year)}
        rowHead={(y) => y.year}
      />
      <p>
        <a className="button-link" href={exportHref} download>
          {t("budget.exportSeries")}
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
      <h2 id="checks-title">{t("budget.checks")}</h2>
      <p>
        {t("budget.checksIntro", {
          errors: t("budget.errorCount", { count: count("error") }),
          warnings: t("budget.warningCount", { count: count("warning") }),
          notes: t("budget.noteCount", { count: count("info") }),
        })}
      </p>
      <p className="help">{t("budget.checksSource", { source: checks.source })}</p>
      {checks.findings.length === 0 ? (
        <p className="muted">{t("budget.checksNone")}</p>
      ) : (
        <ol className="findings-list">
          {checks.findings.map((f) => (
            <li key={`${f.code}-${f.refs.join()}`} data-code={f.code} data-severity={f.severity}>
              <span className={`msg msg-${f.severity === "info" ? "note" : f.severity}`}>
                {t(`budget.severity.${f.severity}`)}
              </span>{" "}
              {f.message}
              {f.refs.length > 0 && (
                <span className="muted small block">
                  {t("budget.refs")}: {f.refs.join(", ")}
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
      <h2 id="review-title">{t("budget.review")}</h2>
      {review.total === 0 ? (
        <p className="muted">{t("budget.reviewNone")}</p>
      ) : (
        <>
          <p className="help">
            {t("budget.reviewIntro", { shown: review.lines.length, total: review.total })}
          </p>
          <TableWrap label={t("budget.review")}>
            <table className="data-table compact budget-table stack-on-phone review-table">
              <thead>
                <tr>
                  <th scope="col">{t("budget.reviewLine")}</th>
                  <th scope="col">{t("budget.pliego")}</th>
                  <th scope="col">{t("budget.reviewMeta")}</th>
                  <th scope="col">{t("budget.reviewText")}</th>
                  <th scope="col">{t("budget.reviewMatched")}</th>
                  <th scope="col" className="num">
                    {t("budget.pim")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {review.lines.map((l) => (
                  <tr key={`${l.importId}-${l.lineNo}`}>
                    <th scope="row">{l.lineNo}</th>
                    <td data-label={t("budget.pliego")}>{l.pliego}</td>
                    <td data-label={t("budget.reviewMeta")}>{l.meta ?? "—"}</td>
                    <td className="cell-text" data-label={t("budget.reviewText")}>
                      {l.text}
                    </td>
                    <td data-label={t("budget.reviewMatched")}>
                      <mark>{l.matched}</mark>
                    </td>
                    <td className="num" data-label={t("budget.pim")}>
                      {formatSoles(l.pimCents, t("locale"))}
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
