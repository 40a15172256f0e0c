import { LEVELS } from "../budget/budget-fields.ts";
import { BudgetRuleFileSchema } from "../schemas/budget.schema.ts";
import { PolicyParamsSchema, YearQuerySchema, YearSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * Budget API: MEF lines tagged to the policy's services, read by policy-year. Amounts are
 * integer cents (`…Cents`), exact, with the figures derived from them. Reading needs
 * `evaluation.read` (every role): the figures derive from MEF's public data, but the tagging
 * rules are the conductor's judgment, so they reach the public only once published with the
 * evaluation (not through these routes). Importing files and changing rules needs
 * `budget.manage`. The files people write (rules, reference figures) are in budget.schema.ts.
 */

export const BudgetQuerySchema = z.object({
  year: YearQuerySchema.describe("Fiscal year"),
});

export const BudgetExportQuerySchema = BudgetQuerySchema.extend({
  format: z.enum(["csv", "xlsx"]).default("csv"),
  table: z
    .enum(["servicios", "objetivos", "niveles", "pliegos", "departamentos", "anios"])
    .default("servicios")
    .describe("Table for CSV; XLSX holds every table, one sheet each"),
});

const pct = z.number().nullable().describe("Percentage, unrounded; null when not computable");

export const StageAmountsSchema = z.object({
  piaCents: z.number().int(),
  pimCents: z.number().int(),
  certificacionCents: z.number().int().nullable(),
  compromisoCents: z.number().int().nullable(),
  devengadoCents: z.number().int(),
  giradoCents: z.number().int().nullable(),
  execution: pct.describe("Devengado / PIM × 100"),
});

export const BudgetYearFiguresSchema = StageAmountsSchema.extend({
  year: z.number().int(),
  imported: z.boolean().describe("A budget file was imported for the year"),
  nationalPiaCents: z.number().int().nullable(),
  nationalPimCents: z.number().int().nullable(),
  shareNationalPia: pct,
  shareNationalPim: pct,
  population: z.number().int().nullable(),
  perCapitaPia: z.number().nullable().describe("Soles per inhabitant, PIA basis"),
  perCapitaDevengado: z.number().nullable().describe("Soles per inhabitant, devengado basis"),
  pimMinusPiaCents: z.number().int(),
  pimOverPia: z.number().nullable(),
});

export const BUDGET_CLASSES = [
  "asignacion_especifica",
  "meta_sin_asignacion_especifica",
  "sin_meta_presupuestal",
] as const;

export const BudgetServiceRowSchema = StageAmountsSchema.extend({
  code: z.string(),
  number: z.number().int(),
  name: z.string(),
  objective: z.string(),
  owner: z
    .string()
    .nullable()
    .describe("Entity responsible for the service (policy), not the pliego"),
  budgetClass: z.enum(BUDGET_CLASSES),
  institutionalPimCents: z.number().int().describe("PIM of its institutional (general) metas"),
  pliegos: z.array(z.string()).describe("Pliegos holding its specific money"),
});

export const BudgetObjectiveRowSchema = StageAmountsSchema.extend({
  code: z.string(),
  name: z.string(),
  services: z.number().int(),
  funded: z.number().int(),
  classes: z.record(z.enum(BUDGET_CLASSES), z.number().int()),
});

export const BudgetLevelRowSchema = StageAmountsSchema.extend({
  level: z.enum(LEVELS),
  label: z.string(),
});

export const BudgetPliegoRowSchema = z.object({
  pliego: z.string(),
  label: z.string(),
  nivel: z.enum(LEVELS),
  totalPiaCents: z.number().int().nullable(),
  totalPimCents: z.number().int().nullable(),
  totalSource: z.enum(["referencia", "lineas", "ninguna"]),
  piaCents: z.number().int(),
  pimCents: z.number().int(),
  devengadoCents: z.number().int(),
  sharePia: pct,
  sharePim: pct,
});

export const BudgetPliegoGroupSchema = z.object({
  nivel: z.enum(LEVELS),
  rows: z.array(BudgetPliegoRowSchema),
  total: BudgetPliegoRowSchema.describe("Sum of the prioritised pliegos"),
  levelPiaCents: z.number().int(),
  levelPimCents: z.number().int(),
  outsidePiaCents: z.number().int().describe("Level total minus the prioritised pliegos"),
  outsidePimCents: z.number().int(),
});

export const BudgetDepartmentRowSchema = z.object({
  department: z
    .string()
    .nullable()
    .describe("INEI department code (first two digits of the ubigeo); null: lines without ubigeo"),
  name: z.string().describe("INEI name; «Sin ubicación» for lines without ubigeo"),
  piaCents: z.number().int(),
  pimCents: z.number().int(),
  devengadoCents: z.number().int(),
  execution: pct.describe("Devengado / PIM × 100"),
  sharePim: pct.describe("Share of the policy's specific PIM of the year"),
});

export const BudgetDepartmentsSchema = z.object({
  year: z.number().int(),
  rows: z
    .array(BudgetDepartmentRowSchema)
    .describe("Every department of the INEI reference, then «sin ubicación» when it has money"),
  total: BudgetDepartmentRowSchema.pick({
    piaCents: true,
    pimCents: true,
    devengadoCents: true,
    execution: true,
  }).describe("All departments and «sin ubicación»: the year's specific budget"),
});

export const BudgetReviewLineSchema = z.object({
  importId: z.number().int(),
  lineNo: z.number().int(),
  pliego: z.string(),
  meta: z.string().nullable(),
  text: z.string(),
  matched: z.string(),
  pimCents: z.number().int(),
});

export const BudgetSummarySchema = z.object({
  policy: z.object({ code: z.string(), name: z.string() }),
  year: z.number().int(),
  basis: z.object({
    imports: z.array(
      z.object({
        year: z.number().int(),
        id: z.number().int(),
        fileName: z.string(),
        importedAt: z.string(),
        rowsLoaded: z.number().int(),
        /** The file says it was reconstructed from published totals: not MEF data. */
        reconstructed: z.boolean(),
      }),
    ),
    ruleSetVersion: z.number().int().nullable(),
    populationSource: z.string().nullable(),
    nationalSource: z.string().nullable(),
  }),
  totals: BudgetYearFiguresSchema,
  previous: BudgetYearFiguresSchema.nullable(),
  change: z
    .object({ pia: pct, pim: pct, devengado: pct })
    .describe("Year-on-year change in %, against the previous year"),
  byLevel: z.array(BudgetLevelRowSchema),
  byObjective: z.array(BudgetObjectiveRowSchema),
  byService: z.array(BudgetServiceRowSchema),
  classCounts: z.record(z.enum(BUDGET_CLASSES), z.number().int()),
  overAllocatedLines: z.number().int(),
});
export type BudgetSummary = z.infer<typeof BudgetSummarySchema>;

export const BudgetFindingSchema = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  refs: z.array(z.string()),
});

