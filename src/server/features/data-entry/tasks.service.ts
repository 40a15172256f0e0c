import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type { TaskSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { dayInLima, todayInLima } from "../../../shared/dates.ts";
import type { Database } from "../../db/connect.ts";
import { cachedRead } from "../../db/read-cache.ts";
import { listIndicatorsInForce } from "../catalogue/indicators.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { listPeriods } from "../periods/periods.repository.ts";
import { listLatestForPeriods } from "./measurements.repository.ts";
import { readableEntityIds, requireValuesPolicy } from "./measurements.service.ts";

type Task = z.infer<typeof TaskSchema>;

/**
 * The to-do list: each indicator the actor reports (its entities, own or delegated; every
 * entity for the conductor) for every open period, with its state and deadline.
 */
export async function listTasks(
  db: Database,
  actor: Actor,
  input: { policyCode: string; today?: string },
): Promise<Task[]> {
  const today = input.today ?? todayInLima();
  // The list depends on the actor only through its role and entity grants: the key says so.
  const grants = actor.user?.entities.map((e) => `${e.id}${e.grant[0]}`).join(",") ?? "";
  // Checked before the cache: a cached list must not answer another territory's account.
  await requireValuesPolicy(db, actor, input.policyCode);
  const scope = actor.user?.territory?.ubigeo ?? "";
  return cachedRead(
    db,
    "policy",
    `tasks:${input.policyCode}:${today}:${actor.user?.role ?? "public"}:${grants}:${scope}`,
    () => computeTasks(db, actor, input.policyCode, today),
  );
}

async function computeTasks(
  db: Database,
  actor: Actor,
  policyCode: string,
  today: string,
): Promise<Task[]> {
  const policyId = await requirePolicyId(db, policyCode);
  const periods = await listPeriods(db, policyId, true);
  const scope = readableEntityIds(actor);
  const grants = new Map(actor.user?.entities.map((e) => [e.id, e.grant]) ?? []);
  const latest = await listLatestForPeriods(db, policyId, periods);
  const tasks: Task[] = [];
  for (const period of periods) {
    const indicators = await listIndicatorsInForce(db, policyId, period.year);
    for (const ind of indicators) {
      if (scope !== null && !scope.includes(ind.responsibleEntityId)) continue;
      const m = latest.find(
        (l) => l.indicatorId === ind.id && l.year === period.year && l.period === period.period,
      );
      const status: Task["status"] = m?.status ?? "pendiente";
      const done = status === "enviado" || status === "validado";
      const submittedDay = m?.submittedAt ? dayInLima(m.submittedAt) : null;
      tasks.push({
        policy: policyCode,
        indicator: { code: ind.code, name: ind.name, unit: ind.unit, service: ind.service },
        entity: ind.responsible,
        grant: grants.get(ind.responsibleEntityId) ?? "propia",
        year: period.year,
        period: period.period,
        deadline: period.deadline,
        status,
        isLate: done
          ? submittedDay !== null && submittedDay > period.deadline
          : today > period.deadline,
        measurementId: m?.id ?? null,
      });
    }
  }
  return tasks;
}
