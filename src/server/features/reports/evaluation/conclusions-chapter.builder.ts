import { type Block, heading, note } from "../render/report-document.ts";
import { formatDateEs } from "../render/report-format.ts";
import type { Chapter } from "./evaluation-context.builder.ts";
import { defaultReportText, textBlocks } from "./evaluation-text.builder.ts";

/**
 * 4. Conclusiones and 5. Recomendaciones: the administrator's text where there is one, the
 * Informe's own wording filled from the results where there is not, and a note saying which.
 */
function textChapter(
  n: number,
  section: "conclusiones" | "recomendaciones",
  title: string,
): Chapter {
  return ({ model, ev, fill }) => {
    const blocks: Block[] = [];
    blocks.push(heading(1, `${n}. ${title}`, true));
    const stored = model.texts.get(section);
    blocks.push(...textBlocks(fill(stored?.body ?? defaultReportText(section, ev))));
    blocks.push(
      note(
        stored
          ? `Texto registrado por ${stored.authorName} el ${formatDateEs(stored.updatedAt.toISOString().slice(0, 10))}; las cifras provienen de los valores calculados.`
          : `Texto generado a partir de los resultados: el administrador aún no registró esta sección (vigia report text set --section ${section}).`,
      ),
    );
    return blocks;
  };
}

export const conclusionsChapter = textChapter(4, "conclusiones", "Conclusiones");
export const recommendationsChapter = textChapter(5, "recomendaciones", "Recomendaciones");
