import { useQuery } from "@tanstack/react-query";
import { useLocation } from "wouter";
import type { Reconciliation } from "../../api-client.ts";
import { Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { StatsBarChart } from "./stats-charts.tsx";
import { type CsvCell, CsvLink, Loaded, StatsNav } from "./stats-ui.tsx";

/**
 * /conciliacion — a year's reconciliation (`vigia stats reconcile`): for each concept, period
 * and cell, every source's figure side by side, its difference from the largest, the
 * documented causes, the DATIM-style de-duplication and the flags for figures that cannot both
 * be true. The year lives in the address (?anio=).
 */

type Group = Reconciliation["groups"][number];

const DEFAULT_YEAR = 2019;

export function ReconciliationPage() {
  const t = useT();
  const [path] = useLocation();
  const query = useQueryString();
  const figures = useQuery(queries.statisticsFigures());
  const fromUrl = Number(query.get("anio"));
  const year = Number.isInteger(fromUrl) && fromUrl >= 1990 ? fromUrl : DEFAULT_YEAR;
  const years = [
    ...new Set([year, ...(figures.data ?? []).map((f) => Number(f.period.end.slice(0, 4)))]),
  ].sort((a, b) => b - a);
  const severalOnly = query.get("todas") !== "si";
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(query);
    if (value === null) next.delete(name);
    else next.set(name, value);
    navigate(`${path}?${next}`, { replace: true, scroll: false });
  };
  const reconciliation = useQuery(queries.reconciliation(year));
  return (
    <>
      <PageTitle text={t("stats.reconciliation.title")}>
        {t("stats.reconciliation.title")}
      </PageTitle>
      <StatsNav />
      <p className="lead">{t("stats.reconciliation.intro")}</p>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="rec-year">{t("stats.year")}</label>
          <select id="rec-year" value={year} onChange={(e) => set("anio", e.target.value)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input
            id="rec-all"
            type="checkbox"
            checked={!severalOnly}
            onChange={(e) => set("todas", e.target.checked ? "si" : null)}
          />
          <label htmlFor="rec-all">{t("stats.reconciliation.showAll")}</label>
        </div>
      </div>
      <Loaded resource={reconciliation}>
        {(r) =>
          r.year !== year ? null : (
            <ReconciliationView reconciliation={r} severalOnly={severalOnly} />
          )
        }
      </Loaded>
    </>
  );
}

function ReconciliationView({
  reconciliation: r,
  severalOnly,
}: {
  reconciliation: Reconciliation;
  severalOnly: boolean;
}) {
  const t = useT();
  const cellText = useCellText();
  const groups = severalOnly
    ? r.groups.filter((g) => new Set(g.entries.map((e) => e.source)).size > 1)
    : r.groups;
  const rows: CsvCell[][] = [
    [
      t("stats.concept"),
      t("stats.period"),
      t("stats.table.breakdown"),
      t("stats.source"),
      t("stats.value"),
      t("stats.unit"),
      t("stats.reconciliation.difference"),
      t("stats.reconciliation.causes"),
      t("stats.table.provenance"),
    ],
    ...groups.flatMap((g) =>
      g.entries.map((e) => [
        g.conceptLabel,
        g.period.label,
        cellText(g),
        e.sourceLabel,
        e.value,
        e.unit,
        e.differenceFromMax,
        e.causes.map((c) => `${c.cause}: ${c.explanation} (${c.citation})`).join(" | "),
        e.provenance,
      ]),
    ),
  ];
  return (
    <div className="reconciliation" data-year={r.year}>
      <p className={r.transcribed > 0 ? "notice notice-warning" : "help"}>{r.note}</p>
      <ul className="inline-list summary-list">
        <li>{t("stats.reconciliation.figures", { count: r.summary.figures })}</li>
        <li>{t("stats.reconciliation.groups", { count: r.summary.groupsWithSeveralSources })}</li>
        <li>{t("stats.reconciliation.incompatible", { count: r.summary.incompatible })}</li>
        <li>{t("stats.reconciliation.unexplained", { count: r.summary.unexplained })}</li>
      </ul>
      <div className="tab-actions">
        <CsvLink fileName={`conciliacion-${r.year}.csv`} rows={rows} label={t("stats.csv")} />
      </div>
      {groups.length === 0 && <Notice>{t("stats.reconciliation.none", { year: r.year })}</Notice>}
      {groups.map((g) => (
        <GroupCard
          key={`${g.concept}|${g.period.label}|${cellText(g)}`}
          group={g}
          cell={cellText(g)}
        />
      ))}
      {r.flags.length > 0 && (
        <section className="card" aria-labelledby="rec-flags-title">
          <h2 id="rec-flags-title">{t("stats.reconciliation.otherFlags")}</h2>
          <Flags flags={r.flags} />
        </section>
      )}
    </div>
  );
}

/** The cell a group counts, named for people: «Edad: adulto; Sexo: F». */
function useCellText(): (g: Group) => string {
  const t = useT();
  return (g) => {
    const dims = (Object.keys(g.dimensions) as (keyof Group["dimensions"])[])
      .filter((k) => g.dimensions[k] !== null)
      .map((k) => `${t(`stats.dimensions.${k}`)}: ${g.dimensions[k]}`);
    if (g.ubigeo) dims.unshift(`${t("stats.map.ubigeo")}: ${g.ubigeo}`);
    return dims.join("; ");
  };
}

function Flags({ flags }: { flags: Group["flags"] }) {
  const t = useT();
  return (
    <ul className="flag-list">
      {flags.map((f) => (
        <li
          key={`${f.kind}|${f.figureIds.join(",")}`}
          className={`flag flag-${f.severity}`}
          data-flag={f.kind}
        >
          <strong>{t(`stats.reconciliation.severity.${f.severity}`)}:</strong> {f.message}
        </li>
      ))}
    </ul>
  );
}

function GroupCard({ group: g, cell }: { group: Group; cell: string }) {
  const t = useT();
  const title = [g.conceptLabel, g.period.label, cell].filter(Boolean).join(" · ");
  const id = `rec-${g.concept}-${g.period.label}-${cell}`.replace(/[^A-Za-z0-9-]/g, "_");
  return (
    <section className="card reconciliation-group" aria-labelledby={id} data-concept={g.concept}>
      <h2 id={id}>{title}</h2>
      {g.entries.length > 1 && (
        <StatsBarChart
          label={title}
          bars={g.entries.map((e) => ({ name: e.sourceLabel, value: e.value }))}
        />
      )}
      <TableWrap label={title}>
        <table className="data-table compact stack-on-phone" data-table="reconciliation">
          <caption>{t("stats.reconciliation.caption", { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stats.source")}</th>
              <th scope="col" className="num">
                {t("stats.value")}
              </th>
              <th scope="col" className="num">
                {t("stats.reconciliation.difference")}
              </th>
              <th scope="col">{t("stats.table.definition")}</th>
              <th scope="col">{t("stats.reconciliation.causes")}</th>
            </tr>
          </thead>
          <tbody>
            {g.entries.map((e) => (
              <tr key={e.figureId} data-source={e.source}>
                <th scope="row">
                  {e.sourceLabel}
                  {e.reportedVia && (
                    <span className="muted small block">
                      {t("stats.reconciliation.via", { via: e.reportedVia })}
                    </span>
                  )}
                </th>
                <td className="num" data-label={t("stats.value")}>
                  <strong>{formatNumber(e.value, t("locale"))}</strong>{" "}
                  <span className="muted small">{e.unit}</span>
                  {e.restated && (
                    <span className="muted small block">
                      {t("stats.reconciliation.restated", { version: e.version })}
                    </span>
                  )}
                </td>
                <td className="num" data-label={t("stats.reconciliation.difference")}>
                  {e.differenceFromMax === null || e.differenceFromMax === 0
                    ? "—"
                    : formatNumber(e.differenceFromMax, t("locale"))}
                </td>
                <td className="cell-text" data-label={t("stats.table.definition")}>
                  {e.definition}
                  <span className="muted small block">{e.provenance}</span>
                </td>
                <td className="cell-text" data-label={t("stats.reconciliation.causes")}>
                  {e.causes.length === 0 ? (
                    <span className="muted">{t("stats.reconciliation.noCause")}</span>
                  ) : (
                    <ul className="cause-list">
                      {e.causes.map((c) => (
                        <li key={`${c.cause}|${c.citation}`} data-cause={c.cause}>
                          <strong>
                            {t(`stats.causes.${c.cause}`, { defaultValue: c.cause })}:
                          </strong>{" "}
                          {c.explanation} <span className="muted small">({c.citation})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {g.deduplication.length > 0 && (
        <TableWrap label={t("stats.reconciliation.dedup")}>
          <table className="data-table compact" data-table="deduplication">
            <caption>{t("stats.reconciliation.dedup")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("stats.unit")}</th>
                <th scope="col" className="num">
                  {t("stats.reconciliation.sum")}
                </th>
                <th scope="col" className="num">
                  {t("stats.reconciliation.max")}
                </th>
                <th scope="col">{t("stats.reconciliation.method")}</th>
              </tr>
            </thead>
            <tbody>
              {g.deduplication.map((d) => (
                <tr key={`${d.unit}|${d.sources.join(",")}`}>
                  <th scope="row">
                    {d.unit} <span className="muted small block">{d.sources.join(", ")}</span>
                  </th>
                  <td className="num">{formatNumber(d.sum, t("locale"))}</td>
                  <td className="num">{formatNumber(d.max, t("locale"))}</td>
                  <td>
                    {d.method === null || d.deduplicated === null
                      ? t("stats.reconciliation.overlapUnknown")
                      : `${d.method}: ${formatNumber(d.deduplicated, t("locale"))}`}
                    {d.basis && <span className="muted small block">{d.basis}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {g.flags.length > 0 && <Flags flags={g.flags} />}
    </section>
  );
}
