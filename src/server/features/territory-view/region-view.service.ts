import type { Actor } from "../../../shared/actor.ts";
import { executionLight } from "../../../shared/budget/execution-light.ts";
import {
  aggregateProgress,
  classifyLevel,
  clip,
  displayProgress,
} from "../../../shared/ceplan-formulas.ts";
import type { PlanProgress as RegionalPlanProgress } from "../../../shared/contracts/plans.contract.ts";
import type {
  PlanProgress,
  RegionView,
} from "../../../shared/contracts/territory-view.contract.ts";
import { periodSpan } from "../../../shared/territory/map-areas.ts";
import type { Database } from "../../db/connect.ts";
import { DomainError, notFound } from "../../errors.ts";
import { getBudgetByDepartment } from "../budget/budget.service.ts";
import { listIndicatorsInForce } from "../catalogue/indicators.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { summarizeRegionalPlanProgress } from "../plans/plans.service.ts";
import { listSpaces } from "../territory/coordination-spaces.service.ts";
import {
  listAssistancesInAreas,
  listMapAreas,
  rollUpDistrictValues,
  sumTrainingsInAreas,
} from "../territory/territory-areas.service.ts";
import { listNationalValues } from "./territory-view.repository.ts";

/**
 * The consolidated view of one region (department) for a year (docs/territory.md § Regional
 * view; seed 004's "registro estadístico regional consolidado", 004:386): its coordination
 * spaces, the trainings and technical assistances held in it, the specific budget executed in
 * its territory, the PNTP indicators disaggregated to it, and its plan's progress.
 */

/** What the view says while the region has no plan registered. */
export const NO_PLAN: PlanProgress = {
  status: "sin_plan",
  label: "Sin plan registrado",
  plan: null,
  progress: null,
  band: null,
  rows: [],
};

const bandOf = (p: number | "ND") => {
  const level = classifyLevel(p);
  return level === "ND" ? null : level;
};

/**
 * The region's own plan (ADR 0030) as the view shows it: the plan whose territory is the
 * region, else the first one inside it; its progress is the CEPLAN mean of its indicators'
 * progress against the year's meta (clipped to 0–100, ND left out), banded as CEPLAN bands it.
 */
function presentPlanProgress(plans: RegionalPlanProgress[], ubigeo: string): PlanProgress {
  const plan = plans.find((p) => p.plan.territory.ubigeo === ubigeo) ?? plans[0];
  if (!plan) return NO_PLAN;
  const progresses = plan.indicators.map((i) => i.progressPercent ?? ("ND" as const));
  const total = aggregateProgress(progresses);
  const shown = displayProgress(total);
  return {
    status: "registrado",
    label: `${plan.plan.name}: ${plan.validatedQuarters} de ${plan.expectedQuarters} trimestres validados en ${plan.year}`,
    plan: { code: plan.plan.code, name: plan.plan.name },
    progress: shown === "ND" ? null : shown,
    band: bandOf(total),
    rows: plan.indicators.map((i) => {
      const p = i.progressPercent === null ? ("ND" as const) : clip(i.progressPercent);
      const d = displayProgress(p);
      return {
        code: i.code,
        name: i.name,
        period: `T1–T4 ${plan.year}`,
        progress: d === "ND" ? null : d,
        band: bandOf(p),
      };
    }),
  };
}

export interface RegionViewInput {
  ubigeo: string;
  year: number;
  policy: string;
}

