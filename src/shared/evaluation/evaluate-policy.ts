import {
  aggregateProgress,
  type CeplanLevel,
  classifyLevel,
  computeTipo1,
  computeTipo2,
  type Direction,
  displayProgress,
  LEVEL_COLOURS,
  type Progress,
} from "../ceplan-formulas.ts";
import { roundHalfUp } from "../numbers.ts";
import type { Unit, ValoracionConfig } from "../schemas/catalogue.schema.ts";
import { validateMeta } from "../validation/measurement-rules.ts";
import {
  DEFAULT_RULE_SETTINGS,
  progressSize,
  type ResolvedRuleSettings,
} from "../validation/rule-settings.ts";
import { computeValoracion, type DeclaredLevel, type ValoracionResult } from "./valoracion.ts";

/**
 * The evaluation of one policy-year as the Informe de Evaluación presents it: indicator
 * progress, objective aggregates, the índice de gestión, level counts, the lists of low-level
 * indicators and the valoración. Pure: callers load the data and present the result.
 */

export interface IndicatorFacts {
  code: string;
  kind: "objetivo" | "servicio";
  name: string;
  objective: string;
  service: string | null;
  responsible: string;
  unit: Unit;
  direction: Direction;
  baseline: number | null;
  /** Current meta per year (latest revision). */
  metas: ReadonlyMap<number, number>;
  /** Annual value per year (validated, or submitted in preview). */
  values: ReadonlyMap<number, number>;
  /**
   * The thresholds the conductor set for the indicator (features/rule-settings); absent, the
   * policy defaults.
   */
  settings?: Pick<ResolvedRuleSettings, "oversizedTipo1" | "undersizedTipo1">;
}

export interface EvaluationInput {
  policy: { code: string; name: string };
  year: number;
  objectives: readonly { code: string; name: string }[];
  indicators: readonly IndicatorFacts[];
  valoracion: ValoracionConfig;
  /** Valoración levels the conductor declared for the year in the app, by criterion code. */
  declaredValoracion?: ReadonlyMap<string, DeclaredLevel>;
}

export interface Finding {
  code: string;
  severity: "error" | "warning";
  message: string;
}

export interface IndicatorYear {
  code: string;
  kind: "objetivo" | "servicio";
  name: string;
  objective: string;
  service: string | null;
  responsible: string;
  unit: Unit;
  year: number;
  value: number | null;
  meta: number | null;
  baseline: number | null;
  tipo1: number | "ND";
  tipo2: number | "ND";
  level: CeplanLevel | "ND";
  colour: string | null;
  previous: { year: number; value: number | null; meta: number | null; tipo1: number | "ND" };
  warnings: Finding[];
  exact: { tipo1: Progress; tipo2: Progress; previousTipo1: Progress };
}

export interface ObjectiveResult {
  code: string;
  name: string;
  indicators: string[];
  tipo1: number | "ND";
  tipo2: number | "ND";
  previousTipo1: number | "ND";
  /** Band of the clipped tipo 1 mean, as the level-count table classifies objectives. */
  level: CeplanLevel | "ND";
  /** Band of tipo 2, the figure that feeds the índice de gestión. */
  levelTipo2: CeplanLevel | "ND";
  colour: string | null;
  exact: { tipo1: Progress; tipo2: Progress; previousTipo1: Progress };
}

export interface LevelCount {
  bajo: number;
  intermedio: number;
  alto: number;
  total: number;
}

export interface PolicyEvaluation {
  policy: { code: string; name: string };
  year: number;
  previousYear: number;
  index: {
    tipo2: number | "ND";
    level: CeplanLevel | "ND";
    colour: string | null;
    /** Same aggregation on tipo 1; DERIVED, the report does not publish it. */
    tipo1: number | "ND";
    exact: { tipo2: Progress; tipo1: Progress };
  };
  objectives: ObjectiveResult[];
  indicators: IndicatorYear[];
  levelCounts: {
    objectives: LevelCount;
    opIndicators: LevelCount;
    serviceIndicators: LevelCount;
    total: LevelCount;
  };
  lowIndicators: { year: number; opIndicators: string[]; serviceIndicators: string[] }[];
  valoracion: {
    total: number | "ND";
    level: ValoracionResult["level"];
    criteria: ValoracionResult["criteria"];
    exact: { total: number | "ND" };
  };
}

