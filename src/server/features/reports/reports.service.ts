import type { Actor } from "../../../shared/actor.ts";
import { CONTENT_TYPES, type ReportFormat } from "../../../shared/contracts/reports.contract.ts";
import type { Audience } from "../../../shared/disclosure/disclosure-rules.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { invalid, notFound } from "../../errors.ts";
import { exportCatalogue } from "../catalogue/catalogue.service.ts";
import { findPolicyId } from "../catalogue/policy.repository.ts";
import { evaluatePolicyYear } from "../evaluation/evaluation.service.ts";
import { buildCongressDocument } from "./congress/congress-document.builder.ts";
import { buildCongressReportModel } from "./congress/congress-model.service.ts";
import { loadReportBudget } from "./evaluation/evaluation-budget.service.ts";
import { buildEvaluationDocument } from "./evaluation/evaluation-document.builder.ts";
import { buildEvaluationReportModel } from "./evaluation/evaluation-model.service.ts";
import { buildPlaceholders } from "./evaluation/evaluation-placeholders.builder.ts";
import {
  REPORT_TEXT_SECTIONS,
  type ReportTextSection,
} from "./evaluation/evaluation-text.builder.ts";
import { buildMonitoringDocument } from "./monitoring/monitoring-document.builder.ts";
import {
  buildMonitoringReportModel,
  type Semester,
} from "./monitoring/monitoring-model.service.ts";
import { renderDocx } from "./render/render-docx.ts";
import { renderPdf } from "./render/render-pdf.ts";
import { renderXlsx } from "./render/render-xlsx.ts";
import type { ReportDocument } from "./render/report-document.ts";
import { isoDate } from "./render/report-format.ts";
import { findUnknownPlaceholders, listPlaceholders } from "./render/report-template.ts";
import { findReportText, upsertReportText } from "./report-text.repository.ts";
import { buildTipDocument } from "./tip/tip-document.builder.ts";
import { buildTipModel } from "./tip/tip-model.service.ts";

/**
 * Report generation: read the data once (evaluation/evaluation-model.service.ts,
 * monitoring/monitoring-model.service.ts), build one format-neutral document, render it. The CLI and the HTTP API call these functions; they know nothing of either.
 */

export interface GeneratedFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Reports a step to whoever waits (the CLI prints it to stderr). */
export type ProgressListener = (step: string, done: number, total: number) => void;

export async function renderReport(
  doc: ReportDocument,
  format: ReportFormat,
): Promise<GeneratedFile> {
  const bytes =
    format === "docx"
      ? await renderDocx(doc)
      : format === "pdf"
        ? await renderPdf(doc)
        : await renderXlsx(doc);
  return { fileName: `${doc.fileStem}.${format}`, contentType: CONTENT_TYPES[format], bytes };
}

export interface EvaluationReportInput {
  policyCode: string;
  year: number;
  format: ReportFormat;
  now?: Date;
  onProgress?: ProgressListener;
}

/** The Informe de Evaluación of a policy-year as DOCX, PDF or XLSX. */
export async function generateEvaluationReport(
  db: Database,
  actor: Actor,
  input: EvaluationReportInput,
): Promise<GeneratedFile> {
  const progress = input.onProgress ?? (() => {});
  progress("Leyendo datos y calculando la evaluación", 1, 3);
  const model = await buildEvaluationReportModel(db, actor, input);
  progress("Armando el documento y los gráficos", 2, 3);
  const doc = buildEvaluationDocument(model);
  progress(`Generando ${input.format.toUpperCase()}`, 3, 3);
  return renderReport(doc, input.format);
}

export interface MonitoringReportInput extends EvaluationReportInput {
  period: Semester;
}

/** The reporte de seguimiento of a semester (S1, S2) as DOCX, PDF or XLSX. */
export async function generateMonitoringReport(
  db: Database,
  actor: Actor,
  input: MonitoringReportInput,
): Promise<GeneratedFile> {
  const progress = input.onProgress ?? (() => {});
  progress("Leyendo los valores reportados en el semestre", 1, 3);
  const model = await buildMonitoringReportModel(db, actor, input);
  progress("Armando el documento", 2, 3);
  const doc = buildMonitoringDocument(model);
  progress(`Generando ${input.format.toUpperCase()}`, 3, 3);
  return renderReport(doc, input.format);
}

