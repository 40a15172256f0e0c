import { LEVELS } from "../budget/budget-fields.ts";
import { TAG_KINDS } from "../budget/tagging-rules.ts";
import { YearSchema } from "./common.schema.ts";
import { z } from "./zod-locale.ts";

/**
 * Budget: the files people write (tagging rules, reference figures). Amounts in files are soles
 * (numbers with at most two decimals). The API's shapes, where amounts are integer cents, are
 * in src/shared/contracts/budget.contract.ts.
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
