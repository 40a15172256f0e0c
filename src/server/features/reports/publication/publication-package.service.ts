import type { Actor } from "../../../../shared/actor.ts";
import type { Database } from "../../../db/connect.ts";
import { buildEvaluationDocument } from "../evaluation/evaluation-document.builder.ts";
import {
  buildEvaluationReportModel,
  type EvaluationReportModel,
} from "../evaluation/evaluation-model.service.ts";
import type { ReportDocument } from "../render/report-document.ts";
import { type GeneratedFile, type ProgressListener, renderReport } from "../reports.service.ts";
import { packageFiles } from "./package-files.builder.ts";

/**
 * The publication package for the Portal de Transparencia Estándar (PTE): the Informe (PDF),
 * its annex (XLSX), the figures as CSV with a Frictionless data package as data dictionary,
 * a README in Spanish and SHA-256 checksums. Validated data only, cut-off date stated.
 */

export interface PublicationPackageInput {
  policyCode: string;
  year: number;
  now?: Date;
  onProgress?: ProgressListener;
}

export async function buildPublicationPackage(
  db: Database,
  actor: Actor,
  input: PublicationPackageInput,
): Promise<GeneratedFile> {
  const progress = input.onProgress ?? (() => {});
  progress("Leyendo datos validados y calculando la evaluación", 1, 4);
  const model = await buildEvaluationReportModel(db, actor, input);
  progress("Armando el documento y los gráficos", 2, 4);
  const doc = buildEvaluationDocument(model);
  progress("Generando PDF y XLSX", 3, 4);
  const pdf = await renderReport(doc, "pdf");
  const xlsx = await renderReport(doc, "xlsx");
  progress("Escribiendo CSV, diccionario y sumas de verificación", 4, 4);
  return packageFiles(model, pdf, xlsx);
}

/**
 * The package around an Informe already rendered from `model`: publishing a year renders the
 * PDF once for both the public's download and the package.
 */
export async function packageFromModel(
  model: EvaluationReportModel,
  doc: ReportDocument,
  pdf: GeneratedFile,
): Promise<GeneratedFile> {
  return packageFiles(model, pdf, await renderReport(doc, "xlsx"));
}
