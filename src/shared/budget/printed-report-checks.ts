/**
 * Checks of a printed budget chapter, taken as data (every printed number, what it measures,
 * and how the tables relate). Each printed number stands for the interval its decimals allow
 * ("4.70" is anything in [4.695, 4.705)); a check passes when the intervals agree, so honest
 * rounding is never flagged and real contradictions always are. Pure; the PNTP's chapter is in
 * reference/budget/chs-x-informe-2023-2025-tablas.json.
 */

export type PrintedUnit = "millones" | "soles" | "porcentaje" | "soles_por_habitante" | "numero";

export interface PrintedFigure {
  id: string;
  /** Table or passage, as the report names it ("Tabla 3", "Infografía"). */
  where: string;
  lines: string;
  /** Verbatim, as printed. */
  printed: string;
  /** The same number normalized: dot decimal, no thousands separator, printed decimals kept. */
  value: string;
  unit: PrintedUnit;
  /** What the number measures; figures with the same key must agree across tables. */
  quantity?: string;
}

export type PrintedRelation =
  | { kind: "sum"; total: string; parts: string[] }
  | { kind: "ratio"; result: string; numerator: string; denominator: string; factor: number }
  | {
      kind: "per_capita";
      figure: string;
      /** The stage the text says it uses. */
      stage: string;
      population: number;
      amounts: Record<string, string>;
    }
  | {
      kind: "cumulative";
      figure: string;
      label: string;
      /** Figures of each year the label says it accumulates. */
      years: Record<string, string[]>;
    }
  | {
      kind: "subset";
      subset: string[];
      /** The subset's own printed total, when it has one: it narrows the estimate. */
      subsetTotal?: string;
      total: string;
      label: string;
    };

export interface PrintedChapter {
  source: string;
  figures: PrintedFigure[];
  relations: PrintedRelation[];
}

export interface PrintedFinding {
  code:
    | "contradiccion"
    | "truncado"
    | "suma_no_cuadra"
    | "porcentaje_no_cuadra"
    | "porcentaje_con_total_erroneo"
    | "etapa_mal_rotulada"
    | "acumulado_no_es_suma"
    | "monto_no_itemizado"
    | "subconjunto_excede_total";
  severity: "error" | "warning" | "info";
  message: string;
  refs: string[];
}

interface Interval {
  lo: number;
  hi: number;
}

const SCALE: Record<PrintedUnit, number> = {
  millones: 1e6,
  soles: 1,
  porcentaje: 1,
  soles_por_habitante: 1,
  numero: 1,
};

