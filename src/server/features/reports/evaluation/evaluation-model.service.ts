import type { Actor } from "../../../../shared/actor.ts";
import type { PolicyEvaluation } from "../../../../shared/evaluation/evaluate-policy.ts";
import type { Catalogue } from "../../../../shared/schemas/catalogue.schema.ts";
import type { MeasurementStatus } from "../../../../shared/workflow/measurement-status.ts";
import type { Database } from "../../../db/connect.ts";
import { notFound } from "../../../errors.ts";
import { exportCatalogue } from "../../catalogue/catalogue.service.ts";
import { findPolicyId } from "../../catalogue/policy.repository.ts";
import {
  type CommitmentFollowUp,
  loadCommitmentFollowUp,
} from "../../commitments/commitments.service.ts";
import { listYearsWithAnnualValues } from "../../data-entry/measurements.repository.ts";
import { evaluatePolicyYear } from "../../evaluation/evaluation.service.ts";
import { resolveActorNames } from "../../users/actor-names.service.ts";
import { isoDate } from "../render/report-format.ts";
import { listReportTexts, type ReportTextRow } from "../report-text.repository.ts";
import { listReportedValues, type ReportedValue } from "../reports.repository.ts";
import { loadReportBudget, type ReportBudget } from "./evaluation-budget.service.ts";

/**
 * Everything a document about one policy-year shows, as plain data read once: the engine's
 * evaluation (the only source of figures), the catalogue (names, fichas, narrative, Matriz de
 * compromisos), the validated values with their ids, earlier years for the trend, the
 * administrator's texts and the budget. Renderers format this; they never query or compute figures.
 */

export interface YearSummary {
  year: number;
  index: PolicyEvaluation["index"];
  objectives: { code: string; tipo1: number | "ND"; tipo2: number | "ND" }[];
}

export interface EvaluationReportModel {
  policyCode: string;
  year: number;
  generatedAt: Date;
  /** Date (AAAA-MM-DD) up to which validated data is included: the moment it was read. */
  cutOff: string;
  evaluation: PolicyEvaluation;
  catalogue: Catalogue;
  /** Validated values of t−1 and t in force (latest validated revision), every period. */
  values: ReportedValue[];
  /** Years with validated annual values up to `year`, each evaluated the same way. */
  history: YearSummary[];
  texts: ReadonlyMap<string, ReportTextRow & { authorName: string }>;
  /** The policy's budget of the year (section 2.5), or null when none was imported. */
  budget: ReportBudget | null;
  /** The Matriz's compliance per entity and overdue commitments on the day of the cut-off. */
  commitments: CommitmentFollowUp;
}

export interface BuildReportModelInput {
  policyCode: string;
  year: number;
  /** Fixed in tests so documents are reproducible; the current time otherwise. */
  now?: Date;
}

/** Evaluations use validated data only: the reports are what gets published. */
const PUBLISHED: MeasurementStatus[] = ["validado"];

export async function buildEvaluationReportModel(
  db: Database,
  actor: Actor,
  input: BuildReportModelInput,
): Promise<EvaluationReportModel> {
  const policyId = await findPolicyId(db, input.policyCode);
  if (policyId === null) throw notFound(`No existe la política "${input.policyCode}".`);
  const now = input.now ?? new Date();
  const { year } = input;
  const [evaluation, catalogue, values, years, texts, budget, commitments] = await Promise.all([
    evaluatePolicyYear(db, actor, { policyCode: input.policyCode, year }),
    exportCatalogue(db, actor, { policyCode: input.policyCode }),
    listReportedValues(db, policyId, {
      years: [year - 1, year],
      periods: ["ANUAL", "S1", "S2"],
      statuses: PUBLISHED,
    }),
    listYearsWithAnnualValues(db, policyId, PUBLISHED),
    listReportTexts(db, policyId, year),
    loadReportBudget(db, actor, { policyCode: input.policyCode, year }),
    loadCommitmentFollowUp(db, actor, { policyCode: input.policyCode, now }),
  ]);
  const history: YearSummary[] = [];
  for (const y of years.filter((y) => y <= year)) {
    const ev =
      y === year
        ? evaluation
        : // The trend needs each year's figures only, not the district sums of its findings.
          await evaluatePolicyYear(db, actor, {
            policyCode: input.policyCode,
            year: y,
            findings: false,
          });
    history.push({
      year: y,
      index: ev.index,
      objectives: ev.objectives.map((o) => ({ code: o.code, tipo1: o.tipo1, tipo2: o.tipo2 })),
    });
  }
  // Documents name who wrote a text, never an account id or an e-mail address.
  const names = await resolveActorNames(
    db,
    actor,
    texts.map((t) => t.author),
  );
  return {
    policyCode: input.policyCode,
    year,
    generatedAt: now,
    cutOff: isoDate(now),
    evaluation,
    catalogue,
    values,
    history,
    texts: new Map(
      texts.map((t) => [t.section, { ...t, authorName: names(t.author)?.name ?? t.author }]),
    ),
    budget,
    commitments,
  };
}
