import type { Executor } from "../../db/connect.ts";

/** SQL of the administrator's report texts (table report_text, migration 0005). */

export interface ReportTextRow {
  section: string;
  body: string;
  author: string;
  updatedAt: Date;
}

export async function listReportTexts(
  db: Executor,
  policyId: number,
  year: number,
): Promise<ReportTextRow[]> {
  return db
    .selectFrom("reportText")
    .select(["section", "body", "author", "updatedAt"])
    .where("policyId", "=", policyId)
    .where("year", "=", year)
    .orderBy("section")
    .execute();
}

export async function findReportText(
  db: Executor,
  policyId: number,
  year: number,
  section: string,
): Promise<ReportTextRow | undefined> {
  return db
    .selectFrom("reportText")
    .select(["section", "body", "author", "updatedAt"])
    .where("policyId", "=", policyId)
    .where("year", "=", year)
    .where("section", "=", section)
    .executeTakeFirst();
}

/** Writes the text of one section, replacing the previous one; returns the stored row. */
export async function upsertReportText(
  tx: Executor,
  row: { policyId: number; year: number; section: string; body: string; author: string },
): Promise<{ id: number } & ReportTextRow> {
  return tx
    .insertInto("reportText")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["policyId", "year", "section"]).doUpdateSet({
        body: row.body,
        author: row.author,
        updatedAt: new Date(),
      }),
    )
    .returning(["id", "section", "body", "author", "updatedAt"])
    .executeTakeFirstOrThrow();
}
