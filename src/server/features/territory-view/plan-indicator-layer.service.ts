import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import { classifyLevel, clip, displayProgress } from "../../../shared/ceplan-formulas.ts";
import type {
  MapArea,
  MapLayer,
  MapQuerySchema,
  MapTerritory,
} from "../../../shared/contracts/territory-view.contract.ts";
import { roundHalfUp } from "../../../shared/numbers.ts";
import {
  ceplanLegend,
  classify,
  type MapLegend,
  sequentialLegend,
} from "../../../shared/territory/map-areas.ts";
import { QUARTERS } from "../../../shared/territory/plan-milestones.ts";
import type { Database } from "../../db/connect.ts";
import { notFound } from "../../errors.ts";
import { findPlanIndicator } from "../plans/plans.service.ts";
import { rollUpDistrictValues } from "../territory/territory-areas.service.ts";

/**
 * The indicator layer for a regional or local plan's indicator (ADR 0030, 0031). District
 * values come as the PNTP's do: the validated values' disaggregation by district (dimension
 * `region`), rolled up to the level asked. A plan reports mostly one value for its whole
 * territory; then there is no value by district, and every area of the territory is drawn
 * with the territory's value, in the CEPLAN band of its avance (the plan's meta is for the
 * territory, so only the territory has an avance). ANUAL is the year as the plan's progress
 * reads it: the validated quarters, counts summed, other units the latest.
 */

type MapQuery = z.output<typeof MapQuerySchema>;
type Base = Pick<MapLayer, "layer" | "level" | "within" | "year" | "period">;

const DECIMALS = 1;

/** The plan's layer, or null when the policy is not a subnational plan. */
export async function planIndicatorLayer(
  db: Database,
  actor: Actor,
  q: MapQuery & { indicator: string; year: number },
  base: Base,
  areas: readonly { code: string; name: string }[],
): Promise<MapLayer | null> {
  const found = await findPlanIndicator(db, actor, {
    code: q.policy,
    indicator: q.indicator,
    year: q.year,
  });
  if (!found) return null;
  const { indicator } = found;
  if (!indicator)
    throw notFound(`El plan ${q.policy} no tiene el indicador ${q.indicator} en ${q.year}.`);
  const annual = q.period === "ANUAL";
  const value = annual
    ? indicator.validatedTotal
    : (indicator.quarters.find((x) => x.period === q.period)?.validatedValue ?? null);
  const progress =
    annual && indicator.progressPercent !== null ? clip(indicator.progressPercent) : null;
  const shown = progress === null ? "ND" : displayProgress(progress);
  const level = progress === null ? "ND" : classifyLevel(progress);

  const { byArea, outside } = await districtValues(db, actor, q, indicator.unit === "numero");
  const drawnOnAreas = byArea.size === 0;
  const territory: MapTerritory = {
    code: found.territory.code,
    name: found.territory.name,
    value: value === null ? null : roundHalfUp(value, DECIMALS),
    meta: indicator.meta,
    progress: shown === "ND" ? null : shown,
    band: level === "ND" ? null : level,
    drawnOnAreas,
  };
  const title = `${indicator.code}. ${indicator.name}, ${q.year} (${annual ? "T1–T4" : q.period})`;
  const inTerritory = (code: string) => code.startsWith(territory.code);

  let legend: MapLegend;
  let rows: MapArea[];
  if (drawnOnAreas) {
    legend =
      territory.band !== null
        ? ceplanLegend("Nivel de avance del plan (CEPLAN)")
        : sequentialLegend(title, [territory.value ?? 0]);
    const band =
      territory.band ?? (territory.value === null ? null : classify(legend, territory.value)?.key);
    // No area has a figure of its own: they carry the territory's band, not a value.
    rows = areas.map((a) => ({
      code: a.code,
      name: a.name,
      value: null,
      band: inTerritory(a.code) ? (band ?? null) : null,
      details: [],
    }));
  } else {
    rows = areas.map((a) => {
      const f = byArea.get(a.code);
      return {
        code: a.code,
        name: a.name,
        value: f ? roundHalfUp(f.value, DECIMALS) : null,
        band: null,
        details: f ? [{ key: "districts", label: "Distritos con valor", value: f.districts }] : [],
      };
    });
    legend = sequentialLegend(
      title,
      rows.map((r) => r.value ?? 0),
    );
    for (const r of rows) r.band = classify(legend, r.value)?.key ?? null;
  }
  const total = drawnOnAreas
    ? (territory.value ?? 0)
    : roundHalfUp(
        rows.reduce((s, r) => s + (r.value ?? 0), 0),
        DECIMALS,
      );
  return {
    ...base,
    title,
    unit: "valor",
    decimals: DECIMALS,
    deepest: "distrito",
    legend,
    areas: rows,
    total,
    // Without district values, the whole figure is the territory's: above every area.
    notPlaced: drawnOnAreas ? (territory.value ?? 0) : 0,
    outsideValidity: outside,
    territory,
    source: drawnOnAreas
      ? `Valor validado del plan para todo ${territory.name} (sin desagregación por distrito); avance frente a la meta del año del plan (CEPLAN).`
      : "Desagregación por distrito (INEI) de los valores validados del plan; suma de los distritos que existían en el periodo.",
  };
}

/** District values of the plan's indicator by area; ANUAL combines the validated quarters. */
async function districtValues(
  db: Database,
  actor: Actor,
  q: MapQuery & { indicator: string; year: number },
  isCount: boolean,
) {
  const annual = q.period === "ANUAL";
  const rows = await rollUpDistrictValues(db, actor, {
    level: q.level,
    within: q.within,
    policyCode: q.policy,
    indicatorCode: q.indicator,
    year: q.year,
    ...(annual ? {} : { period: q.period }),
  });
  const quarterly = annual
    ? rows.filter((r) => (QUARTERS as readonly string[]).includes(r.period))
    : rows;
  const outside = quarterly.reduce((n, r) => n + r.outside, 0);
  const byArea = new Map<string, { value: number; districts: number }>();
  for (const r of quarterly.sort((a, b) => a.period.localeCompare(b.period))) {
    if (r.districts === 0) continue;
    const mine = byArea.get(r.area);
    if (mine && isCount) {
      mine.value += r.value;
      mine.districts = Math.max(mine.districts, r.districts);
    } else {
      // A rate is read at its latest quarter, as the plan's progress reads it.
      byArea.set(r.area, { value: r.value, districts: r.districts });
    }
  }
  return { byArea, outside };
}