function colourOf(level: CeplanLevel | "ND"): string | null {
  return level === "ND" ? null : LEVEL_COLOURS[level];
}

/** Flags on an indicator-year that a reviewer should see before publication. */
function flagIndicatorYear(
  ind: Pick<IndicatorFacts, "kind" | "unit" | "direction" | "baseline" | "settings">,
  meta: number | null,
  tipo1: Progress,
): Finding[] {
  const findings: Finding[] = [];
  if (ind.baseline === null) {
    if (ind.kind === "objetivo") {
      findings.push({
        code: "LINEA_BASE_FALTANTE",
        severity: "warning",
        message: "El indicador no tiene línea de base: el avance tipo 2 es ND.",
      });
    }
  } else if (meta !== null) {
    const wrongSide = ind.direction === "ascendente" ? meta < ind.baseline : meta > ind.baseline;
    if (wrongSide) {
      findings.push({
        code: "META_LADO_INCORRECTO",
        severity: "warning",
        message: `La meta (${meta}) está del lado opuesto de la línea de base (${ind.baseline}) para un indicador ${ind.direction}: el avance tipo 2 invierte su sentido.`,
      });
    }
  }
  if (meta !== null) {
    for (const f of validateMeta(meta, ind.unit)) {
      findings.push({ code: f.code, severity: f.severity, message: f.message });
    }
  }
  if (tipo1 !== "ND") {
    const printed = roundHalfUp(tipo1, 1);
    const { oversizedTipo1: over, undersizedTipo1: under } = ind.settings ?? DEFAULT_RULE_SETTINGS;
    const size = progressSize(tipo1, { oversizedTipo1: over, undersizedTipo1: under });
    if (size === "sobredimensionado") {
      findings.push({
        code: "SOBREDIMENSIONADO",
        severity: "warning",
        message: `Avance tipo 1 de ${printed} % (> ${over} %): la meta parece subestimada o el valor mal registrado.`,
      });
    } else if (size === "subdimensionado") {
      findings.push({
        code: "SUBDIMENSIONADO",
        severity: "warning",
        message: `Avance tipo 1 de ${printed} % (< ${under} %): la meta parece sobreestimada o el servicio no se entregó.`,
      });
    }
  }
  return findings;
}

function evaluateIndicatorYear(ind: IndicatorFacts, year: number): IndicatorYear {
  const value = ind.values.get(year) ?? null;
  const meta = ind.metas.get(year) ?? null;
  const previousValue = ind.values.get(year - 1) ?? null;
  const previousMeta = ind.metas.get(year - 1) ?? null;
  const tipo1 = computeTipo1(value, meta, ind.direction);
  const tipo2 = computeTipo2(value, meta, ind.baseline);
  const previousTipo1 = computeTipo1(previousValue, previousMeta, ind.direction);
  const level = classifyLevel(tipo1);
  return {
    code: ind.code,
    kind: ind.kind,
    name: ind.name,
    objective: ind.objective,
    service: ind.service,
    responsible: ind.responsible,
    unit: ind.unit,
    year,
    value,
    meta,
    baseline: ind.baseline,
    tipo1: displayProgress(tipo1),
    tipo2: displayProgress(tipo2),
    level,
    colour: colourOf(level),
    previous: {
      year: year - 1,
      value: previousValue,
      meta: previousMeta,
      tipo1: displayProgress(previousTipo1),
    },
    warnings: flagIndicatorYear(ind, meta, tipo1),
    exact: { tipo1, tipo2, previousTipo1 },
  };
}

function countLevels(levels: readonly (CeplanLevel | "ND")[]): LevelCount {
  const count: LevelCount = { bajo: 0, intermedio: 0, alto: 0, total: 0 };
  for (const level of levels) {
    if (level === "ND") continue;
    count[level] += 1;
    count.total += 1;
  }
  return count;
}

