import type { Executor } from "../../db/connect.ts";

/**
 * The import log every budget service reads first (which files were imported, and which is
 * each year's current one); the policy itself comes from catalogue/policy.repository.ts. The other SQL of the feature is
 * split by job: budget-import.repository.ts (the writes of an import), budget-rules.repository.ts
 * (tagging rules and re-tagging), budget-figures.repository.ts (the sums the analyses read) and
 * budget-reference.repository.ts (national budget, pliego totals, population, priority pliegos).
 */

export async function findCurrentImports(db: Executor) {
  return db
    .selectFrom("budgetImport")
    .select(["id", "year", "fileName", "importedAt", "rowsLoaded", "fileSha256", "notice"])
    .where("isCurrent", "=", true)
    .orderBy("year")
    .execute();
}

export async function listImports(db: Executor) {
  return db
    .selectFrom("budgetImport")
    .select([
      "id",
      "year",
      "fileName",
      "fileSha256",
      "notice",
      "format",
      "rowsRead",
      "rowsLoaded",
      "rowsRejected",
      "isCurrent",
      "importedBy",
      "importedAt",
      "report",
    ])
    .orderBy("id", "desc")
    .execute();
}
