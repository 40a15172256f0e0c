import type { Actor } from "../../../../shared/actor.ts";
import { fichaInForce } from "../../../../shared/catalogue/ficha-in-force.ts";
import {
  aggregateProgress,
  type CeplanLevel,
  classifyLevel,
  computeTipo1,
  type Progress,
} from "../../../../shared/ceplan-formulas.ts";
import type { Catalogue, PeriodKind, Unit } from "../../../../shared/schemas/catalogue.schema.ts";
import {
  type RuleFinding,
  validateMeasurement,
} from "../../../../shared/validation/measurement-rules.ts";
import type { MeasurementStatus } from "../../../../shared/workflow/measurement-status.ts";
import type { Database } from "../../../db/connect.ts";
import { notFound } from "../../../errors.ts";
import { exportCatalogue } from "../../catalogue/catalogue.service.ts";
import { findPolicyId } from "../../catalogue/policy.repository.ts";
import { loadRuleContexts, ruleContextKey } from "../../data-entry/rule-context.service.ts";
import { evaluatePolicyYear } from "../../evaluation/evaluation.service.ts";
import { isoDate } from "../render/report-format.ts";
import {
  listDisaggregations,
  listReportedValues,
  type ReportedValue,
} from "../reports.repository.ts";

/**
 * The reporte de seguimiento of a semester: what each indicator has reported so far, its
 * progress against the annual meta, how complete each entity is, and the values the quality
 * rules flag. Values in any workflow state are shown with their state: this is the
 * conductor's working document, not a publication.
 *
 * S1 uses the first-semester values; S2 the second-semester value or, where the entity
 * reported only the annual figure, that one (it closes the second semester).
 *
 * Timeliness (reported before the period's deadline) and pending observations depend on the
 * reporting periods and the validation workflow, which live in another feature; they plug in
 * as further fields of `MonitoringIndicator` / `MonitoringEntity` and further sections of
 * monitoring-document.builder.ts, without changing what is here.
 */

export type Semester = "S1" | "S2";

export interface MonitoringIndicator {
  code: string;
  kind: "objetivo" | "servicio";
  name: string;
  objective: string;
  service: string | null;
  responsible: string;
  unit: Unit;
  annualMeta: number | null;
  value: ReportedValue | null;
  /** Avance tipo 1 of the value so far against the annual meta, unrounded. */
  progress: Progress;
  level: CeplanLevel | "ND";
  findings: RuleFinding[];
}

export interface MonitoringEntity {
  code: string;
  name: string;
  indicators: string[];
  reported: string[];
  validated: string[];
  missing: string[];
}

export interface MonitoringService {
  code: string;
  number: number;
  name: string;
  entity: string | null;
  indicators: string[];
  progress: Progress;
  level: CeplanLevel | "ND";
}

export interface MonitoringReportModel {
  policyCode: string;
  policyName: string;
  shortName: string | null;
  year: number;
  period: Semester;
  generatedAt: Date;
  cutOff: string;
  catalogue: Catalogue;
  indicators: MonitoringIndicator[];
  entities: MonitoringEntity[];
  services: MonitoringService[];
  statusCounts: Record<string, number>;
}

const ALL_STATUSES: MeasurementStatus[] = ["borrador", "enviado", "observado", "validado"];

