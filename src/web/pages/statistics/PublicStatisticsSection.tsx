import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PublicStatistics } from "../../api-client.ts";
import { Notice, TableWrap } from "../../components/ui.tsx";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";
import { departmentOf } from "../../ubigeo.ts";
import { type CsvCell, CsvLink, Loaded } from "./stats-ui.tsx";

/**
 * The public page's statistics: the register's counts as the server published them through
 * disclosure control (k = 11). A suppressed cell reads "reservado", with the reason under the
 * tables; never «<11», since a complementary suppression may hide a large count. A reader
 * whose role reads statistics may switch to the internal view, where small cells are shown and
 * labelled.
 */
export function PublicStatisticsSection() {
  const t = useT();
  const { can } = useSession();
  const [internal, setInternal] = useState(false);
  const view = internal && can("statistics.read") ? "interna" : "publica";
  const statistics = useQuery(queries.publicStatistics(view));
  return (
    <section className="card public-statistics" aria-labelledby="pub-stats-title" data-view={view}>
      <h2 id="pub-stats-title">{t("stats.public.title")}</h2>
      <p>{t("stats.public.intro")}</p>
      {can("statistics.read") && (
        <div className="field field-check">
          <input
            id="pub-stats-internal"
            type="checkbox"
            checked={internal}
            onChange={(e) => setInternal(e.target.checked)}
          />
          <label htmlFor="pub-stats-internal">{t("stats.public.internal")}</label>
        </div>
      )}
      <Loaded resource={statistics}>
        {(s) =>
          s.audience === (view === "interna" ? "internal" : "public") ? (
            <Tables statistics={s} />
          ) : null
        }
      </Loaded>
    </section>
  );
}

function Tables({ statistics: s }: { statistics: PublicStatistics }) {
  const t = useT();
  const [year, setYear] = useState<number | "">(s.years[0] ?? "");
  const tables = s.tables.filter((x) => year === "" || x.period.end.startsWith(String(year)));
  const shown = (c: PublicStatistics["tables"][number]["cells"][number]) =>
    c.value === null ? t("stats.public.reserved") : c.value;
  const label = (c: { key: string; label: string }) =>
    c.key.startsWith("ubigeo=") ? (departmentOf(c.key.slice(7)) ?? c.label) : c.label;
  const rows: CsvCell[][] = [
    [
      t("stats.concept"),
      t("stats.source"),
      t("stats.period"),
      t("stats.public.cell"),
      t("stats.value"),
    ],
    ...tables.flatMap((x) =>
      x.cells.map((c) => [x.conceptLabel, x.sourceLabel, x.period.label, label(c), shown(c)]),
    ),
  ];
  const suppressed = tables.reduce((n, x) => n + x.informationLoss.cellsSuppressed, 0);
  const small = tables.reduce((n, x) => n + x.cells.filter((c) => c.small).length, 0);
  return (
    <>
      {s.audience === "internal" && <Notice kind="warning">{s.note}</Notice>}
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="pub-stats-year">{t("stats.year")}</label>
          <select
            id="pub-stats-year"
            value={year}
            onChange={(e) => setYear(e.target.value === "" ? "" : Number(e.target.value))}
          >
            <option value="">{t("stats.allYears")}</option>
            {s.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <p className="toolbar-summary">
          {t("stats.public.tables", { count: tables.length })}
          {s.audience === "public"
            ? ` · ${t("stats.public.suppressedCount", { count: suppressed })}`
            : ` · ${t("stats.public.smallCount", { count: small })}`}
        </p>
        <CsvLink fileName="estadisticas-publicas.csv" rows={rows} label={t("stats.csv")} />
      </div>
      {tables.length === 0 && <Notice>{t("stats.public.none")}</Notice>}
      <div className="public-tables">
        {tables.map((x) => {
          const title = `${x.conceptLabel} · ${x.sourceLabel} · ${x.period.label}`;
          return (
            <TableWrap key={x.code} label={title}>
              <table className="data-table compact" data-table={x.code}>
                <caption>
                  {title}
                  <span className="muted small block">
                    {x.unitLabel}
                    {x.transcribed && ` · ${t("stats.public.transcribed")}`}
                  </span>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("stats.public.cell")}</th>
                    <th scope="col" className="num">
                      {t("stats.value")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {x.cells.map((c) => (
                    <tr
                      key={c.key}
                      data-cell={c.key}
                      className={c.level === 0 ? "row-total" : undefined}
                    >
                      <th scope="row" className={c.level > 0 ? "indent" : undefined}>
                        {label(c)}
                      </th>
                      <td className="num" data-suppressed={c.suppressed || undefined}>
                        {c.value === null ? (
                          // The same word for every suppressed cell: a complementary one (which
                          // may be large) must not read as small, nor be told from a primary one.
                          <span className="suppressed">{t("stats.public.reserved")}</span>
                        ) : (
                          formatNumber(c.value, t("locale"))
                        )}
                        {c.small && <span className="small-cell"> {t("stats.public.small")}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          );
        })}
      </div>
      {s.audience === "public" && (
        <p className="help disclosure-note">
          <strong>{t("stats.public.whyTitle")}</strong> {s.note}
        </p>
      )}
    </>
  );
}
