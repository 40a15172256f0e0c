import type { BudgetLineInput } from "./budget-fields.ts";
import { detach } from "./csv-stream.ts";
import {
  type CompiledRules,
  findReviewPattern,
  normalizeText,
  type TaggableLine,
  type TagKind,
  tagLine,
} from "./tagging-rules.ts";

/**
 * Tagging of budget lines for every policy with rules, as the import and the re-tagging both do
 * it. Pure: the server loads the rules in force (`loadTaggers`, budget-rules.service.ts) and
 * writes the tag and review rows this produces.
 */

/** The rules in force of one policy, compiled: the importer tags for every policy that has any. */
export interface PolicyTagger {
  policyId: number;
  ruleSetVersion: number;
  compiled: CompiledRules;
}

/** One line's share of one service: a row of budget_tag. */
export interface TagRow {
  importId: number;
  lineNo: number;
  ruleId: number;
  policyId: number;
  serviceId: number;
  kind: TagKind;
  shareBp: number;
  pia: number;
  pim: number;
  certificacion: number | null;
  compromiso: number | null;
  devengado: number;
  girado: number | null;
}

/** An untagged line whose text matched a review pattern: a row of budget_review. */
export interface ReviewRow {
  importId: number;
  lineNo: number;
  policyId: number;
  matched: string;
}

/** The names a rule's text pattern and the review patterns look at, joined as written. */
function rawTaggableText(names: (string | null | undefined)[]): string {
  let raw = "";
  for (const name of names) if (name) raw = raw === "" ? name : `${raw} | ${name}`;
  return raw;
}

/** A line as the rules see it, and the raw text its normalized `text` comes from. */
export function toTaggable(line: BudgetLineInput): { fields: TaggableLine; raw: string } {
  return {
    fields: {
      year: line.year,
      nivel: line.nivel,
      pliegoCode: line.codes.pliego ?? "",
      ejecutoraCode: line.codes.ejecutora,
      programaCode: line.codes.programa,
      productoCode: line.codes.producto,
      actividadCode: line.codes.actividad,
      metaCode: line.metaCode,
      finalidadCode: line.codes.finalidad,
      // Filled by the tagger from `raw`, once per distinct text.
      text: "",
      amounts: {
        pia: line.pia,
        pim: line.pim,
        certificacion: line.certificacion,
        compromiso: line.compromiso,
        devengado: line.devengado,
        girado: line.girado,
      },
    },
    raw: rawTaggableText([
      line.names.programa,
      line.names.producto,
      line.names.actividad,
      line.metaName,
      line.names.finalidad,
    ]),
  };
}

export interface TaggingTally {
  tagged: number;
  review: number;
  overAllocated: number;
}

/** What depends only on a line's text: its normalized form and each policy's review match. */
interface TextFacts {
  text: string;
  /** Per tagger; undefined until asked. */
  review: (string | null | undefined)[];
}

/**
 * Tags lines for every policy with rules, one import (or re-tagging) at a time. A million lines
 * repeat a few thousand texts: each distinct text is normalized, and checked against the review
 * patterns, once.
 */
export class LineTagger {
  readonly tally = new Map<number, TaggingTally>();
  private readonly texts = new Map<string, TextFacts>();

  constructor(readonly taggers: readonly PolicyTagger[]) {
    for (const t of taggers) this.tally.set(t.policyId, { tagged: 0, review: 0, overAllocated: 0 });
  }

  private factsOf(raw: string): TextFacts {
    let facts = this.texts.get(raw);
    if (facts === undefined) {
      if (this.texts.size >= 100_000) this.texts.clear();
      facts = { text: normalizeText(raw), review: [] };
      // The key outlives its line: a copy, not a slice of the chunk it was read from.
      this.texts.set(detach(raw), facts);
    }
    return facts;
  }

  /**
   * Tags one line for every policy; appends to the batch buffers and to the tally. `line.text`
   * is set here from `raw`.
   */
  tag(
    importId: number,
    lineNo: number,
    taggable: { fields: TaggableLine; raw: string },
    out: { tags: TagRow[]; reviews: ReviewRow[] },
  ): void {
    if (this.taggers.length === 0) return;
    const facts = this.factsOf(taggable.raw);
    const line = taggable.fields;
    line.text = facts.text;
    for (let i = 0; i < this.taggers.length; i++) {
      const t = this.taggers[i] as PolicyTagger;
      const counts = this.tally.get(t.policyId) as TaggingTally;
      const result = tagLine(line, t.compiled);
      if (result.tags.length === 0) {
        let matched = facts.review[i];
        if (matched === undefined) {
          matched = findReviewPattern(line, t.compiled);
          facts.review[i] = matched;
        }
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
}
