import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link } from "wouter";
import type { MapQuery } from "../../api-client.ts";
import type { MapView } from "../../components/TerritoryMap.tsx";
import { Loading, Notice } from "../../components/ui.tsx";
import { useT } from "../../i18n/index.tsx";
import { navigate, useQueryString } from "../../navigation.ts";
import { queries } from "../../queries.ts";
import { useSession } from "../../session.tsx";

// ECharts and the boundaries load only when a map is shown.
const TerritoryMap = lazy(() =>
  import("../../components/TerritoryMap.tsx").then((m) => ({ default: m.TerritoryMap })),
);

const LAYERS = ["spaces", "trainings", "assistances", "indicator"] as const;
type Layer = (typeof LAYERS)[number];
const FIRST_YEAR = 2019;

/**
 * The maps of /territorio (?capa=&anio=&indicador=): coordination spaces, training
 * participants and technical assistances of a year, or an indicator's district values, with
 * drill-down to provinces and districts and the table beside each map; the departments lead to
 * their regional view.
 */
export function TerritoryMaps() {
  const t = useT();
  const { session } = useSession();
  // A scoped account reads only its territory below the departments: its map opens there.
  const scope = session?.user.territory;
  const initial: MapView[] = [{ level: "departamento" }];
  if (scope)
    initial.push(
      scope.ubigeo.length === 2
        ? { level: "provincia", within: scope.ubigeo, name: scope.name }
        : { level: "distrito", within: scope.ubigeo.slice(0, 4), name: scope.name },
    );
  const query = useQueryString();
  const layer = (LAYERS as readonly string[]).includes(query.get("capa") ?? "")
    ? (query.get("capa") as Layer)
    : "spaces";
  const thisYear = new Date().getFullYear();
  const year = Number(query.get("anio")) || thisYear - 1;
  const indicators = useQuery({ ...queries.mapIndicators(year), enabled: layer === "indicator" });
  const indicator = query.get("indicador") ?? indicators.data?.[0]?.code ?? "";
  const set = (next: Record<string, string>) => {
    const params = new URLSearchParams(query);
    for (const [k, v] of Object.entries(next)) params.set(k, v);
    navigate(`/territorio?${params.toString()}`, { replace: true, scroll: false });
  };
  const mapQuery: Omit<MapQuery, "level" | "within"> | null =
    layer === "spaces"
      ? { layer }
      : layer === "indicator"
        ? indicator
          ? { layer, year, indicator }
          : null
        : { layer, year };
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
  return (
    <>
      <h2>{t("territoryMap.mapTitle")}</h2>
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="map-layer">{t("territoryMap.layer")}</label>
          <select id="map-layer" value={layer} onChange={(e) => set({ capa: e.target.value })}>
            {LAYERS.map((l) => (
              <option key={l} value={l}>
                {t(`territoryMap.layers.${l}`)}
              </option>
            ))}
          </select>
        </div>
        {layer !== "spaces" && (
          <div className="field field-inline">
            <label htmlFor="map-year">{t("territoryMap.year")}</label>
            <select id="map-year" value={year} onChange={(e) => set({ anio: e.target.value })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        )}
        {layer === "indicator" && (indicators.data?.length ?? 0) > 0 && (
          <div className="field field-inline">
            <label htmlFor="map-indicator">{t("territoryMap.indicator")}</label>
            <select
              id="map-indicator"
              value={indicator}
              onChange={(e) => set({ indicador: e.target.value })}
            >
              {(indicators.data ?? []).map((i) => (
                <option key={i.code} value={i.code}>
                  {i.code}. {i.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {layer === "indicator" && indicators.data?.length === 0 && (
        <Notice>{t("territoryMap.noIndicators", { year })}</Notice>
      )}
      {mapQuery && (
        <Suspense fallback={<Loading />}>
          <TerritoryMap
            key={JSON.stringify(mapQuery)}
            id="territorio"
            query={mapQuery}
            initial={initial}
          />
        </Suspense>
      )}
    </>
  );
}

/** A link to a department's regional view. */
export function RegionLink({ code, name, year }: { code: string; name: string; year?: number }) {
  const t = useT();
  return (
    <Link href={`/territorio/region/${code}${year ? `?anio=${year}` : ""}`}>
      {name}
      <span className="visually-hidden"> ({t("territoryMap.regionLink")})</span>
    </Link>
  );
}
