import type { Direction } from "../../../shared/ceplan-formulas.ts";
import type { RuleContext } from "../../../shared/contracts/data-entry.contract.ts";
import type { PeriodKind, Unit } from "../../../shared/schemas/catalogue.schema.ts";
import {
  type RuleSettings,
  resolveRuleSettings,
} from "../../../shared/validation/rule-settings.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";
import {
  listIndicatorVersions,
  listMetaRevisions,
  listRuleSettingsInForce,
  listValueRevisions,
} from "./rule-context.repository.ts";

/**
 * The one source of what the validation rules need besides the value (unit, direction,
 * cumulative flag, meta, previous value), for the data-entry form and its review queue, the
 * evaluation and the monitoring report alike. Three queries whatever the number of requests;
 * the choice among the rows is `ruleContextsFrom`, a pure function.
 */

export interface RuleContextRequest {
  indicatorCode: string;
  year: number;
  period: PeriodKind;
  /**
   * The ficha version a stored value was recorded against; without it, the version in force
   * in `year` (a value not written yet).
   */
  indicatorVersionId?: number;
}

export interface RuleContextOptions {
  /**
   * The workflow states a previous value may be in: validated only (the default, the rule the
   * reporter is held to), or also submitted for the evaluation's preview.
   */
  previousStatuses?: readonly MeasurementStatus[];
  /**
   * Whether an annual value of a non-cumulative indicator gets the previous year's value for
   * the year-over-year warning: data entry and its review queue ask for it; the evaluation and
   * the monitoring report judge published figures by the rules they were validated under.
   */
  yearOverYear?: boolean;
}

/** The key of a request in the map `loadRuleContexts` returns. */
export const ruleContextKey = (r: { indicatorCode: string; year: number; period: string }) =>
  `${r.indicatorCode}|${r.year}|${r.period}`;

/** The periods whose validated value a cumulative value must not fall below, nearest first. */
export function previousPeriods(year: number, period: PeriodKind): [number, PeriodKind][] {
  if (period === "S2") return [[year, "S1"]];
  if (period === "S1")
    return [
      [year - 1, "S2"],
      [year - 1, "ANUAL"],
    ];
  return [[year - 1, "ANUAL"]];
}

type Versions = Awaited<ReturnType<typeof listIndicatorVersions>>;
type Metas = Awaited<ReturnType<typeof listMetaRevisions>>;
type Values = Awaited<ReturnType<typeof listValueRevisions>>;
type Settings = Awaited<ReturnType<typeof listRuleSettingsInForce>>;

/** Highest row by `revision` per key. */
function latestBy<T extends { revision: number }>(rows: readonly T[], key: (r: T) => string) {
  const out = new Map<string, T>();
  for (const r of rows) {
    const seen = out.get(key(r));
    if (!seen || r.revision > seen.revision) out.set(key(r), r);
  }
  return out;
}

/** The highest version valid in `year`: the SQL rule `versionInForce`, on loaded rows. */
function versionInForce(versions: Versions, indicatorId: number, year: number) {
  let best: Versions[number] | undefined;
  for (const v of versions) {
    if (v.indicatorId !== indicatorId || v.validFrom > year) continue;
    if (v.validTo !== null && v.validTo < year) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best;
}

/**
 * The contexts of the requests from the loaded rows; a request whose indicator has no version
 * (in force, or the one named) gets none.
 */
export function ruleContextsFrom(
  requests: readonly RuleContextRequest[],
  rows: { versions: Versions; metas: Metas; values: Values; settings?: Settings },
  options: { yearOverYear?: boolean } = {},
): Map<string, RuleContext> {
  const settingsOf = new Map(
    (rows.settings ?? []).map((s) => [s.indicatorId, s.settings as RuleSettings]),
  );
  const idOf = new Map(rows.versions.map((v) => [v.code, v.indicatorId]));
  const byVersionId = new Map(rows.versions.map((v) => [v.versionId, v]));
  const metas = latestBy(rows.metas, (m) => `${m.indicatorId}|${m.year}`);
  const values = latestBy(rows.values, (v) => `${v.indicatorId}|${v.year}|${v.period}`);
  const out = new Map<string, RuleContext>();
  for (const r of requests) {
    const indicatorId = idOf.get(r.indicatorCode);
    if (indicatorId === undefined) continue;
    const version =
      r.indicatorVersionId !== undefined
        ? byVersionId.get(r.indicatorVersionId)
        : versionInForce(rows.versions, indicatorId, r.year);
    if (!version) continue;
    let previous: RuleContext["previous"] = null;
    if (version.isCumulative) {
      for (const [y, p] of previousPeriods(r.year, r.period)) {
        const found = values.get(`${indicatorId}|${y}|${p}`);
        if (found?.value != null) {
          previous = { label: `${p === "ANUAL" ? "" : `${p} `}${y}`, value: found.value };
          break;
        }
      }
    }
    let previousYear: RuleContext["previousYear"] = null;
    if (options.yearOverYear && !version.isCumulative && r.period === "ANUAL") {
      const found = values.get(`${indicatorId}|${r.year - 1}|ANUAL`);
      if (found?.value != null) previousYear = { label: String(r.year - 1), value: found.value };
    }
    out.set(ruleContextKey(r), {
      unit: version.unit as Unit,
      isCumulative: version.isCumulative,
      direction: version.direction as Direction,
      // Semester values are partial: only an annual value is compared with the year's meta.
      meta: r.period === "ANUAL" ? (metas.get(`${indicatorId}|${r.year}`)?.value ?? null) : null,
      previous,
      previousYear,
      settings: resolveRuleSettings(settingsOf.get(indicatorId)),
    });
  }
  return out;
}

/**
 * What the rules read besides metas and values: the ficha versions and rule settings of these
 * indicators. The evaluation caches it with its catalogue and adds the values it has loaded.
 */
export async function loadRuleCatalogue(
  db: Executor,
  input: { policyId: number; codes: readonly string[] },
): Promise<{ versions: Versions; settings: Settings }> {
  const versions = await listIndicatorVersions(db, input.policyId, [...new Set(input.codes)]);
  const settings = await listRuleSettingsInForce(db, [
    ...new Set(versions.map((v) => v.indicatorId)),
  ]);
  return { versions, settings };
}

/** Loads the rule contexts of many values (or values to be) of one policy at once. */
export async function loadRuleContexts(
  db: Executor,
  input: { policyId: number; requests: readonly RuleContextRequest[] } & RuleContextOptions,
): Promise<Map<string, RuleContext>> {
  const { requests } = input;
  if (requests.length === 0) return new Map();
  const versions = await listIndicatorVersions(db, input.policyId, [
    ...new Set(requests.map((r) => r.indicatorCode)),
  ]);
  const indicatorIds = [...new Set(versions.map((v) => v.indicatorId))];
  const annualYears = [...new Set(requests.filter((r) => r.period === "ANUAL").map((r) => r.year))];
  const previous = requests.flatMap((r) => previousPeriods(r.year, r.period));
  const [metas, values, settings] = await Promise.all([
    listMetaRevisions(db, indicatorIds, annualYears),
    listValueRevisions(
      db,
      indicatorIds,
      [...new Set(previous.map(([y]) => y))],
      [...new Set(previous.map(([, p]) => p))],
      input.previousStatuses ?? ["validado"],
    ),
    listRuleSettingsInForce(db, indicatorIds),
  ]);
  return ruleContextsFrom(
    requests,
    { versions, metas, values, settings },
    { yearOverYear: input.yearOverYear },
  );
}
