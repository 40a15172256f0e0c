import { LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkAreaComponent,
  type MarkAreaComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { LEVEL_BANDS, LEVEL_COLOURS } from "../../shared/ceplan-formulas.ts";
import { roundHalfUp } from "../../shared/numbers.ts";
import type { Dashboard } from "../api-client.ts";
import { formatProgress } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { TableWrap } from "./ui.tsx";
import { useEChart } from "./use-echart.ts";

// Only what the chart uses: lines, grid, legend, tooltip, band shading, SVG output.
use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkAreaComponent, SVGRenderer]);

type Option = ComposeOption<
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | MarkAreaComponentOption
>;

const SERIES_COLOURS = ["#1F4E79", "#7B3F98", "#00796B", "#8D6E00", "#37474F"];

/** Avance tipo 1 per objetivo prioritario per year, from 2022 on, with the CEPLAN bands. */
export function TrendChart({ trend }: { trend: Dashboard["trend"] }) {
  const t = useT();
  const years = [...new Set(trend.map((p) => p.year))].sort((a, b) => a - b);
  const objectives = [...new Set(trend.map((p) => p.objective))].sort((a, b) =>
    a.localeCompare(b, "es", { numeric: true }),
  );
  const value = (objective: string, year: number) => {
    const point = trend.find((p) => p.objective === objective && p.year === year);
    return point && point.tipo1 !== "ND" ? roundHalfUp(point.tipo1, 1) : null;
  };

  const dataKey = JSON.stringify(trend);
  const ref = useEChart(() => {
    if (years.length === 0) return null;
    const band = (from: number, to: number, colour: string) => [
      { yAxis: from, itemStyle: { color: colour, opacity: 0.08 } },
      { yAxis: to },
    ];
    const option: Option = {
      animation: false,
      grid: { left: 48, right: 16, top: 48, bottom: 32 },
      legend: { top: 0, type: "scroll" },
      tooltip: {
        trigger: "axis",
        valueFormatter: (v) => (typeof v === "number" ? formatProgress(v, t("locale")) : "ND"),
      },
      xAxis: { type: "category", data: years.map(String) },
      yAxis: {
        type: "value",
        min: 0,
        axisLabel: { formatter: "{value} %" },
      },
      series: objectives.map((objective, i) => ({
        type: "line" as const,
        name: objective,
        data: years.map((y) => value(objective, y)),
        connectNulls: false,
        symbolSize: 8,
        lineStyle: { width: 3 },
        color: SERIES_COLOURS[i % SERIES_COLOURS.length],
        ...(i === 0
          ? {
              markArea: {
                silent: true,
                data: [
                  band(0, LEVEL_BANDS.intermedio, LEVEL_COLOURS.bajo),
                  band(LEVEL_BANDS.intermedio, LEVEL_BANDS.alto, LEVEL_COLOURS.intermedio),
                  band(LEVEL_BANDS.alto, 100, LEVEL_COLOURS.alto),
                ] as never,
              },
            }
          : {}),
      })),
    };
    return option;
  }, [dataKey, t("locale")]);

  if (years.length === 0) return <p className="muted">{t("dashboard.trendEmpty")}</p>;
  return (
    <figure className="trend">
      <div
        ref={ref}
        className="trend-chart"
        role="img"
        aria-label={`${t("dashboard.trend")}: ${objectives
          .map(
            (o) =>
              `${o} ${years.map((y) => `${y} ${formatProgress(value(o, y) ?? "ND", t("locale"))}`).join(", ")}`,
          )
          .join("; ")}`}
      />
      <details>
        <summary>{t("dashboard.trendTable")}</summary>
        <TableWrap label={t("dashboard.trend")}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.filterObjective")}</th>
                {years.map((y) => (
                  <th key={y} scope="col" className="num">
                    {y}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {objectives.map((o) => (
                <tr key={o}>
                  <th scope="row">{o}</th>
                  {years.map((y) => (
                    <td key={y} className="num">
                      {formatProgress(value(o, y) ?? "ND", t("locale"))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
