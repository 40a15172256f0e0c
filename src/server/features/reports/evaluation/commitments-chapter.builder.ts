import { type Block, heading, paragraph, table } from "../render/report-document.ts";
import { commitmentsTable } from "./annex-tables.builder.ts";
import { commitmentComplianceSection } from "./commitment-compliance.builder.ts";
import type { Chapter } from "./evaluation-context.builder.ts";

/** 6. Matriz de compromisos, landscape: the next period's, and the follow-up of this year's. */
export const commitmentsChapter: Chapter = (ctx) => {
  const { cat, t, conductor } = ctx;
  const tracked = ctx.model.commitments.all;
  const blocks: Block[] = [];
  blocks.push({ kind: "section", orientation: "landscape" });
  blocks.push(heading(1, "6. Matriz de compromisos"));
  const nextYear = t + 1;
  blocks.push(
    paragraph(
      `Entidad responsable de la recomendación: ${conductor}. Periodo de compromisos: ${nextYear}.`,
    ),
  );
  blocks.push(table(commitmentsTable(cat, nextYear, `compromisos`, "Compromisos", tracked)));
  if (cat.commitments.some((c) => c.periodYear === t)) {
    blocks.push(heading(2, `Seguimiento de los compromisos del periodo ${t}`));
    blocks.push(
      table(commitmentsTable(cat, t, "compromisos-previos", `Compromisos ${t}`, tracked)),
    );
  }
  blocks.push(...commitmentComplianceSection(ctx));
  return blocks;
};
