import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEChart } from "../../components/use-echart.ts";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";

use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

const COLOURS = ["#1F4E79", "#7B3F98", "#00796B", "#8D6E00", "#37474F", "#B3261E", "#5C6BC0"];

/**
 * A figure per source and year as lines. A picture of the table beside it (which is what screen
 * readers read, role="img" here); a year a source did not report is a gap, not a zero.
 */
export function StatsLineChart({
  label,
  years,
  series,
}: {
  label: string;
  years: readonly number[];
  series: readonly { name: string; values: readonly (number | null)[] }[];
}) {
  const t = useT();
  const ref = useEChart(() => {
    if (years.length === 0) return null;
    const option: Option = {
      animation: false,
      color: COLOURS,
      grid: { left: 56, right: 16, top: 48, bottom: 32 },
      legend: { top: 0, type: "scroll" },
      tooltip: {
        trigger: "axis",
        valueFormatter: (v) => (typeof v === "number" ? formatNumber(v, t("locale")) : "—"),
      },
      xAxis: { type: "category", data: years.map(String) },
      yAxis: { type: "value", min: 0 },
      series: series.map((s) => ({
        type: "line",
        name: s.name,
        data: [...s.values],
        connectNulls: false,
        symbolSize: 8,
      })),
    };
    return option;
  }, [JSON.stringify(years), JSON.stringify(series), t("locale")]);
  return <div ref={ref} className="stats-chart" role="img" aria-label={label} />;
}

/** Horizontal bars, one per row, longest at the top (the funnel's stages). */
export function StatsBarChart({
  label,
  bars,
}: {
  label: string;
  bars: readonly { name: string; value: number }[];
}) {
  const t = useT();
  const ref = useEChart(() => {
    if (bars.length === 0) return null;
    const option: Option = {
      animation: false,
      grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "item",
        valueFormatter: (v) => (typeof v === "number" ? formatNumber(v, t("locale")) : "—"),
      },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", inverse: true, data: bars.map((b) => b.name) },
      series: [
        {
          type: "bar",
          data: bars.map((b, i) => ({ value: b.value, itemStyle: { color: COLOURS[i % 4] } })),
          label: {
            show: true,
            position: "right",
            formatter: (p) => formatNumber(Number(p.value), t("locale")),
          },
        },
      ],
    };
    return option;
  }, [JSON.stringify(bars), t("locale")]);
  return <div ref={ref} className="stats-chart stats-chart-bars" role="img" aria-label={label} />;
}
