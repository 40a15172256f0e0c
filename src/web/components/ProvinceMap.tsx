import { ScatterChart, type ScatterSeriesOption } from "echarts/charts";
import {
  GeoComponent,
  type GeoComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useState } from "react";
import { escapeHtml } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { loadMap, MAP } from "./DepartmentMap.tsx";
import { Loading } from "./ui.tsx";
import { useEChart } from "./use-echart.ts";

use([GeoComponent, ScatterChart, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<GeoComponentOption | ScatterSeriesOption | TooltipComponentOption>;

/** One province on the map: where its capital is, its figure and its tooltip lines. */
export interface MapPoint {
  province: string;
  name: string;
  lon: number;
  lat: number;
  value: number;
  lines: readonly string[];
}

// The largest circle's diameter in pixels; the others scale by area (√value), so a province
// with four times the figure has a circle four times as large, not sixteen.
const MAX_DIAMETER = 44;
const MIN_DIAMETER = 4;

/**
 * Proportional circles at the province capitals over the department outlines, the same
 * GeoJSON and SVG renderer as the department choropleth. The GeoJSON has no province
 * boundaries (reference/geo ships departments only), so provinces are points, not areas.
 */
export function ProvinceBubbleMap({
  points,
  label,
}: {
  points: readonly MapPoint[];
  label: string;
}) {
  const t = useT();
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  useEffect(() => {
    let current = true;
    loadMap().then(
      () => current && setState("ready"),
      () => current && setState("error"),
    );
    return () => {
      current = false;
    };
  }, []);
  const ref = useEChart(() => {
    if (state !== "ready") return null;
    const max = Math.max(0, ...points.map((p) => p.value));
    const diameter = (v: number) =>
      max > 0 ? Math.max(MIN_DIAMETER, MAX_DIAMETER * Math.sqrt(v / max)) : MIN_DIAMETER;
    const option: Option = {
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: (p) => {
          const item = Array.isArray(p) ? p[0] : p;
          const d = points.find((x) => x.province === item?.name);
          if (!d) return "";
          return [`<strong>${escapeHtml(d.name)}</strong>`, ...d.lines.map(escapeHtml)].join(
            "<br/>",
          );
        },
      },
      geo: {
        map: MAP,
        nameProperty: "FIRST_IDDP",
        roam: false,
        top: 8,
        bottom: 8,
        silent: true,
        label: { show: false },
        itemStyle: { areaColor: "#E3E7EC", borderColor: "#ffffff", borderWidth: 1 },
      },
      series: [
        {
          type: "scatter",
          coordinateSystem: "geo",
          // Largest first, so a small circle is drawn over a large neighbour and stays visible.
          data: [...points]
            .sort((a, b) => b.value - a.value)
            .map((p) => ({ name: p.province, value: [p.lon, p.lat, p.value] })),
          symbolSize: (v: number[]) => diameter(v[2] ?? 0),
          itemStyle: { color: "rgba(31, 78, 121, 0.55)", borderColor: "#1F4E79", borderWidth: 1 },
          emphasis: { itemStyle: { color: "#F2B705", borderColor: "#1b1f24" } },
        },
      ],
    };
    return option;
  }, [state, JSON.stringify(points), t("locale")]);

  if (state === "error") return <p className="notice notice-warning">{t("budget.mapLoadError")}</p>;
  return (
    <div className="budget-map-wrap">
      {state === "loading" && <Loading />}
      <div
        ref={ref}
        className="budget-map province-map"
        role="img"
        aria-label={label}
        data-state={state}
      />
    </div>
  );
}
