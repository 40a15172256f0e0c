import { IndicatorUnit } from "../schemas/catalogue.schema.ts";
import {
  ActorUserSchema,
  IndicatorParamsSchema,
  PolicyParamsSchema,
  YearQuerySchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { ResolvedRuleSettingsSchema, RuleSettingsSchema } from "../validation/rule-settings.ts";
import { defineContract } from "./contract.ts";

/**
 * The rules the conductor tunes per indicator (issue 17, item 6; ADR 0035), versioned with
 * author and reason, and the alerts across years: metas exceeded by far year after year
 * (reformulate, seed 000 L2465) and a service's PIM falling year on year (seed 000 L2467).
 */

const VersionSchema = z.object({
  version: z.number().int(),
  settings: RuleSettingsSchema,
  reason: z.string(),
  createdBy: z.string(),
  createdByUser: ActorUserSchema,
  createdAt: z.string(),
});

export const RuleSettingsViewSchema = z.object({
  indicator: z.string(),
  name: z.string(),
  unit: IndicatorUnit,
  version: z.number().int().nullable().describe("Version in force; null: policy defaults"),
  settings: RuleSettingsSchema.nullable(),
  resolved: ResolvedRuleSettingsSchema,
  history: z.array(VersionSchema).describe("Every version, newest first"),
});
export type RuleSettingsView = z.infer<typeof RuleSettingsViewSchema>;

export const RuleSettingsChangeSchema = z.object({
  settings: RuleSettingsSchema,
  reason: z
    .string()
    .trim()
    .min(10, "Explique el motivo del cambio (mínimo 10 caracteres).")
    .max(4000),
});

export const RuleAlertsSchema = z.object({
  year: z.number().int(),
  reformulate: z.array(
    z.object({
      indicator: z.string(),
      name: z.string(),
      service: z.string().nullable(),
      years: z.array(z.number().int()),
      progress: z.array(z.number()),
      threshold: z.number(),
    }),
  ),
  budget: z
    .object({
      previousYear: z.number().int(),
      regressions: z.array(
        z.object({
          service: z.string(),
          name: z.string(),
          previousPimCents: z.number().int(),
          pimCents: z.number().int(),
          changePercent: z.number().nullable(),
        }),
      ),
    })
    .nullable()
    .describe("Null when the budget of the year or of the year before was not imported"),
});
export type RuleAlerts = z.infer<typeof RuleAlertsSchema>;

export const ruleSettingsContract = {
  list: defineContract({
    method: "get",
    path: "/api/policies/:code/rule-settings",
    summary: "Reglas de validación por indicador (vigentes e historial de versiones)",
    tags: ["catálogo"],
    access: "catalogue.manage",
    params: PolicyParamsSchema,
    response: z.array(RuleSettingsViewSchema),
  }),
  set: defineContract({
    method: "post",
    path: "/api/policies/:code/indicators/:indicator/rule-settings",
    summary: "Cambiar las reglas de un indicador (nueva versión con motivo)",
    tags: ["catálogo"],
    access: "catalogue.manage",
    params: IndicatorParamsSchema,
    body: RuleSettingsChangeSchema,
    response: RuleSettingsViewSchema,
    status: 201,
  }),
  alerts: defineContract({
    method: "get",
    path: "/api/policies/:code/rule-alerts",
    summary:
      "Alertas de varios años: metas superadas con creces año tras año, PIM que cae (no regresividad)",
    tags: ["evaluación"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: z.object({ year: YearQuerySchema }),
    response: RuleAlertsSchema,
  }),
};
