import type { Actor } from "../../../shared/actor.ts";
import {
  type EvaluationInput,
  evaluatePolicy,
  type IndicatorFacts,
  type PolicyEvaluation,
} from "../../../shared/evaluation/evaluate-policy.ts";
import { hasPermission, type Role } from "../../../shared/permissions.ts";
import { withoutLineCitations } from "../../../shared/public-text.ts";
import { ValoracionConfigSchema } from "../../../shared/schemas/catalogue.schema.ts";
import { validateMeasurement } from "../../../shared/validation/measurement-rules.ts";
import {
  type RuleSettings,
  resolveRuleSettings,
} from "../../../shared/validation/rule-settings.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Database } from "../../db/connect.ts";
import { cachedRead, partsScope, valuesScope } from "../../db/read-cache.ts";
import { forbidden, notFound } from "../../errors.ts";
import { listIndicatorsInForce } from "../catalogue/indicators.repository.ts";
import { listObjectives } from "../catalogue/policy.repository.ts";
import {
  requirePolicy,
  requirePolicyId,
  requirePolicyInScope,
} from "../catalogue/policy.service.ts";
import {
  loadRuleCatalogue,
  ruleContextKey,
  ruleContextsFrom,
} from "../data-entry/rule-context.service.ts";
import { declaredLevelsFor } from "../valoracion/valoracion.service.ts";
import {
  findLatestPublication,
  listAnnualPartSums,
  listAnnualValues,
  listMetasInForce,
} from "./evaluation.repository.ts";

export interface EvaluatePolicyYearInput {
  policyCode: string;
  year: number;
  /** Include submitted (not yet validated) values: the preview of the Tablero. */
  preview?: boolean;
  /**
   * Add each value's data-quality findings to its indicator's warnings (default). A trend that
   * only plots the objectives' figures skips them, and with them the district-level sums.
   */
  findings?: boolean;
}

export type PolicyYearEvaluation = PolicyEvaluation & { basis: { statuses: MeasurementStatus[] } };

/**
 * Evaluates a policy-year from the stored catalogue. Computed once per data version and shared
 * (read-only) by every reader until something it reads changes: the catalogue (a ficha, meta,
 * entity, declaration or rule setting) or a value of the year or the year before (the previous
 * value of a cumulative indicator); a value of another year leaves it cached (ADR 0043).
 */
export async function evaluatePolicyYear(
  db: Database,
  _actor: Actor,
  input: EvaluatePolicyYearInput,
): Promise<PolicyYearEvaluation> {
  return cachedRead(
    db,
    [
      "catalogue",
      valuesScope(input.policyCode, input.year - 1),
      valuesScope(input.policyCode, input.year),
    ],
    `evaluation:${input.policyCode}:${input.year}:${input.preview ? "preview" : "validated"}:${input.findings === false ? "figures" : "findings"}`,
    () => computePolicyYear(db, input),
  );
}

/**
 * What an evaluation reads besides the values: the policy, its objectives, the indicators, metas
 * and ficha versions in force, the declared valoración and the rule settings. Cached under the
 * catalogue's version alone, so a validation recomputes only the values' part.
 */
async function evaluationCatalogue(db: Database, policyCode: string, year: number) {
  return cachedRead(db, "catalogue", `evaluation-catalogue:${policyCode}:${year}`, async () => {
    const policy = await requirePolicy(db, policyCode);
    const [objectives, indicators, metas, declared] = await Promise.all([
      listObjectives(db, policy.id),
      listIndicatorsInForce(db, policy.id, year),
      listMetasInForce(db, policy.id, [year - 1, year]),
      declaredLevelsFor(db, policy.id, year),
    ]);
    const rules = await loadRuleCatalogue(db, {
      policyId: policy.id,
      codes: indicators.map((ind) => ind.code),
    });
    const metasBy = new Map<number, Map<number, number>>();
    for (const m of metas) {
      const map = metasBy.get(m.indicatorId) ?? new Map<number, number>();
      map.set(m.year, m.value);
      metasBy.set(m.indicatorId, map);
    }
    return {
      policy: { id: policy.id, code: policy.code, name: policy.name },
      valoracion: ValoracionConfigSchema.parse(policy.valoracion),
      objectives,
      indicators,
      metasBy,
      declared,
      rules,
      // The sobre/sub-dimensionado thresholds the conductor set per indicator, as the form
      // reads them.
      settingsOf: new Map(
        rules.settings.map((s) => [s.indicatorId, resolveRuleSettings(s.settings as RuleSettings)]),
      ),
    };
  });
}

/**
 * The district totals of a policy-year's values, kept until a district row of that year (or the
 * catalogue) changes: a validation changes a value's status, not its rows.
 */
function annualPartSums(db: Database, policyCode: string, year: number) {
  return cachedRead(
    db,
    ["catalogue", partsScope(policyCode, year)],
    `part-sums:${policyCode}:${year}`,
    () => listAnnualPartSums(db, policyCode, year),
  );
}

/**
 * Loads the facts, runs the pure CEPLAN engine, and adds the data-quality findings of each value
 * to its indicator's warnings.
 */
