import { MapChart, type MapSeriesOption } from "echarts/charts";
import {
  TooltipComponent,
  type TooltipComponentOption,
  type VisualMapComponentOption,
  VisualMapContinuousComponent,
} from "echarts/components";
import { type ComposeOption, registerMap, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useState } from "react";
import geoUrl from "../../../reference/geo/peru_departamental_simple.geojson?url";
import {
  EXECUTION_COLOURS,
  EXECUTION_DECIMALS,
  executionLight,
} from "../../shared/budget/execution-light.ts";
import type { BudgetDepartments } from "../api-client.ts";
import { escapeHtml, formatMillions, formatPercent, formatSoles } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { Loading } from "./ui.tsx";
import { useEChart } from "./use-echart.ts";

use([MapChart, TooltipComponent, VisualMapContinuousComponent, SVGRenderer]);

type Option = ComposeOption<MapSeriesOption | TooltipComponentOption | VisualMapComponentOption>;

export const MAP = "peru-departamentos";
const NO_MONEY = "#E3E7EC";

// The GeoJSON (140 KB) is fetched once, the first time a map is shown, and never bundled.
// The province map (ProvinceMap.tsx) draws its circles over the same outlines.
let registered: Promise<void> | null = null;
export function loadMap(): Promise<void> {
  registered ??= fetch(geoUrl)
    .then((res) => {
      if (!res.ok) throw new Error(`GeoJSON ${res.status}`);
      return res.json();
    })
    .then((geo) => registerMap(MAP, geo))
    .catch((err: unknown) => {
      registered = null;
      throw err;
    });
  return registered;
}

export type MapMetric = "pim" | "execution";

/** One department on a choropleth: its INEI code (two digits), value, tooltip and colour. */
export interface MapArea {
  department: string;
  name: string;
  /** NaN: no figure (drawn in the "nothing" grey). */
  value: number;
  /** Tooltip lines under the name, already formatted. */
  lines: readonly string[];
  /** A colour of its own (the traffic light) instead of the scale's. */
  colour?: string;
}

/**
 * Choropleth of Peru by department, shared by the budget and statistics pages. Features are
 * matched by `FIRST_IDDP`, the INEI department code of the GeoJSON. With `scale`, a continuous
 * blue scale from 0 to its maximum, legend below; without it, each area's own colour.
 */
export function DepartmentChoropleth({
  areas,
  label,
  scale,
  empty,
}: {
  areas: readonly MapArea[];
  label: string;
  scale: { max: number; text: [high: string, low: string] } | null;
  /** Tooltip of an area with no figure. */
  empty: string;
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
    const option: Option = {
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: (p) => {
          const item = Array.isArray(p) ? p[0] : p;
          const d = areas.find((x) => x.department === item?.name);
          if (!d) return "";
          const lines = Number.isNaN(d.value) ? [empty] : d.lines;
          return [`<strong>${escapeHtml(d.name)}</strong>`, ...lines.map(escapeHtml)].join("<br/>");
        },
      },
      ...(scale && scale.max > 0
        ? {
            visualMap: {
              type: "continuous" as const,
              min: 0,
              max: scale.max,
              orient: "horizontal" as const,
              left: "center",
              bottom: 0,
              itemWidth: 12,
              itemHeight: 160,
              text: scale.text,
              textStyle: { color: "#1b1f24" },
              inRange: { color: ["#D6E2F0", "#1F4E79"] },
              outOfRange: { color: NO_MONEY },
              calculable: false,
            },
          }
        : {}),
      series: [
        {
          type: "map",
          map: MAP,
          nameProperty: "FIRST_IDDP",
          roam: false,
          top: 8,
          bottom: scale && scale.max > 0 ? 48 : 8,
          label: { show: false },
          itemStyle: { areaColor: NO_MONEY, borderColor: "#ffffff", borderWidth: 1 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: "#F2B705" } },
          select: { disabled: true },
          data: areas.map((d) => ({
            name: d.department,
            value: d.value,
            ...(d.colour ? { itemStyle: { areaColor: d.colour } } : {}),
          })),
        },
      ],
    };
    return option;
  }, [state, JSON.stringify(areas), JSON.stringify(scale), empty, t("locale")]);

  if (state === "error") return <p className="notice notice-warning">{t("budget.mapLoadError")}</p>;
  return (
    <div className="budget-map-wrap">
      {state === "loading" && <Loading />}
      <div ref={ref} className="budget-map" role="img" aria-label={label} data-state={state} />
    </div>
  );
}

/**
 * The specific budget by department: PIM on the blue scale; execution in the traffic light,
 * with its legend beside the map.
 */
export function DepartmentMap({
  departments,
  metric,
}: {
  departments: BudgetDepartments;
  metric: MapMetric;
}) {
  const t = useT();
  const placed = departments.rows.filter((d) => d.department !== null);
  const maxPim = Math.max(0, ...placed.map((d) => d.pimCents)) / 1e8;
  const areas: MapArea[] = placed.map((d) => {
    const light = executionLight(d.execution);
    return {
      department: d.department ?? "",
      name: d.name,
      value: d.pimCents === 0 ? Number.NaN : d.pimCents / 1e8,
      lines: [
        `${t("budget.pim")}: ${formatSoles(d.pimCents, t("locale"))}`,
        `${t("budget.devengado")}: ${formatSoles(d.devengadoCents, t("locale"))}`,
        `${t("budget.execution")}: ${formatPercent(d.execution, t("locale"), EXECUTION_DECIMALS)}`,
      ],
      ...(metric === "execution" && d.pimCents > 0 && light !== "ND"
        ? { colour: EXECUTION_COLOURS[light] }
        : {}),
    };
  });
  return (
    <DepartmentChoropleth
      areas={areas}
      label={t("budget.mapTitle", { year: departments.year })}
      scale={
        metric === "pim"
          ? { max: maxPim, text: [`S/ ${formatMillions(maxPim * 1e8, t("locale"))} M`, "0"] }
          : null
      }
      empty={t("budget.mapNoMoney")}
    />
  );
}
