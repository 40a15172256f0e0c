import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";

/**
 * SQL of publications: the frozen years, their files, withdrawals (the published snapshot itself
 * is read through evaluation.repository.ts, as the public's evaluation).
 */

export async function insertPublication(
  db: Executor,
  row: { policyId: number; year: number; snapshot: string; publishedBy: string },
) {
  return db
    .insertInto("publication")
    .values(row)
    .returning(["id", "publishedAt"])
    .executeTakeFirstOrThrow();
}

/** Validated annual values of a policy-year: a year without any has nothing to publish. */
export async function countValidatedAnnualValues(db: Executor, policyId: number, year: number) {
  const row = await db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("i.policyId", "=", policyId)
    .where("m.year", "=", year)
    .where("m.period", "=", "ANUAL")
    .where("m.status", "=", "validado")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPublicationFiles(
  db: Executor,
  rows: {
    publicationId: number;
    kind: "informe" | "paquete" | "datos-abiertos";
    fileName: string;
    contentType: string;
    bytes: Uint8Array;
    sha256: string;
  }[],
) {
  // node-postgres sends a Buffer as bytea; PGlite takes any Uint8Array, a Buffer included.
  await db
    .insertInto("publicationFile")
    .values(rows.map((r) => ({ ...r, bytes: Buffer.from(r.bytes) })))
    .execute();
}

/** Marks a publication withdrawn, once: null when it already was. */
export async function markPublicationWithdrawn(
  db: Executor,
  id: number,
  withdrawal: { withdrawnBy: string; reason: string },
) {
  return db
    .updateTable("publication")
    .set({
      withdrawnAt: sql<Date>`now()`,
      withdrawnBy: withdrawal.withdrawnBy,
      withdrawalReason: withdrawal.reason,
    })
    .where("id", "=", id)
    .where("withdrawnAt", "is", null)
    .returning(["id", "withdrawnAt"])
    .executeTakeFirst();
}

/** The years whose latest publication stands (not withdrawn), newest first. */
export async function listStandingPublications(db: Executor, policyId: number) {
  const rows = await db
    .selectFrom("publication as p")
    .select(["p.year", "p.publishedAt", "p.withdrawnAt"])
    .where("p.policyId", "=", policyId)
    .orderBy("p.year", "desc")
    .orderBy("p.publishedAt", "desc")
    .orderBy("p.id", "desc")
    .execute();
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.year)) latest.set(r.year, r);
  return [...latest.values()].filter((r) => r.withdrawnAt === null);
}

export async function findPublicationFile(
  db: Executor,
  publicationId: number,
  kind: "informe" | "paquete" | "datos-abiertos",
) {
  return db
    .selectFrom("publicationFile")
    .select(["fileName", "contentType", "bytes"])
    .where("publicationId", "=", publicationId)
    .where("kind", "=", kind)
    .executeTakeFirst();
}