function sumCounts(...counts: LevelCount[]): LevelCount {
  return counts.reduce(
    (acc, c) => ({
      bajo: acc.bajo + c.bajo,
      intermedio: acc.intermedio + c.intermedio,
      alto: acc.alto + c.alto,
      total: acc.total + c.total,
    }),
    { bajo: 0, intermedio: 0, alto: 0, total: 0 },
  );
}

/** Evaluates one policy-year: the figures of the Informe de Evaluación, section 2. */
export function evaluatePolicy(input: EvaluationInput): PolicyEvaluation {
  const { year } = input;
  const indicators = input.indicators.map((ind) => evaluateIndicatorYear(ind, year));

  const objectives: ObjectiveResult[] = input.objectives.map((objective) => {
    // Objectives aggregate their OP indicators only, as in the report's tables.
    const own = indicators.filter((i) => i.kind === "objetivo" && i.objective === objective.code);
    const tipo1 = aggregateProgress(own.map((i) => i.exact.tipo1));
    const tipo2 = aggregateProgress(own.map((i) => i.exact.tipo2));
    const previousTipo1 = aggregateProgress(own.map((i) => i.exact.previousTipo1));
    const level = classifyLevel(tipo1);
    return {
      code: objective.code,
      name: objective.name,
      indicators: own.map((i) => i.code),
      tipo1: displayProgress(tipo1),
      tipo2: displayProgress(tipo2),
      previousTipo1: displayProgress(previousTipo1),
      level,
      levelTipo2: classifyLevel(tipo2),
      colour: colourOf(level),
      exact: { tipo1, tipo2, previousTipo1 },
    };
  });

  const indexTipo2 = aggregateProgress(objectives.map((o) => o.exact.tipo2));
  const indexTipo1 = aggregateProgress(objectives.map((o) => o.exact.tipo1));
  const indexLevel = classifyLevel(indexTipo2);

  const opIndicators = indicators.filter((i) => i.kind === "objetivo");
  const serviceIndicators = indicators.filter((i) => i.kind === "servicio");
  const counts = {
    objectives: countLevels(objectives.map((o) => o.level)),
    opIndicators: countLevels(opIndicators.map((i) => i.level)),
    serviceIndicators: countLevels(serviceIndicators.map((i) => i.level)),
  };

  const lowOf = (list: IndicatorYear[], pick: (i: IndicatorYear) => Progress) =>
    list.filter((i) => classifyLevel(pick(i)) === "bajo").map((i) => i.code);

  const valoracion = computeValoracion(input.valoracion, {
    year,
    indexTipo2,
    serviceTipo1: serviceIndicators.map((i) => i.exact.tipo1),
    ...(input.declaredValoracion ? { declared: input.declaredValoracion } : {}),
  });

  return {
    policy: input.policy,
    year,
    previousYear: year - 1,
    index: {
      tipo2: displayProgress(indexTipo2),
      level: indexLevel,
      colour: colourOf(indexLevel),
      tipo1: displayProgress(indexTipo1),
      exact: { tipo2: indexTipo2, tipo1: indexTipo1 },
    },
    objectives,
    indicators,
    levelCounts: {
      ...counts,
      // "Total, indicadores" counts the 50 indicators; objectives are a separate row.
      total: sumCounts(counts.opIndicators, counts.serviceIndicators),
    },
    lowIndicators: [
      {
        year: year - 1,
        opIndicators: lowOf(opIndicators, (i) => i.exact.previousTipo1),
        serviceIndicators: lowOf(serviceIndicators, (i) => i.exact.previousTipo1),
      },
      {
        year,
        opIndicators: lowOf(opIndicators, (i) => i.exact.tipo1),
        serviceIndicators: lowOf(serviceIndicators, (i) => i.exact.tipo1),
      },
    ],
    valoracion: {
      total: valoracion.total === "ND" ? "ND" : roundHalfUp(valoracion.total, 1),
      level: valoracion.level,
      criteria: valoracion.criteria,
      exact: { total: valoracion.total },
    },
  };
}
