import { LEVEL_FILL } from "../render/report-cells.ts";
import { type Block, heading, paragraph, table } from "../render/report-document.ts";
import {
  countText,
  formatProgressPercent,
  joinSpanish,
  LEVEL_LABELS,
} from "../render/report-format.ts";
import { BUDGET_SUMMARY_TEMPLATE } from "./budget-section.builder.ts";
import type { Chapter } from "./evaluation-context.builder.ts";
import {
  INDEX_NOT_AVAILABLE,
  NO_INDICATOR_CALCULABLE,
  textBlocks,
} from "./evaluation-text.builder.ts";
import { valoracionTable } from "./result-tables.builder.ts";

/** Resumen ejecutivo: the policy in one paragraph, the headline figures and what they mean. */
export const executiveSummaryChapter: Chapter = ({ model, ev, t, fill }) => {
  const blocks: Block[] = [];
  blocks.push(heading(1, "Resumen ejecutivo", true));
  blocks.push(
    paragraph(
      fill(
        "La {{politica.nombre}}, aprobada mediante {{politica.norma}}, se encuentra bajo la conducción del {{politica.conductor}}. Comprende {{numero.objetivos|# objetivo prioritario|# objetivos prioritarios}}, {{numero.lineamientos|# lineamiento|# lineamientos}} y {{numero.servicios|# servicio|# servicios}}, y se mide con {{numero.indicadores_op|# indicador|# indicadores}} de objetivos prioritarios y {{numero.indicadores_servicio|# indicador|# indicadores}} de servicios a cargo de {{numero.entidades|# entidad|# entidades}}, frente al problema público de la «{{politica.problema}}».",
      ),
    ),
  );
  const valoracion = ev.valoracion;
  blocks.push({
    kind: "figures",
    items: [
      {
        label: `Índice de gestión ${t}`,
        value: formatProgressPercent(ev.index.tipo2),
        ...(ev.index.level !== "ND" ? { fill: LEVEL_FILL[ev.index.level] } : {}),
      },
      { label: "Nivel del índice", value: LEVEL_LABELS[ev.index.level] },
      {
        label: "Valoración de la implementación",
        value: valoracion.total === "ND" ? "ND" : fill("{{valoracion.total}}"),
      },
      { label: "Nivel de implementación", value: valoracion.level },
    ],
  });
  blocks.push(
    paragraph(
      fill(
        ev.index.tipo2 === "ND"
          ? INDEX_NOT_AVAILABLE
          : "El índice de gestión de la Política en {{anio}}, regido por los resultados de los objetivos prioritarios con sus indicadores, es de {{indice.tipo2}} %, un avance de nivel {{indice.nivel}} {{indice.banda}} de acuerdo con el avance tipo 2 establecido por el CEPLAN.",
      ),
    ),
  );
  if (valoracion.total === "ND") {
    const missing = valoracion.criteria.filter((c) => c.level === "ND").map((c) => `«${c.name}»`);
    blocks.push(
      paragraph(
        `La valoración de la implementación no puede calcularse para ${t}: ${joinSpanish(missing)} ${missing.length === 1 ? "no tiene" : "no tienen"} nivel registrado.`,
      ),
    );
  } else {
    const parts = valoracion.criteria.map(
      (_, i) =>
        `«{{valoracion.criterio${i + 1}.nombre}}», en nivel {{valoracion.criterio${i + 1}.nivel}}`,
    );
    blocks.push(
      paragraph(
        fill(
          `La valoración de la implementación obtuvo un puntaje de {{valoracion.total}}, que corresponde a un nivel de implementación {{valoracion.nivel}}. Para obtenerlo se ${parts.length === 1 ? "evaluó" : "evaluaron"} ${countText(parts.length, "criterio", "criterios")}: ${parts.join("; ")}.`,
        ),
      ),
    );
  }
  blocks.push(
    paragraph(
      fill(
        ev.levelCounts.total.total === 0
          ? NO_INDICATOR_CALCULABLE
          : "De {{conteo.total.total|# indicador|los # indicadores}} con avance calculable en {{anio}}, {{conteo.total.bajo}} {{conteo.total.bajo|tiene|tienen}} un avance tipo 1 de nivel bajo ([0-75%>): {{conteo.indicadores_op.bajo}} de objetivos prioritarios y {{conteo.servicios.bajo}} de servicios; {{conteo.total.intermedio}} {{conteo.total.intermedio|tiene|tienen}} nivel intermedio ([75-95%>) y {{conteo.total.alto}} nivel alto (≥ 95%).",
      ),
    ),
  );
  if (model.budget) blocks.push(paragraph(fill(BUDGET_SUMMARY_TEMPLATE)));
  blocks.push(table(valoracionTable(model, false)));
  const resumen = model.texts.get("resumen");
  if (resumen) blocks.push(...textBlocks(fill(resumen.body)));
  return blocks;
};
