import { type CeplanLevel, classifyLevel, clip, type Progress } from "../ceplan-formulas.ts";
import { formatPlural } from "../plural.ts";
import { withoutLineCitations } from "../public-text.ts";
import type { CriterionRule, ValoracionConfig } from "../schemas/catalogue.schema.ts";

/**
 * Valoración de la implementación (001:L1450-L1467): Σ(peso × puntaje del nivel) / Σ peso with
 * INICIAL = 1, INTERMEDIO = 2, AVANZADO = 3. The report prints the puntajes 4 / 8 / 6 and the
 * total 1.8 but no rule for criteria 2 and 3, so those come from stated levels or from a rule
 * the conductor configures.
 */

export type ImplementationLevel = "INICIAL" | "INTERMEDIO" | "AVANZADO";

const LEVEL_SCORES: Record<ImplementationLevel, number> = {
  INICIAL: 1,
  INTERMEDIO: 2,
  AVANZADO: 3,
};

/** bajo → inicial, intermedio → intermedio, alto → avanzado (the report calls 22.2 % both). */
function implementationLevelOf(level: CeplanLevel): ImplementationLevel {
  if (level === "alto") return "AVANZADO";
  if (level === "intermedio") return "INTERMEDIO";
  return "INICIAL";
}

export interface ValoracionContext {
  year: number;
  indexTipo2: Progress;
  /** Avance tipo 1 of every service indicator for the year. */
  serviceTipo1: readonly Progress[];
  /**
   * Levels the conductor declared in the app for this year, by criterion code (the revision in
   * force). They answer a "declarado" rule before the levels transcribed in the catalogue.
   */
  declared?: ReadonlyMap<string, DeclaredLevel>;
}

/** A level the conductor declared for a year, with who and when, for the Informe. */
export interface DeclaredLevel {
  level: ImplementationLevel;
  rationale: string;
  /** Who declared it, as the Informe names it (role and entity, never a person's name). */
  declaredBy: string;
  /** ISO 8601 instant. */
  declaredAt: string;
  evidenceFileName: string;
}

/**
 * Where a criterion's level comes from: computed from the year's figures by its rule, or
 * declared (in the app, or transcribed in the catalogue from a published Informe).
 */
export type CriterionOrigin = "calculado" | "declarado";

export interface CriterionResult {
  code: string;
  name: string;
  weight: number;
  level: ImplementationLevel | "ND";
  /** Score of the level: 1, 2 or 3. */
  levelScore: number | null;
  /** Puntaje as the report prints it: weight × level score. */
  score: number | null;
  /** How the level was obtained, in Spanish, for the report and the audit of the figure. */
  basis: string;
  origin: CriterionOrigin;
  /** Whether the conductor may declare this criterion's level (its rule is "declarado"). */
  declarable: boolean;
  /** The declaration in the app that gave the level; null when computed or transcribed. */
  declaration: Omit<DeclaredLevel, "level"> | null;
}

export interface ValoracionResult {
  total: number | "ND";
  level: ImplementationLevel | "ND";
  criteria: CriterionResult[];
}

function levelFromProgress(progress: Progress): ImplementationLevel | "ND" {
  const level = classifyLevel(progress);
  return level === "ND" ? "ND" : implementationLevelOf(level);
}

/**
 * How many service indicators a criterion built on them rests on: a level computed from 1 of
 * 44 indicators is not the level of the 44, and the reader must be told.
 */
function coverage(used: number, total: number): string {
  if (used === 0) return "sin indicadores de servicio con avance calculable";
  // The noun agrees with the total: "1 de 44 indicadores", "1 de 1 indicador".
  return formatPlural(
    "es-PE",
    {
      one: "calculada con {used} de {total} indicador de servicio",
      other: "calculada con {used} de {total} indicadores de servicio",
    },
    { count: total, used, total },
  );
}

interface Resolved {
  level: ImplementationLevel | "ND";
  basis: string;
  origin: CriterionOrigin;
  declaration: Omit<DeclaredLevel, "level"> | null;
}

const computed = (level: ImplementationLevel | "ND", basis: string): Resolved => ({
  level,
  basis,
  origin: "calculado",
  declaration: null,
});

