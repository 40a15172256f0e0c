import { AMOUNT_FIELDS, type AmountField, type Level } from "./budget-fields.ts";
import { allocateCents } from "./money.ts";

/**
 * Tagging of budget lines to a policy's services. A rule names a service, a kind (específico:
 * money traceable to the service; institucional: the service's general, institutional meta),
 * a share of the line, a year range and criteria that must all hold. Pure: the importer runs
 * it on each streamed line, the re-tagger on lines read back page by page, with the same
 * result.
 */

export const TAG_KINDS = ["especifico", "institucional"] as const;
export type TagKind = (typeof TAG_KINDS)[number];

export interface RuleCriteria {
  nivel: Level | null;
  pliegoCode: string | null;
  ejecutoraCode: string | null;
  programaCode: string | null;
  productoCode: string | null;
  actividadCode: string | null;
  metaCode: string | null;
  finalidadCode: string | null;
  /** Words that must appear, in order, in the line's names (case and accents ignored). */
  textPattern: string | null;
}

export interface TaggingRule extends RuleCriteria {
  id: number;
  code: string;
  position: number;
  serviceId: number;
  kind: TagKind;
  /** Basis points of the line: 10000 = 100 %. */
  shareBp: number;
  fromYear: number | null;
  toYear: number | null;
}

/** What a rule looks at in a line. */
export interface TaggableLine {
  year: number;
  nivel: Level;
  pliegoCode: string;
  ejecutoraCode: string | null;
  programaCode: string | null;
  productoCode: string | null;
  actividadCode: string | null;
  metaCode: string | null;
  finalidadCode: string | null;
  /** Names of programa, producto, actividad, meta and finalidad, joined. */
  text: string;
  amounts: Record<AmountField, number | null>;
}

/** Upper case, no accents, words separated by one space, padded: " TRATA DE PERSONAS ". */
export function normalizeText(text: string): string {
  const words = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, " ")
    .trim();
  return ` ${words} `;
}

function matches(rule: TaggingRule, line: TaggableLine, pattern: string | null): boolean {
  if (rule.fromYear !== null && line.year < rule.fromYear) return false;
  if (rule.toYear !== null && line.year > rule.toYear) return false;
  if (rule.nivel !== null && rule.nivel !== line.nivel) return false;
  if (rule.pliegoCode !== null && rule.pliegoCode !== line.pliegoCode) return false;
  if (rule.ejecutoraCode !== null && rule.ejecutoraCode !== line.ejecutoraCode) return false;
  if (rule.programaCode !== null && rule.programaCode !== line.programaCode) return false;
  if (rule.productoCode !== null && rule.productoCode !== line.productoCode) return false;
  if (rule.actividadCode !== null && rule.actividadCode !== line.actividadCode) return false;
  if (rule.metaCode !== null && rule.metaCode !== line.metaCode) return false;
  if (rule.finalidadCode !== null && rule.finalidadCode !== line.finalidadCode) return false;
  if (pattern !== null && !line.text.includes(pattern)) return false;
  return true;
}

export interface LineTag {
  ruleId: number;
  serviceId: number;
  kind: TagKind;
  shareBp: number;
  amounts: Record<AmountField, number | null>;
}

export interface TagResult {
  tags: LineTag[];
  /** Shares of the line's matching rules add up to more than 100 %: scaled down, reported. */
  overAllocated: boolean;
}

/** A rule set ready for a million lines: patterns normalized once. */
export interface CompiledRules {
  rules: readonly TaggingRule[];
  patterns: readonly (string | null)[];
  reviewPatterns: readonly { raw: string; normalized: string }[];
}

export function compileRules(rules: readonly TaggingRule[], reviewPatterns: readonly string[]) {
  const sorted = [...rules].sort((a, b) => a.position - b.position);
  return {
    rules: sorted,
    patterns: sorted.map((r) => (r.textPattern ? normalizeText(r.textPattern) : null)),
    // A pattern of only punctuation normalizes to nothing and would match every line.
    reviewPatterns: reviewPatterns
      .map((raw) => ({ raw, normalized: normalizeText(raw) }))
      .filter((p) => p.normalized.trim() !== ""),
  } satisfies CompiledRules;
}

const NO_TAGS: TagResult = Object.freeze({
  tags: Object.freeze([]) as unknown as LineTag[],
  overAllocated: false,
});

/**
 * Tags one line. For each service the first matching rule (by position) applies, so a broad
 * text rule placed after a precise code rule never counts the same money twice. When several
 * services share a line, the amounts are split exactly (the parts add up to the line); when
 * their shares exceed 100 %, they are scaled down and the line is reported.
 */
export function tagLine(line: TaggableLine, compiled: CompiledRules): TagResult {
  // Most lines of a file match no rule: that path allocates nothing.
  let chosen: TaggingRule[] | null = null;
  const rules = compiled.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as TaggingRule;
    if (!matches(rule, line, compiled.patterns[i] ?? null)) continue;
    if (chosen?.some((r) => r.serviceId === rule.serviceId)) continue;
    chosen ??= [];
    chosen.push(rule);
  }
  if (chosen === null) return NO_TAGS;
  const totalBp = chosen.reduce((n, r) => n + r.shareBp, 0);
  // The untagged remainder takes part in the split so that every part is rounded once.
  const weights = [...chosen.map((r) => r.shareBp), Math.max(0, 10000 - totalBp)];
  const split = {} as Record<AmountField, number[] | null>;
  for (const field of AMOUNT_FIELDS) {
    const cents = line.amounts[field];
    split[field] = cents === null ? null : allocateCents(cents, weights);
  }
  return {
    overAllocated: totalBp > 10000,
    tags: chosen.map((rule, i) => ({
      ruleId: rule.id,
      serviceId: rule.serviceId,
      kind: rule.kind,
      shareBp: rule.shareBp,
      amounts: Object.fromEntries(
        AMOUNT_FIELDS.map((f) => [f, split[f] === null ? null : (split[f]?.[i] ?? 0)]),
      ) as Record<AmountField, number | null>,
    })),
  };
}

/** The first review pattern found in an untagged line's text, if any. */
export function findReviewPattern(line: TaggableLine, compiled: CompiledRules): string | null {
  for (const p of compiled.reviewPatterns) {
    if (line.text.includes(p.normalized)) return p.raw;
  }
  return null;
}
