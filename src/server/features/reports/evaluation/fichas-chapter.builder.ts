import { type Block, heading, note } from "../render/report-document.ts";
import type { Chapter } from "./evaluation-context.builder.ts";
import { indicatorSheet, serviceSheet } from "./fichas.builder.ts";

/** 3. Análisis de implementación: the fichas, objective by objective, lineamiento by lineamiento. */
export const fichasChapter: Chapter = ({ model, ev, cat, t, fill, look }) => {
  const blocks: Block[] = [];
  blocks.push(heading(1, "3. Análisis de implementación por objetivo y servicio", true));
  blocks.push(
    note(
      `Cada ficha reúne la información registrada por los puntos focales de las entidades en el sistema para ${t}: el indicador con sus metas y valores, y los logros, dificultades y medidas adoptadas.`,
    ),
  );
  for (const o of cat.objectives) {
    blocks.push(heading(2, `Objetivo prioritario ${o.code}`));
    for (const ind of ev.indicators.filter(
      (i) => i.kind === "objetivo" && i.objective === o.code,
    )) {
      blocks.push(...indicatorSheet(model, ind, look, fill));
    }
    for (const l of cat.lineamientos.filter((x) => x.objective === o.code)) {
      blocks.push(heading(3, `Lineamiento ${l.code}. ${l.text}`));
      const services = cat.services.filter((s) => s.lineamiento === l.code);
      if (services.length === 0) {
        blocks.push(note("Este lineamiento no cuenta con servicios."));
        continue;
      }
      for (const s of services) blocks.push(...serviceSheet(model, s, look));
    }
  }
  return blocks;
};
