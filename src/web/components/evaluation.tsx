import { Fragment, type ReactNode, useMemo, useState } from "react";
import { useLocation } from "wouter";
import { roundHalfUp } from "../../shared/numbers.ts";
import { searchMatcher } from "../../shared/text-search.ts";
import type { Evaluation } from "../api-client.ts";
import { formatNumber, formatProgress } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { navigate, useQueryString } from "../navigation.ts";
import { LevelBadge, TableWrap } from "./ui.tsx";

/**
 * The evaluation as the Informe presents it: índice de gestión, valoración, objective cards and
 * the indicator table. Shared by the Tablero and the public view.
 */

export function IndexCard({ evaluation }: { evaluation: Evaluation }) {
  const t = useT();
  const { index } = evaluation;
  return (
    <section className="card index-card" aria-labelledby="index-title" data-level={index.level}>
      <h2 id="index-title">
        {t("dashboard.index")} {evaluation.year}
      </h2>
      <p className="index-figure" data-testid="indice-gestion">
        <LevelBadge level={index.level} progress={index.tipo2} large />
      </p>
      <p className="help">{t("dashboard.indexHelp")}</p>
      <p className="help">{t("dashboard.legend")}</p>
    </section>
  );
}

export function ValoracionCard({ evaluation }: { evaluation: Evaluation }) {
  const t = useT();
  const v = evaluation.valoracion;
  const total = v.total === "ND" ? "ND" : formatNumber(roundHalfUp(v.total, 1), t("locale"), 1);
  return (
    <section className="card valoracion-card" aria-labelledby="valoracion-title">
      <h2 id="valoracion-title">{t("dashboard.valoracion")}</h2>
      <p className="valoracion-total">
        <strong>{total}</strong>
        {v.level !== "ND" && ` · ${t(`implementationLevels.${v.level}`)}`}
      </p>
      <TableWrap label={t("dashboard.valoracion")}>
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.criterion")}</th>
              <th scope="col" className="num">
                {t("dashboard.weight")}
              </th>
              <th scope="col">{t("dashboard.level")}</th>
              <th scope="col" className="num">
                {t("dashboard.score")}
              </th>
            </tr>
          </thead>
          <tbody>
            {v.criteria.map((c) => (
              <tr key={c.code}>
                <th scope="row" className="cell-text">
                  {c.name}
                  <span className="muted small block">{c.basis}</span>
                </th>
                <td className="num">{formatNumber(c.weight, t("locale"))}</td>
                <td>
                  {t(`implementationLevels.${c.level}`)}
                  {c.origin && (
                    <span className="muted small block" data-origin={c.origin}>
                      {t(`valoracionAdmin.origin.${c.origin}`)}
                    </span>
                  )}
                </td>
                <td className="num">{formatNumber(c.score, t("locale"), 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function ObjectiveCards({ evaluation }: { evaluation: Evaluation }) {
  const t = useT();
  const byCode = new Map(evaluation.indicators.map((i) => [i.code, i]));
  return (
    <section aria-labelledby="objectives-title">
      <h2 id="objectives-title">{t("dashboard.objectives")}</h2>
      <div className="cards">
        {evaluation.objectives.map((o) => (
          <article className="card objective-card" key={o.code} data-objective={o.code}>
            <h3>
              <span className="code">{o.code}</span> {o.name}
            </h3>
            <dl className="objective-figures">
              <div>
                <dt>{t("dashboard.tipo1")}</dt>
                <dd>
                  <LevelBadge level={o.level} progress={o.tipo1} />
                </dd>
              </div>
              <div>
                <dt>{t("dashboard.tipo2")}</dt>
                <dd>
                  <LevelBadge level={o.levelTipo2} progress={o.tipo2} />
                </dd>
              </div>
              <div>
                <dt>{t("dashboard.previous", { year: evaluation.previousYear })}</dt>
                <dd>{formatProgress(o.previousTipo1, t("locale"))}</dd>
              </div>
            </dl>
            <ul className="op-indicators">
              {o.indicators.map((code) => {
                const ind = byCode.get(code);
                if (!ind) return null;
                return (
                  <li key={code}>
                    <span className="code">{code}</span> {t("dashboard.meta")}{" "}
                    {formatNumber(ind.meta, t("locale"))} · {t("dashboard.value")}{" "}
                    {formatNumber(ind.value, t("locale"))}
                  </li>
                );
              })}
            </ul>
          </article>
        ))}
      </div>
    </section>
  );
}

export function LevelCounts({ evaluation }: { evaluation: Evaluation }) {
  const t = useT();
  const rows = [
    [t("dashboard.objectives"), evaluation.levelCounts.objectives],
    [t("dashboard.opIndicators"), evaluation.levelCounts.opIndicators],
    [t("dashboard.serviceIndicators"), evaluation.levelCounts.serviceIndicators],
    [t("dashboard.total"), evaluation.levelCounts.total],
  ] as const;
  return (
    <section className="card" aria-labelledby="counts-title">
      <h2 id="counts-title">{t("dashboard.levelCounts")}</h2>
      <TableWrap label={t("dashboard.levelCounts")}>
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t("dashboard.indicators")}</span>
              </th>
              <th scope="col" className="num">
                {t("levels.bajo")}
              </th>
              <th scope="col" className="num">
                {t("levels.intermedio")}
              </th>
              <th scope="col" className="num">
                {t("levels.alto")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, c]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{c.bajo}</td>
                <td className="num">{c.intermedio}</td>
                <td className="num">{c.alto}</td>
                <td className="num">{c.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

/** Names of the indicator table's filters in the address: ?op=OP2&tipo=servicio&q=proteccion. */
const FILTER_PARAMS = {
  objective: "op",
  kind: "tipo",
  service: "servicio",
  entity: "entidad",
  text: "q",
} as const;
type Filter = keyof typeof FILTER_PARAMS;

/**
 * The filters live in the query string, so a reload, a shared link or the back button shows the
 * same table. Each change replaces the current history entry and keeps the scroll position.
 */
function useUrlFilters(): [(f: Filter) => string, (f: Filter, value: string) => void] {
  const [path] = useLocation();
  const query = useQueryString();
  const get = (f: Filter) => query.get(FILTER_PARAMS[f]) ?? "";
  const set = (f: Filter, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(FILTER_PARAMS[f], value);
    else next.delete(FILTER_PARAMS[f]);
    const qs = next.toString();
    navigate(qs ? `${path}?${qs}` : path, { replace: true, scroll: false });
  };
  return [get, set];
}

/**
 * What the Tablero adds to each row: the value's trend under the year's value (no new column:
 * the table is already as wide as a laptop), and a detail opened into a full-width row below.
 */
export interface IndicatorRowExtras {
  trendHeader: string;
  trend: (code: string) => ReactNode;
  /** The button's text and the row's content, or null when the indicator has no detail. */
  detail: (code: string) => { summary: string; content: ReactNode } | null;
}

/**
 * The indicator table with traffic lights, filterable by OP, kind, service and entity. The
 * public view shows it as the Informe does; the Tablero passes `extras`.
 */
export function IndicatorTable({
  evaluation,
  extras,
}: {
  evaluation: Evaluation;
  extras?: IndicatorRowExtras;
}) {
  const t = useT();
  const [filter, setFilter] = useUrlFilters();
  const services = useMemo(
    () =>
      [
        ...new Set(evaluation.indicators.map((i) => i.service).filter((s): s is string => !!s)),
      ].sort((a, b) => a.localeCompare(b, "es", { numeric: true })),
    [evaluation],
  );
  const entities = useMemo(
    () => [...new Set(evaluation.indicators.map((i) => i.responsible))].sort(),
    [evaluation],
  );
  // A value in the address that is not an option (an old link, a typo) filters nothing.
  const oneOf = (value: string, options: readonly string[]) =>
    options.includes(value) ? value : "";
  const objective = oneOf(
    filter("objective"),
    evaluation.objectives.map((o) => o.code),
  );
  const kind = oneOf(filter("kind"), ["objetivo", "servicio"]);
  const service = oneOf(filter("service"), services);
  const entity = oneOf(filter("entity"), entities);
  const text = filter("text");
  // "proteccion" finds "protección": accents and capitals do not count.
  const matches = searchMatcher(text);
  const shown = evaluation.indicators.filter(
    (i) =>
      (!objective || i.objective === objective) &&
      (!kind || i.kind === kind) &&
      (!service || i.service === service) &&
      (!entity || i.responsible === entity) &&
      matches(`${i.code} ${i.name}`),
  );
  const y = evaluation.year;
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const toggle = (code: string) =>
    setOpened((now) => {
      const next = new Set(now);
      if (!next.delete(code)) next.add(code);
      return next;
    });
  const columns = 8;
  return (
    <section aria-labelledby="indicators-title">
      <h2 id="indicators-title">{t("dashboard.indicatorsOf", { year: y })}</h2>
      <fieldset className="filters">
        <legend>{t("dashboard.filters")}</legend>
        <div className="field">
          <label htmlFor="f-objective">{t("dashboard.filterObjective")}</label>
          <select
            id="f-objective"
            value={objective}
            onChange={(e) => setFilter("objective", e.target.value)}
          >
            <option value="">{t("dashboard.all")}</option>
            {evaluation.objectives.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-kind">{t("dashboard.filterKind")}</label>
          <select id="f-kind" value={kind} onChange={(e) => setFilter("kind", e.target.value)}>
            <option value="">{t("dashboard.all")}</option>
            <option value="objetivo">{t("dashboard.kinds.objetivo")}</option>
            <option value="servicio">{t("dashboard.kinds.servicio")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-service">{t("dashboard.filterService")}</label>
          <select
            id="f-service"
            value={service}
            onChange={(e) => setFilter("service", e.target.value)}
          >
            <option value="">{t("dashboard.all")}</option>
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-entity">{t("dashboard.filterEntity")}</label>
          <select
            id="f-entity"
            value={entity}
            onChange={(e) => setFilter("entity", e.target.value)}
          >
            <option value="">{t("dashboard.all")}</option>
            {entities.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-text">{t("dashboard.filterText")}</label>
          <input
            id="f-text"
            type="search"
            value={text}
            aria-describedby="f-text-help"
            onChange={(e) => setFilter("text", e.target.value)}
          />
          <span id="f-text-help" className="help">
            {t("dashboard.searchHelp")}
          </span>
        </div>
      </fieldset>
      <p className="muted" aria-live="polite">
        {t("dashboard.shown", { count: evaluation.indicators.length, shown: shown.length })}
      </p>
      <TableWrap label={t("dashboard.indicatorsOf", { year: y })}>
        <table className="data-table indicator-table">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.code")}</th>
              <th scope="col">{t("dashboard.name")}</th>
              <th scope="col">{t("dashboard.responsible")}</th>
              <th scope="col" className="num">
                {t("dashboard.meta")} {y}
              </th>
              <th scope="col" className="num">
                {t("dashboard.value")} {y}
                {extras && <span className="block small muted">{extras.trendHeader}</span>}
              </th>
              <th scope="col" className="num">
                {t("dashboard.previous", { year: evaluation.previousYear })}
              </th>
              <th scope="col">
                {t("dashboard.tipo1")} {y}
              </th>
              <th scope="col" className="num">
                {t("dashboard.tipo2")}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => {
              const detail = extras?.detail(i.code) ?? null;
              const open = detail !== null && opened.has(i.code);
              return (
                <Fragment key={i.code}>
                  <tr data-indicator={i.code} data-level={i.level}>
                    <th scope="row" className="code nowrap">
                      {i.code}
                    </th>
                    <td className="cell-text">
                      {i.name}
                      {i.warnings.length > 0 && (
                        <details className="inline-warnings">
                          <summary className="small">
                            {t("dashboard.alerts", { count: i.warnings.length })}
                          </summary>
                          <ul>
                            {i.warnings.map((w) => (
                              <li key={w.code} className={`msg msg-${w.severity} small`}>
                                {w.message}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                      {detail && (
                        <button
                          type="button"
                          className="detail-toggle small"
                          aria-expanded={open}
                          aria-controls={`detail-${i.code}`}
                          onClick={() => toggle(i.code)}
                        >
                          {detail.summary}
                        </button>
                      )}
                    </td>
                    <td>{i.responsible}</td>
                    <td className="num">{formatNumber(i.meta, t("locale"))}</td>
                    <td className="num">
                      {formatNumber(i.value, t("locale"))}
                      {extras?.trend(i.code)}
                    </td>
                    <td className="num">{formatProgress(i.previous.tipo1, t("locale"))}</td>
                    <td>
                      <LevelBadge level={i.level} progress={i.tipo1} />
                    </td>
                    <td className="num">
                      {i.kind === "objetivo" ? formatProgress(i.tipo2, t("locale")) : ""}
                    </td>
                  </tr>
                  {open && (
                    <tr className="detail-row" id={`detail-${i.code}`} data-detail={i.code}>
                      <td colSpan={columns}>
                        <div className="detail-content">{detail.content}</div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
