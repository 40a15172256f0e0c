import type { Dashboard } from "../../api-client.ts";
import { Sparkline } from "../../components/Sparkline.tsx";
import { formatNumber, formatPercent } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { departmentOf } from "../../ubigeo.ts";

/** An indicator's value over the years, as a sparkline whose text lists every year. */
export function IndicatorTrendCell({
  trend,
}: {
  trend: Dashboard["indicatorTrends"][number] | undefined;
}) {
  const t = useT();
  if (!trend || trend.points.every((p) => p.value === null))
    return <span className="muted">—</span>;
  const points = trend.points
    .map(
      (p) =>
        `${p.year} ${p.value === null ? t("dashboard.noValue") : formatNumber(p.value, t("locale"))}`,
    )
    .join("; ");
  return (
    <span className="indicator-trend" data-trend={trend.indicator}>
      <Sparkline
        points={trend.points}
        label={t("dashboard.indicatorTrendLabel", { code: trend.indicator, points })}
      />
    </span>
  );
}

type Group = Dashboard["disaggregations"][number];

/** The parts of the year's value, one table per dimension with a bar per category. */
export function DisaggregationDetail({ groups, year }: { groups: Group[]; year: number }) {
  return (
    <div className="disaggregations" data-disaggregations={groups[0]?.indicator}>
      {groups.map((g) => (
        <DimensionTable key={`${g.dimension}:${g.label ?? ""}`} group={g} year={year} />
      ))}
    </div>
  );
}

function DimensionTable({ group, year }: { group: Group; year: number }) {
  const t = useT();
  const total = group.parts.reduce((n, p) => n + p.value, 0);
  const largest = Math.max(...group.parts.map((p) => p.value));
  const dimension =
    group.dimension === "otro" && group.label
      ? group.label
      : t(`dashboard.dimensions.${group.dimension}`);
  const caption = t("dashboard.disaggregationOf", { code: group.indicator, year, dimension });
  const category = (c: string) => (group.dimension === "region" ? (departmentOf(c) ?? c) : c);
  return (
    <table className="data-table compact disaggregation-table" data-dimension={group.dimension}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("dashboard.category")}</th>
          <th scope="col" className="num">
            {t("dashboard.partValue")}
          </th>
          <th scope="col" className="num">
            {t("dashboard.share")}
          </th>
          <th scope="col">
            <span className="visually-hidden">{t("dashboard.share")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {group.parts.map((p) => (
          <tr key={p.category}>
            <th scope="row">{category(p.category)}</th>
            <td className="num">{formatNumber(p.value, t("locale"))}</td>
            <td className="num">
              {total > 0 ? formatPercent((p.value / total) * 100, t("locale")) : "—"}
            </td>
            <td className="bar-cell" aria-hidden="true">
              <span className="bar-track">
                <span
                  className="share-bar"
                  style={{ width: `${largest > 0 ? (p.value / largest) * 100 : 0}%` }}
                />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
