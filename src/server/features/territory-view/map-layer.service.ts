import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import { EXECUTION_DECIMALS, executionLight } from "../../../shared/budget/execution-light.ts";
import type {
  MapArea,
  MapLayer,
  MapQuerySchema,
} from "../../../shared/contracts/territory-view.contract.ts";
import { roundHalfUp } from "../../../shared/numbers.ts";
import {
  classify,
  executionLegend,
  type MapLevel,
  periodSpan,
  sequentialLegend,
} from "../../../shared/territory/map-areas.ts";
import type { Database } from "../../db/connect.ts";
import { invalid, notFound } from "../../errors.ts";
import { getBudgetByDepartment } from "../budget/budget.service.ts";
import { findIndicatorInForce } from "../catalogue/indicators.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { assertTerritoryInScope } from "../plans/plans.service.ts";
import {
  countSpacesInAreas,
  listAssistancesInAreas,
  listMapAreas,
  rollUpDistrictValues,
  sumTrainingsInAreas,
} from "../territory/territory-areas.service.ts";
import { planIndicatorLayer } from "./plan-indicator-layer.service.ts";

/**
 * One map view: a layer's figures for every area of a level within a department or province,
 * with the legend it is drawn with. The areas are the ubigeo's (so an area without figures is
 * still listed, with 0 for a register or no figure for a value), less those that did not exist
 * in the year asked; a code with figures that the ubigeo lacks is listed under its code.
 */

export type MapQuery = z.output<typeof MapQuerySchema>;

interface Figure {
  value: number;
  details: MapArea["details"];
}

const REGISTER_SOURCE = "Registros de Vigía (territorio): espacios, capacitaciones y asistencias.";

export async function getMapLayer(db: Database, actor: Actor, q: MapQuery): Promise<MapLayer> {
  // A scoped account reads its territory's areas; the departments' overview stays national.
  if (q.within) assertTerritoryInScope(actor, q.within);
  else if (q.level !== "departamento") assertTerritoryInScope(actor, null);
  const scope = { level: q.level, within: q.within };
  const { parent, areas } = await listMapAreas(db, actor, scope);
  const span = q.year ? periodSpan(q.year, q.period) : null;
  const base = {
    layer: q.layer,
    level: q.level,
    within: parent ? { code: parent.code, name: parent.name } : null,
    year: q.year ?? null,
    period: q.period,
    outsideValidity: 0,
    territory: null,
  };
  const figures = new Map<string, Figure>();
  let notPlaced = 0;
  const add = (code: string | null, value: number, details: MapArea["details"] = []) => {
    if (code === null) {
      notPlaced += value;
      return;
    }
    const f = figures.get(code) ?? { value: 0, details: details.map((d) => ({ ...d, value: 0 })) };
    f.value += value;
    details.forEach((d, i) => {
      const mine = f.details[i];
      if (mine) mine.value += d.value;
    });
    figures.set(code, f);
  };

  let layer: Omit<MapLayer, "areas" | "legend" | "total" | "notPlaced" | keyof typeof base> & {
    zeroWhenMissing: boolean;
    outsideValidity?: number;
  };
  if (q.layer === "spaces") {
    for (const r of await countSpacesInAreas(db, actor, scope)) {
      add(r.area, r.n, [
        { key: "regional", label: "Regionales", value: r.level === "regional" ? r.n : 0 },
        { key: "provincial", label: "Provinciales", value: r.level === "provincial" ? r.n : 0 },
        { key: "distrital", label: "Distritales", value: r.level === "distrital" ? r.n : 0 },
        {
          key: "centro_poblado",
          label: "Centros poblados",
          value: r.level === "centro_poblado" ? r.n : 0,
        },
      ]);
    }
    layer = {
      title: "Espacios de coordinación",
      unit: "espacios",
      decimals: 0,
      deepest: "distrito",
      source: REGISTER_SOURCE,
      zeroWhenMissing: true,
    };
  } else if (q.layer === "trainings") {
    for (const r of await sumTrainingsInAreas(db, actor, { ...scope, ...spanOf(span) })) {
      add(r.area, r.participants, [
        { key: "trainings", label: "Capacitaciones", value: r.trainings },
        { key: "women", label: "Mujeres", value: r.women },
        { key: "men", label: "Hombres", value: r.men },
      ]);
    }
    layer = {
      title: q.year
        ? `Participantes en capacitaciones, ${q.year}`
        : "Participantes en capacitaciones",
      unit: "participantes",
      decimals: 0,
      deepest: "distrito",
      source: REGISTER_SOURCE,
      zeroWhenMissing: true,
    };
  } else if (q.layer === "assistances") {
    for (const r of await listAssistancesInAreas(db, actor, { ...scope, ...spanOf(span) })) {
      add(r.area, 1);
    }
    layer = {
      title: q.year ? `Asistencias técnicas, ${q.year}` : "Asistencias técnicas",
      unit: "asistencias técnicas",
      decimals: 0,
      deepest: "distrito",
      source: REGISTER_SOURCE,
      zeroWhenMissing: true,
    };
  } else if (q.layer === "budget") {
    return budgetLayer(db, actor, q, base, areas);
  } else {
    if (!q.indicator || !q.year) {
      throw invalid("La capa «indicator» necesita «indicator» y «year».", [
        { path: q.indicator ? "year" : "indicator", message: "requerido" },
      ]);
    }
    const plan = await planIndicatorLayer(
      db,
      actor,
      { ...q, indicator: q.indicator, year: q.year },
      base,
      existing(areas, span),
    );
    if (plan) return plan;
    const rows = await rollUpDistrictValues(db, actor, {
      ...scope,
      policyCode: q.policy,
      indicatorCode: q.indicator,
      year: q.year,
      period: q.period,
    });
    let outside = 0;
    for (const r of rows) {
      outside += r.outside;
      if (r.districts > 0)
        add(r.area, r.value, [
          { key: "districts", label: "Distritos con valor", value: r.districts },
        ]);
    }
    const indicator = await findIndicatorInForce(
      db,
      await requirePolicyId(db, q.policy),
      q.indicator,
      q.year,
    );
    if (!indicator)
      throw notFound(`La política ${q.policy} no tiene el indicador ${q.indicator} en ${q.year}.`);
    const name = indicator.name;
    layer = {
      title: `${q.indicator}. ${name ?? "Indicador"}, ${q.year} (${q.period})`,
      unit: "valor",
      decimals: 1,
      deepest: "distrito",
      source:
        "Desagregación por región (distrito INEI) de los valores validados; suma de los distritos que existían en el periodo.",
      zeroWhenMissing: false,
      outsideValidity: outside,
    };
  }

  const listed = existing(areas, span);
  const codes = new Set(listed.map((a) => a.code));
  const extra = [...figures.keys()].filter((c) => !codes.has(c)).sort();
  const rows: MapArea[] = [
    ...listed.map((a) => ({ code: a.code, name: a.name })),
    ...extra.map((code) => ({ code, name: `${code} (no está en el ubigeo)` })),
  ].map((a) => {
    const f = figures.get(a.code);
    const value = f ? roundHalfUp(f.value, layer.decimals) : layer.zeroWhenMissing ? 0 : null;
    return { ...a, value, band: null, details: f?.details ?? [] };
  });
  const legend = sequentialLegend(
    layer.title,
    rows.map((r) => r.value ?? 0),
  );
  for (const r of rows) r.band = classify(legend, r.value)?.key ?? null;
  const { zeroWhenMissing: _z, outsideValidity, ...rest } = layer;
  return {
    ...base,
    ...rest,
    outsideValidity: outsideValidity ?? 0,
    legend,
    areas: rows,
    total: roundHalfUp(
      rows.reduce((s, r) => s + (r.value ?? 0), 0),
      layer.decimals,
    ),
    notPlaced,
  };
}

