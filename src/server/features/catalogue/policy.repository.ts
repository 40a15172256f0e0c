import { sql } from "kysely";
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
  return (
    db
      .selectFrom("policy")
      .innerJoin("entity", "entity.id", "policy.conductorEntityId")
      .select([
        "policy.code",
        "policy.name",
        "policy.shortName",
        "policy.approvalNorm",
        "policy.horizonYear",
        "entity.code as conductor",
        "policy.territoryUbigeo as territory",
        "policy.parentPolicyCode as parentPolicy",
      ])
      // National policies first, then the plans by territory.
      .orderBy(sql`policy.territory_ubigeo IS NOT NULL`)
      .orderBy("policy.code")
      .execute()
  );
}

/** Where a policy applies: null territory for a national policy, else a plan and its parent. */
export async function findPolicyTerritory(db: Executor, code: string) {
  return db
    .selectFrom("policy")
    .select(["id", "code", "name", "territoryUbigeo", "parentPolicyCode"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function findPolicyTerritoryById(db: Executor, id: number) {
  return db
    .selectFrom("policy")
    .select(["id", "code", "name", "territoryUbigeo", "parentPolicyCode"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The codes a subnational plan may align to: the parent policy's objectives and services. */
export async function listAlignmentTargets(db: Executor, policyId: number) {
  const [objectives, services] = await Promise.all([
    db.selectFrom("objective").select("code").where("policyId", "=", policyId).execute(),
    db.selectFrom("service").select("code").where("policyId", "=", policyId).execute(),
  ]);
  return {
    objectives: new Set(objectives.map((o) => o.code)),
    services: new Set(services.map((s) => s.code)),
  };
}

/** Whether an INEI ubigeo (department, province or district) is in the reference. */
export async function ubigeoExists(db: Executor, code: string): Promise<boolean> {
  const row = await db
    .selectFrom("ubigeo")
    .select("code")
    .where("code", "=", code)
    .executeTakeFirst();
  return row !== undefined;
}
