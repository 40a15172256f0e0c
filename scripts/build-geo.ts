/**
 * Writes the maps' boundary files (reference/geo/derived/) from the MPL-2.0 GeoJSON of
 * reference/geo (ADR 0031): provinces and districts, one file per department, simplified with
 * topology kept (topojson-server → topojson-simplify → topojson-client, so that two neighbours
 * keep one shared border and no gap or overlap opens between them), coordinates rounded to 4
 * decimals (about 11 m, far below a pixel of a department map), properties cut to the code and
 * name the maps use. A drill-down view then fetches one department's file, never the 1.9 MB
 * national district file. The derived files stay under the MPL-2.0 (they are modified copies):
 * each carries `license` and `source` members, and reference/geo/README.md says how they are
 * made. A test (test/geo-derived.test.ts) fails when the files and this script disagree.
 *
 *   node --import tsx scripts/build-geo.ts          (writes the files)
 *   node --import tsx scripts/build-geo.ts --sizes  (prints sizes, raw and compressed)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";
import { feature } from "topojson-client";
import { topology } from "topojson-server";
import { presimplify, simplify } from "topojson-simplify";
import type { GeometryCollection, Objects, Topology } from "topojson-specification";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const GEO_DIR = join(ROOT, "reference/geo");
export const DERIVED_DIR = join(GEO_DIR, "derived");

/** Kept by a derived feature: the INEI code, its parent codes and the name. */
export interface AreaProperties {
  code: string;
  name: string;
  province?: string;
}

interface Source {
  file: string;
  out: "provincias" | "distritos";
  /** Planar triangle area (square degrees) under which a point is dropped. */
  minWeight: number;
  props: (p: Record<string, unknown>) => AreaProperties;
}

// The thresholds were chosen so that Lima's 171 districts, the heaviest view, stay far under
// the 300 KB a view may weigh (ADR 0031 has the sizes), while a district of Lima Metropolitana
// still looks like itself at the size the page draws it.
export const SOURCES: readonly Source[] = [
  {
    file: "peru_provincial_simple.geojson",
    out: "provincias",
    minWeight: 5e-7,
    props: (p) => ({ code: String(p.FIRST_IDPR), name: String(p.NOMBPROV) }),
  },
  {
    file: "peru_distrital_simple.geojson",
    out: "distritos",
    minWeight: 1e-7,
    props: (p) => ({
      code: String(p.IDDIST),
      province: String(p.IDPROV),
      name: String(p.NOMBDIST),
    }),
  },
];

const LICENSE =
  "MPL-2.0 (modified copy of juaneladio/peru-geojson; see reference/geo/README.md and LICENSE-geojson-MPL-2.0.txt)";

const round = (x: number) => Math.round(x * 1e4) / 1e4;

function roundGeometry(g: Geometry): Geometry {
  const ring = (r: Position[]) => {
    const out: Position[] = [];
    for (const p of r) {
      const q = [round(p[0] ?? 0), round(p[1] ?? 0)];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out;
  };
  if (g.type === "Polygon") return { type: "Polygon", coordinates: g.coordinates.map(ring) };
  if (g.type === "MultiPolygon")
    return { type: "MultiPolygon", coordinates: g.coordinates.map((poly) => poly.map(ring)) };
  return g;
}

/** The derived files of one source, by department code: file name → text. */
export function deriveSource(source: Source, text: string): Map<string, string> {
  const input = JSON.parse(text) as FeatureCollection;
  // Features without geometry (8 districts in the source) cannot be drawn; the map's table
  // still lists them, from the data.
  const features = input.features.filter((f) => f.geometry !== null);
  const collection: FeatureCollection = { type: "FeatureCollection", features };
  const topo = topology({ areas: collection }, 1e6) as unknown as Topology;
  const simplified = simplify(
    presimplify(topo as Topology<Objects<Record<string, unknown>>>),
    source.minWeight,
  );
  const all = feature(
    simplified,
    simplified.objects.areas as GeometryCollection,
  ) as FeatureCollection;
  const byDepartment = new Map<string, Feature[]>();
  all.features.forEach((f, i) => {
    const props = source.props((features[i]?.properties ?? {}) as Record<string, unknown>);
    if (!f.geometry) return;
    const department = props.code.slice(0, 2);
    const list = byDepartment.get(department) ?? [];
    list.push({ type: "Feature", properties: props, geometry: roundGeometry(f.geometry) });
    byDepartment.set(department, list);
  });
  const files = new Map<string, string>();
  for (const [department, list] of [...byDepartment].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => String(a.properties?.code).localeCompare(String(b.properties?.code), "en"));
    const collection = {
      type: "FeatureCollection",
      license: LICENSE,
      source: `reference/geo/${source.file}, simplified by scripts/build-geo.ts`,
      features: list,
    };
    files.set(`${source.out}-${department}.geojson`, `${JSON.stringify(collection)}\n`);
  }
  return files;
}

/** Every derived file: name in reference/geo/derived (provincias-15.geojson) → text. */
export function deriveAll(): Map<string, string> {
  const files = new Map<string, string>();
  for (const source of SOURCES) {
    const text = readFileSync(join(GEO_DIR, source.file), "utf8");
    for (const [path, body] of deriveSource(source, text)) files.set(path, body);
  }
  return files;
}

export function compressedSizes(body: string | Buffer) {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = deriveAll();
  if (process.argv.includes("--sizes")) {
    const rows = [...files].map(([path, body]) => ({ path, ...compressedSizes(body) }));
    rows.sort((a, b) => b.raw - a.raw);
    for (const r of rows.slice(0, 8)) console.log(r.path.padEnd(26), r.raw, r.gzip, r.br);
  } else {
    rmSync(DERIVED_DIR, { recursive: true, force: true });
    mkdirSync(DERIVED_DIR, { recursive: true });
    for (const [path, body] of files) writeFileSync(join(DERIVED_DIR, path), body);
    console.log(`build-geo: ${files.size} archivos en reference/geo/derived`);
  }
}
