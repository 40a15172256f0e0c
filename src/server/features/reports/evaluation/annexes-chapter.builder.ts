import { type Block, heading, note, table } from "../render/report-document.ts";
import { LEVEL_BANDS } from "../render/report-format.ts";
import { flagsTable, sourcesTable } from "./annex-tables.builder.ts";
import { BUDGET_METHOD } from "./budget-section.builder.ts";
import type { Chapter } from "./evaluation-context.builder.ts";

/** 7. Anexos: data sources, values the quality rules observe, methodological note. */
export const annexesChapter: Chapter = ({ model, look }) => {
  const blocks: Block[] = [];
  blocks.push({ kind: "section", orientation: "portrait" });
  blocks.push(heading(1, "7. Anexos"));
  blocks.push(heading(2, "Anexo 1. Fuentes de datos"));
  blocks.push(table(sourcesTable(model, look)));
  blocks.push(heading(2, "Anexo 2. Valores observados por las reglas de calidad"));
  blocks.push(
    note(
      "Valores publicados que las reglas de validación de Vigía marcan para revisión. Se publican tal como fueron registrados y validados; no se corrigen en silencio.",
    ),
  );
  blocks.push(table(flagsTable(model)));
  blocks.push(heading(2, "Anexo 3. Nota metodológica"));
  blocks.push({
    kind: "bullets",
    items: [
      [
        "Avance tipo 1 = valor obtenido / logro esperado × 100 (descendente: logro esperado / valor × 100); sin tope a nivel de indicador.",
      ],
      [
        "Avance tipo 2 = (valor − línea de base) / (logro esperado − línea de base) × 100; ND sin línea de base o cuando el logro esperado es igual a ella.",
      ],
      [
        "Objetivo prioritario: media de los avances de sus indicadores acotados a [0, 100], sin los ND. Índice de gestión: media del avance tipo 2 de los objetivos prioritarios.",
      ],
      [
        `Niveles del CEPLAN sobre la cifra impresa (un decimal, redondeo half-up): bajo ${LEVEL_BANDS.bajo}, intermedio ${LEVEL_BANDS.intermedio}, alto ${LEVEL_BANDS.alto}.`,
      ],
      [
        "Valoración = Σ (peso × puntaje del nivel) / Σ peso, con INICIAL = 1, INTERMEDIO = 2 y AVANZADO = 3.",
      ],
      [
        "Solo se usan valores validados; de cada indicador y año se toma la última revisión validada. Las líneas de base marcadas como derivadas fueron despejadas de cifras publicadas.",
      ],
      ...(model.budget ? [[BUDGET_METHOD]] : []),
    ],
  });
  return blocks;
};
