import type { Actor } from "../../../shared/actor.ts";
import type { ReportingStatus, TrendPoint } from "../../../shared/contracts/dashboard.contract.ts";
import { computeDashboardFigures } from "../../../shared/dashboard/dashboard-figures.ts";
import { dayInLima, todayInLima } from "../../../shared/dates.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Database } from "../../db/connect.ts";
import { cachedRead, partsScope, valuesScope } from "../../db/read-cache.ts";
import { listIndicatorsInForce } from "../catalogue/indicators.repository.ts";
import { requirePolicyId, requirePolicyInScope } from "../catalogue/policy.service.ts";
import {
  listLatestForPeriods,
  listYearsWithAnnualValues,
} from "../data-entry/measurements.repository.ts";
import { findLatestPublication, listAnnualValues } from "../evaluation/evaluation.repository.ts";
import { assertCanPreview, evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { listPeriodsOfYear, sumDisaggregationsOfYear } from "./dashboard.repository.ts";

/** The first year the PNTP was evaluated; trends start there or at the first year with data. */
const FIRST_TREND_YEAR = 2022;

/**
 * Completeness and timeliness per entity for a year: for each indicator and period, a value
 * sent by the deadline (on time), after it (late), or not yet (missing). Years before the
 * Tablero had periods count their annual values as on time.
 */
async function computeReportingStatus(
  db: Database,
  policyId: number,
  year: number,
  indicators: readonly { id: number; responsible: string }[],
  today: string,
): Promise<ReportingStatus[]> {
  const declared = await listPeriodsOfYear(db, policyId, year);
  const periods = declared.length
    ? declared
    : [{ year, period: "ANUAL" as const, deadline: null as string | null }];
  const latest = await listLatestForPeriods(db, policyId, periods);
  const byEntity = new Map<string, ReportingStatus>();
  for (const p of periods) {
    for (const ind of indicators) {
      const row = byEntity.get(ind.responsible) ?? {
        entity: ind.responsible,
        expected: 0,
        onTime: 0,
        late: 0,
        missing: 0,
        pending: 0,
        validated: 0,
      };
      byEntity.set(ind.responsible, row);
      row.expected += 1;
      const m = latest.find(
        (l) => l.indicatorId === ind.id && l.year === p.year && l.period === p.period,
      );
      const sent = m && (m.status === "enviado" || m.status === "validado");
      if (m?.status === "validado") row.validated += 1;
      if (!sent) {
        // Before the deadline a value not sent yet is pending, not missing.
        if (p.deadline && today <= p.deadline) row.pending += 1;
        else row.missing += 1;
        continue;
      }
      const sentDay = m.submittedAt ? dayInLima(m.submittedAt) : null;
      if (p.deadline && sentDay && sentDay > p.deadline) row.late += 1;
      else row.onTime += 1;
    }
  }
  return [...byEntity.values()].sort((a, b) => a.entity.localeCompare(b.entity));
}

/**
 * The disaggregation sums of the values shown (one per indicator), in the order they were
 * entered: picked from the year's sums, which a validation leaves cached.
 */
async function partsOf(db: Database, policyCode: string, year: number, ids: readonly number[]) {
  const all = await cachedRead(
    db,
    ["catalogue", partsScope(policyCode, year)],
    `dashboard-parts:${policyCode}:${year}`,
    () => sumDisaggregationsOfYear(db, policyCode, year),
  );
  const shown = new Set(ids);
  return all
    .filter((p) => shown.has(p.measurementId))
    .sort((a, b) => a.indicatorId - b.indicatorId || a.position - b.position);
}

/**
 * Everything the Tablero's home shows for a year, computed from the stored values. The same for
 * every reader allowed to see it, so it is computed once per data version and day. It shows the
 * trend of every year, so any value of the policy moves it; but it is put together from each
 * year's cached evaluation and reporting status, so a validation recomputes only the years that
 * read the validated one (ADR 0043).
 */
export async function getDashboard(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; preview: boolean },
) {
  assertCanPreview(actor, input.preview);
  // The figures are the same for every reader, but not every reader may see every plan.
  await requirePolicyInScope(db, actor, input.policyCode);
  const today = todayInLima();
  return cachedRead(
    db,
    ["catalogue", valuesScope(input.policyCode)],
    `dashboard:${input.policyCode}:${input.year}:${input.preview}:${today}`,
    () => computeDashboard(db, actor, input, today),
  );
}

async function computeDashboard(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; preview: boolean },
  today: string,
) {
  const policyId = await requirePolicyId(db, input.policyCode);
  const evaluation = await evaluatePolicyYear(db, actor, input);
  const years = await listYearsWithAnnualValues(db, policyId);
  const first = Math.min(FIRST_TREND_YEAR, ...years);
  const last = Math.max(input.year, ...years.filter((y) => y <= new Date().getFullYear() + 1));
  // Each year is its own cached evaluation; on PostgreSQL the pool computes them side by side.
  const trendYears = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const perYear = await Promise.all(
    trendYears.map((y) =>
      y === input.year
        ? evaluation
        : evaluatePolicyYear(db, actor, { ...input, year: y, findings: false }),
    ),
  );
  const trend: TrendPoint[] = perYear.flatMap((ev) =>
    ev.objectives.map((o) => ({
      year: ev.year,
      objective: o.code,
      tipo1: o.tipo1,
      tipo2: o.tipo2,
    })),
  );
  const flagged = evaluation.indicators.flatMap((i) =>
    i.warnings.map((w) => ({
      indicator: i.code,
      entity: i.responsible,
      code: w.code,
      severity: w.severity,
      message: w.message,
    })),
  );
  // Coverage counts annual values, the evaluation's own: a reported one whatever its review,
  // a validated one as the evaluation reads it; the parts are those of the evaluated values.
  const annual = async (statuses: MeasurementStatus[]) => ({
    rows: await listAnnualValues(db, policyId, [input.year], statuses),
  });
  const [indicators, reported, validated] = await Promise.all([
    listIndicatorsInForce(db, policyId, input.year),
    annual(["enviado", "observado", "validado"]),
    annual(["validado"]),
  ]);
  const evaluated = input.preview ? await annual(evaluation.basis.statuses) : validated;
  const figures = computeDashboardFigures({
    year: input.year,
    indicators,
    reported: reported.rows,
    validated: validated.rows,
    perYear,
    parts: await partsOf(
      db,
      input.policyCode,
      input.year,
      evaluated.rows.map((r) => r.id),
    ),
  });
  const publication = await findLatestPublication(db, policyId, input.year);
  const standing = publication && publication.withdrawnAt === null ? publication : null;
  const withdrawn = publication?.withdrawnAt ? publication : null;
  return {
    evaluation,
    reporting: await cachedRead(
      db,
      ["catalogue", valuesScope(input.policyCode, input.year)],
      `reporting:${input.policyCode}:${input.year}:${today}`,
      () => computeReportingStatus(db, policyId, input.year, indicators, today),
    ),
    flagged,
    trend,
    ...figures,
    published: standing
      ? { year: standing.year, publishedAt: new Date(standing.publishedAt).toISOString() }
      : null,
    // The last publication was withdrawn: the Tablero says when and why.
    withdrawn:
      withdrawn?.withdrawnAt && withdrawn.withdrawalReason
        ? {
            year: withdrawn.year,
            withdrawnAt: new Date(withdrawn.withdrawnAt).toISOString(),
            reason: withdrawn.withdrawalReason,
          }
        : null,
  };
}
