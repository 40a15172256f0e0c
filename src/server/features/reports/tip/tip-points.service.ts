import type { Actor } from "../../../../shared/actor.ts";
import type { TipPointsSchema } from "../../../../shared/contracts/tip-entries.contract.ts";
import type { z } from "../../../../shared/schemas/zod-locale.ts";
import type { Database } from "../../../db/connect.ts";
import { entryScope, tipEntryEntities } from "../../tip-entries/tip-entries.service.ts";
import { statusOf } from "./tip-document.builder.ts";
import { readTipInputs } from "./tip-model.service.ts";

/**
 * The page «Datos para el informe TIP»: the 40 points of a year with the status the pack
 * prints, and the current entries of the reader's entities (every entity's for the
 * administrator). Here, in reports, because the status comes from the pack's answers; it reads
 * them before disclosure control and writes nothing to the disclosure log (it prints no cell:
 * it says which points have data, not the data).
 */
export async function listTipPoints(
  db: Database,
  actor: Actor,
  input: { year: number },
): Promise<z.infer<typeof TipPointsSchema>> {
  const [inputs, entities] = await Promise.all([
    readTipInputs(db, actor, input),
    tipEntryEntities(db, actor),
  ]);
  const scope = entryScope(actor);
  return {
    year: input.year,
    label: inputs.file.label,
    entities,
    points: inputs.points.map((p) => {
      const q = p.point.query;
      const answeredBy =
        q === null
          ? "ninguno"
          : "budget" in q
            ? "presupuesto"
            : "evaluation" in q
              ? "evaluacion"
              : "congress" in q
                ? "congreso"
                : "registro";
      const status = statusOf(inputs, p);
      const withoutEntries = statusOf(inputs, { ...p, entries: [] });
      return {
        id: p.point.id,
        pillar: p.point.pillar,
        label: p.point.label,
        disaggregation: p.point.disaggregation,
        mode: p.point.mode,
        answeredBy,
        status,
        fromData: withoutEntries !== "no_disponible",
        entries:
          scope === null ? p.entries : p.entries.filter((e) => scope.includes(e.entity.code)),
      };
    }),
  };
}
