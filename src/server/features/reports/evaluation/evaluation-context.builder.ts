import type {
  IndicatorYear,
  PolicyEvaluation,
} from "../../../../shared/evaluation/evaluate-policy.ts";
import type { Catalogue } from "../../../../shared/schemas/catalogue.schema.ts";
import type { Block } from "../render/report-document.ts";
import { renderTemplate } from "../render/report-template.ts";
import type { ReportedValue } from "../reports.repository.ts";
import type { EvaluationReportModel } from "./evaluation-model.service.ts";
import { buildPlaceholders } from "./evaluation-placeholders.builder.ts";

/**
 * What every chapter of the Informe reads: the model, the year and the year before, the
 * lookups into the catalogue and the validated values, and `fill`, which fills a template's
 * placeholders and collects the keys it does not know (the annexes list them).
 */

export interface Lookups {
  cat: Catalogue;
  entityName(code: string): string;
  serviceEntity(serviceCode: string, year: number): string | null;
  indicatorsOfService(serviceCode: string): IndicatorYear[];
  valueOf(indicator: string, year: number): ReportedValue | undefined;
}

function buildLookups(model: EvaluationReportModel): Lookups {
  const cat = model.catalogue;
  const entities = new Map(cat.entities.map((e) => [e.code, e.name]));
  const values = new Map(
    model.values.filter((v) => v.period === "ANUAL").map((v) => [`${v.indicator}|${v.year}`, v]),
  );
  return {
    cat,
    entityName: (code) => entities.get(code) ?? code,
    serviceEntity: (serviceCode, year) => {
      const s = cat.services.find((x) => x.code === serviceCode);
      const r = s?.responsibility.find(
        (x) => x.fromYear <= year && (x.toYear === null || x.toYear >= year),
      );
      return r?.entity ?? s?.responsibility.at(-1)?.entity ?? null;
    },
    indicatorsOfService: (serviceCode) =>
      model.evaluation.indicators.filter((i) => i.service === serviceCode),
    valueOf: (indicator, year) => values.get(`${indicator}|${year}`),
  };
}

export interface EvaluationContext {
  model: EvaluationReportModel;
  ev: PolicyEvaluation;
  cat: Catalogue;
  /** The year evaluated and the year before. */
  t: number;
  p: number;
  fill(template: string): string;
  /** Placeholders of the administrator's texts that no figure answers, in order of use. */
  unknownKeys: ReadonlySet<string>;
  look: Lookups;
  /** Name of the entity that conducts the policy. */
  conductor: string;
}

/** One chapter (or section) of the Informe. */
export type Chapter = (ctx: EvaluationContext) => Block[];

export function createEvaluationContext(model: EvaluationReportModel): EvaluationContext {
  const ev = model.evaluation;
  const cat = model.catalogue;
  const placeholders = buildPlaceholders(model);
  const unknownKeys = new Set<string>();
  const fill = (template: string): string => {
    const { text, unknown } = renderTemplate(template, placeholders);
    for (const k of unknown) unknownKeys.add(k);
    return text;
  };
  const look = buildLookups(model);
  return {
    model,
    ev,
    cat,
    t: ev.year,
    p: ev.previousYear,
    fill,
    unknownKeys,
    look,
    conductor: look.entityName(cat.policy.conductor),
  };
}