async function computePolicyYear(
  db: Database,
  input: EvaluatePolicyYearInput,
): Promise<PolicyYearEvaluation> {
  // Both cached parts are looked up before this computation runs a statement: a statement of
  // this process makes the next version read ask the database (read-cache.ts).
  const [catalogue, parts] = await Promise.all([
    evaluationCatalogue(db, input.policyCode, input.year),
    input.findings === false ? [] : annualPartSums(db, input.policyCode, input.year),
  ]);
  const { policy, indicators } = catalogue;
  const years = [input.year - 1, input.year];
  const statuses: MeasurementStatus[] = input.preview ? ["validado", "enviado"] : ["validado"];
  const rows = await listAnnualValues(db, policy.id, years, statuses);

  const valuesBy = new Map<number, Map<number, (typeof rows)[number]>>();
  for (const v of rows) {
    const map = valuesBy.get(v.indicatorId) ?? new Map();
    map.set(v.year, v);
    valuesBy.set(v.indicatorId, map);
  }

  const facts: IndicatorFacts[] = indicators.map((ind) => {
    const byYear = valuesBy.get(ind.id) ?? new Map();
    const valueMap = new Map<number, number>();
    for (const [year, row] of byYear) if (row.value !== null) valueMap.set(year, row.value);
    return {
      code: ind.code,
      kind: ind.level,
      name: ind.name,
      objective: ind.objective,
      service: ind.service,
      responsible: ind.responsible,
      unit: ind.unit,
      direction: ind.direction,
      baseline: ind.baselineValue,
      metas: catalogue.metasBy.get(ind.id) ?? new Map(),
      values: valueMap,
      settings: catalogue.settingsOf.get(ind.id),
    };
  });

  const engineInput: EvaluationInput = {
    policy: { code: policy.code, name: policy.name },
    year: input.year,
    objectives: catalogue.objectives,
    indicators: facts,
    valoracion: catalogue.valoracion,
    declaredValoracion: catalogue.declared,
  };
  const evaluation = evaluatePolicy(engineInput);

  if (input.findings === false) return { ...evaluation, basis: { statuses } };
  // Data-quality findings of the year's value: the same rules, fed by the same context, as the
  // data-entry form; joined to the evaluated indicators by code.
  const partsBy = new Map<number, (typeof parts)[number][]>();
  for (const p of parts) partsBy.set(p.measurementId, [...(partsBy.get(p.measurementId) ?? []), p]);
  // The previous value on the evaluation's own basis (in the preview a submitted one counts):
  // the latest revision among those statuses, which is what the values above already are.
  const previous = rows
    .filter((v) => v.year === input.year - 1)
    .map((v) => ({
      indicatorId: v.indicatorId,
      year: v.year,
      period: "ANUAL" as const,
      revision: 1,
      value: v.value,
    }));
  const contexts = ruleContextsFrom(
    indicators.map((ind) => ({ indicatorCode: ind.code, year: input.year, period: "ANUAL" })),
    { ...catalogue.rules, metas: [], values: previous },
  );
  const evaluated = new Map(evaluation.indicators.map((e) => [e.code, e]));
  for (const ind of indicators) {
    const current = valuesBy.get(ind.id)?.get(input.year);
    const target = evaluated.get(ind.code);
    const context = contexts.get(
      ruleContextKey({ indicatorCode: ind.code, year: input.year, period: "ANUAL" }),
    );
    if (!current || !target || !context) continue;
    const findings = validateMeasurement(
      {
        value: current.value,
        numerator: current.numerator,
        denominator: current.denominator,
        disaggregations: partsBy.get(current.id) ?? [],
      },
      // The plausibility warning against the meta is the form's prompt to the reporter; the
      // evaluation shows the progress against the meta itself, so it is left out here as before.
      { ...context, meta: null },
    );
    for (const f of findings)
      target.warnings.push({ code: f.code, severity: f.severity, message: f.message });
  }

  return { ...evaluation, basis: { statuses } };
}

/** The preview (submitted values counted) is for the roles allowed to see it. */
export function assertCanPreview(actor: Actor, preview: boolean) {
  if (preview && !(actor.user && hasPermission(actor.user.role, "evaluation.preview"))) {
    throw forbidden("Su rol no permite la vista previa con valores no validados.");
  }
}

/**
 * The evaluation as each audience may see it: live (validated values, or the preview) for
 * signed-in readers, the published snapshot for the public.
 */
export async function getEvaluationFor(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; preview: boolean },
) {
  if (actor.user && hasPermission(actor.user.role, "evaluation.read")) {
    assertCanPreview(actor, input.preview);
    await requirePolicyInScope(db, actor, input.policyCode);
    return evaluatePolicyYear(db, actor, input);
  }
  if (input.preview)
    throw forbidden("La vista previa requiere iniciar sesión con un rol autorizado.");
  return getPublishedEvaluation(db, actor, input);
}

export const notPublished = (policyCode: string, year: number) =>
  notFound(`La evaluación ${year} de "${policyCode}" no está publicada.`);

/**
 * The published evaluation of a year (the snapshot frozen by publication/publication.service.ts),
 * the same for every reader; 404 when not published.
 */
export async function getPublishedEvaluation(
  db: Database,
  _actor: Actor,
  input: { policyCode: string; year: number },
) {
  // The same for everyone, so one copy per data version.
  return cachedRead(db, "policy", `published:${input.policyCode}:${input.year}`, () =>
    readPublishedEvaluation(db, input),
  );
}

async function readPublishedEvaluation(db: Database, input: { policyCode: string; year: number }) {
  const policyId = await requirePolicyId(db, input.policyCode);
  const publication = await findLatestPublication(db, policyId, input.year);
  if (!publication || publication.withdrawnAt !== null)
    throw notPublished(input.policyCode, input.year);
  const snapshot = publication.snapshot as PolicyYearEvaluation;
  return {
    ...snapshot,
    // Snapshots frozen before sources were cleaned still carry line citations in the basis.
    valoracion: {
      ...snapshot.valoracion,
      criteria: snapshot.valoracion.criteria.map((c) => ({
        ...c,
        basis: withoutLineCitations(c.basis),
      })),
    },
    publication: {
      publishedAt: new Date(publication.publishedAt).toISOString(),
      publishedByRole: (publication.publishedByRole as Role | null) ?? null,
    },
  };
}
