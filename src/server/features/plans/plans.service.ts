import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  Milestone,
  MilestoneCreateSchema,
  MilestoneUpdateSchema,
  PlanProgress,
} from "../../../shared/contracts/plans.contract.ts";
import { todayInLima } from "../../../shared/dates.ts";
import { milestoneLight, QUARTERS } from "../../../shared/territory/plan-milestones.ts";
import { canSeePolicy, scopeCovers } from "../../../shared/territory/territorial-scope.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { forbidden, invalid, notFound } from "../../errors.ts";
import { listIndicatorsInForce } from "../catalogue/indicators.repository.ts";
import {
  findMilestoneRow,
  insertMilestone,
  listAlignment,
  listMetasInForce,
  listMilestoneRows,
  listPlanRows,
  listQuarterValues,
  listValidatedQuarterValues,
  updateMilestoneRow,
} from "./plans.repository.ts";

/**
 * Regional and local plans (ADR 0030): subnational policies in the catalogue format, reported
 * quarterly through data entry. Here: which plans an account sees (its territorial scope), each
 * plan's progress by quarter, and the administration's milestones with their traffic lights.
 * MININTER (national accounts) sees every plan; a scoped account only those its scope covers,
 * and is answered 403 for another territory's plan.
 */

type PlanRow = Awaited<ReturnType<typeof listPlanRows>>[number];
type MilestoneRow = NonNullable<Awaited<ReturnType<typeof findMilestoneRow>>>;

const scopeOf = (actor: Actor) => actor.user?.territory?.ubigeo ?? null;

function assertPlanInScope(actor: Actor, plan: PlanRow): void {
  if (!canSeePolicy(scopeOf(actor), plan.ubigeo))
    throw forbidden(
      `El plan "${plan.code}" es de otro ámbito territorial: su cuenta trabaja solo en ${actor.user?.territory?.name ?? scopeOf(actor)}.`,
    );
}

async function requirePlan(db: Executor, actor: Actor, code: string): Promise<PlanRow> {
  const [plan] = await listPlanRows(db, { codes: [code] });
  if (!plan) throw notFound(`No existe el plan regional o local "${code}".`);
  assertPlanInScope(actor, plan);
  return plan;
}

