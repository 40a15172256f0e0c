import type { EChartsCoreOption, EChartsType } from "echarts/core";
import { init } from "echarts/core";
import { type DependencyList, useEffect, useRef } from "react";

/**
 * An ECharts chart in a div: drawn as SVG (crisp when zoomed or printed), resized with its
 * container, disposed when the component goes. `build` returns null while there is nothing to
 * draw; the chart is redrawn from scratch when `deps` change, so options never merge with the
 * previous drawing's. Text uses the page's font. The caller registers the ECharts modules it
 * uses. `onChart`, when given, gets each new chart (to listen to its clicks, for instance).
 */
export function useEChart(
  build: () => EChartsCoreOption | null,
  deps: DependencyList,
  onChart?: (chart: EChartsType) => void,
) {
  const ref = useRef<HTMLDivElement>(null);
  const buildRef = useRef(build);
  buildRef.current = build;
  const onChartRef = useRef(onChart);
  onChartRef.current = onChart;
  useEffect(() => {
    const el = ref.current;
    const option = buildRef.current();
    if (!el || !option) return;
    const chart = init(el, undefined, { renderer: "svg" });
    // The page's real font, by name: ECharts measures labels with it to lay out the axes,
    // and "inherit" would be measured as a default font and drawn wider than measured.
    const fontFamily = getComputedStyle(el).fontFamily;
    onChartRef.current?.(chart);
    chart.setOption({ ...option, textStyle: { ...(option.textStyle as object), fontFamily } });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [...deps]);
  return ref;
}
