import type { LevelCount } from "../../../../shared/evaluation/evaluate-policy.ts";
import { drawIndexGauge, drawObjectiveBars, drawTipo1Trend } from "../render/report-charts.ts";
import { type Block, heading, paragraph, table } from "../render/report-document.ts";
import { budgetSection } from "./budget-section.builder.ts";
import type { Chapter } from "./evaluation-context.builder.ts";
import { INDEX_NOT_AVAILABLE } from "./evaluation-text.builder.ts";
import {
  indexTable,
  levelCountTable,
  lowTable,
  objectiveTable,
  serviceTable,
  valoracionTable,
} from "./result-tables.builder.ts";

/**
 * The sentence on one group's level counts, or the one that says none of it can be measured:
 * "De los 6 indicadores de objetivos prioritarios con avance calculable, 1 tiene nivel alto…".
 */
function levelCountSentence(
  count: LevelCount,
  key: string,
  forms: { one: string; other: string; none: string },
): string {
  if (count.total === 0) return forms.none;
  return `De {{conteo.${key}.total|${forms.one}|${forms.other}}} con avance calculable, {{conteo.${key}.alto}} {{conteo.${key}.alto|tiene|tienen}} nivel alto, {{conteo.${key}.intermedio}} nivel intermedio y {{conteo.${key}.bajo}} nivel bajo.`;
}

/**
 * 2. Análisis de los resultados: índice (2.1), levels (2.2), objectives (2.3), valoración
 * (2.4) and, with an imported budget, the budget (2.5).
 */
export const resultsChapter: Chapter = ({ model, ev, t, fill, look }) => {
  const blocks: Block[] = [];
  const valoracion = ev.valoracion;
  blocks.push(heading(1, "2. Análisis de los resultados", true));
  blocks.push(heading(2, "2.1. Índice de gestión"));
  blocks.push(
    paragraph(
      fill(
        ev.index.tipo2 === "ND"
          ? `El avance de la Política lo determinan los objetivos prioritarios y sus indicadores. ${INDEX_NOT_AVAILABLE}`
          : "El avance de la Política lo determinan los objetivos prioritarios y sus indicadores. El índice de gestión, media del avance tipo 2 de los objetivos prioritarios, es de {{indice.tipo2}} % en {{anio}}, un avance de nivel {{indice.nivel}} {{indice.banda}}.",
      ),
    ),
  );
  const gauge = drawIndexGauge({ value: ev.index.tipo2, year: t });
  blocks.push({
    kind: "image",
    ...gauge,
    caption: `Gráfico 1. Índice de gestión ${t} sobre las bandas del CEPLAN.`,
  });
  blocks.push(table(indexTable(model)));
  const bars = drawObjectiveBars({ year: t, objectives: ev.objectives });
  blocks.push({
    kind: "image",
    ...bars,
    caption: `Gráfico 2. Avance tipo 1 y tipo 2 de los objetivos prioritarios, ${t}.`,
  });
  if (model.history.length > 0) {
    const trend = drawTipo1Trend({
      years: model.history.map((h) => h.year),
      series: ev.objectives.map((o) => ({
        code: o.code,
        values: model.history.map(
          (h) => h.objectives.find((x) => x.code === o.code)?.tipo1 ?? "ND",
        ),
      })),
    });
    blocks.push({
      kind: "image",
      ...trend,
      caption: `Gráfico 3. Avance tipo 1 por objetivo prioritario, ${model.history[0]?.year}–${t}.`,
    });
  }

  blocks.push(heading(2, "2.2. Niveles de cumplimiento"));
  blocks.push(
    paragraph(
      fill(
        [
          levelCountSentence(ev.levelCounts.objectives, "objetivos", {
            one: "# objetivo prioritario",
            other: "los # objetivos prioritarios",
            none: "Ningún objetivo prioritario tiene avance calculable en {{anio}}.",
          }),
          levelCountSentence(ev.levelCounts.opIndicators, "indicadores_op", {
            one: "# indicador de objetivos prioritarios",
            other: "los # indicadores de objetivos prioritarios",
            none: "Ningún indicador de objetivos prioritarios tiene avance calculable en {{anio}}.",
          }),
          levelCountSentence(ev.levelCounts.serviceIndicators, "servicios", {
            one: "# indicador de servicios",
            other: "los # indicadores de servicios",
            none: "Ningún indicador de servicios tiene avance calculable en {{anio}}.",
          }),
        ].join(" "),
      ),
    ),
  );
  blocks.push(table(levelCountTable(model)));
  blocks.push(
    paragraph(
      fill(
        "Indicadores de objetivos prioritarios de nivel bajo en {{anio}}: {{bajos.op}}. Indicadores de servicios de nivel bajo en {{anio}}: {{bajos.servicios}}.",
      ),
    ),
  );
  blocks.push(table(lowTable(model, "op")));
  blocks.push(table(lowTable(model, "servicio")));

  blocks.push(heading(2, "2.3. Resultados por objetivo prioritario"));
  for (const o of ev.objectives) {
    blocks.push(heading(3, `${o.code}. ${o.name}`));
    const key = `op.${o.code.toLowerCase()}`;
    const before =
      o.previousTipo1 === "ND"
        ? "sin avance calculable en {{anio_anterior}}"
        : `frente a {{${key}.tipo1_anterior}} % en {{anio_anterior}}`;
    blocks.push(
      paragraph(
        fill(
          o.tipo1 === "ND"
            ? `El objetivo prioritario ${o.code} no tiene avance calculable en {{anio}}: ninguno de sus indicadores tiene avance tipo 1 (ND), ${before}.`
            : `El objetivo prioritario ${o.code} tiene en {{anio}} un avance tipo 1 de {{${key}.tipo1}} % (nivel {{${key}.nivel}}), ${before}, y ${o.tipo2 === "ND" ? "su avance tipo 2 no puede calcularse (ND)" : `un avance tipo 2 de {{${key}.tipo2}} %`}.`,
        ),
      ),
    );
    blocks.push(table(objectiveTable(model, o.code)));
    blocks.push(table(serviceTable(model, o.code, look)));
  }

  blocks.push(heading(2, "2.4. Valoración de la implementación"));
  blocks.push(
    paragraph(
      valoracion.total === "ND"
        ? `La valoración de ${t} es ND: al menos un criterio no tiene nivel.`
        : fill(
            "La valoración de la implementación es de {{valoracion.total}} (Σ peso × puntaje del nivel / Σ peso, con INICIAL = 1, INTERMEDIO = 2 y AVANZADO = 3): nivel de implementación {{valoracion.nivel}}.",
          ),
    ),
  );
  blocks.push(table(valoracionTable(model, true)));
  // Absent without an imported budget: an empty section would read as "no money was spent".
  if (model.budget) {
    // The budget chart follows this chapter's; no chapter before this one draws a chart.
    const charts = blocks.filter((b) => b.kind === "image").length;
    blocks.push(...budgetSection(model.budget, fill, charts + 1));
  }
  return blocks;
};
