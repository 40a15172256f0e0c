import type { PolicyEvaluation } from "../../../../shared/evaluation/evaluate-policy.ts";
import { type Block, paragraph } from "../render/report-document.ts";

/**
 * The Informe's texts that are not tables: the sections the administrator may write, the
 * wording used while they are not written, and the split of a text into blocks.
 */

/** Report text sections the administrator may write (`vigia report text set`). */
export const REPORT_TEXT_SECTIONS = ["resumen", "conclusiones", "recomendaciones"] as const;
export type ReportTextSection = (typeof REPORT_TEXT_SECTIONS)[number];

/**
 * Used while the administrator has not written a section: the Informe's own wording for the
 * computed conclusions (4.1–4.3) and recommendations (5.1–5.2), with placeholders. A figure
 * that cannot be computed gets a sentence that says so rather than "ND %".
 */
export function defaultReportText(
  section: Exclude<ReportTextSection, "resumen">,
  ev: PolicyEvaluation,
): string {
  if (section === "recomendaciones") {
    return [
      "Para mejorar el índice de gestión, se recomienda priorizar los indicadores de objetivos prioritarios en nivel bajo en {{anio}}: {{bajos.op}}.",
      "Para mejorar el nivel de implementación, se recomienda revisar con las entidades responsables los indicadores de servicios en nivel bajo en {{anio}} ({{bajos.servicios}}), y ajustar las metas de los indicadores con avances sobredimensionados o subdimensionados (anexo 2).",
    ].join("\n\n");
  }
  return [
    ev.index.tipo2 === "ND"
      ? INDEX_NOT_AVAILABLE
      : "El índice de gestión de la {{politica.nombre}}, que se rige por los resultados de los objetivos prioritarios con sus indicadores, es de {{indice.tipo2}} % en {{anio}}, un avance de nivel {{indice.nivel}} {{indice.banda}} de acuerdo con el avance tipo 2 establecido por el CEPLAN.",
    ev.valoracion.total === "ND"
      ? "La valoración de la implementación no puede calcularse para {{anio}}: al menos un criterio no tiene nivel."
      : "La valoración de la implementación obtuvo un puntaje de {{valoracion.total}}, que corresponde a un nivel de implementación {{valoracion.nivel}}.",
    ev.levelCounts.total.total === 0
      ? NO_INDICATOR_CALCULABLE
      : "De {{conteo.total.total|# indicador|los # indicadores}} con avance calculable, {{conteo.total.bajo}} {{conteo.total.bajo|tiene|tienen}} un avance tipo 1 de nivel bajo: {{conteo.indicadores_op.bajo}} de objetivos prioritarios ({{bajos.op}}) y {{conteo.servicios.bajo}} de servicios ({{bajos.servicios}}).",
  ].join("\n\n");
}

export const INDEX_NOT_AVAILABLE =
  "El índice de gestión de la Política en {{anio}} no puede calcularse (ND): ningún objetivo prioritario tiene un avance tipo 2 calculable con los valores validados.";
export const NO_INDICATOR_CALCULABLE =
  "Ningún indicador tiene avance calculable en {{anio}}: no hay valores validados con su meta para el año.";

/** Splits an administrator's text into paragraphs and bullet lists ("- " lines). */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length === 0) continue;
    if (lines.every((l) => /^[-•*]\s+/.test(l))) {
      blocks.push({ kind: "bullets", items: lines.map((l) => [l.replace(/^[-•*]\s+/, "")]) });
    } else {
      blocks.push(paragraph(lines.join(" ")));
    }
  }
  return blocks;
}
