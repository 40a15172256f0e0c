import { PLAUSIBILITY } from "../limits.ts";
import { roundHalfUp } from "../numbers.ts";
import { z } from "../schemas/zod-locale.ts";

/**
 * The settings the conductor tunes per indicator (issue 17, item 6), read by the same rules in
 * the browser and on the server. Every field is optional: what is not set keeps the policy-wide
 * default below, so an indicator without settings is judged as before.
 */

export const RULE_DIMENSIONS = ["sexo", "grupo_edad", "nacionalidad", "region"] as const;

export const DEFAULT_RULE_SETTINGS = {
  /** Tipo 1 progress above which a value is sobredimensionado (a warning), in %. */
  oversizedTipo1: PLAUSIBILITY.oversizedTipo1,
  /** Tipo 1 progress below which a value is sub-dimensionado (a warning), in %. */
  undersizedTipo1: PLAUSIBILITY.undersizedTipo1,
  /**
   * How far a non-cumulative annual value may move from the previous year's validated value:
   * a change is an outlier when the larger of the two is more than (1 + limit/100) times the
   * smaller, so 100 % flags a doubling and a halving alike.
   */
  yearOverYearChangePercent: 100,
  /** Consecutive years above the oversized threshold that propose reformulating the meta. */
  sustainedOversizeYears: 2,
} as const;

const percent = (label: string) =>
  z
    .number({ error: `${label}: ingrese un número.` })
    .finite()
    .min(0, `${label} no puede ser negativo.`)
    .max(100_000, `${label}: máximo 100 000.`);

export const RuleSettingsSchema = z
  .object({
    oversizedTipo1: percent("Umbral de sobredimensionado").optional(),
    undersizedTipo1: percent("Umbral de sub-dimensionado").optional(),
    plausibleMin: z.number().finite().optional(),
    plausibleMax: z.number().finite().optional(),
    yearOverYearChangePercent: percent("Límite de variación interanual").optional(),
    sustainedOversizeYears: z.number().int().min(2).max(10).optional(),
    requiredDisaggregations: z.array(z.enum(RULE_DIMENSIONS)).max(4).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (
      s.oversizedTipo1 !== undefined &&
      s.undersizedTipo1 !== undefined &&
      s.undersizedTipo1 >= s.oversizedTipo1
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["undersizedTipo1"],
        message: "El umbral de sub-dimensionado debe ser menor que el de sobredimensionado.",
      });
    }
    if (
      s.plausibleMin !== undefined &&
      s.plausibleMax !== undefined &&
      s.plausibleMin > s.plausibleMax
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["plausibleMin"],
        message: "El mínimo plausible no puede superar al máximo plausible.",
      });
    }
    if (
      s.requiredDisaggregations &&
      new Set(s.requiredDisaggregations).size !== s.requiredDisaggregations.length
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["requiredDisaggregations"],
        message: "Cada desagregación requerida se indica una sola vez.",
      });
    }
  });
export type RuleSettings = z.infer<typeof RuleSettingsSchema>;

/** The settings with every default filled in: what the rules read (and the rule context carries). */
export const ResolvedRuleSettingsSchema = z.object({
  oversizedTipo1: z.number(),
  undersizedTipo1: z.number(),
  plausibleMin: z.number().nullable(),
  plausibleMax: z.number().nullable(),
  yearOverYearChangePercent: z.number(),
  sustainedOversizeYears: z.number().int(),
  requiredDisaggregations: z.array(z.enum(RULE_DIMENSIONS)),
});
export type ResolvedRuleSettings = z.infer<typeof ResolvedRuleSettingsSchema>;

export function resolveRuleSettings(
  settings: RuleSettings | null | undefined,
): ResolvedRuleSettings {
  const s = settings ?? {};
  return {
    oversizedTipo1: s.oversizedTipo1 ?? DEFAULT_RULE_SETTINGS.oversizedTipo1,
    undersizedTipo1: s.undersizedTipo1 ?? DEFAULT_RULE_SETTINGS.undersizedTipo1,
    plausibleMin: s.plausibleMin ?? null,
    plausibleMax: s.plausibleMax ?? null,
    yearOverYearChangePercent:
      s.yearOverYearChangePercent ?? DEFAULT_RULE_SETTINGS.yearOverYearChangePercent,
    sustainedOversizeYears:
      s.sustainedOversizeYears ?? DEFAULT_RULE_SETTINGS.sustainedOversizeYears,
    requiredDisaggregations: s.requiredDisaggregations ?? [],
  };
}

/**
 * Whether two consecutive values differ by more than the limit: the larger over the smaller
 * beyond 1 + limit/100. Values of different sign, or a zero, are an outlier only when the other
 * is not zero too; comparing with zero gives no ratio, and a jump from 0 is the case to look at.
 */
export function isYearOverYearOutlier(value: number, previous: number, limitPercent: number) {
  if (value === previous) return false;
  if (value <= 0 || previous <= 0) return true;
  const ratio = Math.max(value, previous) / Math.min(value, previous);
  return ratio > 1 + limitPercent / 100;
}

export type ProgressSize = "sobredimensionado" | "subdimensionado";

/**
 * Whether a tipo 1 progress is sobredimensionado or sub-dimensionado under the indicator's
 * thresholds (the policy defaults when it has none): the one rule behind the form's warning and
 * the evaluation's flag, so a value the reporter was asked to justify is the one the Informe
 * flags. Judged on the figure as printed (one decimal, half up), so the flag never contradicts
 * the number beside it (199.96 % prints 200.0 % and is not "more than 200 %").
 */
export function progressSize(
  tipo1: number,
  settings: Pick<ResolvedRuleSettings, "oversizedTipo1" | "undersizedTipo1">,
): ProgressSize | null {
  const printed = roundHalfUp(tipo1, 1);
  if (printed > settings.oversizedTipo1) return "sobredimensionado";
  if (printed < settings.undersizedTipo1) return "subdimensionado";
  return null;
}
