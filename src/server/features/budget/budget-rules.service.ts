import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../../shared/actor.ts";
import {
  LineTagger,
  type PolicyTagger,
  type ReviewRow,
  type TagRow,
} from "../../../shared/budget/line-tagger.ts";
import { parseAmount } from "../../../shared/budget/money.ts";
import { compileRules } from "../../../shared/budget/tagging-rules.ts";
import { formatPath } from "../../../shared/catalogue/parse-catalogue.ts";
import {
  type BudgetReferenceFile,
  BudgetReferenceFileSchema,
  BudgetRuleFileSchema,
} from "../../../shared/schemas/budget.schema.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { findPolicy } from "../catalogue/policy.repository.ts";
import { assertPolicyInScope, requirePolicy } from "../catalogue/policy.service.ts";
import { findCurrentImports } from "./budget.repository.ts";
import { insertReviews, insertTags } from "./budget-import.repository.ts";
import { countReference, replaceReference } from "./budget-reference.repository.ts";
import {
  deleteTagsOfImport,
  findLatestRuleSet,
  findServiceIds,
  insertRuleSet,
  listLatestRuleSets,
  listRules,
  listRulesWithRationale,
  pageTaggableLines,
} from "./budget-rules.repository.ts";

/**
 * Tagging rules (versioned: every change is a new version, and the current imports are tagged
 * again in the same transaction) and the reference figures the analyses divide by.
 */

/** The reference files shipped with Vigía: tagging rules, reference figures, printed chapters. */
export const BUDGET_REFERENCE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../reference/budget",
);

/** Rules and reference figures shipped with Vigía, loaded on first use of the budget. */
const BUNDLED_BUDGET: Record<string, { rules: string; reference: string }> = {
  pntp: {
    rules: resolve(BUDGET_REFERENCE_DIR, "pntp-reglas-etiquetado.json"),
    reference: resolve(BUDGET_REFERENCE_DIR, "pntp-referencia-presupuestal.json"),
  },
};

function zodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({
    path: formatPath(i.path as (string | number)[]),
    message: i.message,
  }));
}

/** The rules in force of every policy that has any (or of one), compiled for the tagger. */
export async function loadTaggers(db: Executor, policyId?: number): Promise<PolicyTagger[]> {
  const sets = await listLatestRuleSets(db);
  const taggers: PolicyTagger[] = [];
  for (const set of sets) {
    if (policyId !== undefined && set.policyId !== policyId) continue;
    const rules = await listRules(db, set.id);
    const patterns = set.reviewPatterns as unknown as string[];
    taggers.push({
      policyId: set.policyId,
      ruleSetVersion: set.version,
      compiled: compileRules(rules, patterns),
    });
  }
  return taggers;
}

/** Re-tags the current imports (all years, or one) for a policy; returns per-year counts. */
async function retagPolicy(tx: Executor, policyId: number, year: number | null) {
  const [tagger] = await loadTaggers(tx, policyId);
  const imports = (await findCurrentImports(tx)).filter((i) => year === null || i.year === year);
  const result: { year: number; tagged: number; review: number; overAllocated: number }[] = [];
  for (const imp of imports) {
    await deleteTagsOfImport(tx, imp.id, policyId);
    const lineTagger = new LineTagger(tagger ? [tagger] : []);
    if (tagger) {
      let after = 0;
      for (;;) {
        const page = await pageTaggableLines(tx, imp.id, after, 5000);
        if (page.length === 0) break;
        const out: { tags: TagRow[]; reviews: ReviewRow[] } = { tags: [], reviews: [] };
        for (const line of page) {
          lineTagger.tag(imp.id, line.lineNo, { fields: line, raw: line.rawText }, out);
        }
        await insertTags(tx, out.tags);
        await insertReviews(tx, out.reviews);
        after = page[page.length - 1]?.lineNo ?? after;
      }
    }
    result.push({
      year: imp.year,
      ...(lineTagger.tally.get(policyId) ?? { tagged: 0, review: 0, overAllocated: 0 }),
    });
  }
  return result;
}