const presentMilestone = (row: MilestoneRow, today: string): Milestone => ({
  id: row.id,
  plan: row.plan,
  horizon: row.horizon,
  title: row.title,
  responsible: row.responsible,
  budgetSoles: row.budgetSoles === null ? null : Number(row.budgetSoles),
  dueOn: row.dueOn,
  status: row.status,
  completedOn: row.completedOn,
  note: row.note,
  light: milestoneLight({ dueOn: row.dueOn, status: row.status }, today),
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** One plan's progress for a year: each indicator's four quarters, meta and validated total. */
async function progressOf(
  db: Database,
  plan: PlanRow,
  year: number,
  today: string,
): Promise<PlanProgress> {
  const [indicators, values, validated, metas, alignment, milestones] = await Promise.all([
    listIndicatorsInForce(db, plan.id, year),
    listQuarterValues(db, plan.id, year),
    listValidatedQuarterValues(db, plan.id, year),
    listMetasInForce(db, plan.id, year),
    listAlignment(db, plan.id),
    listMilestoneRows(db, [plan.id]),
  ]);
  const metaOf = new Map(metas.map((m) => [m.indicatorId, num(m.value)]));
  const alignedOf = new Map(alignment.map((a) => [a.id, a]));
  let validatedQuarters = 0;
  const rows = indicators.map((ind) => {
    const quarters = QUARTERS.map((period) => {
      const latest = values.find((v) => v.indicatorId === ind.id && v.period === period);
      const counted = validated.find((v) => v.indicatorId === ind.id && v.period === period);
      if (counted) validatedQuarters += 1;
      return {
        period,
        value: num(latest?.value),
        status: latest?.status ?? ("pendiente" as const),
        measurementId: latest?.id ?? null,
        validatedValue: num(counted?.value),
      };
    });
    const counted = quarters.filter((q) => q.validatedValue !== null);
    // A count adds up over the year; a percentage or rate is read at its latest quarter.
    const validatedTotal = counted.length
      ? ind.unit === "numero"
        ? counted.reduce((sum, q) => sum + (q.validatedValue ?? 0), 0)
        : (counted[counted.length - 1]?.validatedValue ?? null)
      : null;
    const meta = metaOf.get(ind.id) ?? null;
    return {
      code: ind.code,
      name: ind.name,
      unit: ind.unit,
      objective: ind.objective,
      alignedObjective: alignedOf.get(ind.id)?.alignedObjective ?? null,
      service: ind.service,
      alignedService: alignedOf.get(ind.id)?.alignedService ?? null,
      responsible: ind.responsible,
      meta,
      quarters,
      validatedTotal,
      progressPercent:
        validatedTotal !== null && meta !== null && meta !== 0
          ? (validatedTotal / meta) * 100
          : null,
    };
  });
  const lights = { verde: 0, ambar: 0, rojo: 0 };
  for (const m of milestones) lights[presentMilestone(m, today).light] += 1;
  return {
    plan: {
      code: plan.code,
      name: plan.name,
      territory: { ubigeo: plan.ubigeo, name: plan.territoryName, level: plan.territoryLevel },
      parentPolicy: plan.parentPolicy ?? "",
      conductor: plan.conductor,
    },
    year,
    indicators: rows,
    validatedQuarters,
    expectedQuarters: rows.length * QUARTERS.length,
    milestones: lights,
  };
}

const defaultYear = (today: string) => Number(today.slice(0, 4));

/** The plans the actor's scope covers (every plan for MININTER), each with its progress. */
export async function listPlans(
  db: Database,
  actor: Actor,
  input: { year?: number; today?: string } = {},
): Promise<PlanProgress[]> {
  const today = input.today ?? todayInLima();
  const scope = scopeOf(actor);
  const plans = await listPlanRows(db, scope ? { within: scope } : {});
  const year = input.year ?? defaultYear(today);
  return Promise.all(plans.map((p) => progressOf(db, p, year, today)));
}

/** One plan's progress by quarter; 403 outside the actor's territorial scope. */
export async function getPlanProgress(
  db: Database,
  actor: Actor,
  input: { code: string; year?: number; today?: string },
): Promise<PlanProgress> {
  const today = input.today ?? todayInLima();
  const plan = await requirePlan(db, actor, input.code);
  return progressOf(db, plan, input.year ?? defaultYear(today), today);
}

/**
 * A plan's indicator as its map draws it (docs/territory.md § Maps): the plan's territory and
 * the indicator's meta, quarters and validated total for the year. Null when the policy is
 * not a subnational plan (the PNTP); 403 outside the actor's scope, as the plan itself.
 */
export async function findPlanIndicator(
  db: Database,
  actor: Actor,
  input: { code: string; indicator: string; year: number; today?: string },
) {
  const plan = await findPlanInScope(db, actor, input.code);
  if (!plan) return null;
  const progress = await progressOf(db, plan, input.year, input.today ?? todayInLima());
  return {
    territory: { code: plan.ubigeo, name: plan.territoryName },
    indicator: progress.indicators.find((i) => i.code === input.indicator) ?? null,
  };
}

/** The plan of that code in the actor's scope (403 outside it), or null for a national policy. */
export async function findPlanInScope(db: Executor, actor: Actor, code: string) {
  const [plan] = await listPlanRows(db, { codes: [code] });
  if (plan) assertPlanInScope(actor, plan);
  return plan ?? null;
}

/**
 * A scoped account reads a territory only inside its scope, or one that contains it (a
 * municipal account its department): the regional view's and the maps' rule. `null`: the
 * whole country, which a scoped account does not read.
 */
export function assertTerritoryInScope(actor: Actor, ubigeo: string | null): void {
  const scope = scopeOf(actor);
  if (!scope) return;
  if (ubigeo === null)
    throw forbidden(
      `Su cuenta trabaja solo en ${actor.user?.territory?.name ?? scope}: pida el mapa de su ámbito («within» ${scope}).`,
    );
  if (!scopeCovers(scope, ubigeo) && !scopeCovers(ubigeo, scope))
    throw forbidden(
      `El territorio ${ubigeo} está fuera de su ámbito (${actor.user?.territory?.name ?? scope}).`,
    );
}

/**
 * The progress of the plans of a territory (a region's own plan and the provincial and district
 * plans inside it), for the consolidated regional view's «avance del plan» slot. A scoped
 * account asking for a territory outside its scope gets 403; for a territory that contains its
 * scope (a municipal account asking for its department) only the plans it covers.
 */
export async function summarizeRegionalPlanProgress(
  db: Database,
  actor: Actor,
  input: { ubigeo: string; year?: number; today?: string },
): Promise<PlanProgress[]> {
  const today = input.today ?? todayInLima();
  const scope = scopeOf(actor);
  assertTerritoryInScope(actor, input.ubigeo);
  const plans = (await listPlanRows(db, { within: input.ubigeo })).filter((p) =>
    canSeePolicy(scope, p.ubigeo),
  );
  const year = input.year ?? defaultYear(today);
  return Promise.all(plans.map((p) => progressOf(db, p, year, today)));
}

export async function listMilestones(
  db: Database,
  actor: Actor,
  input: { code: string; today?: string },
): Promise<Milestone[]> {
  const plan = await requirePlan(db, actor, input.code);
  const today = input.today ?? todayInLima();
  return (await listMilestoneRows(db, [plan.id])).map((m) => presentMilestone(m, today));
}

/** A fulfilled milestone says when; an open one does not. */
function checkCompletion(status: string, completedOn: string | null) {
  if (status === "cumplido" && completedOn === null)
    throw invalid("Indique la fecha en que se cumplió el compromiso.", [
      { path: "completedOn", message: "Requerida cuando el estado es «cumplido»." },
    ]);
  if (status !== "cumplido" && completedOn !== null)
    throw invalid("Solo un compromiso cumplido lleva fecha de cumplimiento.", [
      { path: "completedOn", message: "Quítela o cambie el estado a «cumplido»." },
    ]);
}

export async function createMilestone(
  db: Database,
  actor: Actor,
  input: { code: string; today?: string } & z.output<typeof MilestoneCreateSchema>,
): Promise<Milestone> {
  checkCompletion(input.status, input.completedOn);
  return db.transaction().execute(async (tx) => {
    const plan = await requirePlan(tx, actor, input.code);
    const id = await insertMilestone(tx, {
      policyId: plan.id,
      horizon: input.horizon,
      title: input.title,
      responsible: input.responsible,
      budgetSoles: input.budgetSoles,
      dueOn: input.dueOn,
      status: input.status,
      completedOn: input.completedOn,
      note: input.note,
      createdBy: actor.id,
    });
    const row = await findMilestoneRow(tx, id);
    if (!row) throw notFound("No existe el compromiso.");
    const view = presentMilestone(row, input.today ?? todayInLima());
    await recordAudit(tx, actor, {
      action: "plan_milestone.create",
      objectType: "plan_milestone",
      objectId: String(id),
      after: { ...view, light: undefined },
    });
    return view;
  });
}

export async function updateMilestone(
  db: Database,
  actor: Actor,
  input: { id: number; today?: string } & z.output<typeof MilestoneUpdateSchema>,
): Promise<Milestone> {
  checkCompletion(input.status, input.completedOn);
  return db.transaction().execute(async (tx) => {
    const before = await findMilestoneRow(tx, input.id);
    if (!before) throw notFound("No existe el compromiso.");
    // The milestone's plan must be in the actor's scope: same 403 as the plan itself.
    await requirePlan(tx, actor, before.plan);
    await updateMilestoneRow(tx, input.id, {
      status: input.status,
      completedOn: input.completedOn,
      ...(input.note !== undefined ? { note: input.note } : {}),
    });
    const after = await findMilestoneRow(tx, input.id);
    if (!after) throw notFound("No existe el compromiso.");
    await recordAudit(tx, actor, {
      action: "plan_milestone.update",
      objectType: "plan_milestone",
      objectId: String(input.id),
      before: { status: before.status, completedOn: before.completedOn, note: before.note },
      after: { status: after.status, completedOn: after.completedOn, note: after.note },
    });
    return presentMilestone(after, input.today ?? todayInLima());
  });
}
