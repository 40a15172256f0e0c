import { useQuery } from "@tanstack/react-query";
import { MapChart, type MapSeriesOption } from "echarts/charts";
import { TooltipComponent, type TooltipComponentOption } from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useState } from "react";
import { Link } from "wouter";
import {
  childLevel,
  MAP_LEVELS,
  type MapLevel,
  NO_FIGURE,
} from "../../shared/territory/map-areas.ts";
import type { MapLayer, MapQuery } from "../api-client.ts";
import { escapeHtml, formatNumber } from "../format.ts";
import { useT } from "../i18n/index.tsx";
import { queries } from "../queries.ts";
import { type RegisteredMap, viewMap } from "./territory-geo.ts";
import { ErrorBox, Loading, Notice, TableWrap } from "./ui.tsx";
import { useEChart } from "./use-echart.ts";

use([MapChart, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<MapSeriesOption | TooltipComponentOption>;

export interface MapView {
  level: MapLevel;
  within?: string;
  /** The place's name, for the path shown above the map. */
  name?: string;
}

/**
 * A choropleth of any territory layer (spaces, trainings, assistances, budget, an
 * indicator's district values) by department, province or district, with drill-down: a click
 * on an area (or its row's button, for keyboards and screen readers) opens its provinces,
 * then its districts. Beside the map, a table with the same figures, caption and row headers,
 * and the legend as text: the figures never live only in colours. The legend and each area's
 * class come from the server (CEPLAN bands, execution light or sequential classes).
 */
export function TerritoryMap({
  query,
  id,
  initial = [{ level: "departamento" }],
  regionLinks = true,
}: {
  query: Omit<MapQuery, "level" | "within">;
  /** Prefix of element ids: a page may hold several maps. */
  id: string;
  initial?: MapView[];
  /** On the department level, each department's name leads to its regional view. */
  regionLinks?: boolean;
}) {
  const t = useT();
  const [path, setPath] = useState<MapView[]>(initial);
  const view = path[path.length - 1] ?? { level: "departamento" };
  const layer = useQuery(
    queries.mapLayer({
      ...query,
      level: view.level,
      ...(view.within ? { within: view.within } : {}),
    }),
  );
  const [geo, setGeo] = useState<{ key: string; map: RegisteredMap } | "error" | null>(null);
  const viewKey = `${view.level}:${view.within ?? ""}`;
  // The time the view was asked for: the map's first paint is measured from it.
  const [askedAt, setAskedAt] = useState(() => performance.now());
  const { level, within } = view;
  useEffect(() => {
    let current = true;
    setGeo(null);
    viewMap(level, within).then(
      (map) => current && setGeo({ key: `${level}:${within ?? ""}`, map }),
      () => current && setGeo("error"),
    );
    return () => {
      current = false;
    };
  }, [level, within]);

  // The query keeps the previous view's figures while the next load (placeholder data): they
  // must never be drawn on the next view's boundaries or listed under its caption.
  const data =
    layer.data &&
    layer.data.level === view.level &&
    (layer.data.within?.code ?? undefined) === view.within
      ? layer.data
      : undefined;
  const ready = data && geo && geo !== "error" && geo.key === viewKey ? geo.map : null;
  const deepest = data ? MAP_LEVELS.indexOf(data.deepest) : 0;
  const next = childLevel(view.level);
  const canDrill = next !== null && MAP_LEVELS.indexOf(next) <= deepest;
  const drill = (code: string) => {
    if (!canDrill || !next || !data) return;
    const area = data.areas.find((a) => a.code === code);
    if (!area) return;
    setAskedAt(performance.now());
    setPath([...path, { level: next, within: code, name: area.name }]);
  };
  const colourOf = (band: string | null) =>
    data?.legend.classes.find((c) => c.key === band)?.colour ?? data?.legend.none ?? NO_FIGURE;

  const ref = useEChart(
    () => {
      if (!ready || !data) return null;
      const option: Option = {
        animation: false,
        tooltip: {
          trigger: "item",
          formatter: (p) => {
            const item = Array.isArray(p) ? p[0] : p;
            const a = data.areas.find((x) => x.code === item?.name);
            if (!a) return "";
            const whole = data.territory?.drawnOnAreas ? data.territory : null;
            return [
              `<strong>${escapeHtml(a.name)}</strong>`,
              escapeHtml(
                whole && a.band !== null
                  ? t("territoryMap.regionalValueTip", {
                      value: valueText(whole.value, data, t),
                    })
                  : valueText(a.value, data, t),
              ),
              ...a.details.map((d) =>
                escapeHtml(
                  `${t(`territoryMap.details.${d.key}`)}: ${formatNumber(d.value, t("locale"), 0)}`,
                ),
              ),
            ].join("<br/>");
          },
        },
        series: [
          {
            type: "map",
            map: ready.name,
            nameProperty: ready.property,
            roam: false,
            top: 8,
            bottom: 8,
            label: { show: false },
            itemStyle: { areaColor: data.legend.none, borderColor: "#ffffff", borderWidth: 0.6 },
            emphasis: { label: { show: false }, itemStyle: { areaColor: "#F2B705" } },
            select: { disabled: true },
            data: data.areas.map((a) => ({
              name: a.code,
              value: a.value ?? Number.NaN,
              itemStyle: { areaColor: colourOf(a.band) },
            })),
          },
        ],
      };
      return option;
    },
    [ready, data, t("locale"), canDrill],
    (chart) => {
      chart.on("click", (p) => drill(String(p.name)));
      // The first paint of the view, for the e2e test (and anyone curious: data-paint-ms).
      chart.on("finished", () => {
        const el = chart.getDom();
        if (el.dataset.paintMs) return;
        el.dataset.paintMs = String(Math.round(performance.now() - askedAt));
      });
    },
  );

  const place = view.name ?? t("territoryMap.peru");
  return (
    <section className="territory-map" aria-labelledby={`${id}-title`} data-testid={`${id}-map`}>
      <h3 id={`${id}-title`}>
        {t(`territoryMap.layers.${query.layer}`)}
        {query.year ? `, ${query.year}` : ""}
      </h3>
      <nav aria-label={t("territoryMap.path")} className="map-path">
        {path.map((p, i) => {
          const label = `${p.name ?? t("territoryMap.peru")} · ${t(`territoryMap.levels.${p.level}`)}`;
          return i === path.length - 1 ? (
            <span key={`${p.level}${p.within ?? ""}`} aria-current="page">
              {label}
            </span>
          ) : (
            <button
              key={`${p.level}${p.within ?? ""}`}
              type="button"
              className="button-link-plain"
              onClick={() => {
                setAskedAt(performance.now());
                setPath(path.slice(0, i + 1));
              }}
            >
              {label}
            </button>
          );
        })}
      </nav>
      {layer.error ? (
        <ErrorBox error={layer.error} onRetry={() => void layer.refetch()} />
      ) : !data ? (
        <Loading />
      ) : (
        <div className="territory-map-body">
          <div className="territory-map-figure">
            {geo === "error" ? (
              <Notice kind="warning">{t("territoryMap.loadError")}</Notice>
            ) : (
              <>
                {!ready && <Loading />}
                <div
                  ref={ref}
                  key={viewKey}
                  className="budget-map"
                  role="img"
                  aria-label={`${t(`territoryMap.layers.${data.layer}`)}: ${t(`territoryMap.levels.${view.level}`)} (${place})`}
                  data-state={ready ? "ready" : "loading"}
                  data-view={viewKey}
                />
              </>
            )}
            <Legend layer={data} />
            {data.layer === "budget" && <p className="help">{t("territoryMap.budgetLevel")}</p>}
            {canDrill && <p className="help">{t("territoryMap.drillHint")}</p>}
            <p className="help map-attribution">{t("territoryMap.attribution")}</p>
          </div>
          {data.territory?.drawnOnAreas ? (
            <TerritoryTable layer={data} territory={data.territory} />
          ) : (
            <div>
              {data.territory && <TerritoryTable layer={data} territory={data.territory} />}
              <AreaTable
                layer={data}
                place={place}
                drawn={ready && ready.codes.size > 0 ? ready.codes : null}
                onDrill={canDrill && next ? drill : null}
                nextLevel={next}
                regionLinks={regionLinks && view.level === "departamento"}
              />
            </div>
          )}
        </div>
      )}
    </section>
  );
}

type T = ReturnType<typeof useT>;

/**
 * A plan's indicator: its value for the plan's whole territory, meta, avance and CEPLAN
 * level. When the plan gives no value by district this is the map's only figure, and the
 * table says that the districts are painted with it.
 */
function TerritoryTable({
  layer,
  territory,
}: {
  layer: MapLayer;
  territory: NonNullable<MapLayer["territory"]>;
}) {
  const t = useT();
  const locale = t("locale");
  return (
    <TableWrap label={t("territoryMap.territory", { name: territory.name })}>
      <table className="data-table" data-testid="map-territory-table">
        <caption>
          {t("territoryMap.territoryCaption", { title: layer.title, name: territory.name })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("territoryMap.area")}</th>
            <th scope="col" className="num">
              {t("territoryMap.territoryValue")}
            </th>
            <th scope="col" className="num">
              {t("territoryMap.territoryMeta")}
            </th>
            <th scope="col" className="num">
              {t("territoryMap.territoryProgress")}
            </th>
            <th scope="col">{t("territoryMap.territoryBand")}</th>
          </tr>
        </thead>
        <tbody>
          <tr data-code={territory.code}>
            <th scope="row">
              {territory.name} <span className="help">({territory.code})</span>
            </th>
            <td
              className="num"
              data-value={territory.value ?? ""}
              data-testid="map-territory-value"
            >
              {valueText(territory.value, layer, t)}
            </td>
            <td className="num">
              {territory.meta === null ? t("app.nd") : formatNumber(territory.meta, locale, 1)}
            </td>
            <td className="num">
              {territory.progress === null
                ? t("app.nd")
                : `${formatNumber(territory.progress, locale, 1)} %`}
            </td>
            <td>{territory.band ? t(`territoryMap.ceplan.${territory.band}`) : t("app.nd")}</td>
          </tr>
        </tbody>
      </table>
      <p className="help">
        {territory.drawnOnAreas
          ? t("territoryMap.drawnOnAreas", { name: territory.name })
          : t("territoryMap.byDistrict")}
      </p>
      {territory.drawnOnAreas && <p className="help">{layer.source}</p>}
    </TableWrap>
  );
}

function valueText(value: number | null, layer: MapLayer, t: T): string {
  if (value === null) return t("territoryMap.noFigure");
  const n = formatNumber(value, t("locale"), layer.decimals);
  return layer.layer === "budget" ? `${n} %` : n;
}

function classLabel(layer: MapLayer, key: string | null, t: T): string {
  const c = layer.legend.classes.find((x) => x.key === key);
  if (!c) return t("territoryMap.noFigure");
  if (layer.legend.kind === "ceplan") return t(`territoryMap.ceplan.${c.key as "bajo"}`);
  if (layer.legend.kind === "execution") return t(`territoryMap.execution.${c.key as "baja"}`);
  return c.max === null
    ? t("territoryMap.sequentialTop", { min: formatNumber(c.min, t("locale"), 0) })
    : t("territoryMap.sequential", {
        min: formatNumber(c.min, t("locale"), 0),
        max: formatNumber(c.max, t("locale"), 0),
      });
}

function Legend({ layer }: { layer: MapLayer }) {
  const t = useT();
  return (
    <div className="map-legend">
      <p className="map-legend-title">
        {t("territoryMap.legend")}:{" "}
        {layer.legend.kind === "ceplan"
          ? t("territoryMap.territoryBand")
          : t(`territoryMap.units.${layer.layer}`)}
      </p>
      <ul>
        {layer.legend.classes.map((c) => (
          <li key={c.key}>
            <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />
            {classLabel(layer, c.key, t)}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: layer.legend.none }} aria-hidden="true" />
          {t("territoryMap.noFigure")}
        </li>
      </ul>
    </div>
  );
}

function AreaTable({
  layer,
  place,
  drawn,
  onDrill,
  nextLevel,
  regionLinks,
}: {
  regionLinks: boolean;
  layer: MapLayer;
  place: string;
  drawn: Set<string> | null;
  onDrill: ((code: string) => void) | null;
  nextLevel: MapLevel | null;
}) {
  const t = useT();
  const locale = t("locale");
  const detailKeys = layer.areas.find((a) => a.details.length > 0)?.details.map((d) => d.key) ?? [];
  return (
    <TableWrap label={t(`territoryMap.layers.${layer.layer}`)}>
      <table className="data-table" data-testid="map-table">
        <caption>
          {t("territoryMap.caption", {
            title: t(`territoryMap.layers.${layer.layer}`),
            level: t(`territoryMap.levels.${layer.level}`).toLowerCase(),
            place,
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("territoryMap.area")}</th>
            <th scope="col" className="num">
              {t(`territoryMap.units.${layer.layer}`)}
            </th>
            {detailKeys.map((k) => (
              <th key={k} scope="col" className="num">
                {t(`territoryMap.details.${k}`)}
              </th>
            ))}
            <th scope="col">{t("territoryMap.band")}</th>
          </tr>
        </thead>
        <tbody>
          {layer.areas.map((a) => (
            <tr key={a.code} data-code={a.code}>
              <th scope="row">
                {regionLinks ? <Link href={`/territorio/region/${a.code}`}>{a.name}</Link> : a.name}{" "}
                <span className="help">({a.code})</span>
                {drawn && !drawn.has(a.code) && (
                  <div className="help">{t("territoryMap.noBoundary")}</div>
                )}
                {onDrill && nextLevel && (
                  <div>
                    <button
                      type="button"
                      className="button-link-plain"
                      onClick={() => onDrill(a.code)}
                    >
                      {t("territoryMap.drill", {
                        level: t(`territoryMap.levels.${nextLevel}`).toLowerCase(),
                        name: a.name,
                      })}
                    </button>
                  </div>
                )}
              </th>
              <td className="num" data-value={a.value ?? ""}>
                {valueText(a.value, layer, t)}
              </td>
              {detailKeys.map((k) => (
                <td key={k} className="num">
                  {formatNumber(a.details.find((d) => d.key === k)?.value ?? 0, locale, 0)}
                </td>
              ))}
              <td>{classLabel(layer, a.band, t)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("territoryMap.total")}</th>
            <td className="num" data-testid="map-total">
              {valueText(layer.total, layer, t)}
            </td>
            {detailKeys.map((k) => (
              <td key={k} />
            ))}
            <td />
          </tr>
        </tfoot>
      </table>
      {layer.notPlaced > 0 && layer.layer !== "budget" && (
        <p className="help">
          {t("territoryMap.notPlaced", { value: formatNumber(layer.notPlaced, locale, 0) })}
        </p>
      )}
      {layer.outsideValidity > 0 && (
        <p className="help">
          {t("territoryMap.outsideValidity", { count: layer.outsideValidity })}
        </p>
      )}
      <p className="help">{layer.source}</p>
    </TableWrap>
  );
}
