import type { Executor } from "../../db/connect.ts";

/**
 * The policy reads every feature starts from: a policy by its code (most routes name one), its
 * code by id, whether there is any, its objectives. One home, so a feature never writes its own lookup.
 */

export async function findPolicy(db: Executor, code: string) {
  return db
    .selectFrom("policy")
    .select(["id", "code", "name", "valoracion"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function findPolicyId(db: Executor, code: string): Promise<number | null> {
  const row = await db
    .selectFrom("policy")
    .select("id")
    .where("code", "=", code)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findPolicyCode(db: Executor, id: number): Promise<string | null> {
  const row = await db.selectFrom("policy").select("code").where("id", "=", id).executeTakeFirst();
  return row?.code ?? null;
}

export async function hasAnyPolicy(db: Executor): Promise<boolean> {
  const row = await db.selectFrom("policy").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The policy's objectives, in catalogue order. */
export async function listObjectives(db: Executor, policyId: number) {
  return db
    .selectFrom("objective")
    .select(["code", "name"])
    .where("policyId", "=", policyId)
    .orderBy("position")
    .execute();
}

/** The policy's lineamientos in catalogue order, with their objective's code. */
export async function listLineamientos(db: Executor, policyId: number) {
  return db
    .selectFrom("lineamiento")
    .innerJoin("objective", "objective.id", "lineamiento.objectiveId")
    .select([
      "lineamiento.id",
      "lineamiento.code",
      "lineamiento.text",
      "objective.code as objective",
    ])
    .where("lineamiento.policyId", "=", policyId)
    .orderBy("objective.position")
    .orderBy("lineamiento.position")
    .execute();
}

export async function listPolicies(db: Executor) {
  return db
    .selectFrom("policy")
    .innerJoin("entity", "entity.id", "policy.conductorEntityId")
    .select([
      "policy.code",
      "policy.name",
      "policy.shortName",
      "policy.approvalNorm",
      "policy.horizonYear",
      "entity.code as conductor",
    ])
    .orderBy("policy.code")
    .execute();
}
