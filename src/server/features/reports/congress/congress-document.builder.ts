import { commitmentsTable } from "../evaluation/annex-tables.builder.ts";
import { budgetSection } from "../evaluation/budget-section.builder.ts";
import { buildPlaceholders } from "../evaluation/evaluation-placeholders.builder.ts";
import { INDEX_NOT_AVAILABLE } from "../evaluation/evaluation-text.builder.ts";
import { indexTable, valoracionTable } from "../evaluation/result-tables.builder.ts";
import {
  type Block,
  heading,
  note,
  paragraph,
  type ReportDocument,
  table,
} from "../render/report-document.ts";
import { formatDateEs } from "../render/report-format.ts";
import { renderTemplate } from "../render/report-template.ts";
import type { CongressReportModel } from "./congress-model.service.ts";
import { statisticsChapter, statisticsPlaceholders } from "./congress-statistics.builder.ts";

/**
 * The Informe anual al Congreso (002:25-27, 566-570: the report Peru did not complete): the
 * policy's evaluation, the statistical chapter, the budget and the Matriz de compromisos. Every
 * figure in a sentence is a placeholder of the Informe de Evaluación's set
 * (evaluation-placeholders.builder.ts, with the budget's) or of the statistical chapter's, so
 * the sentences and the tables print the same computed values.
 */

const STATUS_KEYS = ["pendiente", "en_proceso", "cumplido", "no_cumplido"] as const;

export function congressPlaceholders(model: CongressReportModel): Map<string, string> {
  const ev = model.evaluation;
  const v = buildPlaceholders(ev);
  for (const [key, text] of statisticsPlaceholders(model.statistics)) v.set(key, text);
  const ofYear = ev.catalogue.commitments.filter((c) => c.periodYear === ev.year);
  v.set("compromisos.total", String(ofYear.length));
  for (const s of STATUS_KEYS) {
    v.set(`compromisos.${s}`, String(ofYear.filter((c) => c.status === s).length));
  }
  return v;
}

export function buildCongressDocument(model: CongressReportModel): ReportDocument {
  const ev = model.evaluation.evaluation;
  const cat = model.evaluation.catalogue;
  const t = ev.year;
  const values = congressPlaceholders(model);
  const fill = (template: string) => renderTemplate(template, values).text;
  const blocks: Block[] = [{ kind: "toc" }];

  blocks.push(heading(1, "1. Presentación"));
  blocks.push(
    paragraph(
      fill(
        "Informe anual al Congreso de la República sobre la {{politica.nombre}} ({{politica.norma}}), año {{anio}}. Reúne la evaluación de la política, las cifras del registro estadístico de trata de personas, el presupuesto y el estado de la Matriz de compromisos. Datos validados al {{fecha_corte}}.",
      ),
    ),
  );

  blocks.push(heading(1, "2. Evaluación de la política", true));
  blocks.push(
    paragraph(
      fill(
        ev.index.tipo2 === "ND"
          ? INDEX_NOT_AVAILABLE
          : "El índice de gestión, media del avance tipo 2 de los objetivos prioritarios, es de {{indice.tipo2}} % en {{anio}}, un avance de nivel {{indice.nivel}} {{indice.banda}}.",
      ),
    ),
  );
  blocks.push(table(indexTable(model.evaluation)));
  blocks.push(heading(2, "2.1. Resultados por objetivo prioritario"));
  blocks.push({
    kind: "bullets",
    items: ev.objectives.map((o) => {
      const k = `op.${o.code.toLowerCase()}`;
      return [
        fill(
          `${o.code}: avance tipo 1 de {{${k}.tipo1}} % (en {{anio_anterior}}, {{${k}.tipo1_anterior}} %), avance tipo 2 de {{${k}.tipo2}} %, nivel {{${k}.nivel}}. Objetivo: {{${k}.nombre}}`,
        ),
      ];
    }),
  });
  blocks.push(heading(2, "2.2. Valoración de la implementación"));
  blocks.push(
    paragraph(
      ev.valoracion.total === "ND"
        ? `La valoración de ${t} es ND: al menos un criterio no tiene nivel.`
        : fill(
            "La valoración de la implementación es de {{valoracion.total}}: nivel de implementación {{valoracion.nivel}}.",
          ),
    ),
  );
  blocks.push(table(valoracionTable(model.evaluation, true)));

  blocks.push(...statisticsChapter(model.statistics, fill, 3));

  const budget = model.evaluation.budget;
  if (budget) {
    const section = budgetSection(budget, fill, 1);
    // The Informe's section 2.5 is a chapter here.
    section[0] = heading(1, "4. Presupuesto de la política", true);
    blocks.push(...section);
  } else {
    blocks.push(heading(1, "4. Presupuesto de la política", true));
    blocks.push(
      paragraph(`Presupuesto no disponible: no se importó la ejecución del MEF de ${t}.`),
    );
  }

  blocks.push({ kind: "section", orientation: "landscape" });
  blocks.push(heading(1, "5. Matriz de compromisos"));
  const tracked = model.evaluation.commitments.all;
  blocks.push(
    paragraph(
      fill(
        "Compromisos del periodo {{anio}}: {{compromisos.total}} en total; {{compromisos.cumplido}} cumplidos, {{compromisos.en_proceso}} en proceso, {{compromisos.pendiente}} pendientes y {{compromisos.no_cumplido}} no cumplidos.",
      ),
    ),
  );
  blocks.push(table(commitmentsTable(cat, t, "congreso-compromisos", `Compromisos ${t}`, tracked)));
  blocks.push(
    table(
      commitmentsTable(
        cat,
        t + 1,
        "congreso-compromisos-siguientes",
        `Compromisos ${t + 1}`,
        tracked,
      ),
    ),
  );
  blocks.push(
    note(
      "Generado por Vigía de los datos: evaluación (solo valores validados), registro estadístico, presupuesto importado del MEF y catálogo de la política.",
    ),
  );
  return {
    fileStem: `informe-congreso-${model.evaluation.policyCode}-${t}`,
    title: "Informe anual al Congreso de la República",
    subtitle: `${cat.policy.name} — año ${t}`,
    coverLines: [
      `Fecha de corte de los datos: ${formatDateEs(model.evaluation.cutOff)}`,
      `Generado por Vigía el ${formatDateEs(model.evaluation.generatedAt.toISOString().slice(0, 10))}`,
    ],
    runningTitle: `Informe al Congreso ${t} — ${cat.policy.shortName ?? cat.policy.code}`,
    blocks,
    dataSheets: [],
  };
}