export async function importBudgetRules(db: Database, actor: Actor, input: { document: unknown }) {
  const parsed = BudgetRuleFileSchema.safeParse(input.document);
  if (!parsed.success) {
    throw invalid(
      "Las reglas de etiquetado tienen errores; no se guardó nada.",
      zodIssues(parsed.error),
    );
  }
  const file = parsed.data;
  return db.transaction().execute(async (tx) => {
    const policy = await requirePolicy(tx, file.policy);
    const services = await findServiceIds(tx, policy.id);
    const issues = file.rules.flatMap((r, i) =>
      services.has(r.service)
        ? []
        : [
            {
              path: `rules.${i}.service`,
              message: `La política no tiene el servicio ${r.service}.`,
            },
          ],
    );
    if (issues.length > 0) {
      const unknown = [
        ...new Set(file.rules.map((r) => r.service).filter((c) => !services.has(c))),
      ];
      throw invalid(
        `Las reglas nombran servicios que la política no tiene: ${unknown.join(", ")}.`,
        issues,
      );
    }
    const latest = await findLatestRuleSet(tx, policy.id);
    const version = (latest?.version ?? 0) + 1;
    const ruleSetId = await insertRuleSet(
      tx,
      {
        policyId: policy.id,
        version,
        note: file.note ?? null,
        reviewPatterns: file.reviewPatterns,
        createdBy: actor.id,
      },
      file.rules.map((r, position) => ({
        code: r.code,
        position,
        serviceId: services.get(r.service) as number,
        kind: r.kind,
        shareBp: Math.round(r.share * 100),
        fromYear: r.fromYear,
        toYear: r.toYear,
        nivel: r.match.nivel ?? null,
        pliegoCode: r.match.pliego ?? null,
        ejecutoraCode: r.match.ejecutora ?? null,
        programaCode: r.match.programa ?? null,
        productoCode: r.match.producto ?? null,
        actividadCode: r.match.actividad ?? null,
        metaCode: r.match.meta ?? null,
        finalidadCode: r.match.finalidad ?? null,
        textPattern: r.match.text ?? null,
        rationale: r.rationale,
      })),
    );
    const retagged = await retagPolicy(tx, policy.id, null);
    await recordAudit(tx, actor, {
      action: "budget.rules",
      objectType: "budget_rule_set",
      objectId: String(ruleSetId),
      ...(latest ? { before: { version: latest.version } } : {}),
      after: { policy: policy.code, version, rules: file.rules.length, retagged },
    });
    return { policy: policy.code, version, rules: file.rules.length, retagged };
  });
}

/** Tags the current imports again with the rules in force (after fixing a rule, say). */
export async function applyBudgetRules(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year?: number | null },
) {
  return db.transaction().execute(async (tx) => {
    const policy = await requirePolicy(tx, input.policyCode);
    const retagged = await retagPolicy(tx, policy.id, input.year ?? null);
    await recordAudit(tx, actor, {
      action: "budget.retag",
      objectType: "policy",
      objectId: String(policy.id),
      after: { retagged },
    });
    return { policy: policy.code, retagged };
  });
}

export async function getBudgetRules(db: Database, actor: Actor, input: { policyCode: string }) {
  const policy = await requirePolicy(db, input.policyCode);
  await assertPolicyInScope(db, actor, policy.id);
  const set = await findLatestRuleSet(db, policy.id);
  if (!set)
    return { policy: policy.code, version: null, note: null, reviewPatterns: [], rules: [] };
  const rules = await listRulesWithRationale(db, set.id);
  return {
    policy: policy.code,
    version: set.version,
    note: set.note,
    createdBy: set.createdBy,
    createdAt: new Date(set.createdAt).toISOString(),
    reviewPatterns: set.reviewPatterns as unknown as string[],
    rules: rules.map((r) => ({
      code: r.code,
      service: r.service,
      kind: r.kind,
      share: r.shareBp / 100,
      fromYear: r.fromYear,
      toYear: r.toYear,
      match: Object.fromEntries(
        (
          [
            ["nivel", r.nivel],
            ["pliego", r.pliegoCode],
            ["ejecutora", r.ejecutoraCode],
            ["programa", r.programaCode],
            ["producto", r.productoCode],
            ["actividad", r.actividadCode],
            ["meta", r.metaCode],
            ["finalidad", r.finalidadCode],
            ["text", r.textPattern],
          ] as const
        ).filter(([, v]) => v !== null),
      ),
      rationale: r.rationale,
    })),
  };
}

