import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useLocation } from "wouter";
import type { StatisticsFigure } from "../../api-client.ts";
import type { MapArea } from "../../components/DepartmentMap.tsx";
import { Loading, Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { departmentOf } from "../../ubigeo.ts";
import { StatsLineChart } from "./stats-charts.tsx";
import { type CsvCell, CsvLink, Loaded, StatsNav, TranscribedNote } from "./stats-ui.tsx";
import { TipPackCard } from "./TipPackCard.tsx";

/**
 * /estadisticas — the register's current figures by concept, source, period and region: the
 * yearly trend of a concept per source, a map by department and one by province, and every
 * figure with its provenance; for roles with report.download, the TIP data pack. The filters
 * live in the address (?concepto=&fuente=&anio=). The page needs statistics.read: it is the
 * internal view, with no disclosure control (the public one is PublicStatisticsSection).
 */

// The map is the budget page's (DepartmentMap.tsx), loaded with its GeoJSON on first view.
const DepartmentChoropleth = lazy(() =>
  import("../../components/DepartmentMap.tsx").then((m) => ({ default: m.DepartmentChoropleth })),
);

// The province map and its 196 capitals' coordinates, likewise loaded on first view.
const ProvinceSection = lazy(() =>
  import("./ProvinceSection.tsx").then((m) => ({ default: m.ProvinceSection })),
);

const DIMENSION_KEYS = ["sex", "ageBand", "nationality", "exploitationForm", "statute"] as const;

const isWhole = (f: StatisticsFigure) =>
  f.ubigeo === null && DIMENSION_KEYS.every((d) => f.dimensions[d] === null);

const isDepartment = (f: StatisticsFigure) =>
  f.ubigeo !== null &&
  f.ubigeo.length === 2 &&
  DIMENSION_KEYS.every((d) => f.dimensions[d] === null);

function useFilters() {
  const [path] = useLocation();
  const query = useQueryString();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`${path}?${next}`, { replace: true, scroll: false });
  };
  return {
    concept: query.get("concepto") ?? "victim",
    source: query.get("fuente") ?? "",
    year: query.get("anio") ?? "",
    mapConcept: query.get("mapa") ?? "",
    set,
  };
}

export function StatisticsPage() {
  const t = useT();
  const figures = useQuery(queries.statisticsFigures());
  return (
    <>
      <PageTitle text={t("stats.figures.title")}>{t("stats.figures.title")}</PageTitle>
      <StatsNav />
      <p className="lead">{t("stats.figures.intro")}</p>
      <Loaded resource={figures}>{(list) => <FiguresView figures={list} />}</Loaded>
    </>
  );
}

