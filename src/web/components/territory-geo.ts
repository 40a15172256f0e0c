import { registerMap } from "echarts/core";
import type { MapLevel } from "../../shared/territory/map-areas.ts";
import { loadMap, MAP } from "./DepartmentMap.tsx";

/**
 * The boundaries of one map view, registered with ECharts under a name of its own (ADR 0031):
 * the 25 departments (the budget map's file), a department's provinces, or a province's
 * districts, the last two from the per-department files that scripts/build-geo.ts derives.
 * Each file is a separate hashed asset, fetched the first time a view needs it, never bundled:
 * a drill-down view downloads one department's file, not the national one.
 */

// Vite resolves these at build time to the assets' addresses (no file is read here).
const PROVINCE_FILES = import.meta.glob<string>(
  "../../../reference/geo/derived/provincias-*.geojson",
  {
    query: "?url",
    import: "default",
    eager: true,
  },
);
const DISTRICT_FILES = import.meta.glob<string>(
  "../../../reference/geo/derived/distritos-*.geojson",
  {
    query: "?url",
    import: "default",
    eager: true,
  },
);

function fileOf(files: Record<string, string>, kind: string, department: string): string | null {
  return files[`../../../reference/geo/derived/${kind}-${department}.geojson`] ?? null;
}

interface Collection {
  type: "FeatureCollection";
  features: { properties: { code: string; province?: string; name: string } }[];
}

const fetched = new Map<string, Promise<Collection>>();
function fetchGeo(url: string): Promise<Collection> {
  let known = fetched.get(url);
  if (!known) {
    known = fetch(url).then((res) => {
      if (!res.ok) throw new Error(`GeoJSON ${res.status}`);
      return res.json() as Promise<Collection>;
    });
    known.catch(() => fetched.delete(url));
    fetched.set(url, known);
  }
  return known;
}

export interface RegisteredMap {
  /** The name the map series refers to. */
  name: string;
  /** The feature property that holds the area's INEI code. */
  property: string;
  /** Codes of the areas the file has (a district created later may have no boundary). */
  codes: Set<string>;
}

const registered = new Map<string, Promise<RegisteredMap>>();

/** Registers (once) and returns the map of a view: a level within a department or province. */
export function viewMap(level: MapLevel, within: string | undefined): Promise<RegisteredMap> {
  const key = `${level}:${within ?? ""}`;
  let known = registered.get(key);
  if (known) return known;
  known = (async (): Promise<RegisteredMap> => {
    if (level === "departamento") {
      await loadMap();
      return { name: MAP, property: "FIRST_IDDP", codes: new Set() };
    }
    const department = (within ?? "").slice(0, 2);
    const url =
      level === "provincia"
        ? fileOf(PROVINCE_FILES, "provincias", department)
        : fileOf(DISTRICT_FILES, "distritos", department);
    if (!url) throw new Error(`Sin límites para ${level} ${within ?? ""}`);
    const geo = await fetchGeo(url);
    const features =
      within && within.length === 4
        ? geo.features.filter((f) => f.properties.province === within)
        : geo.features;
    const name = `peru-${level}-${within ?? "pe"}`;
    registerMap(name, { ...geo, features } as unknown as Parameters<typeof registerMap>[1]);
    return { name, property: "code", codes: new Set(features.map((f) => f.properties.code)) };
  })();
  known.catch(() => registered.delete(key));
  registered.set(key, known);
  return known;
}
