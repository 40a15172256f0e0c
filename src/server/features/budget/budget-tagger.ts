import type { BudgetLineInput } from "../../../shared/budget/budget-fields.ts";
import {
  type CompiledRules,
  compileRules,
  findReviewPattern,
  normalizeText,
  type TaggableLine,
  tagLine,
} from "../../../shared/budget/tagging-rules.ts";
import type { Executor } from "../../db/connect.ts";
import { listLatestRuleSets, listRules, type ReviewRow, type TagRow } from "./budget.repository.ts";

/** The rules in force of every policy that has any: the importer tags for all of them. */
export interface PolicyTagger {
  policyId: number;
  ruleSetVersion: number;
  compiled: CompiledRules;
}

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

// A million lines repeat a few thousand names: normalize each distinct text once.
const normalized = new Map<string, string>();

/** The names a rule's text pattern and the review patterns look at. */
export function taggableText(names: (string | null | undefined)[]): string {
  let raw = "";
  for (const name of names) if (name) raw = raw === "" ? name : `${raw} | ${name}`;
  let text = normalized.get(raw);
  if (text === undefined) {
    if (normalized.size > 100_000) normalized.clear();
    text = normalizeText(raw);
    normalized.set(raw, text);
  }
  return text;
}

export function toTaggable(line: BudgetLineInput): TaggableLine {
  return {
    year: line.year,
    nivel: line.nivel,
    pliegoCode: line.codes.pliego ?? "",
    ejecutoraCode: line.codes.ejecutora,
    programaCode: line.codes.programa,
    productoCode: line.codes.producto,
    actividadCode: line.codes.actividad,
    metaCode: line.metaCode,
    finalidadCode: line.codes.finalidad,
    text: taggableText([
      line.names.programa,
      line.names.producto,
      line.names.actividad,
      line.metaName,
      line.names.finalidad,
    ]),
    amounts: {
      pia: line.pia,
      pim: line.pim,
      certificacion: line.certificacion,
      compromiso: line.compromiso,
      devengado: line.devengado,
      girado: line.girado,
    },
  };
}

export interface TaggingTally {
  tagged: number;
  review: number;
  overAllocated: number;
}

/** Tags one line for every policy; appends to the batch buffers and to the tally. */
export function tagForPolicies(
  taggers: readonly PolicyTagger[],
  importId: number,
  lineNo: number,
  line: TaggableLine,
  out: { tags: TagRow[]; reviews: ReviewRow[] },
  tally: Map<number, TaggingTally>,
) {
  for (const t of taggers) {
    const result = tagLine(line, t.compiled);
    let counts = tally.get(t.policyId);
    if (!counts) {
      counts = { tagged: 0, review: 0, overAllocated: 0 };
      tally.set(t.policyId, counts);
    }
    if (result.tags.length === 0) {
      const matched = findReviewPattern(line, t.compiled);
      if (matched) {
        out.reviews.push({ importId, lineNo, policyId: t.policyId, matched });
        counts.review += 1;
      }
      continue;
    }
    counts.tagged += 1;
    if (result.overAllocated) counts.overAllocated += 1;
    for (const tag of result.tags) {
      out.tags.push({
        importId,
        lineNo,
        ruleId: tag.ruleId,
        policyId: t.policyId,
        serviceId: tag.serviceId,
        kind: tag.kind,
        shareBp: tag.shareBp,
        pia: tag.amounts.pia ?? 0,
        pim: tag.amounts.pim ?? 0,
        certificacion: tag.amounts.certificacion,
        compromiso: tag.amounts.compromiso,
        devengado: tag.amounts.devengado ?? 0,
        girado: tag.amounts.girado,
      });
    }
  }
}
