import type { Actor } from "../../../shared/actor.ts";
import type { OfflineData } from "../../../shared/contracts/data-entry.contract.ts";
import { todayInLima } from "../../../shared/dates.ts";
import type { Database } from "../../db/connect.ts";
import { readDataVersion } from "../../db/read-cache.ts";
import { requirePolicyInScope } from "../catalogue/policy.service.ts";
import { listPeriods } from "../periods/periods.service.ts";
import { listMeasurements } from "./measurements.service.ts";
import { loadRuleContexts, ruleContextKey } from "./rule-context.service.ts";
import { listTasks } from "./tasks.service.ts";

/**
 * Everything a focal point's browser keeps to report without a connection (issue 19): its
 * tasks, the periods, the rule context of each value not written yet and the values the tasks
 * point to, under one version. The version is the policy's and the access scope's data
 * versions and the day in Lima (a task turns late overnight): the browser sends the one it
 * holds, and while it is current the answer is a few bytes. The reads are the ones the pages
 * make one by one, in the same scope, so nothing more is disclosed than online.
 */
export async function getOfflineData(
  db: Database,
  actor: Actor,
  input: { policyCode: string; since?: string },
): Promise<OfflineData> {
  const policyId = await requirePolicyInScope(db, actor, input.policyCode);
  // Read before the data: a change in between makes the next visit fetch again, never miss.
  const [policy, access] = await Promise.all([
    readDataVersion(db, "policy"),
    readDataVersion(db, "access"),
  ]);
  const dataVersion = `${policy}.${access}.${todayInLima()}`;
  const generatedAt = new Date().toISOString();
  const empty = { tasks: [], periods: [], ruleContexts: [], measurements: [] };
  if (input.since === dataVersion) return { dataVersion, generatedAt, unchanged: true, ...empty };

  const [tasks, periods] = await Promise.all([
    listTasks(db, actor, { policyCode: input.policyCode }),
    listPeriods(db, actor, { policyCode: input.policyCode }),
  ]);
  const requests = tasks
    .filter((task) => task.measurementId === null)
    .map((task) => ({ indicatorCode: task.indicator.code, year: task.year, period: task.period }));
  const contexts = await loadRuleContexts(db, { policyId, requests, yearOverYear: true });
  const ruleContexts = requests.flatMap((r) => {
    const context = contexts.get(ruleContextKey(r));
    return context ? [{ indicator: r.indicatorCode, year: r.year, period: r.period, context }] : [];
  });
  const ids = new Set(tasks.flatMap((task) => (task.measurementId ? [task.measurementId] : [])));
  const measurements =
    ids.size === 0
      ? []
      : (await listMeasurements(db, actor, { policyCode: input.policyCode })).filter((m) =>
          ids.has(m.id),
        );
  return { dataVersion, generatedAt, unchanged: false, tasks, periods, ruleContexts, measurements };
}
