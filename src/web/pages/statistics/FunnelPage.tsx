import { useQuery } from "@tanstack/react-query";
import { useLocation } from "wouter";
import {
  criminalFunnel,
  type Funnel,
  type FunnelFigure,
  type FunnelStage,
  funnelWindows,
} from "../../../shared/statistics/criminal-funnel.ts";
import type { StatisticsFigure } from "../../api-client.ts";
import { Notice, PageTitle, TableWrap } from "../../components/ui.tsx";
import { formatFixed, formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { StatsBarChart } from "./stats-charts.tsx";
import { type CsvCell, CsvLink, Loaded, StatsNav } from "./stats-ui.tsx";

/**
 * /embudo-penal — the criminal-justice funnel (complaints → cases → prosecutions →
 * convictions) for a window, and seed 000's "impunity ratio" with its definition. The window
 * is one where a complaint and a conviction figure of that same period exist (?ventana=).
 */

export function FunnelPage() {
  const t = useT();
  const figures = useQuery(queries.statisticsFigures());
  return (
    <>
      <PageTitle text={t("stats.funnel.title")}>{t("stats.funnel.title")}</PageTitle>
      <StatsNav />
      <p className="lead">{t("stats.funnel.intro")}</p>
      <Loaded resource={figures}>{(list) => <FunnelView figures={list} />}</Loaded>
    </>
  );
}

const asFunnelFigure = (f: StatisticsFigure): FunnelFigure => ({
  id: f.id,
  source: f.source,
  sourceLabel: f.sourceLabel,
  concept: f.concept,
  period: f.period,
  ubigeo: f.ubigeo,
  dimensions: f.dimensions,
  value: f.value,
  unit: f.unit,
});

function FunnelView({ figures }: { figures: StatisticsFigure[] }) {
  const t = useT();
  const [path] = useLocation();
  const query = useQueryString();
  const all = figures.map(asFunnelFigure);
  const windows = funnelWindows(all);
  const window = windows.find((w) => w.label === query.get("ventana")) ?? windows[0];
  if (!window) return <Notice>{t("stats.funnel.none")}</Notice>;
  const funnel = criminalFunnel(all, window);
  return (
    <>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="funnel-window">{t("stats.funnel.window")}</label>
          <select
            id="funnel-window"
            value={window.label}
            onChange={(e) =>
              navigate(`${path}?ventana=${encodeURIComponent(e.target.value)}`, {
                replace: true,
                scroll: false,
              })
            }
          >
            {windows.map((w) => (
              <option key={w.label} value={w.label}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ImpunityCard funnel={funnel} />
      <FunnelSection funnel={funnel} />
    </>
  );
}

function ImpunityCard({ funnel }: { funnel: Funnel }) {
  const t = useT();
  const i = funnel.impunity;
  return (
    <section className="card impunity" aria-labelledby="impunity-title" data-testid="impunity">
      <h2 id="impunity-title">{t("stats.funnel.impunityTitle")}</h2>
      {i ? (
        <p className="impunity-figure">
          <strong data-value={i.perHundred.toFixed(2)}>
            {formatFixed(i.perHundred, t("locale"), 2)}
          </strong>{" "}
          {t("stats.funnel.perHundred", {
            convictions: formatNumber(i.convictions.value, t("locale")),
            complaints: formatNumber(i.complaints.value, t("locale")),
            window: funnel.window.label,
          })}
          <span className="block">
            {t("stats.funnel.withoutConviction", {
              share: formatFixed(i.withoutConviction, t("locale"), 1),
            })}
          </span>
        </p>
      ) : (
        <Notice>{t("stats.funnel.noRatio")}</Notice>
      )}
      <h3>{t("stats.funnel.definitionTitle")}</h3>
      <p>{t("stats.funnel.definition")}</p>
      <p className="help">{t("stats.funnel.definitionSeed")}</p>
    </section>
  );
}

function FunnelSection({ funnel }: { funnel: Funnel }) {
  const t = useT();
  const stageLabel = (s: FunnelStage): string => t(`stats.funnel.stages.${s}`);
  const title = t("stats.funnel.chartTitle", { window: funnel.window.label });
  const bars = funnel.stages.flatMap((s) =>
    s.inWindow[0] ? [{ name: stageLabel(s.stage), value: s.inWindow[0].value }] : [],
  );
  const rows: CsvCell[][] = [
    [
      t("stats.funnel.stage"),
      t("stats.source"),
      t("stats.period"),
      t("stats.value"),
      t("stats.unit"),
      t("stats.funnel.inWindow"),
    ],
    ...funnel.stages.flatMap((s) =>
      [...s.inWindow, ...s.context].map((f) => [
        stageLabel(s.stage),
        f.sourceLabel,
        f.period.label,
        f.value,
        f.unit,
        s.inWindow.includes(f) ? t("app.yes") : t("app.no"),
      ]),
    ),
  ];
  return (
    <section className="card" aria-labelledby="funnel-title">
      <h2 id="funnel-title">{title}</h2>
      <p className="help">{t("stats.funnel.chartHelp")}</p>
      <StatsBarChart label={title} bars={bars} />
      <div className="tab-actions">
        <CsvLink fileName="embudo-penal.csv" rows={rows} label={t("stats.csv")} />
      </div>
      <TableWrap label={title}>
        <table className="data-table compact stack-on-phone" data-table="funnel">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stats.funnel.stage")}</th>
              <th scope="col" className="num">
                {t("stats.funnel.inWindowValue", { window: funnel.window.label })}
              </th>
              <th scope="col">{t("stats.funnel.context")}</th>
            </tr>
          </thead>
          <tbody>
            {funnel.stages.map((s) => (
              <tr key={s.stage} data-stage={s.stage}>
                <th scope="row">{stageLabel(s.stage)}</th>
                <td className="num" data-label={t("stats.funnel.inWindow")}>
                  {s.inWindow.length === 0
                    ? "—"
                    : s.inWindow.map((f) => (
                        <span key={f.id} className="block">
                          <strong>{formatNumber(f.value, t("locale"))}</strong>{" "}
                          <span className="muted small">{f.sourceLabel}</span>
                        </span>
                      ))}
                </td>
                <td className="cell-text" data-label={t("stats.funnel.context")}>
                  {s.context.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="cause-list">
                      {s.context.map((f) => (
                        <li key={f.id}>
                          {formatNumber(f.value, t("locale"))} · {f.sourceLabel} · {f.period.label}
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
    </section>
  );
}