function decimalsOf(value: string): number {
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** The interval a printed number stands for, in base units (soles for money). */
function intervalOf(f: PrintedFigure, mode: "round" | "truncate" = "round"): Interval {
  const v = Number(f.value);
  const scale = SCALE[f.unit];
  // A printed amount of 0 means nothing there, not "somewhere below one half"; a percentage
  // of 0 is a share rounded away.
  if (v === 0 && f.unit !== "porcentaje") return { lo: 0, hi: 0 };
  const step = 10 ** -decimalsOf(f.value);
  return mode === "round"
    ? { lo: (v - step / 2) * scale, hi: (v + step / 2) * scale }
    : { lo: v * scale, hi: (v + step) * scale };
}

// Half-open intervals: [9.465, 9.475) and [9.475, 9.485) do not meet. A relative epsilon
// absorbs binary noise in the bounds.
const overlaps = (a: Interval, b: Interval) => {
  const eps = 1e-9 * Math.max(1, Math.abs(a.hi), Math.abs(b.hi));
  if (a.lo === a.hi && b.lo === b.hi) return Math.abs(a.lo - b.lo) <= eps;
  if (a.lo === a.hi) return a.lo >= b.lo - eps && a.lo < b.hi - eps;
  if (b.lo === b.hi) return b.lo >= a.lo - eps && b.lo < a.hi - eps;
  return a.lo < b.hi - eps && b.lo < a.hi - eps;
};

const sumOf = (xs: Interval[]): Interval =>
  xs.reduce((s, x) => ({ lo: s.lo + x.lo, hi: s.hi + x.hi }), { lo: 0, hi: 0 });

const es = (x: number, decimals = 2) =>
  x.toLocaleString("es-PE", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** A figure in the unit it was printed in, for messages. */
function show(f: PrintedFigure): string {
  return `${f.printed} (${f.where}, ${f.lines})`;
}
function showValue(baseValue: number, unit: PrintedUnit, decimals: number): string {
  return es(baseValue / SCALE[unit], decimals);
}
const mid = (i: Interval) => (i.lo + i.hi) / 2;

export function checkPrintedBudgetTables(chapter: PrintedChapter): PrintedFinding[] {
  const figures = new Map(chapter.figures.map((f) => [f.id, f]));
  const get = (id: string): PrintedFigure => {
    const f = figures.get(id);
    if (!f) throw new Error(`Cifra desconocida en las relaciones: ${id}`);
    return f;
  };
  const findings: PrintedFinding[] = [];

  // 1. The same quantity printed in several places must agree.
  const groups = new Map<string, PrintedFigure[]>();
  for (const f of chapter.figures) {
    if (!f.quantity) continue;
    groups.set(f.quantity, [...(groups.get(f.quantity) ?? []), f]);
  }
  for (const [quantity, group] of groups) {
    // Compare every figure with the most precise one of its group.
    const reference = [...group].sort((a, b) => decimalsOf(b.value) - decimalsOf(a.value))[0];
    if (!reference) continue;
    for (const f of group) {
      if (f === reference) continue;
      if (overlaps(intervalOf(f), intervalOf(reference))) continue;
      if (overlaps(intervalOf(f, "truncate"), intervalOf(reference))) {
        findings.push({
          code: "truncado",
          severity: "info",
          message: `${show(f)} trunca ${show(reference)} en lugar de redondearlo: la regla de redondeo del informe no es uniforme.`,
          refs: [f.lines, reference.lines],
        });
        continue;
      }
      findings.push({
        code: "contradiccion",
        severity: "error",
        message: `La misma cifra (${quantity}) se imprime como ${show(f)} y como ${show(reference)}.`,
        refs: [f.lines, reference.lines],
      });
    }
  }

  // 2. Totals equal the sum of their parts.
  const badTotals = new Map<string, Interval>();
  for (const r of chapter.relations) {
    if (r.kind !== "sum") continue;
    const total = get(r.total);
    const parts = sumOf(r.parts.map((id) => intervalOf(get(id))));
    if (overlaps(intervalOf(total), parts)) continue;
    badTotals.set(total.id, parts);
    findings.push({
      code: "suma_no_cuadra",
      severity: "error",
      message: `${show(total)} no es la suma de sus partes: las ${r.parts.length} filas suman ${showValue(mid(parts), total.unit, decimalsOf(total.value))}.`,
      refs: [total.lines],
    });
  }

  // 3. Percentages and ratios follow from the figures they divide.
  for (const r of chapter.relations) {
    if (r.kind !== "ratio") continue;
    const result = get(r.result);
    const n = intervalOf(get(r.numerator));
    const d = intervalOf(get(r.denominator));
    if (d.lo <= 0) continue;
    const computed = { lo: (n.lo / d.hi) * r.factor, hi: (n.hi / d.lo) * r.factor };
    const decimals = Math.max(decimalsOf(result.value), 1);
    if (!overlaps(intervalOf(result), computed)) {
      findings.push({
        code: "porcentaje_no_cuadra",
        severity: "error",
        message: `${show(result)} no resulta de ${get(r.numerator).printed} / ${get(r.denominator).printed}: da ${es(mid(computed), decimals + 1)}.`,
        refs: [result.lines],
      });
      continue;
    }
    const fixed = badTotals.get(r.denominator);
    if (fixed) {
      const corrected = (mid(n) / mid(fixed)) * r.factor;
      findings.push({
        code: "porcentaje_con_total_erroneo",
        severity: "error",
        message: `${show(result)} divide entre el total impreso ${get(r.denominator).printed}, que no cuadra; con la suma de la columna da ${es(corrected, decimals)}.`,
        refs: [result.lines, get(r.denominator).lines],
      });
    }
  }

  // 4. A per-inhabitant figure must use the stage its label names.
  for (const r of chapter.relations) {
    if (r.kind !== "per_capita") continue;
    const figure = get(r.figure);
    const perStage = Object.entries(r.amounts).map(([stage, id]) => {
      const a = intervalOf(get(id));
      return { stage, computed: { lo: a.lo / r.population, hi: a.hi / r.population } };
    });
    const labelled = perStage.find((p) => p.stage === r.stage);
    if (labelled && overlaps(intervalOf(figure), labelled.computed)) continue;
    const matching = perStage
      .filter((p) => overlaps(intervalOf(figure), p.computed))
      .map((p) => p.stage);
    findings.push({
      code: "etapa_mal_rotulada",
      severity: "error",
      message: `${show(figure)} se presenta como inversión por habitante sobre el ${r.stage}, que da S/ ${es(
        labelled ? mid(labelled.computed) : Number.NaN,
      )} con ${r.population.toLocaleString("es-PE")} habitantes${
        matching.length ? `; la cifra corresponde al ${matching.join(" o al ")}` : ""
      }.`,
      refs: [figure.lines],
    });
  }

  // 5. "Acumulado" must be a sum over the periods it names.
  for (const r of chapter.relations) {
    if (r.kind !== "cumulative") continue;
    const figure = get(r.figure);
    const all = sumOf(
      Object.values(r.years)
        .flat()
        .map((id) => intervalOf(get(id))),
    );
    if (overlaps(intervalOf(figure), all)) continue;
    const single = Object.entries(r.years)
      .filter(([, ids]) =>
        overlaps(intervalOf(figure), sumOf(ids.map((id) => intervalOf(get(id))))),
      )
      .map(([year]) => year);
    findings.push({
      code: "acumulado_no_es_suma",
      severity: "error",
      message: `${show(figure)} se llama «${r.label}», pero la suma de ${Object.keys(r.years).join(" y ")} es ${showValue(
        mid(all),
        figure.unit,
        decimalsOf(figure.value),
      )}${single.length ? `; la cifra es solo la de ${single.join(", ")}` : ""}.`,
      refs: [figure.lines],
    });
  }

  // 6. A subset (the prioritised pliegos) against its whole (the level of government).
  for (const r of chapter.relations) {
    if (r.kind !== "subset") continue;
    const total = get(r.total);
    let part = sumOf(r.subset.map((id) => intervalOf(get(id))));
    if (r.subsetTotal) {
      const printed = intervalOf(get(r.subsetTotal));
      // Parts and printed total both bound the subset: take what they agree on.
      if (overlaps(part, printed))
        part = { lo: Math.max(part.lo, printed.lo), hi: Math.min(part.hi, printed.hi) };
    }
    const t = intervalOf(total);
    const residual = { lo: t.lo - part.hi, hi: t.hi - part.lo };
    const decimals = decimalsOf(total.value);
    if (residual.hi < 0) {
      findings.push({
        code: "subconjunto_excede_total",
        severity: "error",
        message: `${r.label}: las filas suman más que ${show(total)}.`,
        refs: [total.lines],
      });
    } else if (residual.lo > 0) {
      findings.push({
        code: "monto_no_itemizado",
        severity: "warning",
        message: `${r.label}: ${show(total)} excede en ${showValue(mid(residual), total.unit, decimals)} a la suma de las filas detalladas; ese monto no se atribuye a ningún pliego.`,
        refs: [
          total.lines,
          ...new Set(
            [...r.subset, ...(r.subsetTotal ? [r.subsetTotal] : [])].map((id) => get(id).lines),
          ),
        ],
      });
    }
  }
  const order = { error: 0, warning: 1, info: 2 };
  return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}
