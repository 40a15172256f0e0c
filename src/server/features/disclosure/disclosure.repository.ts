import type { Insertable } from "kysely";
import type { Executor } from "../../db/connect.ts";
import type { DisclosureLog } from "../../db/schema.generated.ts";

/** SQL of the disclosure log (append-only: a trigger refuses updates and deletes). */

export async function findLoggedCells(db: Executor, outputCode: string, outputVersion: string) {
  return db
    .selectFrom("disclosureLog")
    .select(["cellKey", "rule", "audience", "k", "protectionWidth"])
    .where("outputCode", "=", outputCode)
    .where("outputVersion", "=", outputVersion)
    .orderBy("id")
    .execute();
}

export async function insertLogRows(
  db: Executor,
  rows: readonly Insertable<DisclosureLog>[],
): Promise<void> {
  // One statement per thousand rows keeps a large table's log under the bind-parameter limit.
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto("disclosureLog")
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export async function listLog(
  db: Executor,
  filter: { outputCode?: string; outputVersion?: string },
) {
  let q = db
    .selectFrom("disclosureLog")
    .select([
      "outputCode",
      "outputVersion",
      "audience",
      "cellKey",
      "rule",
      "k",
      "protectionWidth",
      "createdAt",
      "actor",
    ]);
  if (filter.outputCode !== undefined) q = q.where("outputCode", "=", filter.outputCode);
  if (filter.outputVersion !== undefined) q = q.where("outputVersion", "=", filter.outputVersion);
  return q.orderBy("id").execute();
}
