import type { Actor } from "../../../../shared/actor.ts";
import type { Database } from "../../../db/connect.ts";
import {
  buildEvaluationReportModel,
  type EvaluationReportModel,
} from "../evaluation/evaluation-model.service.ts";
import { answerFigureQuery, type TipAnswer } from "../tip/tip-data-points.builder.ts";
import { protectAnswers } from "../tip/tip-disclosure.service.ts";
import { annualFigures, TIP_POLICY } from "../tip/tip-model.service.ts";
import {
  CONGRESS_CONCEPTS,
  type CongressStatistics,
  congressQueries,
} from "./congress-statistics.builder.ts";

/**
 * The report to Congress reads the Informe de Evaluación's model (evaluation, catalogue with the
 * Matriz de compromisos, budget) and the statistical register's figures of the year, protected
 * as a public output (the report is published), once.
 */

/** The registry's output (src/shared/disclosure/disclosure-outputs.ts): public, always. */
export const CONGRESS_OUTPUT = "congreso";

export interface CongressReportModel {
  evaluation: EvaluationReportModel;
  statistics: CongressStatistics;
  suppressed: number;
}

const NONE: TipAnswer = { groups: [], status: "no_disponible" };

export async function buildCongressReportModel(
  db: Database,
  actor: Actor,
  input: { year: number; policyCode?: string; now?: Date },
): Promise<CongressReportModel> {
  const policyCode = input.policyCode ?? TIP_POLICY;
  const [evaluation, figures] = await Promise.all([
    buildEvaluationReportModel(db, actor, {
      policyCode,
      year: input.year,
      ...(input.now ? { now: input.now } : {}),
    }),
    annualFigures(db, actor, input.year),
  ]);
  const concepts = CONGRESS_CONCEPTS.map((c) => {
    const q = congressQueries(c.code);
    return {
      concept: c.code,
      label: c.es,
      region: answerFigureQuery(q.region, figures),
      sexAge: answerFigureQuery(q.sexAge, figures),
    };
  });
  const counts = await protectAnswers(db, actor, {
    answers: concepts.flatMap((c) => [
      { current: c.region, previous: NONE },
      { current: c.sexAge, previous: NONE },
    ]),
    output: CONGRESS_OUTPUT,
    year: input.year,
  });
  return {
    evaluation,
    statistics: { year: input.year, concepts, shown: counts.shown, k: counts.disclosure.k },
    suppressed: counts.disclosure.suppressed,
  };
}
