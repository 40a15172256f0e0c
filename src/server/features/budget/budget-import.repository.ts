import {
  LINE_COLUMNS,
  REVIEW_COLUMNS,
  reviewCopyText,
  TAG_COLUMNS,
  tagCopyText,
} from "../../../shared/budget/budget-copy-text.ts";
import type { Level } from "../../../shared/budget/budget-fields.ts";
import type { ReviewRow, TagRow } from "../../../shared/budget/line-tagger.ts";
import { columnCents } from "../../../shared/budget/money.ts";
import type { Executor } from "../../db/connect.ts";
import { copyCsv, copyRows } from "../../db/copy-rows.ts";

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

/**
 * Budget lines, tags and reviews by COPY, as text already written where the rows were
 * validated (budget-copy-text.ts; in worker threads for a large file, ADR 0044).
 */
export async function copyLineText(tx: Executor, text: string | Uint8Array) {
  await copyCsv(tx, "budget_line", LINE_COLUMNS, text);
}

export async function copyTagText(tx: Executor, text: string) {
  await copyCsv(tx, "budget_tag", TAG_COLUMNS, text);
}

export async function copyReviewText(tx: Executor, text: string) {
  await copyCsv(tx, "budget_review", REVIEW_COLUMNS, text);
}

/** Tags of a re-tagging, the same text as the import's. */
export async function insertTags(tx: Executor, tags: readonly TagRow[]) {
  let text = "";
  for (const t of tags) text += tagCopyText(t);
  await copyTagText(tx, text);
}

export async function insertReviews(tx: Executor, rows: readonly ReviewRow[]) {
  let text = "";
  for (const r of rows) text += reviewCopyText(r);
  await copyReviewText(tx, text);
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
