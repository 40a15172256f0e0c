import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../../../shared/actor.ts";
import type { Database } from "../../../db/connect.ts";
import { getBudgetSummary, listBudgetImports } from "../../budget/budget.service.ts";

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

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");

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
