import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Actor } from "../../../shared/actor.ts";
import {
  type AnalysisInput,
  type BUDGET_CLASS_LABELS,
  buildBudgetSummary,
  departmentsFor,
  levelsFor,
  objectivesFor,
  pliegosFor,
  servicesFor,
  yearFigures,
} from "../../../shared/budget/budget-analyses.ts";
import {
  checkPrintedBudgetTables,
  type PrintedChapter,
  type PrintedFinding,
} from "../../../shared/budget/printed-report-checks.ts";
import { isReconstructionNotice } from "../../../shared/budget/source-notice.ts";
import type { Database } from "../../db/connect.ts";
import { notFound } from "../../errors.ts";
import { listObjectives } from "../catalogue/policy.repository.ts";
import { assertPolicyInScope, requirePolicy } from "../catalogue/policy.service.ts";
import { findCurrentImports, listImports } from "./budget.repository.ts";
import {
  countOverAllocated,
  listDepartments,
  listPliegoTotalsOfCurrent,
  listPolicyServices,
  listReviewLines,
  sumTags,
  sumTagsByDepartment,
} from "./budget-figures.repository.ts";
import {
  listPopulation,
  listPriorityPliegos,
  listReferenceAmounts,
} from "./budget-reference.repository.ts";
import { findLatestRuleSet } from "./budget-rules.repository.ts";
import { BUDGET_REFERENCE_DIR } from "./budget-rules.service.ts";

/**
 * The budget analyses of a policy (seed 000, chapter 5), from the current imports, the tags and
 * the reference figures. Reads are small: tags and per-pliego totals, never the raw lines, so a
 * million imported lines cost the same as a thousand.
 */

/** Printed budget chapters shipped with Vigía, checked by `checkPrintedBudgetReport`. */
const PRINTED_CHAPTERS: Record<string, string> = {
  pntp: resolve(BUDGET_REFERENCE_DIR, "chs-x-informe-2023-2025-tablas.json"),
};

/** The policy, refused to an account whose territorial scope does not cover it (ADR 0030). */
async function requirePolicyInScopeOf(db: Database, actor: Actor, code: string) {
  const policy = await requirePolicy(db, code);
  await assertPolicyInScope(db, actor, policy.id);
  return policy;
}

async function loadAnalysis(db: Database, actor: Actor, policyCode: string, year: number) {
  const policy = await requirePolicyInScopeOf(db, actor, policyCode);
  const imports = await findCurrentImports(db);
  const [services, objectives, tagSums, amounts, population, pliegoLines, priority, over, rules] =
    await Promise.all([
      listPolicyServices(db, policy.id, year),
      listObjectives(db, policy.id),
      sumTags(db, policy.id),
      listReferenceAmounts(db),
      listPopulation(db),
      listPliegoTotalsOfCurrent(db),
      listPriorityPliegos(db, policy.id),
      countOverAllocated(db, policy.id),
      findLatestRuleSet(db, policy.id),
    ]);
  const input: AnalysisInput = {
    policy: { code: policy.code, name: policy.name },
    services,
    objectives,
    tagSums,
    importedYears: imports.map((i) => i.year),
    national: amounts
      .filter((a) => a.scope === "nacional")
      .map((a) => ({ year: a.year, pia: a.piaCents, pim: a.pimCents, source: a.source })),
    population,
    pliegoReference: amounts
      .filter((a) => a.scope === "pliego")
      .map((a) => ({
        year: a.year,
        pliegoCode: a.pliegoCode,
        pliegoName: a.pliegoName,
        nivel: a.nivel,
        pia: a.piaCents,
        pim: a.pimCents,
      })),
    pliegoLines,
    priority,
    overAllocated: over,
  };
  const basis = {
    imports: imports.map((i) => ({
      year: i.year,
      id: i.id,
      fileName: i.fileName,
      importedAt: new Date(i.importedAt).toISOString(),
      rowsLoaded: i.rowsLoaded,
      reconstructed: isReconstructionNotice(i.notice),
    })),
    ruleSetVersion: rules?.version ?? null,
  };
  return { input, basis };
}

function requireYear(importedYears: readonly number[], year: number) {
  if (!importedYears.includes(year)) {
    throw notFound(
      `No hay presupuesto importado para ${year}. Importe el archivo del año: vigia budget import ARCHIVO --year ${year}.`,
    );
  }
}

/**
 * The year's budget of a policy: totals, shares of the national budget, per inhabitant, by
 * level of government, objective and service (with its budget class), and the change against
 * the previous year. For the Informe de Evaluación and the Tablero.
 */
export async function getBudgetSummary(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) {
  const { input: data, basis } = await loadAnalysis(db, actor, input.policyCode, input.year);
  requireYear(data.importedYears, input.year);
  return buildBudgetSummary(data, input.year, basis);
}

/**
 * Each service's specific PIM in every imported year, for the «no regresividad» alert (seed 000
 * L2467; `pimRegressions` in src/shared/budget): the same tagged sums as the yearly tables.
 */
export async function getServicePimByYear(
  db: Database,
  actor: Actor,
  input: { policyCode: string },
) {
  const { input: data } = await loadAnalysis(db, actor, input.policyCode, new Date().getFullYear());
  return {
    importedYears: data.importedYears,
    rows: data.importedYears.flatMap((year) =>
      servicesFor(data, year).map((s) => ({
        service: s.code,
        name: s.name,
        year,
        pimCents: s.pimCents,
      })),
    ),
  };
}