export const BudgetPrintedChecksSchema = z.object({
  source: z.string(),
  findings: z.array(BudgetFindingSchema),
});

export const BudgetReviewSchema = z.object({
  year: z.number().int(),
  total: z.number().int(),
  lines: z.array(BudgetReviewLineSchema),
});

export const BudgetServiceRefSchema = z.object({
  code: z.string(),
  number: z.number().int(),
  name: z.string(),
  objective: z.string(),
  owner: z.string().nullable(),
});

export const BudgetServicesWithoutBudgetSchema = z.object({
  year: z.number().int(),
  sinMetaPresupuestal: z.array(BudgetServiceRefSchema),
  metaSinAsignacionEspecifica: z.array(BudgetServiceRefSchema),
});

export const BudgetRuleSetSchema = z.object({
  policy: z.string(),
  version: z.number().int().nullable(),
  note: z.string().nullable(),
  reviewPatterns: z.array(z.string()),
  rules: z.array(z.unknown()),
});

/** What tagging again left in one year's current import. */
export const BudgetRetaggedYearSchema = z.object({
  year: z.number().int(),
  tagged: z.number().int(),
  review: z.number().int(),
  overAllocated: z.number().int(),
});

export const BudgetRulesImportedSchema = z.object({
  policy: z.string(),
  version: z.number().int(),
  rules: z.number().int(),
  retagged: z.array(BudgetRetaggedYearSchema),
});

export const BudgetRulesApplySchema = z.object({ year: YearSchema.nullable().optional() });

export const BudgetRulesAppliedSchema = z.object({
  policy: z.string(),
  retagged: z.array(BudgetRetaggedYearSchema),
});

export const BudgetImportSchema = z.object({
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
});

export type BudgetYearFigures = z.infer<typeof BudgetYearFiguresSchema>;
export type BudgetPliegoGroup = z.infer<typeof BudgetPliegoGroupSchema>;
export type BudgetDepartments = z.infer<typeof BudgetDepartmentsSchema>;
export type BudgetPrintedChecks = z.infer<typeof BudgetPrintedChecksSchema>;
export type BudgetReview = z.infer<typeof BudgetReviewSchema>;
export type BudgetExportTable = z.infer<typeof BudgetExportQuerySchema>["table"];

