import { BarChart, type BarSeriesOption } from "echarts/charts";
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
import { escapeHtml, formatMillions } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { useEChart } from "./use-echart.ts";

use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export type Stage = "pia" | "pim" | "devengado";

/** Lighter for the plan, darker for the modified budget, teal for what was spent. */
const STAGE_COLOURS: Record<Stage, string> = {
  pia: "#8FA9C8",
  pim: "#1F4E79",
  devengado: "#00796B",
};

export interface StageRow {
  code: string;
  name: string;
  piaCents: number;
  pimCents: number;
  devengadoCents: number;
}

/**
 * Budget stages of a list of rows (services, objectives, levels, pliegos, years) as bars in
 * millions of soles. Horizontal bars for long lists, so every label stays readable on a phone.
 * The chart is a picture of the table next to it, which carries the same figures for screen
 * readers.
 */
export function BudgetBarChart({
  label,
  rows,
  stages,
  horizontal = false,
}: {
  label: string;
  rows: readonly StageRow[];
  stages: readonly Stage[];
  horizontal?: boolean;
}) {
  const t = useT();
  const names: Record<Stage, string> = {
    pia: t("budget.pia"),
    pim: t("budget.pim"),
    devengado: t("budget.devengado"),
  };
  const amount = (r: StageRow, s: Stage) => r[`${s}Cents`] / 1e8;
  const ordered = horizontal ? [...rows].reverse() : rows;
  const ref = useEChart(() => {
    if (rows.length === 0) return null;
    const categoryAxis = {
      type: "category" as const,
      data: ordered.map((r) => r.code),
      axisTick: { show: false },
    };
    const valueAxis = {
      type: "value" as const,
      axisLabel: { formatter: (v: number) => formatMillions(v * 1e8, t("locale")) },
    };
    const option: Option = {
      animation: false,
      // Every label inside the box, measured (containLabel only samples a few labels).
      grid: {
        left: 8,
        right: 24,
        top: 36,
        bottom: 8,
        outerBoundsMode: "same",
        outerBoundsContain: "axisLabel",
      },
      legend: { top: 0 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        // The category's full name: codes alone say little to a citizen.
        formatter: (params) => {
          const list = Array.isArray(params) ? params : [params];
          const row = ordered[list[0]?.dataIndex ?? 0];
          const head = row
            ? `<strong>${escapeHtml(row.code)}</strong> ${escapeHtml(row.name)}`
            : "";
          return [
            head,
            ...list.map(
              (p) =>
                `${p.marker ?? ""} ${escapeHtml(p.seriesName ?? "")}: ${formatMillions(
                  Number(p.value) * 1e8,
                  t("locale"),
                )} ${t("budget.millions")}`,
            ),
          ].join("<br/>");
        },
        extraCssText: "max-width: 18rem; white-space: normal;",
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: stages.map((s) => ({
        type: "bar" as const,
        name: names[s],
        data: ordered.map((r) => amount(r, s)),
        color: STAGE_COLOURS[s],
        barMaxWidth: 28,
      })),
    };
    return option;
  }, [JSON.stringify(rows), stages.join(), horizontal, t("locale")]);
  if (rows.length === 0) return null;
  const height = horizontal ? Math.max(160, 60 + rows.length * (10 + 10 * stages.length)) : 300;
  return (
    <div ref={ref} className="budget-chart" style={{ height }} role="img" aria-label={label} />
  );
}