/** Per-year figures of every imported year (seed 000 Tablas 2 and 3). */
export async function getBudgetYears(db: Database, actor: Actor, input: { policyCode: string }) {
  const { input: data } = await loadAnalysis(db, actor, input.policyCode, new Date().getFullYear());
  return data.importedYears.map((y) => yearFigures(data, y));
}

/** One view of an imported year's analysis: the shared load and year check, then `view`. */
async function analyseYear<T>(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
  view: (data: Awaited<ReturnType<typeof loadAnalysis>>["input"], year: number) => T,
): Promise<T> {
  const { input: data } = await loadAnalysis(db, actor, input.policyCode, input.year);
  requireYear(data.importedYears, input.year);
  return view(data, input.year);
}

export const getBudgetByService = (
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) => analyseYear(db, actor, input, servicesFor);

export const getBudgetByObjective = (
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) => analyseYear(db, actor, input, objectivesFor);

export const getBudgetByLevel = (
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) => analyseYear(db, actor, input, levelsFor);

export const getBudgetByPliego = (
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) => analyseYear(db, actor, input, pliegosFor);

/**
 * Specific budget by department of the lines' ubigeo, for the Tablero's map; money on lines
 * without ubigeo is its own row. Reads per-department sums, never the lines.
 */
export async function getBudgetByDepartment(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) {
  const policy = await requirePolicyInScopeOf(db, actor, input.policyCode);
  const imports = await findCurrentImports(db);
  requireYear(
    imports.map((i) => i.year),
    input.year,
  );
  const [sums, departments] = await Promise.all([
    sumTagsByDepartment(db, policy.id, input.year),
    listDepartments(db),
  ]);
  return { year: input.year, ...departmentsFor(sums, departments) };
}

/** Seed 000 Tablas 4 and 6: services without a budget meta, and with one but no specific money. */
export async function getServicesWithoutBudget(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) {
  const { input: data } = await loadAnalysis(db, actor, input.policyCode, input.year);
  requireYear(data.importedYears, input.year);
  const rows = servicesFor(data, input.year);
  const pick = (c: keyof typeof BUDGET_CLASS_LABELS) =>
    rows
      .filter((r) => r.budgetClass === c)
      .map((r) => ({
        code: r.code,
        number: r.number,
        name: r.name,
        objective: r.objective,
        owner: r.owner,
      }));
  return {
    year: input.year,
    sinMetaPresupuestal: pick("sin_meta_presupuestal"),
    metaSinAsignacionEspecifica: pick("meta_sin_asignacion_especifica"),
  };
}

/** Untagged lines whose text looks related: for a person to tag or dismiss. */
export async function getBudgetReview(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; limit?: number },
) {
  const policy = await requirePolicyInScopeOf(db, actor, input.policyCode);
  return {
    year: input.year,
    ...(await listReviewLines(db, policy.id, input.year, input.limit ?? 100)),
  };
}

/** The printed budget chapter of the policy's alternative report, checked (seed 000 §b.5). */
export async function checkPrintedBudgetReport(
  _db: Database,
  _actor: Actor,
  input: { policyCode: string },
): Promise<{ source: string; findings: PrintedFinding[] }> {
  // An own property only: «constructor» or «__proto__» must not reach Object's prototype
  // (found by the fuzz suite, where they answered 500).
  const path = Object.hasOwn(PRINTED_CHAPTERS, input.policyCode)
    ? PRINTED_CHAPTERS[input.policyCode]
    : undefined;
  if (!path) throw notFound(`No hay tablas impresas registradas para "${input.policyCode}".`);
  const chapter = JSON.parse(await readFile(path, "utf8")) as PrintedChapter;
  return { source: chapter.source, findings: checkPrintedBudgetTables(chapter) };
}

/** Everything `vigia budget report` prints: every imported year, and the focus year's detail. */
export async function getBudgetReport(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number },
) {
  const { input: data, basis } = await loadAnalysis(db, actor, input.policyCode, input.year);
  requireYear(data.importedYears, input.year);
  const years = data.importedYears;
  return {
    summary: buildBudgetSummary(data, input.year, basis),
    years: years.map((y) => yearFigures(data, y)),
    levels: years.map((y) => ({ year: y, rows: levelsFor(data, y) })),
    services: years.map((y) => ({ year: y, rows: servicesFor(data, y) })),
    objectives: years.map((y) => ({ year: y, rows: objectivesFor(data, y) })),
    pliegos: years.map((y) => ({ year: y, groups: pliegosFor(data, y) })),
    review: await getBudgetReview(db, actor, {
      policyCode: input.policyCode,
      year: input.year,
      limit: 20,
    }),
    printed: PRINTED_CHAPTERS[input.policyCode]
      ? await checkPrintedBudgetReport(db, actor, { policyCode: input.policyCode })
      : null,
  };
}
export type BudgetReport = Awaited<ReturnType<typeof getBudgetReport>>;

export async function listBudgetImports(db: Database, _actor: Actor) {
  const rows = await listImports(db);
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    fileName: r.fileName,
    sha256: r.fileSha256,
    notice: r.notice,
    reconstructed: isReconstructionNotice(r.notice),
    format: r.format,
    rowsRead: r.rowsRead,
    rowsLoaded: r.rowsLoaded,
    rowsRejected: r.rowsRejected,
    isCurrent: r.isCurrent,
    importedBy: r.importedBy,
    importedAt: new Date(r.importedAt).toISOString(),
  }));
}
