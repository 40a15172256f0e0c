import { csvField } from "../copy-csv-field.ts";
import type { BudgetLineInput } from "./budget-fields.ts";
import type { ReviewRow, TagRow } from "./line-tagger.ts";

/**
 * The COPY text of an import's bulk rows (budget_line, budget_tag, budget_review): the column
 * lists and each row as a CSV line, side by side so they cannot drift apart. Pure: the import
 * writes this text where it validates the rows, in worker threads when the file is split
 * between them (ADR 0044), and the repository sends it as it is.
 */

/** The six amounts, in the order both budget_line and budget_tag take them. */
const AMOUNT_COLUMNS = [
  "pia_cents",
  "pim_cents",
  "certificacion_cents",
  "compromiso_cents",
  "devengado_cents",
  "girado_cents",
] as const;

export const LINE_COLUMNS = [
  "import_id",
  "line_no",
  "year",
  "nivel",
  "sector_code",
  "pliego_code",
  "ejecutora_code",
  "programa_code",
  "producto_code",
  "actividad_code",
  "funcion_code",
  "division_code",
  "grupo_code",
  "meta_code",
  "meta_name",
  "finalidad_code",
  "department_code",
  "province_code",
  "district_code",
  "fuente_code",
  "generica_code",
  ...AMOUNT_COLUMNS,
] as const;

export const TAG_COLUMNS = [
  "import_id",
  "line_no",
  "rule_id",
  "policy_id",
  "service_id",
  "kind",
  "share_bp",
  ...AMOUNT_COLUMNS,
] as const;

export const REVIEW_COLUMNS = ["import_id", "line_no", "policy_id", "matched"] as const;

const orEmpty = (code: string | null) => code ?? "";
const orNull = (n: number | null) => (n === null ? "" : String(n));

/**
 * One budget line, a million times: codes have passed validation (`[0-9A-Z.-]`, digits for
 * ubigeo), so they never need quotes and an empty field is NULL; only the meta's name is free
 * text.
 */
export function lineCopyText(importId: number, l: BudgetLineInput): string {
  const c = l.codes;
  return `${importId},${l.lineNo},${l.year},${l.nivel},${orEmpty(c.sector)},${orEmpty(c.pliego)},${orEmpty(c.ejecutora)},${orEmpty(c.programa)},${orEmpty(c.producto)},${orEmpty(c.actividad)},${orEmpty(c.funcion)},${orEmpty(c.division)},${orEmpty(c.grupo)},${orEmpty(l.metaCode)},${csvField(l.metaName)},${orEmpty(c.finalidad)},${orEmpty(l.departmentCode)},${orEmpty(l.provinceCode)},${orEmpty(l.districtCode)},${orEmpty(c.fuente)},${orEmpty(c.generica)},${l.pia},${l.pim},${orNull(l.certificacion)},${orNull(l.compromiso)},${l.devengado},${orNull(l.girado)}\n`;
}

/** Kinds and numbers only: nothing to quote. */
export function tagCopyText(t: TagRow): string {
  return `${t.importId},${t.lineNo},${t.ruleId},${t.policyId},${t.serviceId},${t.kind},${t.shareBp},${t.pia},${t.pim},${orNull(t.certificacion)},${orNull(t.compromiso)},${t.devengado},${orNull(t.girado)}\n`;
}

export function reviewCopyText(r: ReviewRow): string {
  return `${r.importId},${r.lineNo},${r.policyId},${csvField(r.matched)}\n`;
}
