import type { Executor } from "../../db/connect.ts";
import type { ValoracionDeclaration } from "../../db/schema.generated.ts";

/** SQL of the valoración declarations: append-only rows, the highest revision in force. */

const COLUMNS = [
  "d.id",
  "d.year",
  "d.criterionCode",
  "d.revision",
  "d.level",
  "d.rationale",
  "d.evidenceFileName",
  "d.evidenceMediaType",
  "d.evidenceSizeBytes",
  "d.evidenceSha256",
  "d.declaredBy",
  "d.declaredByLabel",
  "d.declaredAt",
] as const;

/** Every declaration of a policy (optionally of one year), by year, criterion and revision. */
export async function listDeclarations(db: Executor, policyId: number, year?: number) {
  let q = db
    .selectFrom("valoracionDeclaration as d")
    .select(COLUMNS)
    .where("d.policyId", "=", policyId);
  if (year !== undefined) q = q.where("d.year", "=", year);
  return q.orderBy("d.year").orderBy("d.criterionCode").orderBy("d.revision").execute();
}

export async function findLatestRevision(
  db: Executor,
  policyId: number,
  year: number,
  criterionCode: string,
): Promise<number> {
  const row = await db
    .selectFrom("valoracionDeclaration")
    .select(({ fn }) => fn.max("revision").as("revision"))
    .where("policyId", "=", policyId)
    .where("year", "=", year)
    .where("criterionCode", "=", criterionCode)
    .executeTakeFirst();
  return Number(row?.revision ?? 0);
}

export async function insertDeclaration(
  db: Executor,
  row: Omit<ValoracionDeclaration, "id" | "declaredAt">,
) {
  return db
    .insertInto("valoracionDeclaration")
    .values(row)
    .returning(["id", "declaredAt"])
    .executeTakeFirstOrThrow();
}

export async function findDeclarationEvidence(db: Executor, id: number) {
  return db
    .selectFrom("valoracionDeclaration")
    .select([
      "id",
      "policyId",
      "evidenceFileName",
      "evidenceMediaType",
      "evidenceSha256",
      "evidenceStorageKey",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function countDeclarations(db: Executor, policyId: number): Promise<number> {
  const row = await db
    .selectFrom("valoracionDeclaration")
    .select(({ fn }) => fn.countAll().as("n"))
    .where("policyId", "=", policyId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
