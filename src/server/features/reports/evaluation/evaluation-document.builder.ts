import { type Block, note, type ReportDocument } from "../render/report-document.ts";
import { formatDateEs } from "../render/report-format.ts";
import { annexesChapter } from "./annexes-chapter.builder.ts";
import { commitmentsChapter } from "./commitments-chapter.builder.ts";
import { conclusionsChapter, recommendationsChapter } from "./conclusions-chapter.builder.ts";
import { indicatorsSheet, valuesSheet } from "./data-sheets.builder.ts";
import { type Chapter, createEvaluationContext } from "./evaluation-context.builder.ts";
import type { EvaluationReportModel } from "./evaluation-model.service.ts";
import { executiveSummaryChapter } from "./executive-summary-chapter.builder.ts";
import { fichasChapter } from "./fichas-chapter.builder.ts";
import { policyDescriptionChapter } from "./policy-description-chapter.builder.ts";
import { resultsChapter } from "./results-chapter.builder.ts";

/**
 * The Informe de Evaluación of one policy-year as a document, following the structure of
 * MININTER's Informe 2022–2023 (seed_001.md §1): resumen ejecutivo, descripción de la
 * política, análisis de resultados (tables per objective, level counts, Cuadros 01/02,
 * índice, valoración), fichas de servicios, conclusiones, recomendaciones, Matriz de
 * compromisos and annexes. Every sentence with a figure is a template filled from the
 * evaluation (evaluation-placeholders.builder.ts); tables print the same evaluation.
 */

/** The chapters in the order the Informe prints them. */
const EVALUATION_CHAPTERS: Chapter[] = [
  executiveSummaryChapter,
  policyDescriptionChapter,
  resultsChapter,
  fichasChapter,
  conclusionsChapter,
  recommendationsChapter,
  commitmentsChapter,
  annexesChapter,
];

export function buildEvaluationDocument(model: EvaluationReportModel): ReportDocument {
  const ctx = createEvaluationContext(model);
  const { cat, t, p, conductor, look, unknownKeys } = ctx;
  const blocks: Block[] = [
    { kind: "toc" },
    ...EVALUATION_CHAPTERS.flatMap((chapter) => chapter(ctx)),
  ];
  // Last, once every chapter has filled its texts.
  if (unknownKeys.size > 0) {
    blocks.push(
      note(
        `Marcadores no reconocidos en los textos registrados: ${[...unknownKeys].map((k) => `{{${k}}}`).join(", ")}.`,
      ),
    );
  }

  return {
    fileStem: `informe-evaluacion-${model.policyCode}-${t}`,
    title: "Informe de Evaluación de Resultados",
    subtitle: `${cat.policy.name} — año ${t} (comparado con ${p})`,
    coverLines: [
      `Conductor: ${conductor}${cat.policy.conductorUnit ? ` (${cat.policy.conductorUnit})` : ""}`,
      `Aprobada mediante ${cat.policy.approvalNorm ?? "—"}`,
      `Fecha de corte de los datos: ${formatDateEs(model.cutOff)} (solo valores validados)`,
      `Generado por Vigía el ${formatDateEs(model.generatedAt.toISOString().slice(0, 10))}`,
    ],
    runningTitle: `Informe de Evaluación ${t} — ${cat.policy.shortName ?? cat.policy.code}`,
    blocks,
    dataSheets: [valuesSheet(model), indicatorsSheet(model, look)],
  };
}
