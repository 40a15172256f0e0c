import type { Actor } from "../../../shared/actor.ts";
import type { Database } from "../../db/connect.ts";
import { isoDate } from "../reports/render/report-format.ts";
import { type GeneratedFile, renderReport } from "../reports/reports.service.ts";
import { getRegionView, type RegionViewInput } from "./region-view.service.ts";
import { buildRegionalReport } from "./regional-report.builder.ts";

/**
 * The reporte regional (DOCX or PDF) for the annual regional diagnosis: the regional view,
 * built into the reports' format-neutral document and rendered by the same renderers as the
 * Informe de Evaluación (ADR 0006).
 */
export async function generateRegionalReport(
  db: Database,
  actor: Actor,
  input: RegionViewInput & { format: "docx" | "pdf"; now?: Date },
): Promise<GeneratedFile> {
  const view = await getRegionView(db, actor, input);
  const doc = buildRegionalReport(view, isoDate(input.now ?? new Date()));
  return renderReport(doc, input.format);
}
