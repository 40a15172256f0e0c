import type { Level } from "../../../shared/budget/budget-fields.ts";
import { columnCents } from "../../../shared/budget/money.ts";
import type { Executor } from "../../db/connect.ts";

/**
 * Reference figures the analyses divide by or compare with: the national budget and published
 * pliego totals per year, the population, and a policy's priority pliegos.
 */

export async function replaceReference(
  tx: Executor,
  policyId: number,
  input: {
    amounts: {
      year: number;
      scope: "nacional" | "pliego";
      pliegoCode: string;
      pliegoName: string | null;
      nivel: Level | null;
      piaCents: number;
      pimCents: number;
      source: string;
    }[];
    population: { year: number; inhabitants: number; source: string }[];
    priority: { pliegoCode: string; nivel: Level; label: string; position: number }[];
  },
) {
  for (const a of input.amounts) {
    await tx
      .insertInto("budgetReferenceAmount")
      .values(a)
      .onConflict((oc) =>
        oc.columns(["year", "scope", "pliegoCode"]).doUpdateSet({
          pliegoName: a.pliegoName,
          nivel: a.nivel,
          piaCents: a.piaCents,
          pimCents: a.pimCents,
          source: a.source,
        }),
      )
      .execute();
  }
  for (const p of input.population) {
    await tx
      .insertInto("referencePopulation")
      .values(p)
      .onConflict((oc) =>
        oc.column("year").doUpdateSet({ inhabitants: p.inhabitants, source: p.source }),
      )
      .execute();
  }
  await tx.deleteFrom("budgetPriorityPliego").where("policyId", "=", policyId).execute();
  if (input.priority.length > 0) {
    await tx
      .insertInto("budgetPriorityPliego")
      .values(input.priority.map((p) => ({ ...p, policyId })))
      .execute();
  }
}

export async function countReference(db: Executor) {
  const row = await db
    .selectFrom("budgetReferenceAmount")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listReferenceAmounts(db: Executor) {
  const rows = await db.selectFrom("budgetReferenceAmount").selectAll().execute();
  return rows.map((r) => ({
    ...r,
    nivel: r.nivel as Level | null,
    piaCents: columnCents(r.piaCents, "PIA"),
    pimCents: columnCents(r.pimCents, "PIM"),
  }));
}

export async function listPopulation(db: Executor) {
  const rows = await db.selectFrom("referencePopulation").selectAll().execute();
  return rows.map((r) => ({ ...r, inhabitants: Number(r.inhabitants) }));
}

export async function listPriorityPliegos(db: Executor, policyId: number) {
  const rows = await db
    .selectFrom("budgetPriorityPliego")
    .select(["pliegoCode", "nivel", "label"])
    .where("policyId", "=", policyId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ ...r, nivel: r.nivel as Level }));
}
