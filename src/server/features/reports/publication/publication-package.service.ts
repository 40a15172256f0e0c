import type { Actor } from "../../../../shared/actor.ts";
import { readChainAnchor } from "../../../audit/audit-chain.service.ts";
import type { Database } from "../../../db/connect.ts";
import { protectPublicStatistics } from "../../statistics/statistics-public.service.ts";
import { buildEvaluationDocument } from "../evaluation/evaluation-document.builder.ts";
import {
  buildEvaluationReportModel,
  type EvaluationReportModel,
} from "../evaluation/evaluation-model.service.ts";
import type { ReportDocument } from "../render/report-document.ts";
import { type GeneratedFile, type ProgressListener, renderReport } from "../reports.service.ts";
import { type PackageStatistics, packageFiles } from "./package-files.builder.ts";

/**
 * The publication package for the Portal de Transparencia Estándar (PTE): the Informe (PDF),
 * its annex (XLSX), the figures as CSV with a Frictionless data package as data dictionary,
 * a README in Spanish and SHA-256 checksums. Validated data only, cut-off date stated. With them,
 * the register's public tables of the year (`datos/estadisticas.csv`), through the same
 * disclosure control as the portal, logged as output `paquete/estadisticas`, and the audit
 * chain's head as it stood (`auditoria-ancla.json`), read after that log so that it covers it.
 */

/** The public statistics of the package's year (docs/disclosure.md). */
async function packageStatistics(
  db: Database,
  actor: Actor,
  year: number,
): Promise<PackageStatistics> {
  const { k, tables } = await protectPublicStatistics(db, actor, {
    year,
    output: "paquete/estadisticas",
  });
  return { k, tables };
}

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
  return packageFiles(
    model,
    pdf,
    xlsx,
    await packageStatistics(db, actor, input.year),
    await readChainAnchor(db),
  );
}

/**
 * The package around an Informe already rendered from `model`: publishing a year renders the
 * PDF once for both the public's download and the package.
 */
export async function packageFromModel(
  db: Database,
  actor: Actor,
  model: EvaluationReportModel,
  doc: ReportDocument,
  pdf: GeneratedFile,
): Promise<GeneratedFile> {
  return packageFiles(
    model,
    pdf,
    await renderReport(doc, "xlsx"),
    await packageStatistics(db, actor, model.year),
    await readChainAnchor(db),
  );
}
