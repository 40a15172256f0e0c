import { AUDIENCES } from "../disclosure/disclosure-rules.ts";
import { PolicyParamsSchema, YearQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * Report downloads, generated from the data on request: the Informe de Evaluación and the
 * semester monitoring report (DOCX, PDF or XLSX) and the publication package for the PTE.
 * They need `report.download` (administrators, reviewers, the commission), not public: they
 * are built from the live data and the monitoring report shows workflow states. The public
 * reads the copies frozen at publication (publication.contract.ts). Report texts are written
 * with the CLI (`vigia report text set`); the API has no route for them.
 */

export const REPORT_FORMATS = ["docx", "pdf", "xlsx"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat | "zip", string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
};

const year = YearQuerySchema.describe("Year evaluated");
const format = z.enum(REPORT_FORMATS).describe("docx (editable), pdf (archive) or xlsx (annex)");

export const EvaluationReportQuerySchema = z.object({ year, format });
export const MonitoringReportQuerySchema = z.object({
  year,
  period: z.enum(["S1", "S2"]).describe("Semestre"),
  format,
});
export const PackageQuerySchema = z.object({ year });
export const CONGRESS_FORMATS = ["docx", "pdf"] as const;
export const TipPackQuerySchema = z.object({
  year,
  format,
  audience: z
    .enum(AUDIENCES)
    .default("public")
    .describe("public: control de confidencialidad (k = 11); internal: celdas pequeñas marcadas"),
});
export const CongressReportQuerySchema = z.object({
  year,
  format: z.enum(CONGRESS_FORMATS).describe("docx (editable) o pdf (archivo)"),
});

const documentTypes = REPORT_FORMATS.map((f) => CONTENT_TYPES[f]);

export const reportsContract = {
  evaluation: defineContract({
    method: "get",
    path: "/api/policies/:code/reports/evaluation",
    summary: "Informe de Evaluación del año, generado de los datos (DOCX, PDF o XLSX)",
    description:
      "Estructura del Informe de Evaluación de MININTER: resumen ejecutivo, descripción de la política, análisis de resultados (índice de gestión, niveles, resultados por objetivo, valoración), fichas de servicios, conclusiones, recomendaciones, Matriz de compromisos y anexos. Cuando hay presupuesto importado para el año (vigia budget import) y reglas de etiquetado de la política, incluye la sección 2.5 «Presupuesto de la política»: PIA, PIM, devengado, ejecución, parte del presupuesto nacional y monto por habitante del año y del anterior, por objetivo prioritario y por nivel de gobierno, la clasificación presupuestal de los servicios, un gráfico y la procedencia de los datos (archivo, fecha de importación y, si es el caso, el aviso de datos reconstruidos que no son del MEF). Sin presupuesto importado, la sección no aparece. En el XLSX, las hojas «Presupuesto», «Presupuesto por nivel», «Presupuesto por OP» y «Servicios y presupuesto».",
    tags: ["reportes"],
    access: "report.download",
    params: PolicyParamsSchema,
    query: EvaluationReportQuerySchema,
    files: documentTypes,
  }),
  monitoring: defineContract({
    method: "get",
    path: "/api/policies/:code/reports/monitoring",
    summary: "Reporte de seguimiento de un semestre (DOCX, PDF o XLSX)",
    tags: ["reportes"],
    access: "report.download",
    params: PolicyParamsSchema,
    query: MonitoringReportQuerySchema,
    files: documentTypes,
  }),
  package: defineContract({
    method: "get",
    path: "/api/policies/:code/reports/package",
    summary: "Paquete de publicación para el PTE: PDF, XLSX, CSV con datapackage.json y sumas",
    tags: ["reportes"],
    access: "report.download",
    params: PolicyParamsSchema,
    query: PackageQuerySchema,
    files: [CONTENT_TYPES.zip],
  }),
  tip: defineContract({
    method: "get",
    path: "/api/reports/tip",
    summary: "Paquete de datos para el informe TIP del año (XLSX, DOCX o PDF)",
    description:
      "Los 40 datos que el informe TIP del Departamento de Estado de EE. UU. espera del Perú (reference/statistics/tip-data-points.json, TRANSCRITO de las notas de investigación del documento 002), agrupados por pilar (acción judicial, protección, prevención), cada uno con valor, año anterior, fuente, definición, desagregación y estado: de los datos, ingresado por un punto focal o no disponible (nunca se omite). Incluye el presupuesto del módulo de presupuesto. La versión pública pasa por el control de confidencialidad (k = 11) y registra sus supresiones.",
    tags: ["reportes"],
    access: "report.download",
    query: TipPackQuerySchema,
    files: documentTypes,
  }),
  congress: defineContract({
    method: "get",
    path: "/api/reports/congress",
    summary: "Informe anual al Congreso (DOCX o PDF)",
    description:
      "Evaluación de la política (índice de gestión, valoración, resultados por objetivo), capítulo estadístico (denuncias, casos, víctimas, acciones judiciales, condenas, penas, atenciones; por región y por sexo y edad donde el registro las tiene), presupuesto y estado de la Matriz de compromisos. Cada cifra sale de los mismos valores calculados.",
    tags: ["reportes"],
    access: "report.download",
    query: CongressReportQuerySchema,
    files: CONGRESS_FORMATS.map((f) => CONTENT_TYPES[f]),
  }),
};
