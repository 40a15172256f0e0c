import { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import { PolicyParamsSchema } from "../../../shared/schemas/api.schema.ts";
import {
  BudgetDepartmentsSchema,
  BudgetExportQuerySchema,
  BudgetLevelRowSchema,
  BudgetObjectiveRowSchema,
  BudgetPliegoGroupSchema,
  BudgetPrintedChecksSchema,
  BudgetQuerySchema,
  BudgetReviewSchema,
  BudgetRuleFileSchema,
  BudgetServiceRowSchema,
  BudgetSummarySchema,
  BudgetYearFiguresSchema,
} from "../../../shared/schemas/budget.schema.ts";
import type { Database } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { defineRoute } from "../../http/api-route.ts";
import {
  checkPrintedBudgetReport,
  getBudgetByDepartment,
  getBudgetByLevel,
  getBudgetByObjective,
  getBudgetByPliego,
  getBudgetByService,
  getBudgetReview,
  getBudgetSummary,
  getBudgetYears,
  getServicesWithoutBudget,
  listBudgetImports,
} from "./budget.service.ts";
import { exportBudget } from "./budget-export.service.ts";
import { applyBudgetRules, getBudgetRules, importBudgetRules } from "./budget-rules.service.ts";

/**
 * Budget API. Reading needs `evaluation.read` (every role): the figures derive from MEF's public
 * data, but the tagging rules are the conductor's judgment, so they are shown to the public
 * only once published with the evaluation (not through these routes). Importing files and
 * changing rules needs `budget.manage`.
 */

/** A read of one policy-year of the budget: the shape most budget routes share. */
function budgetYearRoute<R>(route: {
  path: string;
  summary: string;
  response: z.ZodType<R>;
  read: (db: Database, actor: Actor, input: { policyCode: string; year: number }) => Promise<R>;
}) {
  return defineRoute({
    method: "get",
    path: route.path,
    summary: route.summary,
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: BudgetQuerySchema,
    response: route.response,
    handle: ({ db, actor, params, query }) =>
      route.read(db, actor, { policyCode: params.code, year: query.year }),
  });
}

const ServiceRefSchema = z.object({
  code: z.string(),
  number: z.number().int(),
  name: z.string(),
  objective: z.string(),
  owner: z.string().nullable(),
});

export const budgetRoutes = [
  budgetYearRoute({
    path: "/api/policies/:code/budget",
    summary:
      "Presupuesto del año: totales, participación en el presupuesto nacional, por habitante, por nivel, OP y servicio",
    response: BudgetSummarySchema,
    read: getBudgetSummary,
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/budget/years",
    summary:
      "Serie anual: PIA, PIM, devengado, ejecución, participación nacional y por habitante (Tablas 2 y 3)",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: z.array(BudgetYearFiguresSchema),
    handle: ({ db, actor, params }) => getBudgetYears(db, actor, { policyCode: params.code }),
  }),
  budgetYearRoute({
    path: "/api/policies/:code/budget/services",
    summary: "Presupuesto específico por servicio, con su clase presupuestal (Tabla 5)",
    response: z.array(BudgetServiceRowSchema),
    read: getBudgetByService,
  }),
  budgetYearRoute({
    path: "/api/policies/:code/budget/objectives",
    summary: "Presupuesto específico por objetivo prioritario",
    response: z.array(BudgetObjectiveRowSchema),
    read: getBudgetByObjective,
  }),
  budgetYearRoute({
    path: "/api/policies/:code/budget/levels",
    summary: "Presupuesto específico por nivel de gobierno (Tabla 7)",
    response: z.array(BudgetLevelRowSchema),
    read: getBudgetByLevel,
  }),
  budgetYearRoute({
    path: "/api/policies/:code/budget/pliegos",
    summary: "Participación en los pliegos priorizados, nacionales y regionales (Tablas 8 y 9)",
    response: z.array(BudgetPliegoGroupSchema),
    read: getBudgetByPliego,
  }),
  budgetYearRoute({
    path: "/api/policies/:code/budget/departments",
    summary:
      "Presupuesto específico por departamento del ubigeo de la línea, con las líneas sin ubicación aparte",
    response: BudgetDepartmentsSchema,
    read: getBudgetByDepartment,
  }),
  budgetYearRoute({
    path: "/api/policies/:code/budget/services-without-budget",
    summary: "Servicios sin meta presupuestal y con meta sin asignación específica (Tablas 4 y 6)",
    response: z.object({
      year: z.number().int(),
      sinMetaPresupuestal: z.array(ServiceRefSchema),
      metaSinAsignacionEspecifica: z.array(ServiceRefSchema),
    }),
    read: getServicesWithoutBudget,
  }),
  budgetYearRoute({
    path: "/api/policies/:code/budget/review",
    summary: "Líneas no etiquetadas cuyo texto parece relacionado, para revisión",
    response: BudgetReviewSchema,
    read: getBudgetReview,
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/budget/printed-checks",
    summary: "Inconsistencias de las tablas de presupuesto del informe alternativo impreso",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: BudgetPrintedChecksSchema,
    handle: ({ db, actor, params }) =>
      checkPrintedBudgetReport(db, actor, { policyCode: params.code }),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/budget/export",
    summary: "Exportar las tablas de presupuesto (CSV: una tabla; XLSX: todas)",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: BudgetExportQuerySchema,
    handle: async ({ db, actor, params, query }) => {
      const file = await exportBudget(db, actor, { policyCode: params.code, ...query });
      return new Response(file.bytes as unknown as ConstructorParameters<typeof Response>[0], {
        headers: {
          "Content-Type": file.mediaType,
          "Content-Disposition": `attachment; filename="${file.fileName}"`,
        },
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/budget/rules",
    summary: "Reglas de etiquetado vigentes (línea presupuestal → servicio)",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: z.object({
      policy: z.string(),
      version: z.number().int().nullable(),
      note: z.string().nullable(),
      reviewPatterns: z.array(z.string()),
      rules: z.array(z.unknown()),
    }),
    handle: ({ db, actor, params }) => getBudgetRules(db, actor, { policyCode: params.code }),
  }),
  defineRoute({
    method: "post",
    path: "/api/policies/:code/budget/rules",
    summary:
      "Nueva versión de las reglas de etiquetado; vuelve a etiquetar las importaciones vigentes",
    tags: ["presupuesto"],
    access: "budget.manage",
    params: PolicyParamsSchema,
    body: BudgetRuleFileSchema,
    status: 201,
    response: z.object({
      policy: z.string(),
      version: z.number().int(),
      rules: z.number().int(),
      retagged: z.array(
        z.object({
          year: z.number().int(),
          tagged: z.number().int(),
          review: z.number().int(),
          overAllocated: z.number().int(),
        }),
      ),
    }),
    handle: ({ db, actor, params, body }) => {
      if (body.policy !== params.code)
        throw invalid(`Las reglas son de la política "${body.policy}", no de "${params.code}".`);
      return importBudgetRules(db, actor, { document: body });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/policies/:code/budget/rules/apply",
    summary: "Volver a etiquetar con las reglas vigentes (un año o todos)",
    tags: ["presupuesto"],
    access: "budget.manage",
    params: PolicyParamsSchema,
    body: z.object({ year: z.number().int().min(1990).max(2100).nullable().optional() }),
    response: z.object({
      policy: z.string(),
      retagged: z.array(
        z.object({
          year: z.number().int(),
          tagged: z.number().int(),
          review: z.number().int(),
          overAllocated: z.number().int(),
        }),
      ),
    }),
    handle: ({ db, actor, params, body }) =>
      applyBudgetRules(db, actor, { policyCode: params.code, year: body.year ?? null }),
  }),
  defineRoute({
    method: "get",
    path: "/api/budget/imports",
    summary: "Historial de importaciones de presupuesto (vigentes y reemplazadas)",
    tags: ["presupuesto"],
    access: "budget.manage",
    response: z.array(
      z.object({
        id: z.number().int(),
        year: z.number().int(),
        fileName: z.string(),
        sha256: z.string(),
        notice: z.string().nullable(),
        reconstructed: z.boolean(),
        format: z.string(),
        rowsRead: z.number().int(),
        rowsLoaded: z.number().int(),
        rowsRejected: z.number().int(),
        isCurrent: z.boolean(),
        importedBy: z.string(),
        importedAt: z.string(),
      }),
    ),
    handle: ({ db, actor }) => listBudgetImports(db, actor),
  }),
];
