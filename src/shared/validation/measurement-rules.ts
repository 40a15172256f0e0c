import { computeTipo1, type Direction } from "../ceplan-formulas.ts";
import { MIN_JUSTIFICATION_LENGTH, PLAUSIBILITY, RATIO_TOLERANCE_POINTS } from "../limits.ts";
import type { Unit } from "../schemas/catalogue.schema.ts";
import { deriveMeasurementValue } from "./derived-value.ts";
import {
  isYearOverYearOutlier,
  progressSize,
  type ResolvedRuleSettings,
  resolveRuleSettings,
} from "./rule-settings.ts";

/**
 * Data-quality rules for a reported value, shared by the web form (live, in the browser), the
 * server (again, before saving) and the evaluation (to flag published figures). Each rule is
 * named after an error the 2022–2023 Informe actually contains (seed_001.md §7, §8.6).
 *
 * An error blocks submission; a warning needs a written justification.
 */

/**
 * The warnings a value itself can raise (a justification confirms them), by which the review
 * queue filters: sobredimensionado, sub-dimensionado, outside the plausible range, outlier
 * against the previous year.
 */
export const VALUE_WARNING_CODES = [
  "AVANCE_MUY_ALTO",
  "AVANCE_MUY_BAJO",
  "FUERA_DE_RANGO_PLAUSIBLE",
  "VARIACION_INTERANUAL_ATIPICA",
] as const;
export type ValueWarningCode = (typeof VALUE_WARNING_CODES)[number];

export interface RuleFinding {
  code: string;
  severity: "error" | "warning";
  /** Field path in the submitted object, e.g. "numerator" or "disaggregations.sexo". */
  path: string;
  message: string;
}

export interface MeasurementDraft {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  disaggregations: readonly {
    dimension: string;
    category: string;
    label?: string | null;
    value: number;
  }[];
}

export interface MeasurementContext {
  unit: Unit;
  isCumulative: boolean;
  /** The indicator's value for the preceding period, for cumulative indicators. */
  previous: { label: string; value: number } | null;
  /** The meta in force for the year, for the plausibility warning (data entry). */
  meta?: number | null;
  direction?: Direction;
  /**
   * The previous year's validated annual value of a non-cumulative indicator, for the
   * year-over-year outlier warning (annual values only).
   */
  previousYear?: { label: string; value: number } | null;
  /** The conductor's settings of the indicator; the defaults when absent. */
  settings?: ResolvedRuleSettings;
}

const DIMENSION_LABELS: Record<string, string> = {
  sexo: "sexo",
  grupo_edad: "grupo de edad",
  nacionalidad: "nacionalidad",
  region: "región",
};

const fmt = (x: number) => x.toLocaleString("es-PE", { maximumFractionDigits: 4 });

/** The value implied by numerator and denominator, in the indicator's unit (the shared rule). */
export const impliedValue = deriveMeasurementValue;

function checkRequired(d: MeasurementDraft, out: RuleFinding[]): void {
  if (d.value === null && (d.numerator === null || d.denominator === null)) {
    out.push({
      code: "VALOR_REQUERIDO",
      severity: "error",
      path: "value",
      message: "Ingrese el valor obtenido, o el numerador y el denominador.",
    });
  }
}

function checkValueRange(v: number | null, ctx: MeasurementContext, out: RuleFinding[]): void {
  if (v !== null && ctx.unit === "porcentaje" && (v < 0 || v > 100)) {
    out.push({
      code: "PORCENTAJE_FUERA_DE_RANGO",
      severity: "error",
      path: "value",
      message: `Un porcentaje debe estar entre 0 y 100; se ingresó ${fmt(v)}. Revise el numerador, el denominador o la unidad del indicador.`,
    });
  }
  if (v !== null && ctx.unit === "numero" && v < 0) {
    out.push({
      code: "VALOR_NEGATIVO",
      severity: "error",
      path: "value",
      message: `Un conteo no puede ser negativo; se ingresó ${fmt(v)}.`,
    });
  }
}

function checkComponents(d: MeasurementDraft, ctx: MeasurementContext, out: RuleFinding[]): void {
  for (const field of ["numerator", "denominator"] as const) {
    const v = d[field];
    if (v !== null && v < 0) {
      out.push({
        code: "COMPONENTE_NEGATIVO",
        severity: "error",
        path: field,
        message: `El ${field === "numerator" ? "numerador" : "denominador"} no puede ser negativo.`,
      });
    }
  }
  if (d.denominator === 0) {
    out.push({
      code: "DENOMINADOR_CERO",
      severity: "error",
      path: "denominator",
      message: "El denominador no puede ser cero.",
    });
  }
  if (d.numerator === null || d.denominator === null || d.denominator <= 0) return;
  if (ctx.unit === "porcentaje" && d.numerator > d.denominator) {
    out.push({
      code: "NUMERADOR_MAYOR_QUE_DENOMINADOR",
      severity: "error",
      path: "numerator",
      message: `El numerador (${fmt(d.numerator)}) no puede superar al denominador (${fmt(d.denominator)}) en un porcentaje.`,
    });
  }
}

