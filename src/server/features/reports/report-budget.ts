import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../../shared/actor.ts";
import {
  BUDGET_CLASS_LABELS,
  type BudgetClass,
  percent,
} from "../../../shared/budget/budget-analyses.ts";
import { LEVELS, type Level } from "../../../shared/budget/budget-fields.ts";
import { formatDecimal } from "../../../shared/numbers.ts";
import type { Database } from "../../db/connect.ts";
import { getBudgetSummary, listBudgetImports } from "../budget/budget.service.ts";
import { formatPercent, formatSoles, joinSpanish } from "./report-format.ts";

/**
 * The budget of the policy as the Informe de Evaluación shows it (section 2.5): the budget
 * feature's summary of the report year and of the year before, and where the figures come
 * from. Read once with the rest of the report model; the section, its chart and the texts'
 * placeholders all format these same values.
 */

export type BudgetSummary = Awaited<ReturnType<typeof getBudgetSummary>>;

export interface BudgetFileSource {
  years: number[];
  fileName: string;
  sha256: string;
  importedAt: string;
  /** The file is a reconstruction from published totals, not MEF data. */
  reconstructed: boolean;
}

export interface ReportBudget {
  summary: BudgetSummary;
  /** The year before, when it was imported too. */
  previous: BudgetSummary | null;
  /** The files the figures of both years come from. */
  sources: BudgetFileSource[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/**
 * Budget files shipped as reconstructions from published totals (reference/budget/README.md).
 * Imports since migration 0007 keep the file's "#" notice, which says so; imports made before
 * it kept only the SHA-256, so the shipped file is also recognised by its content.
 */
const RECONSTRUCTED_FILES = [
  resolve(ROOT, "reference/budget/pntp-presupuesto-reconstruido-2023-2025.csv"),
];

let reconstructedDigests: Promise<Set<string>> | null = null;

function knownReconstructions(): Promise<Set<string>> {
  reconstructedDigests ??= Promise.all(
    RECONSTRUCTED_FILES.map(async (path) => {
      try {
        return createHash("sha256")
          .update(await readFile(path))
          .digest("hex");
      } catch {
        return null;
      }
    }),
  ).then((digests) => new Set(digests.filter((d): d is string => d !== null)));
  return reconstructedDigests;
}

/**
 * The budget of a policy-year, or null when there is none: the year was not imported, or the
 * policy has no tagging rules (imports are shared by every policy; without rules none of their
 * lines belongs to this one).
 */
export async function loadReportBudget(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
): Promise<ReportBudget | null> {
  const current = (await listBudgetImports(db, actor)).filter((i) => i.isCurrent);
  const ofYear = current.find((i) => i.year === input.year);
  if (!ofYear) return null;
  const summary = await getBudgetSummary(db, actor, input);
  if (summary.basis.ruleSetVersion === null) return null;
  const ofPrevious = current.find((i) => i.year === input.year - 1);
  const previous = ofPrevious
    ? await getBudgetSummary(db, actor, { ...input, year: input.year - 1 })
    : null;
  const reconstructions = await knownReconstructions();
  const sources: BudgetFileSource[] = [];
  for (const i of [ofPrevious, ofYear]) {
    if (!i) continue;
    const same = sources.find((s) => s.sha256 === i.sha256 && s.fileName === i.fileName);
    if (same) {
      same.years.push(i.year);
      continue;
    }
    sources.push({
      years: [i.year],
      fileName: i.fileName,
      sha256: i.sha256,
      importedAt: i.importedAt,
      reconstructed: i.reconstructed || reconstructions.has(i.sha256),
    });
  }
  return { summary, previous, sources };
}

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
