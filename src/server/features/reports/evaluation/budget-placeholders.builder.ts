import {
  BUDGET_CLASS_LABELS,
  type BudgetClass,
  percent,
} from "../../../../shared/budget/budget-analyses.ts";
import { LEVELS, type Level } from "../../../../shared/budget/budget-fields.ts";
import { formatDecimal } from "../../../../shared/numbers.ts";
import { formatPercent, formatSoles, joinSpanish } from "../render/report-format.ts";
import type { BudgetSummary, ReportBudget } from "./evaluation-budget.service.ts";

/**
 * The budget figures of section 2.5 as its tables and the texts' `{{presupuesto.*}}`
 * placeholders print them, so a sentence and a table cannot disagree.
 */

/** A level's share of the year's PIM, in %: the level table and the texts print this one. */
export function levelSharePim(summary: BudgetSummary, level: Level): number | null {
  const row = summary.byLevel.find((l) => l.level === level);
  return percent(row?.pimCents ?? null, summary.totals.pimCents);
}

/** Shares of the national budget are thousandths of a percent: one decimal would print 0.0. */
export const SHARE_DECIMALS = 4;
export const PER_CAPITA_DECIMALS = 2;

/** Service numbers of a budget class in the year ("S04, S07 y S19"). */
export function servicesOfClass(summary: BudgetSummary, budgetClass: BudgetClass): string[] {
  return summary.byService
    .filter((s) => s.budgetClass === budgetClass)
    .map((s) => `S${String(s.number).padStart(2, "0")}`);
}

/**
 * The budget figures a text may cite (`{{presupuesto.pim}}` …), formatted as section 2.5's
 * tables print them.
 */
export function budgetPlaceholders(budget: ReportBudget): Map<string, string> {
  const v = new Map<string, string>();
  const s = budget.summary;
  const put = (prefix: string, y: BudgetSummary["totals"]) => {
    v.set(`${prefix}.pia`, formatSoles(y.piaCents));
    v.set(`${prefix}.pim`, formatSoles(y.pimCents));
    v.set(`${prefix}.devengado`, formatSoles(y.devengadoCents));
    v.set(`${prefix}.ejecucion`, formatPercent(y.execution));
    v.set(`${prefix}.participacion_pia`, formatPercent(y.shareNationalPia, SHARE_DECIMALS));
    v.set(`${prefix}.participacion_pim`, formatPercent(y.shareNationalPim, SHARE_DECIMALS));
    v.set(
      `${prefix}.pia_por_habitante`,
      y.perCapitaPia === null ? "—" : formatDecimal(y.perCapitaPia, PER_CAPITA_DECIMALS),
    );
    v.set(
      `${prefix}.devengado_por_habitante`,
      y.perCapitaDevengado === null
        ? "—"
        : formatDecimal(y.perCapitaDevengado, PER_CAPITA_DECIMALS),
    );
  };
  put("presupuesto", s.totals);
  if (s.previous) {
    put("presupuesto.anterior", s.previous);
    v.set("presupuesto.variacion.pia", formatPercent(s.change.pia));
    v.set("presupuesto.variacion.pim", formatPercent(s.change.pim));
    v.set("presupuesto.variacion.devengado", formatPercent(s.change.devengado));
  }
  for (const level of LEVELS) {
    v.set(`presupuesto.nivel.${level}.participacion`, formatPercent(levelSharePim(s, level)));
  }
  v.set("presupuesto.servicios.total", String(s.byService.length));
  for (const c of Object.keys(BUDGET_CLASS_LABELS) as BudgetClass[]) {
    v.set(`presupuesto.servicios.${c}`, String(s.classCounts[c]));
    v.set(`presupuesto.servicios.${c}.lista`, joinSpanish(servicesOfClass(s, c)) || "ninguno");
  }
  return v;
}