export async function getRegionView(
  db: Database,
  actor: Actor,
  input: RegionViewInput,
): Promise<RegionView> {
  const { areas } = await listMapAreas(db, actor, { level: "departamento" });
  const region = areas.find((a) => a.code === input.ubigeo);
  if (!region) throw notFound(`No existe el departamento ${input.ubigeo}.`);
  // First: a territorially scoped account asking for another region is refused here.
  const plans = await summarizeRegionalPlanProgress(db, actor, {
    ubigeo: input.ubigeo,
    year: input.year,
  });
  const span = periodSpan(input.year, "ANUAL");
  const policyId = await requirePolicyId(db, input.policy);
  const [spaceList, trainingsByProvince, trainingsByRegion, allAssistances, budget, indicators] =
    await Promise.all([
      listSpaces(db, actor, { department: input.ubigeo }),
      sumTrainingsInAreas(db, actor, { level: "provincia", within: input.ubigeo, ...span }),
      sumTrainingsInAreas(db, actor, { level: "departamento", ...span }),
      listAssistancesInAreas(db, actor, { level: "departamento", ...span }),
      regionBudget(db, actor, input),
      regionIndicators(db, actor, input, policyId),
    ]);
  const provinces = (await listMapAreas(db, actor, { level: "provincia", within: input.ubigeo }))
    .areas;
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const counts = { regional: 0, provincial: 0, distrital: 0, centro_poblado: 0, local: 0 };
  for (const s of spaceList) {
    counts[s.level] += 1;
    if (s.level !== "regional") counts.local += 1;
  }
  const assistances = allAssistances.filter((a) => a.area === input.ubigeo);
  const total = trainingsByRegion.find((r) => r.area === input.ubigeo) ?? {
    trainings: 0,
    participants: 0,
    women: 0,
    men: 0,
  };
  return {
    region: { code: region.code, name: region.name },
    year: input.year,
    policy: input.policy,
    planProgress: presentPlanProgress(plans, input.ubigeo),
    spaces: {
      ...counts,
      list: spaceList.map((s) => ({
        id: s.id,
        level: s.level,
        name: s.name,
        place: s.place ? s.place.name : null,
        status: s.status,
        sessions: s.sessions,
      })),
    },
    trainings: {
      count: total.trainings,
      participants: total.participants,
      women: total.women,
      men: total.men,
      byProvince: trainingsByProvince
        .filter((r) => r.area !== null)
        .map((r) => ({
          code: r.area ?? "",
          name: provinceName.get(r.area ?? "") ?? r.area ?? "",
          trainings: r.trainings,
          participants: r.participants,
        }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    },
    assistances: {
      count: assistances.length,
      list: assistances.map((a) => ({
        id: a.id,
        heldOn: a.heldOn,
        topic: a.topic,
        to: a.to ?? "",
      })),
    },
    budget,
    indicators,
    sources: [
      "Espacios, capacitaciones y asistencias: registros de Vigía (territorio); capacitaciones por fecha de término en el año.",
      "Presupuesto: líneas del MEF importadas en Vigía y etiquetadas a la Política, por el departamento de la línea.",
      "Indicadores: suma de los valores validados desagregados por distrito (INEI) de la región, distritos vigentes en el año.",
    ],
  };
}

async function regionBudget(
  db: Database,
  actor: Actor,
  input: RegionViewInput,
): Promise<RegionView["budget"]> {
  try {
    const b = await getBudgetByDepartment(db, actor, {
      policyCode: input.policy,
      year: input.year,
    });
    const row = b.rows.find((r) => r.department === input.ubigeo);
    if (!row) return null;
    const light = executionLight(row.pimCents > 0 ? row.execution : null);
    return {
      pimCents: row.pimCents,
      devengadoCents: row.devengadoCents,
      execution: row.pimCents > 0 ? row.execution : null,
      band: light === "ND" ? null : light,
      nationalShare: row.sharePim,
    };
  } catch (err) {
    // No budget imported for the year: the section says so instead of failing the view.
    if (err instanceof DomainError && err.code === "not_found") return null;
    throw err;
  }
}

async function regionIndicators(
  db: Database,
  actor: Actor,
  input: RegionViewInput,
  policyId: number,
): Promise<RegionView["indicators"]> {
  const [rows, inForce, national] = await Promise.all([
    rollUpDistrictValues(db, actor, {
      level: "departamento",
      policyCode: input.policy,
      year: input.year,
      period: "ANUAL",
    }),
    listIndicatorsInForce(db, policyId, input.year),
    listNationalValues(db, { policyId, year: input.year, period: "ANUAL", statuses: ["validado"] }),
  ]);
  const nationalOf = new Map(
    national.map((n) => [n.code, n.value === null ? null : Number(n.value)]),
  );
  const sumOf = new Map<string, number>();
  for (const r of rows) sumOf.set(r.indicatorCode, (sumOf.get(r.indicatorCode) ?? 0) + r.value);
  return inForce.flatMap((i) => {
    const mine = rows.find((r) => r.indicatorCode === i.code && r.area === input.ubigeo);
    if (!mine || mine.districts === 0) return [];
    const all = sumOf.get(i.code) ?? 0;
    return [
      {
        code: i.code,
        name: i.name,
        unit: i.unit,
        value: mine.value,
        districts: mine.districts,
        national: nationalOf.get(i.code) ?? null,
        share: all > 0 ? (mine.value / all) * 100 : null,
      },
    ];
  });
}
