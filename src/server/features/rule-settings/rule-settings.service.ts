import type { Actor } from "../../../shared/actor.ts";
import { pimRegressions } from "../../../shared/budget/pim-regression.ts";
import type {
  RuleAlerts,
  RuleSettingsView,
} from "../../../shared/contracts/rule-settings.contract.ts";
import type { Unit } from "../../../shared/schemas/catalogue.schema.ts";
import { sustainedOversize } from "../../../shared/validation/multi-year-checks.ts";
import {
  type RuleSettings,
  resolveRuleSettings,
} from "../../../shared/validation/rule-settings.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { notFound } from "../../errors.ts";
import { getServicePimByYear } from "../budget/budget.service.ts";
import { listIndicatorsLatestVersion } from "../catalogue/indicators.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { resolveActorNames } from "../users/actor-names.service.ts";
import {
  findLatestRuleSettingVersion,
  insertRuleSettingVersion,
  listRuleSettingVersions,
} from "./rule-settings.repository.ts";

/**
 * The conductor's rule settings per indicator (ADR 0035). A change adds a version with its
 * author and reason; the highest is in force and reaches the rules through the rule context
 * (data-entry/rule-context.service.ts), so the form and the server judge a value alike.
 */

async function loadViews(db: Database, actor: Actor, policyId: number) {
  const [indicators, versions] = await Promise.all([
    listIndicatorsLatestVersion(db, policyId),
    listRuleSettingVersions(db, policyId),
  ]);
  const names = await resolveActorNames(
    db,
    actor,
    versions.map((v) => v.createdBy),
  );
  return indicators.map((ind): RuleSettingsView & { id: number } => {
    const history = versions
      .filter((v) => v.indicatorId === ind.id)
      .map((v) => ({
        version: v.version,
        settings: v.settings as RuleSettings,
        reason: v.reason,
        createdBy: v.createdBy,
        createdByUser: names(v.createdBy),
        createdAt: new Date(v.createdAt).toISOString(),
      }));
    const current = history[0] ?? null;
    return {
      id: ind.id,
      indicator: ind.code,
      name: ind.name,
      unit: ind.unit as Unit,
      version: current?.version ?? null,
      settings: current?.settings ?? null,
      resolved: resolveRuleSettings(current?.settings),
      history,
    };
  });
}

const withoutId = ({ id: _, ...view }: RuleSettingsView & { id: number }) => view;

export async function listRuleSettings(
  db: Database,
  actor: Actor,
  input: { policyCode: string },
): Promise<RuleSettingsView[]> {
  const policyId = await requirePolicyId(db, input.policyCode);
  return (await loadViews(db, actor, policyId)).map(withoutId);
}

export async function setRuleSettings(
  db: Database,
  actor: Actor,
  input: { policyCode: string; indicatorCode: string; settings: RuleSettings; reason: string },
): Promise<RuleSettingsView> {
  const policyId = await requirePolicyId(db, input.policyCode);
  const indicator = (await listIndicatorsLatestVersion(db, policyId)).find(
    (i) => i.code === input.indicatorCode,
  );
  if (!indicator) throw notFound(`No existe el indicador ${input.indicatorCode}.`);
  await db.transaction().execute(async (tx) => {
    const latest = await findLatestRuleSettingVersion(tx, indicator.id);
    const version = (latest?.version ?? 0) + 1;
    await insertRuleSettingVersion(tx, {
      indicatorId: indicator.id,
      version,
      settings: input.settings,
      reason: input.reason,
      createdBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "rule_settings.set",
      objectType: "indicator",
      objectId: String(indicator.id),
      before: latest ? { version: latest.version, settings: latest.settings } : null,
      after: {
        indicator: input.indicatorCode,
        version,
        settings: input.settings,
        reason: input.reason,
      },
    });
  });
  const view = (await loadViews(db, actor, policyId)).find((v) => v.id === indicator.id);
  if (!view) throw notFound(`No existe el indicador ${input.indicatorCode}.`);
  return withoutId(view);
}

/**
 * The alerts across years for `year`: indicators above their oversized threshold in as many
 * consecutive years as their settings ask (reformulate the meta), and services whose PIM fell
 * against the year before (no regresividad). Both read validated figures only.
 */
export async function getRuleAlerts(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
): Promise<RuleAlerts> {
  const policyId = await requirePolicyId(db, input.policyCode);
  const views = await loadViews(db, actor, policyId);
  const span = Math.max(2, ...views.map((v) => v.resolved.sustainedOversizeYears));
  const years = Array.from({ length: span }, (_, i) => input.year - span + 1 + i);
  const evaluations = await Promise.all(
    years.map((year) =>
      evaluatePolicyYear(db, actor, { policyCode: input.policyCode, year, findings: false }),
    ),
  );
  const reformulate: RuleAlerts["reformulate"] = [];
  for (const view of views) {
    const series = evaluations.flatMap((ev) =>
      ev.indicators
        .filter((i) => i.code === view.indicator)
        .map((i) => ({ year: i.year, tipo1: i.tipo1 })),
    );
    const run = sustainedOversize(series, {
      threshold: view.resolved.oversizedTipo1,
      minYears: view.resolved.sustainedOversizeYears,
      upToYear: input.year,
    });
    if (!run) continue;
    const service = evaluations[0]?.indicators.find((i) => i.code === view.indicator)?.service;
    reformulate.push({
      indicator: view.indicator,
      name: view.name,
      service: service ?? null,
      years: run.years,
      progress: run.progress,
      threshold: view.resolved.oversizedTipo1,
    });
  }
  const pim = await getServicePimByYear(db, actor, { policyCode: input.policyCode });
  const both = pim.importedYears.includes(input.year) && pim.importedYears.includes(input.year - 1);
  const names = new Map(pim.rows.map((r) => [r.service, r.name]));
  return {
    year: input.year,
    reformulate,
    budget: both
      ? {
          previousYear: input.year - 1,
          regressions: pimRegressions(pim.rows, input.year).map((r) => ({
            service: r.service,
            name: names.get(r.service) ?? r.service,
            previousPimCents: r.previousPimCents,
            pimCents: r.pimCents,
            changePercent: r.changePercent,
          })),
        }
      : null,
  };
}