const solesToCents = (soles: number, what: string): number => {
  const parsed = parseAmount(soles.toFixed(2));
  if (!parsed.ok) throw invalid(`${what}: ${parsed.reason}`);
  return parsed.cents;
};

export async function loadBudgetReference(
  db: Database,
  actor: Actor,
  input: { document: unknown },
) {
  const parsed = BudgetReferenceFileSchema.safeParse(input.document);
  if (!parsed.success) {
    throw invalid(
      "El archivo de referencia tiene errores; no se guardó nada.",
      zodIssues(parsed.error),
    );
  }
  const file: BudgetReferenceFile = parsed.data;
  return db.transaction().execute(async (tx) => {
    const policy = await requirePolicy(tx, file.policy);
    await replaceReference(tx, policy.id, {
      amounts: [
        ...file.nationalBudget.map((n) => ({
          year: n.year,
          scope: "nacional" as const,
          pliegoCode: "",
          pliegoName: null,
          nivel: null,
          piaCents: solesToCents(n.piaSoles, "PIA"),
          pimCents: solesToCents(n.pimSoles, "PIM"),
          source: n.source,
        })),
        ...file.pliegoTotals.map((p) => ({
          year: p.year,
          scope: "pliego" as const,
          pliegoCode: p.pliego,
          pliegoName: p.name,
          nivel: p.nivel,
          piaCents: solesToCents(p.piaSoles, "PIA"),
          pimCents: solesToCents(p.pimSoles, "PIM"),
          source: p.source,
        })),
      ],
      population: file.population,
      priority: file.priorityPliegos.map((p, position) => ({
        pliegoCode: p.pliego,
        nivel: p.nivel,
        label: p.label,
        position,
      })),
    });
    const summary = {
      policy: policy.code,
      nationalYears: file.nationalBudget.length,
      pliegoTotals: file.pliegoTotals.length,
      populationYears: file.population.length,
      priorityPliegos: file.priorityPliegos.length,
    };
    await recordAudit(tx, actor, {
      action: "budget.reference",
      objectType: "policy",
      objectId: String(policy.id),
      after: summary,
    });
    return summary;
  });
}

/**
 * First use of the budget for a bundled policy: loads its shipped rules and reference figures
 * when the database has none. Returns what it loaded, for the CLI to say so.
 */
export async function ensureBundledBudgetSetup(
  db: Database,
  actor: Actor,
  input: { policyCode: string },
): Promise<string[]> {
  const bundled = BUNDLED_BUDGET[input.policyCode];
  if (!bundled) return [];
  const policy = await findPolicy(db, input.policyCode);
  if (!policy) return [];
  const loaded: string[] = [];
  if (!(await findLatestRuleSet(db, policy.id))) {
    const r = await importBudgetRules(db, actor, {
      document: JSON.parse(await readFile(bundled.rules, "utf8")),
    });
    loaded.push(`reglas de etiquetado v${r.version} (${r.rules} reglas)`);
  }
  if ((await countReference(db)) === 0) {
    await loadBudgetReference(db, actor, {
      document: JSON.parse(await readFile(bundled.reference, "utf8")),
    });
    loaded.push("cifras de referencia (presupuesto nacional, pliegos, población)");
  }
  return loaded;
}