function checkRatio(d: MeasurementDraft, ctx: MeasurementContext, out: RuleFinding[]): void {
  if (d.numerator === null || d.denominator === null || d.denominator <= 0) return;
  const implied = deriveMeasurementValue(ctx.unit, d.numerator, d.denominator);
  if (d.value !== null && implied !== null) {
    const tolerance =
      ctx.unit === "porcentaje" || ctx.unit === "tasa"
        ? RATIO_TOLERANCE_POINTS
        : Math.abs(implied) * 0.005;
    if (Math.abs(d.value - implied) > tolerance) {
      out.push({
        code: "VALOR_NO_COINCIDE_CON_RAZON",
        severity: "error",
        path: "value",
        message: `El valor ${fmt(d.value)} no coincide con numerador / denominador = ${fmt(d.numerator)} / ${fmt(d.denominator)} = ${fmt(implied)}.`,
      });
    }
  }
}

function checkDisaggregations(
  d: MeasurementDraft,
  v: number | null,
  ctx: MeasurementContext,
  out: RuleFinding[],
): void {
  // Parts add up to the count: the value of a count indicator, the numerator of a proportion.
  const total = ctx.unit === "numero" ? v : d.numerator;
  if (total === null || d.disaggregations.length === 0) return;
  const groups = new Map<string, number>();
  for (const part of d.disaggregations) {
    const key = part.dimension === "otro" ? `otro:${part.label ?? ""}` : part.dimension;
    groups.set(key, (groups.get(key) ?? 0) + part.value);
  }
  for (const [key, sum] of groups) {
    if (Math.abs(sum - total) > 1e-9) {
      const [dimension, label] = key.split(":");
      out.push({
        code: "DESAGREGACION_NO_SUMA",
        severity: "error",
        path: `disaggregations.${key}`,
        message: `La desagregación por ${label || dimension} suma ${fmt(sum)}, pero el total ${ctx.unit === "numero" ? "reportado" : "del numerador"} es ${fmt(total)}.`,
      });
    }
  }
}

function checkCumulative(v: number | null, ctx: MeasurementContext, out: RuleFinding[]): void {
  if (!ctx.isCumulative || ctx.previous === null || v === null) return;
  if (v < ctx.previous.value) {
    out.push({
      code: "ACUMULADO_DECRECE",
      severity: "error",
      path: "value",
      message: `El indicador es acumulado: el valor ${fmt(v)} no puede ser menor que el de ${ctx.previous.label} (${fmt(ctx.previous.value)}). ¿Se reportó el valor anual en lugar del acumulado?`,
    });
  }
}

/**
 * A value far from its meta is not wrong, but it is what the Informe calls sobredimensionado
 * or sub-dimensionado: the focal point confirms it with a justification before sending.
 */
function checkPlausibility(
  v: number | null,
  ctx: MeasurementContext,
  rules: ResolvedRuleSettings,
  out: RuleFinding[],
): void {
  if (v === null || ctx.meta === undefined || ctx.meta === null || ctx.meta === 0) return;
  const tipo1 = computeTipo1(v, ctx.meta, ctx.direction ?? "ascendente");
  if (tipo1 === "ND") return;
  const size = progressSize(tipo1, rules);
  if (size !== null) {
    const high = size === "sobredimensionado";
    out.push({
      code: high ? "AVANCE_MUY_ALTO" : "AVANCE_MUY_BAJO",
      severity: "warning",
      path: "value",
      message: `El valor ${fmt(v)} da un avance de ${fmt(Math.round(tipo1 * 10) / 10)} % respecto a la meta ${fmt(ctx.meta)} (${high ? `más de ${fmt(rules.oversizedTipo1)}` : `menos de ${fmt(rules.undersizedTipo1)}`} %). Confirme el valor y explique la diferencia.`,
    });
  }
}

/** The range the conductor set as plausible for the indicator: outside it, confirm the value. */
function checkPlausibleRange(
  v: number | null,
  rules: ResolvedRuleSettings,
  out: RuleFinding[],
): void {
  if (v === null) return;
  const below = rules.plausibleMin !== null && v < rules.plausibleMin;
  const above = rules.plausibleMax !== null && v > rules.plausibleMax;
  if (!below && !above) return;
  const range = `${rules.plausibleMin === null ? "—" : fmt(rules.plausibleMin)} a ${rules.plausibleMax === null ? "—" : fmt(rules.plausibleMax)}`;
  out.push({
    code: "FUERA_DE_RANGO_PLAUSIBLE",
    severity: "warning",
    path: "value",
    message: `El valor ${fmt(v)} está fuera del rango plausible fijado para el indicador (${range}). Confirme el valor y explique la diferencia.`,
  });
}

