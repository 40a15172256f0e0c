import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEChart } from "../../components/use-echart.ts";
import { formatNumber } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";

use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

/**
 * The candidate pairs' Dice scores as bars, on a log scale (the non-matches outnumber the
 * matches by orders of magnitude, and the valley between them is the point); bars at or above
 * the threshold in the second colour. The table under it says the same for screen readers.
 */
export function ScoreHistogram({
  counts,
  binWidth,
  threshold,
}: {
  counts: readonly number[];
  binWidth: number;
  threshold: number;
}) {
  const t = useT();
  const locale = t("locale");
  const ref = useEChart(() => {
    if (counts.length === 0) return null;
    const option: Option = {
      animation: false,
      grid: { left: 56, right: 16, top: 16, bottom: 40 },
      tooltip: {
        trigger: "axis",
        valueFormatter: (v) => (typeof v === "number" ? formatNumber(v, locale, 0) : "—"),
      },
      xAxis: {
        type: "category",
        name: t("linkage.histogram.score"),
        nameLocation: "middle",
        nameGap: 26,
        data: counts.map((_, i) => formatNumber(i * binWidth, locale, 2)),
      },
      yAxis: { type: "log", min: 1, name: t("linkage.histogram.pairs") },
      series: [
        {
          type: "bar",
          name: t("linkage.histogram.pairs"),
          barCategoryGap: "10%",
          data: counts.map((c, i) => ({
            // A log axis has no zero: an empty bin is drawn as nothing.
            value: c === 0 ? null : c,
            itemStyle: { color: (i + 0.5) * binWidth >= threshold ? "#B3261E" : "#1F4E79" },
          })) as BarSeriesOption["data"],
        },
      ],
    };
    return option;
  }, [counts, binWidth, threshold, locale]);
  return (
    <div
      ref={ref}
      className="chart"
      role="img"
      aria-label={t("linkage.histogram.label", { threshold: formatNumber(threshold, locale, 2) })}
      style={{ height: 280 }}
    />
  );
}