export interface TipPackInput {
  year: number;
  format: ReportFormat;
  audience: Audience;
  now?: Date;
  onProgress?: ProgressListener;
}

/**
 * The TIP data pack of a year: the 40 data points by pillar, each with its status. The public
 * audience goes through disclosure control and logs its suppressions.
 */
export async function generateTipPack(
  db: Database,
  actor: Actor,
  input: TipPackInput,
): Promise<GeneratedFile> {
  const progress = input.onProgress ?? (() => {});
  progress("Leyendo el registro estadístico, el presupuesto y la evaluación", 1, 3);
  const model = await buildTipModel(db, actor, input);
  progress("Armando el paquete por pilar", 2, 3);
  const doc = buildTipDocument(model);
  progress(`Generando ${input.format.toUpperCase()}`, 3, 3);
  return renderReport(doc, input.format);
}

export interface CongressReportInput {
  year: number;
  format: Exclude<ReportFormat, "xlsx">;
  policyCode?: string;
  now?: Date;
  onProgress?: ProgressListener;
}

/** The Informe anual al Congreso as DOCX or PDF. */
export async function generateCongressReport(
  db: Database,
  actor: Actor,
  input: CongressReportInput,
): Promise<GeneratedFile> {
  const progress = input.onProgress ?? (() => {});
  progress("Leyendo la evaluación, el registro estadístico y el presupuesto", 1, 3);
  const model = await buildCongressReportModel(db, actor, input);
  progress("Armando el documento", 2, 3);
  const doc = buildCongressDocument(model);
  progress(`Generando ${input.format.toUpperCase()}`, 3, 3);
  return renderReport(doc, input.format);
}

export interface SetReportTextInput {
  policyCode: string;
  year: number;
  section: string;
  body: string;
}

/**
 * Stores the administrator's text of one section of the year's Informe. Placeholders are
 * checked against the figures of that year, so a typo is refused now, not printed later.
 */
export async function setReportText(db: Database, actor: Actor, input: SetReportTextInput) {
  if (!REPORT_TEXT_SECTIONS.includes(input.section as ReportTextSection)) {
    throw invalid(
      `Sección desconocida "${input.section}". Secciones: ${REPORT_TEXT_SECTIONS.join(", ")}.`,
    );
  }
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (body.length === 0) throw invalid("El texto está vacío.");
  if (body.length > 20000) throw invalid("El texto supera los 20 000 caracteres.");
  const policyId = await findPolicyId(db, input.policyCode);
  if (policyId === null) throw notFound(`No existe la política "${input.policyCode}".`);
  const [evaluation, catalogue, budget] = await Promise.all([
    evaluatePolicyYear(db, actor, { policyCode: input.policyCode, year: input.year }),
    exportCatalogue(db, actor, { policyCode: input.policyCode }),
    loadReportBudget(db, actor, { policyCode: input.policyCode, year: input.year }),
  ]);
  const known = buildPlaceholders({ evaluation, catalogue, budget, cutOff: isoDate(new Date()) });
  const unknown = findUnknownPlaceholders(body, known);
  if (unknown.length > 0) {
    throw invalid(
      `El texto usa marcadores que no existen para ${input.year}.`,
      unknown.map((key) => ({
        path: `{{${key}}}`,
        message: `marcador desconocido; ejemplos válidos: {{indice.tipo2}}, {{valoracion.total}}, {{op.op1.tipo1}}, {{indicador.2.1.tipo1}}, {{conteo.servicios.bajo}}`,
      })),
    );
  }
  return db.transaction().execute(async (tx) => {
    const before = await findReportText(tx, policyId, input.year, input.section);
    const row = await upsertReportText(tx, {
      policyId,
      year: input.year,
      section: input.section,
      body,
      author: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "report_text.set",
      objectType: "report_text",
      objectId: String(row.id),
      before: before
        ? { section: before.section, body: before.body, author: before.author }
        : undefined,
      after: { policy: input.policyCode, year: input.year, section: row.section, body: row.body },
    });
    return {
      policy: input.policyCode,
      year: input.year,
      section: row.section,
      author: row.author,
      updatedAt: row.updatedAt,
      placeholders: listPlaceholders(body).length,
    };
  });
}
