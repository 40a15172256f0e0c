import type { BudgetLineInput, Level } from "../../../shared/budget/budget-fields.ts";
import type { ReviewRow, TagRow } from "../../../shared/budget/line-tagger.ts";
import { columnCents } from "../../../shared/budget/money.ts";
import type { Executor } from "../../db/connect.ts";
import { copyCsv, copyRows, csvField } from "../../db/copy-rows.ts";

/**
 * The writes of a budget import, all inside its one transaction: the import's row in the log,
 * its lines, labels, tags, reviews and per-pliego totals, and the switch of the year's current
 * import. Bulk rows go by COPY (copy-rows.ts), the same on PGlite and PostgreSQL (ADR 0008).
 * Tags and reviews are also what a re-tagging writes.
 */

export async function loadUbigeoCodes(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom("ubigeo").select("code").execute();
  return new Set(rows.map((r) => r.code));
}

export async function insertImport(
  tx: Executor,
  values: {
    year: number;
    fileName: string;
    fileSha256: string;
    notice: string | null;
    format: "csv" | "xlsx";
    importedBy: string;
  },
): Promise<number> {
  const row = await tx
    .insertInto("budgetImport")
    .values({
      ...values,
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      report: "{}",
      isCurrent: false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What is known once the whole file has been read: its digest, counts and report. */
export async function finishImport(
  tx: Executor,
  id: number,
  values: {
    fileSha256: string;
    rowsRead: number;
    rowsLoaded: number;
    rowsRejected: number;
    report: unknown;
  },
) {
  await tx
    .updateTable("budgetImport")
    .set({ ...values, report: JSON.stringify(values.report) })
    .where("id", "=", id)
    .execute();
}

/** The new import becomes the year's current one; the old one stays as history, emptied. */
export async function makeImportCurrent(tx: Executor, year: number, id: number) {
  await tx
    .updateTable("budgetImport")
    .set({ isCurrent: false })
    .where("year", "=", year)
    .where("isCurrent", "=", true)
    .execute();
  await tx.updateTable("budgetImport").set({ isCurrent: true }).where("id", "=", id).execute();
}

/** Deletes an import's lines and everything derived from them, child tables first. */
export async function deleteImportData(tx: Executor, importId: number) {
  await tx.deleteFrom("budgetTag").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetReview").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetLine").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetLabel").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetPliegoTotal").where("importId", "=", importId).execute();
}

export async function pliegoTotalsOfImport(db: Executor, importId: number) {
  const rows = await db
    .selectFrom("budgetPliegoTotal")
    .selectAll()
    .where("importId", "=", importId)
    .execute();
  return rows.map((r) => ({
    ...r,
    nivel: r.nivel as Level,
    piaCents: columnCents(r.piaCents, "PIA"),
    pimCents: columnCents(r.pimCents, "PIM"),
    devengadoCents: columnCents(r.devengadoCents, "devengado"),
  }));
}

/** The six amounts, in the order both budget_line and budget_tag take them. */
const AMOUNT_COLUMNS = [
  "pia_cents",
  "pim_cents",
  "certificacion_cents",
  "compromiso_cents",
  "devengado_cents",
  "girado_cents",
] as const;

const LINE_COLUMNS = [
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
];

const orEmpty = (code: string | null) => code ?? "";

/**
 * Budget lines by COPY: the bulk of a million-line import (see copy-rows.ts). Written straight
 * to CSV text, a million times: codes have passed validation (`[0-9A-Z.-]`, digits for ubigeo),
 * so they never need quotes and an empty field is NULL; only the meta's name is free text.
 */
export async function insertLines(
  tx: Executor,
  importIdOf: (year: number) => number,
  lines: readonly BudgetLineInput[],
) {
  let text = "";
  for (const l of lines) {
    const c = l.codes;
    text += `${importIdOf(l.year)},${l.lineNo},${l.year},${l.nivel},${orEmpty(c.sector)},${orEmpty(c.pliego)},${orEmpty(c.ejecutora)},${orEmpty(c.programa)},${orEmpty(c.producto)},${orEmpty(c.actividad)},${orEmpty(c.funcion)},${orEmpty(c.division)},${orEmpty(c.grupo)},${orEmpty(l.metaCode)},${csvField(l.metaName)},${orEmpty(c.finalidad)},${orEmpty(l.departmentCode)},${orEmpty(l.provinceCode)},${orEmpty(l.districtCode)},${orEmpty(c.fuente)},${orEmpty(c.generica)},${l.pia},${l.pim},${l.certificacion ?? ""},${l.compromiso ?? ""},${l.devengado},${l.girado ?? ""}\n`;
  }
  await copyCsv(tx, "budget_line", LINE_COLUMNS, text);
}

export async function insertTags(tx: Executor, tags: readonly TagRow[]) {
  await copyRows(
    tx,
    "budget_tag",
    [
      "import_id",
      "line_no",
      "rule_id",
      "policy_id",
      "service_id",
      "kind",
      "share_bp",
      ...AMOUNT_COLUMNS,
    ],
    tags.map((t) => [
      t.importId,
      t.lineNo,
      t.ruleId,
      t.policyId,
      t.serviceId,
      t.kind,
      t.shareBp,
      t.pia,
      t.pim,
      t.certificacion,
      t.compromiso,
      t.devengado,
      t.girado,
    ]),
  );
}

export async function insertReviews(tx: Executor, rows: readonly ReviewRow[]) {
  await copyRows(
    tx,
    "budget_review",
    ["import_id", "line_no", "policy_id", "matched"],
    rows.map((r) => [r.importId, r.lineNo, r.policyId, r.matched]),
  );
}

export interface LabelRow {
  importId: number;
  dimension: string;
  code: string;
  name: string;
}

export async function insertLabels(tx: Executor, rows: readonly LabelRow[]) {
  // A synthetic million-line file has hundreds of thousands of finalidades: COPY, in parts
  // so that no single payload grows past a few megabytes.
  for (let i = 0; i < rows.length; i += 50_000) {
    await copyRows(
      tx,
      "budget_label",
      ["import_id", "dimension", "code", "name"],
      rows.slice(i, i + 50_000).map((r) => [r.importId, r.dimension, r.code, r.name]),
    );
  }
}

export async function insertPliegoTotals(
  tx: Executor,
  rows: readonly {
    importId: number;
    nivel: Level;
    pliegoCode: string;
    pliegoName: string | null;
    lines: number;
    pia: number;
    pim: number;
    devengado: number;
  }[],
) {
  await copyRows(
    tx,
    "budget_pliego_total",
    [
      "import_id",
      "nivel",
      "pliego_code",
      "pliego_name",
      "lines",
      "pia_cents",
      "pim_cents",
      "devengado_cents",
    ],
    rows.map((r) => [
      r.importId,
      r.nivel,
      r.pliegoCode,
      r.pliegoName,
      r.lines,
      r.pia,
      r.pim,
      r.devengado,
    ]),
  );
}