export async function buildMonitoringReportModel(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; period: Semester; now?: Date },
): Promise<MonitoringReportModel> {
  const policyId = await findPolicyId(db, input.policyCode);
  if (policyId === null) throw notFound(`No existe la política "${input.policyCode}".`);
  const now = input.now ?? new Date();
  const periods: PeriodKind[] = input.period === "S1" ? ["S1"] : ["S2", "ANUAL"];
  const [evaluation, catalogue, values] = await Promise.all([
    // Metas, names and responsibles of the indicators in force; its figures are not used.
    evaluatePolicyYear(db, actor, { policyCode: input.policyCode, year: input.year }),
    exportCatalogue(db, actor, { policyCode: input.policyCode }),
    listReportedValues(db, policyId, {
      years: [input.year],
      periods,
      statuses: ALL_STATUSES,
    }),
  ]);
  const parts = await listDisaggregations(
    db,
    values.map((v) => v.id),
  );
  const byIndicator = new Map<string, ReportedValue>();
  for (const period of [...periods].reverse()) {
    // The semester's own value wins over the annual one: set it last.
    for (const v of values.filter((x) => x.period === period)) byIndicator.set(v.indicator, v);
  }
  // The rules' context from the one loader the data-entry form uses, so a cumulative value is
  // compared with the preceding validated period (S2 with S1, S1 with the previous year).
  const contexts = await loadRuleContexts(db, {
    policyId,
    requests: [...byIndicator.values()].map((v) => ({
      indicatorCode: v.indicator,
      year: v.year,
      period: v.period,
    })),
  });

  const indicators: MonitoringIndicator[] = evaluation.indicators.map((i) => {
    const ci = catalogue.indicators.find((c) => c.code === i.code);
    const version = ci ? fichaInForce(ci.versions, input.year) : undefined;
    const value = byIndicator.get(i.code) ?? null;
    const progress = computeTipo1(value?.value ?? null, i.meta, version?.direction ?? "ascendente");
    const context = value
      ? contexts.get(
          ruleContextKey({
            indicatorCode: value.indicator,
            year: value.year,
            period: value.period,
          }),
        )
      : undefined;
    const findings =
      value && context
        ? validateMeasurement(
            {
              value: value.value,
              numerator: value.numerator,
              denominator: value.denominator,
              disaggregations: parts.filter((p) => p.measurementId === value.id),
            },
            // Progress against the annual meta is this report's own column, so the form's
            // plausibility prompt is not repeated as a finding (as before).
            { ...context, meta: null },
          )
        : [];
    return {
      code: i.code,
      kind: i.kind,
      name: i.name,
      objective: i.objective,
      service: i.service,
      responsible: i.responsible,
      unit: i.unit,
      annualMeta: i.meta,
      value,
      progress,
      level: classifyLevel(progress),
      findings,
    };
  });

  const entityNames = new Map(catalogue.entities.map((e) => [e.code, e.name]));
  const entityCodes = [...new Set(indicators.map((i) => i.responsible))].sort();
  const entities: MonitoringEntity[] = entityCodes.map((code) => {
    const own = indicators.filter((i) => i.responsible === code);
    return {
      code,
      name: entityNames.get(code) ?? code,
      indicators: own.map((i) => i.code),
      reported: own.filter((i) => i.value?.value != null).map((i) => i.code),
      validated: own.filter((i) => i.value?.status === "validado").map((i) => i.code),
      missing: own.filter((i) => i.value?.value == null).map((i) => i.code),
    };
  });

  const services: MonitoringService[] = catalogue.services.map((s) => {
    const own = indicators.filter((i) => i.service === s.code);
    const progress = aggregateProgress(own.map((i) => i.progress));
    const resp = s.responsibility.find(
      (r) => r.fromYear <= input.year && (r.toYear === null || r.toYear >= input.year),
    );
    return {
      code: s.code,
      number: s.number,
      name: s.name,
      entity: resp?.entity ?? null,
      indicators: own.map((i) => i.code),
      progress,
      level: classifyLevel(progress),
    };
  });

  const statusCounts: Record<string, number> = Object.fromEntries(
    ALL_STATUSES.map((s) => [s, indicators.filter((i) => i.value?.status === s).length]),
  );
  return {
    policyCode: input.policyCode,
    policyName: catalogue.policy.name,
    shortName: catalogue.policy.shortName,
    year: input.year,
    period: input.period,
    generatedAt: now,
    cutOff: isoDate(now),
    catalogue,
    indicators,
    entities,
    services,
    statusCounts,
  };
}
