import { LEVELS } from "../budget/budget-fields.ts";
import { TAG_KINDS } from "../budget/tagging-rules.ts";
import { YearQuerySchema, YearSchema } from "./common.schema.ts";
import { z } from "./zod-locale.ts";

/**
 * Budget: the files people write (tagging rules, reference figures) and the API's responses.
 * Amounts in files are soles (numbers with at most two decimals); in responses they are
 * integer cents (`…Cents`), exact, with the figures derived from them.
 */

const code = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/, "Código inválido");
const year = YearSchema;
const soles = z
  .number()
  .nonnegative()
  .refine((v) => Number.isSafeInteger(Math.round(v * 100)), "Monto fuera de rango")
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, "Más de dos decimales");

export const BudgetRuleSchema = z
  .object({
    code: z.string().trim().min(1).max(40).describe("Stable id of the rule within the set"),
    service: z.string().trim().min(1).max(20).describe("Service code, e.g. S02"),
    kind: z.enum(TAG_KINDS),
    share: z
      .number()
      .gt(0)
      .max(100)
      .refine(
        (v) =>
          Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-9,
        "Use a lo más dos decimales",
      )
      .default(100)
      .describe("Percentage of the line for the service"),
    fromYear: year.nullable().default(null),
    toYear: year.nullable().default(null),
    match: z
      .object({
        nivel: z.enum(LEVELS).optional(),
        pliego: code.optional(),
        ejecutora: code.optional(),
        programa: code.optional(),
        producto: code.optional(),
        actividad: code.optional(),
        meta: code.optional(),
        finalidad: code.optional(),
        text: z.string().trim().min(3).max(200).optional(),
      })
      .strict()
      .refine((m) => Object.keys(m).length > 0, "La regla necesita al menos un criterio"),
    rationale: z.string().trim().min(3).max(1000),
  })
  .strict();

export const BudgetRuleFileSchema = z
  .object({
    policy: z.string().trim().min(1).max(40),
    note: z.string().trim().max(2000).optional(),
    reviewPatterns: z.array(z.string().trim().min(3).max(100)).default([]),
    rules: z.array(BudgetRuleSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((r, i) => {
      if (seen.has(r.code))
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "code"],
          message: `Código repetido ${r.code}`,
        });
      seen.add(r.code);
      if (r.fromYear !== null && r.toYear !== null && r.toYear < r.fromYear)
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "toYear"],
          message: "toYear antes de fromYear",
        });
    });
  });

export const BudgetReferenceFileSchema = z
  .object({
    policy: z.string().trim().min(1).max(40),
    source: z.string().trim().min(3),
    nationalBudget: z.array(
      z
        .object({ year, piaSoles: soles, pimSoles: soles, source: z.string().trim().min(3) })
        .strict(),
    ),
    pliegoTotals: z.array(
      z
        .object({
          year,
          pliego: code,
          name: z.string().trim().min(1),
          nivel: z.enum(LEVELS),
          piaSoles: soles,
          pimSoles: soles,
          source: z.string().trim().min(3),
        })
        .strict(),
    ),
    population: z.array(
      z
        .object({
          year,
          inhabitants: z.number().int().positive(),
          source: z.string().trim().min(3),
        })
        .strict(),
    ),
    priorityPliegos: z.array(
      z.object({ pliego: code, nivel: z.enum(LEVELS), label: z.string().trim().min(1) }).strict(),
    ),
  })
  .strict();
export type BudgetReferenceFile = z.infer<typeof BudgetReferenceFileSchema>;

// ---- API ----

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