function resolveCriterion(code: string, rule: CriterionRule, ctx: ValoracionContext): Resolved {
  switch (rule.kind) {
    case "nivel_indice":
      return computed(
        levelFromProgress(ctx.indexTipo2),
        "Nivel del índice de gestión (avance tipo 2)",
      );
    case "media_tipo1_servicios": {
      const numeric = ctx.serviceTipo1.filter((p): p is number => p !== "ND").map(clip);
      const avg = numeric.length ? numeric.reduce((a, b) => a + b, 0) / numeric.length : "ND";
      return computed(
        levelFromProgress(avg),
        `Media del avance tipo 1 (acotado a 100) de los indicadores de servicio, ${coverage(numeric.length, ctx.serviceTipo1.length)}`,
      );
    }
    case "proporcion_alto_servicios": {
      const numeric = ctx.serviceTipo1.filter((p): p is number => p !== "ND");
      const share = numeric.length
        ? (numeric.filter((p) => classifyLevel(p) === "alto").length / numeric.length) * 100
        : "ND";
      return computed(
        levelFromProgress(share),
        `Proporción de indicadores de servicio en nivel alto, ${coverage(numeric.length, ctx.serviceTipo1.length)}`,
      );
    }
    case "declarado": {
      // A declaration made in the app is the conductor's latest word on the year.
      const declared = ctx.declared?.get(code);
      if (declared) {
        const { level, ...declaration } = declared;
        return {
          level,
          basis: `Nivel declarado por ${declared.declaredBy} el ${declared.declaredAt.slice(0, 10)}: ${declared.rationale} (evidencia: ${declared.evidenceFileName})`,
          origin: "declarado",
          declaration,
        };
      }
      const stated = rule.levels[String(ctx.year)];
      if (stated) {
        // The source names the document, never the transcriber's line numbers in it.
        const source = rule.source ? withoutLineCitations(rule.source) : "";
        return {
          level: stated,
          basis: `Nivel declarado${source ? ` (${source})` : ""}`,
          origin: "declarado",
          declaration: null,
        };
      }
      if (rule.fallback) return resolveCriterion(code, rule.fallback, ctx);
      // Still a declared criterion: the Informe says the declaration is missing.
      return {
        level: "ND",
        basis: `Sin nivel declarado para ${ctx.year}`,
        origin: "declarado",
        declaration: null,
      };
    }
  }
}

function totalLevel(total: number, rule: ValoracionConfig["totalLevelRule"]): ImplementationLevel {
  if (rule === "tercios") {
    if (total >= 7 / 3) return "AVANZADO";
    if (total >= 5 / 3) return "INTERMEDIO";
    return "INICIAL";
  }
  // mas_cercano: 1.8 rounds to 2, INTERMEDIO; 1.5 rounds up.
  const nearest = Math.min(3, Math.max(1, Math.floor(total + 0.5)));
  return nearest === 3 ? "AVANZADO" : nearest === 2 ? "INTERMEDIO" : "INICIAL";
}

/** Computes the valoración; ND when any criterion has no level for the year. */
export function computeValoracion(
  config: ValoracionConfig,
  ctx: ValoracionContext,
): ValoracionResult {
  const criteria: CriterionResult[] = config.criteria.map((c) => {
    const { level, basis, origin, declaration } = resolveCriterion(c.code, c.rule, ctx);
    const levelScore = level === "ND" ? null : LEVEL_SCORES[level];
    return {
      code: c.code,
      name: c.name,
      weight: c.weight,
      level,
      levelScore,
      score: levelScore === null ? null : c.weight * levelScore,
      basis,
      origin,
      declarable: c.rule.kind === "declarado",
      declaration,
    };
  });
  if (criteria.some((c) => c.score === null)) return { total: "ND", level: "ND", criteria };
  const weights = criteria.reduce((a, c) => a + c.weight, 0);
  const total = criteria.reduce((a, c) => a + (c.score ?? 0), 0) / weights;
  return { total, level: totalLevel(total, config.totalLevelRule), criteria };
}