/** A read of one policy-year of the budget: the shape most budget routes share. */
function yearRead<const P extends string, const R extends z.ZodType>(
  path: P,
  summary: string,
  response: R,
) {
  return defineContract({
    method: "get",
    path,
    summary,
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: BudgetQuerySchema,
    response,
  });
}

export const budgetContract = {
  summary: yearRead(
    "/api/policies/:code/budget",
    "Presupuesto del año: totales, participación en el presupuesto nacional, por habitante, por nivel, OP y servicio",
    BudgetSummarySchema,
  ),
  years: defineContract({
    method: "get",
    path: "/api/policies/:code/budget/years",
    summary:
      "Serie anual: PIA, PIM, devengado, ejecución, participación nacional y por habitante (Tablas 2 y 3)",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: z.array(BudgetYearFiguresSchema),
  }),
  services: yearRead(
    "/api/policies/:code/budget/services",
    "Presupuesto específico por servicio, con su clase presupuestal (Tabla 5)",
    z.array(BudgetServiceRowSchema),
  ),
  objectives: yearRead(
    "/api/policies/:code/budget/objectives",
    "Presupuesto específico por objetivo prioritario",
    z.array(BudgetObjectiveRowSchema),
  ),
  levels: yearRead(
    "/api/policies/:code/budget/levels",
    "Presupuesto específico por nivel de gobierno (Tabla 7)",
    z.array(BudgetLevelRowSchema),
  ),
  pliegos: yearRead(
    "/api/policies/:code/budget/pliegos",
    "Participación en los pliegos priorizados, nacionales y regionales (Tablas 8 y 9)",
    z.array(BudgetPliegoGroupSchema),
  ),
  departments: yearRead(
    "/api/policies/:code/budget/departments",
    "Presupuesto específico por departamento del ubigeo de la línea, con las líneas sin ubicación aparte",
    BudgetDepartmentsSchema,
  ),
  servicesWithoutBudget: yearRead(
    "/api/policies/:code/budget/services-without-budget",
    "Servicios sin meta presupuestal y con meta sin asignación específica (Tablas 4 y 6)",
    BudgetServicesWithoutBudgetSchema,
  ),
  review: yearRead(
    "/api/policies/:code/budget/review",
    "Líneas no etiquetadas cuyo texto parece relacionado, para revisión",
    BudgetReviewSchema,
  ),
  printedChecks: defineContract({
    method: "get",
    path: "/api/policies/:code/budget/printed-checks",
    summary: "Inconsistencias de las tablas de presupuesto del informe alternativo impreso",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: BudgetPrintedChecksSchema,
  }),
  export: defineContract({
    method: "get",
    path: "/api/policies/:code/budget/export",
    summary: "Exportar las tablas de presupuesto (CSV: una tabla; XLSX: todas)",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: BudgetExportQuerySchema,
  }),
  rules: defineContract({
    method: "get",
    path: "/api/policies/:code/budget/rules",
    summary: "Reglas de etiquetado vigentes (línea presupuestal → servicio)",
    tags: ["presupuesto"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: BudgetRuleSetSchema,
  }),
  importRules: defineContract({
    method: "post",
    path: "/api/policies/:code/budget/rules",
    summary:
      "Nueva versión de las reglas de etiquetado; vuelve a etiquetar las importaciones vigentes",
    tags: ["presupuesto"],
    access: "budget.manage",
    params: PolicyParamsSchema,
    body: BudgetRuleFileSchema,
    maxBodyBytes: 2 * 1024 * 1024,
    status: 201,
    response: BudgetRulesImportedSchema,
  }),
  applyRules: defineContract({
    method: "post",
    path: "/api/policies/:code/budget/rules/apply",
    summary: "Volver a etiquetar con las reglas vigentes (un año o todos)",
    tags: ["presupuesto"],
    access: "budget.manage",
    params: PolicyParamsSchema,
    body: BudgetRulesApplySchema,
    response: BudgetRulesAppliedSchema,
  }),
  imports: defineContract({
    method: "get",
    path: "/api/budget/imports",
    summary: "Historial de importaciones de presupuesto (vigentes y reemplazadas)",
    tags: ["presupuesto"],
    access: "budget.manage",
    response: z.array(BudgetImportSchema),
  }),
};