/**
 * A non-cumulative value far from the previous year's: not an error (a service can grow), but
 * the kind of jump that is often a unit or a period typed wrong, so it asks for a justification.
 */
function checkYearOverYear(
  v: number | null,
  ctx: MeasurementContext,
  rules: ResolvedRuleSettings,
  out: RuleFinding[],
): void {
  const prev = ctx.previousYear;
  if (ctx.isCumulative || v === null || !prev) return;
  if (!isYearOverYearOutlier(v, prev.value, rules.yearOverYearChangePercent)) return;
  out.push({
    code: "VARIACION_INTERANUAL_ATIPICA",
    severity: "warning",
    path: "value",
    message: `El valor ${fmt(v)} se aleja del validado en ${prev.label} (${fmt(prev.value)}) más de lo esperado (límite ${fmt(rules.yearOverYearChangePercent)} %). Confirme el valor y explique la variación.`,
  });
}

/** The disaggregations the conductor requires for the indicator must be reported. */
function checkRequiredDisaggregations(
  d: MeasurementDraft,
  rules: ResolvedRuleSettings,
  out: RuleFinding[],
): void {
  const given = new Set(d.disaggregations.map((x) => x.dimension));
  for (const dimension of rules.requiredDisaggregations) {
    if (given.has(dimension)) continue;
    out.push({
      code: "DESAGREGACION_REQUERIDA",
      severity: "error",
      path: `disaggregations.${dimension}`,
      message: `Este indicador requiere la desagregación por ${DIMENSION_LABELS[dimension] ?? dimension}.`,
    });
  }
}

const OUT_OF_RANGE = new Set(["PORCENTAJE_FUERA_DE_RANGO", "VALOR_NEGATIVO"]);

/**
 * Runs every rule on a reported value; an empty list means the value is consistent.
 *
 * A value given only as numerator and denominator is judged as the value derived from them,
 * so 1 / 100 raises what 1 raises. So is a value equal to that derivation (how the server stores
 * it, and what every reader passes back): the same input gives the same findings wherever the
 * rules run. When such a value comes from components that are already in error (a negative
 * numerator, n > d in a proportion), those errors are the message: the value's own range,
 * cumulative and plausibility checks would only repeat them.
 */
export function validateMeasurement(d: MeasurementDraft, ctx: MeasurementContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const rules = ctx.settings ?? resolveRuleSettings(null);
  checkRequired(d, findings);
  const derived =
    d.numerator !== null && d.denominator !== null
      ? deriveMeasurementValue(ctx.unit, d.numerator, d.denominator)
      : null;
  const fromComponents = derived !== null && (d.value === null || d.value === derived);
  const componentFindings: RuleFinding[] = [];
  checkComponents(d, ctx, componentFindings);
  // The value judged: typed, or derived; null when there is none worth judging.
  const judged: number | null =
    fromComponents && componentFindings.some((f) => f.severity === "error")
      ? null
      : (d.value ?? derived);
  checkValueRange(judged, ctx, findings);
  findings.push(...componentFindings);
  checkRatio(d, ctx, findings);
  checkDisaggregations(d, judged, ctx, findings);
  checkCumulative(judged, ctx, findings);
  checkRequiredDisaggregations(d, rules, findings);
  // A value out of its unit's range is one error: its progress against the meta, its range and
  // its change mean nothing, so no warning is added on top of it.
  if (!findings.some((f) => OUT_OF_RANGE.has(f.code))) {
    checkPlausibility(judged, ctx, rules, findings);
    checkPlausibleRange(judged, rules, findings);
    checkYearOverYear(judged, ctx, rules, findings);
  }
  return findings;
}

/** Rules on a meta: a percentage in range, and not so close to zero that progress explodes. */
export function validateMeta(meta: number, unit: Unit): RuleFinding[] {
  const findings: RuleFinding[] = [];
  if (unit === "porcentaje" && (meta < 0 || meta > 100)) {
    findings.push({
      code: "PORCENTAJE_FUERA_DE_RANGO",
      severity: "error",
      path: "value",
      message: `Una meta en porcentaje debe estar entre 0 y 100; se ingresó ${fmt(meta)}.`,
    });
  }
  if (unit === "porcentaje" && meta > 0 && meta < PLAUSIBILITY.nearZeroPercentMeta) {
    findings.push({
      code: "META_CERCANA_A_CERO",
      severity: "warning",
      path: "value",
      message: `La meta ${fmt(meta)} % es casi cero: cualquier logro dará un avance de miles por ciento. Confirme la unidad.`,
    });
  }
  return findings;
}

/** True when the findings allow submission: no errors, and every warning justified. */
export function canSubmit(findings: readonly RuleFinding[], justification: string | null): boolean {
  if (findings.some((f) => f.severity === "error")) return false;
  const needsJustification = findings.some((f) => f.severity === "warning");
  return !needsJustification || (justification?.trim().length ?? 0) >= MIN_JUSTIFICATION_LENGTH;
}