function spanOf(span: { from: string; to: string } | null) {
  return span ? { from: span.from, to: span.to } : {};
}

/** Areas that existed on some day of the span (all of them without a span). */
function existing<T extends { validFrom: string | null; validTo: string | null }>(
  areas: readonly T[],
  span: { from: string; to: string } | null,
): T[] {
  if (!span) return [...areas];
  return areas.filter(
    (a) =>
      (a.validFrom === null || a.validFrom <= span.to) &&
      (a.validTo === null || a.validTo >= span.from),
  );
}

/**
 * Budget execution by department: the budget lines carry only their department, so this
 * layer has no province or district view. Coloured with the execution light, on the printed
 * figure (two decimals), like the budget page.
 */
async function budgetLayer(
  db: Database,
  actor: Actor,
  q: MapQuery,
  base: Pick<
    MapLayer,
    "layer" | "level" | "within" | "year" | "period" | "outsideValidity" | "territory"
  >,
  areas: readonly { code: string; name: string }[],
): Promise<MapLayer> {
  if (q.level !== ("departamento" satisfies MapLevel) || q.within) {
    throw invalid(
      "El presupuesto se ubica solo por departamento: las líneas del MEF traen el departamento, no la provincia ni el distrito.",
      [{ path: "level", message: "solo departamento" }],
    );
  }
  if (!q.year)
    throw invalid("La capa «budget» necesita «year».", [{ path: "year", message: "requerido" }]);
  const budget = await getBudgetByDepartment(db, actor, { policyCode: q.policy, year: q.year });
  const byCode = new Map(budget.rows.map((r) => [r.department, r]));
  const rows: MapArea[] = areas.map((a) => {
    const r = byCode.get(a.code);
    const execution = r && r.pimCents > 0 ? r.execution : null;
    const light = executionLight(execution);
    return {
      code: a.code,
      name: a.name,
      value: execution === null ? null : roundHalfUp(execution, EXECUTION_DECIMALS),
      band: light === "ND" ? null : light,
      details: [
        { key: "pim", label: "PIM (S/)", value: (r?.pimCents ?? 0) / 100 },
        { key: "devengado", label: "Devengado (S/)", value: (r?.devengadoCents ?? 0) / 100 },
      ],
    };
  });
  const unplaced = byCode.get(null);
  return {
    ...base,
    title: `Ejecución del presupuesto específico por departamento, ${q.year}`,
    unit: "% de ejecución (devengado / PIM)",
    decimals: EXECUTION_DECIMALS,
    deepest: "departamento",
    legend: executionLegend(),
    areas: rows,
    total:
      budget.total.execution === null ? 0 : roundHalfUp(budget.total.execution, EXECUTION_DECIMALS),
    notPlaced: (unplaced?.pimCents ?? 0) / 100,
    source:
      "MEF, Consulta Amigable / datos abiertos del presupuesto, importados en Vigía; líneas etiquetadas a la Política. notPlaced: PIM (S/) de líneas sin departamento.",
  };
}
