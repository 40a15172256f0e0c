import { z } from "zod";
import { PolicyParamsSchema } from "../../../shared/schemas/api.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { buildPublicationPackage } from "./publication-package.ts";
import {
  CONTENT_TYPES,
  type GeneratedFile,
  generateEvaluationReport,
  generateMonitoringReport,
  REPORT_FORMATS,
} from "./reports.service.ts";

/**
 * Report downloads. Public and read-only like the evaluation route: they publish validated
 * figures (the seguimiento shows workflow states; restrict it when accounts arrive). Writing
 * report texts stays on the CLI until the API has signed-in administrators.
 */

const year = z.coerce.number().int().min(1990).max(2100).describe("Year evaluated");
const format = z.enum(REPORT_FORMATS).describe("docx (editable), pdf (archive) or xlsx (annex)");

/** The file as an HTTP download: its type and a Content-Disposition with its name. */
export function fileResponse(file: GeneratedFile): Response {
  return new Response(file.bytes as unknown as BodyInit, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Content-Length": String(file.bytes.length),
      "Cache-Control": "no-store",
    },
  });
}

const documentTypes = REPORT_FORMATS.map((f) => CONTENT_TYPES[f]);

export const reportRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies/:code/reports/evaluation",
    summary: "Informe de Evaluación del año, generado de los datos (DOCX, PDF o XLSX)",
    description:
      "Estructura del Informe de Evaluación de MININTER: resumen ejecutivo, descripción de la política, análisis de resultados (índice de gestión, niveles, resultados por objetivo, valoración), fichas de servicios, conclusiones, recomendaciones, Matriz de compromisos y anexos. Cuando hay presupuesto importado para el año (vigia budget import) y reglas de etiquetado de la política, incluye la sección 2.5 «Presupuesto de la política»: PIA, PIM, devengado, ejecución, parte del presupuesto nacional y monto por habitante del año y del anterior, por objetivo prioritario y por nivel de gobierno, la clasificación presupuestal de los servicios, un gráfico y la procedencia de los datos (archivo, fecha de importación y, si es el caso, el aviso de datos reconstruidos que no son del MEF). Sin presupuesto importado, la sección no aparece. En el XLSX, las hojas «Presupuesto», «Presupuesto por nivel», «Presupuesto por OP» y «Servicios y presupuesto».",
    tags: ["reportes"],
    access: "report.download",
    params: PolicyParamsSchema,
    query: z.object({ year, format }),
    files: documentTypes,
    handle: async ({ db, actor, params, query }) =>
      fileResponse(
        await generateEvaluationReport(db, actor, {
          policyCode: params.code,
          year: query.year,
          format: query.format,
        }),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/reports/monitoring",
    summary: "Reporte de seguimiento de un semestre (DOCX, PDF o XLSX)",
    tags: ["reportes"],
    access: "report.download",
    params: PolicyParamsSchema,
    query: z.object({
      year,
      period: z.enum(["S1", "S2"]).describe("Semestre"),
      format,
    }),
    files: documentTypes,
    handle: async ({ db, actor, params, query }) =>
      fileResponse(
        await generateMonitoringReport(db, actor, {
          policyCode: params.code,
          year: query.year,
          period: query.period,
          format: query.format,
        }),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/reports/package",
    summary: "Paquete de publicación para el PTE: PDF, XLSX, CSV con datapackage.json y sumas",
    tags: ["reportes"],
    access: "report.download",
    params: PolicyParamsSchema,
    query: z.object({ year }),
    files: [CONTENT_TYPES.zip],
    handle: async ({ db, actor, params, query }) =>
      fileResponse(
        await buildPublicationPackage(db, actor, { policyCode: params.code, year: query.year }),
      ),
  }),
];