function FiguresView({ figures }: { figures: StatisticsFigure[] }) {
  const t = useT();
  const filters = useFilters();
  const concepts = [...new Set(figures.map((f) => f.concept))].sort((a, b) =>
    t(`stats.concepts.${a}`, { defaultValue: a }).localeCompare(
      t(`stats.concepts.${b}`, { defaultValue: b }),
    ),
  );
  const sources = [...new Map(figures.map((f) => [f.source, f.sourceLabel]))].sort((a, b) =>
    a[1].localeCompare(b[1]),
  );
  const years = [...new Set(figures.map((f) => Number(f.period.end.slice(0, 4))))].sort(
    (a, b) => b - a,
  );
  const shown = figures.filter(
    (f) =>
      f.concept === filters.concept &&
      (!filters.source || f.source === filters.source) &&
      (!filters.year || f.period.end.startsWith(filters.year)),
  );
  const conceptLabel = (c: string) => t(`stats.concepts.${c}`, { defaultValue: c });
  return (
    <>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="stats-concept">{t("stats.concept")}</label>
          <select
            id="stats-concept"
            value={filters.concept}
            onChange={(e) => filters.set("concepto", e.target.value)}
          >
            {concepts.map((c) => (
              <option key={c} value={c}>
                {conceptLabel(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="stats-source">{t("stats.source")}</label>
          <select
            id="stats-source"
            value={filters.source}
            onChange={(e) => filters.set("fuente", e.target.value)}
          >
            <option value="">{t("stats.allSources")}</option>
            {sources.map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="stats-year">{t("stats.year")}</label>
          <select
            id="stats-year"
            value={filters.year}
            onChange={(e) => filters.set("anio", e.target.value)}
          >
            <option value="">{t("stats.allYears")}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TranscribedNote count={figures.filter((f) => f.origin === "transcripcion").length} />
      <TipPackCard years={years} />
      <TrendSection
        figures={figures.filter(
          (f) => f.concept === filters.concept && (!filters.source || f.source === filters.source),
        )}
        conceptLabel={conceptLabel(filters.concept)}
      />
      <MapSection figures={figures} conceptLabel={conceptLabel} />
      <Suspense fallback={<Loading />}>
        <ProvinceSection figures={figures} concept={filters.concept} conceptLabel={conceptLabel} />
      </Suspense>
      <FigureTable figures={shown} conceptLabel={conceptLabel(filters.concept)} />
    </>
  );
}

/** A concept's whole-country yearly figures, one line per source. */
function TrendSection({
  figures,
  conceptLabel,
}: {
  figures: StatisticsFigure[];
  conceptLabel: string;
}) {
  const t = useT();
  const yearly = figures.filter(
    (f) => f.period.type === "anio" && isWhole(f) && f.unit !== "porcentaje",
  );
  const years = [...new Set(yearly.map((f) => Number(f.period.label)))].sort((a, b) => a - b);
  const sources = [...new Map(yearly.map((f) => [f.source, f.sourceLabel]))];
  const valuesOf = (source: string, year: number) =>
    yearly
      .filter((f) => f.source === source && f.period.label === String(year))
      .map((f) => f.value);
  // A source with two figures of one year (two definitions, e.g. two services' counts) has no
  // single point to draw: the table shows both, the line leaves a gap.
  const value = (source: string, year: number) => {
    const found = valuesOf(source, year);
    return found.length === 1 ? (found[0] ?? null) : null;
  };
  const shown = (source: string, year: number) =>
    valuesOf(source, year)
      .map((v) => formatNumber(v, t("locale")))
      .join(" / ") || "—";
  const several = years.some((y) => sources.some(([code]) => valuesOf(code, y).length > 1));
  const title = t("stats.trend.title", { concept: conceptLabel });
  const rows: CsvCell[][] = [
    [t("stats.year"), ...sources.map(([, label]) => label)],
    ...years.map((y) => [y, ...sources.map(([code]) => valuesOf(code, y).join(" / ") || null)]),
  ];
  return (
    <section className="card" aria-labelledby="stats-trend-title">
      <h2 id="stats-trend-title">{title}</h2>
      {years.length === 0 ? (
        <Notice>{t("stats.trend.none")}</Notice>
      ) : (
        <>
          <p className="help">
            {t("stats.trend.help")} {several && t("stats.trend.several")}
          </p>
          <StatsLineChart
            label={title}
            years={years}
            series={sources.map(([code, label]) => ({
              name: label,
              values: years.map((y) => value(code, y)),
            }))}
          />
          <div className="tab-actions">
            <CsvLink fileName="estadisticas-tendencia.csv" rows={rows} label={t("stats.csv")} />
          </div>
          <TableWrap label={title}>
            <table className="data-table compact" data-table="trend">
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("stats.year")}</th>
                  {sources.map(([code, label]) => (
                    <th key={code} scope="col" className="num">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y}>
                    <th scope="row">{y}</th>
                    {sources.map(([code]) => (
                      <td key={code} className="num">
                        {shown(code, y)}
                      </td>
                    ))}
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

/** A concept's figures by department for one period and source, on the budget page's map. */
function MapSection({
  figures,
  conceptLabel,
}: {
  figures: StatisticsFigure[];
  conceptLabel: (code: string) => string;
}) {
  const t = useT();
  const filters = useFilters();
  const regional = figures.filter((f) => isDepartment(f) && f.unit !== "porcentaje");
  const concepts = [...new Set(regional.map((f) => f.concept))];
  const concept = concepts.includes(filters.mapConcept)
    ? filters.mapConcept
    : concepts.includes(filters.concept)
      ? filters.concept
      : concepts[0];
  // One map per source and period: figures of different sources or periods are not added up.
  const groups = new Map<string, StatisticsFigure[]>();
  for (const f of regional.filter((f) => f.concept === concept)) {
    const key = `${f.sourceLabel} · ${f.period.label}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const [heading, placed = []] = [...groups][0] ?? [null, []];
  const title = t("stats.map.title", { concept: concept ? conceptLabel(concept) : "" });
  const name = (f: StatisticsFigure) => departmentOf(f.ubigeo ?? "") ?? f.ubigeo ?? "";
  const total = placed.reduce((s, f) => s + f.value, 0);
  const areas: MapArea[] = placed.map((f) => ({
    department: f.ubigeo ?? "",
    name: name(f),
    value: f.value,
    lines: [`${conceptLabel(f.concept)}: ${formatNumber(f.value, t("locale"))}`],
  }));
  const max = Math.max(0, ...placed.map((f) => f.value));
  const rows: CsvCell[][] = [
    [t("stats.map.department"), t("stats.map.ubigeo"), t("stats.value")],
    ...placed.map((f) => [name(f), f.ubigeo, f.value]),
    [t("stats.total"), null, total],
  ];
  return (
    <section className="card" aria-labelledby="stats-map-title">
      <h2 id="stats-map-title">{title}</h2>
      {!concept ? (
        <Notice>{t("stats.map.none")}</Notice>
      ) : (
        <>
          <div className="toolbar">
            <div className="field field-inline">
              <label htmlFor="stats-map-concept">{t("stats.concept")}</label>
              <select
                id="stats-map-concept"
                value={concept}
                onChange={(e) => filters.set("mapa", e.target.value)}
              >
                {concepts.map((c) => (
                  <option key={c} value={c}>
                    {conceptLabel(c)}
                  </option>
                ))}
              </select>
            </div>
            <p className="toolbar-summary">{heading}</p>
          </div>
          <p className="help">{t("stats.map.help")}</p>
          <div className="departments-layout">
            <figure className="budget-figure map-figure">
              <figcaption>
                {title} · {heading}
              </figcaption>
              <Suspense fallback={<Loading />}>
                <DepartmentChoropleth
                  areas={areas}
                  label={`${title} · ${heading}`}
                  scale={{ max, text: [formatNumber(max, t("locale")), "0"] }}
                  empty={t("stats.map.noFigure")}
                />
              </Suspense>
              <p className="map-attribution small muted">{t("budget.mapAttribution")}</p>
            </figure>
            <div>
              <div className="tab-actions">
                <CsvLink
                  fileName="estadisticas-departamentos.csv"
                  rows={rows}
                  label={t("stats.csv")}
                />
              </div>
              <TableWrap label={title}>
                <table className="data-table compact" data-table="departments">
                  <caption>
                    {title} · {heading}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("stats.map.department")}</th>
                      <th scope="col" className="num">
                        {t("stats.value")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {placed.map((f) => (
                      <tr key={f.id}>
                        <th scope="row">{name(f)}</th>
                        <td className="num">{formatNumber(f.value, t("locale"))}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr className="row-total">
                      <th scope="row">{t("stats.total")}</th>
                      <td className="num">{formatNumber(total, t("locale"))}</td>
                    </tr>
                  </tfoot>
                </table>
              </TableWrap>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function dimensionsText(f: StatisticsFigure, t: ReturnType<typeof useT>): string {
  const parts = DIMENSION_KEYS.filter((d) => f.dimensions[d] !== null).map(
    (d) => `${t(`stats.dimensions.${d}`)}: ${f.dimensions[d]}`,
  );
  if (f.ubigeo) parts.unshift(`${t("stats.map.ubigeo")}: ${departmentOf(f.ubigeo) ?? f.ubigeo}`);
  return parts.join("; ");
}

/** Every current figure of the filters, with its definition and provenance. */
function FigureTable({
  figures,
  conceptLabel,
}: {
  figures: StatisticsFigure[];
  conceptLabel: string;
}) {
  const t = useT();
  const title = t("stats.table.title", { concept: conceptLabel });
  const rows: CsvCell[][] = [
    [
      t("stats.source"),
      t("stats.period"),
      t("stats.table.breakdown"),
      t("stats.value"),
      t("stats.unit"),
      t("stats.table.definition"),
      t("stats.table.provenance"),
      t("stats.table.origin"),
    ],
    ...figures.map((f) => [
      f.sourceLabel,
      f.period.label,
      dimensionsText(f, t),
      f.value,
      f.unit,
      f.definition,
      [f.provenance.document, f.provenance.location].filter(Boolean).join(", "),
      f.origin,
    ]),
  ];
  return (
    <section className="card" aria-labelledby="stats-table-title">
      <h2 id="stats-table-title">{title}</h2>
      <p className="toolbar-summary">{t("stats.table.count", { count: figures.length })}</p>
      <div className="tab-actions">
        <CsvLink fileName="estadisticas-cifras.csv" rows={rows} label={t("stats.csv")} />
      </div>
      <TableWrap label={title}>
        <table className="data-table compact stack-on-phone" data-table="figures">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stats.source")}</th>
              <th scope="col">{t("stats.period")}</th>
              <th scope="col">{t("stats.table.breakdown")}</th>
              <th scope="col" className="num">
                {t("stats.value")}
              </th>
              <th scope="col">{t("stats.table.definition")}</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.id} data-figure={f.id}>
                <th scope="row">{f.sourceLabel}</th>
                <td data-label={t("stats.period")}>{f.period.label}</td>
                <td data-label={t("stats.table.breakdown")}>
                  {dimensionsText(f, t) || t("stats.total")}
                </td>
                <td className="num" data-label={t("stats.value")}>
                  {formatNumber(f.value, t("locale"))} <span className="muted small">{f.unit}</span>
                </td>
                <td className="cell-text" data-label={t("stats.table.definition")}>
                  {f.definition}
                  <span className="muted small block">
                    {[f.provenance.document, f.provenance.location].filter(Boolean).join(", ")}
                    {f.origin === "transcripcion" && ` · ${t("stats.table.transcription")}`}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
