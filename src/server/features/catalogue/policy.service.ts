import type { Actor } from "../../../shared/actor.ts";
import { canSeePolicy } from "../../../shared/territory/territorial-scope.ts";
import type { Executor } from "../../db/connect.ts";
import { cachedRead } from "../../db/read-cache.ts";
import { forbidden, notFound } from "../../errors.ts";
import { findPolicy, findPolicyId, findPolicyTerritoryById } from "./policy.repository.ts";

/** A policy named by a request: a 404 with the same message whichever feature was asked. */

const noSuchPolicy = (code: string) => notFound(`No existe la política "${code}".`);

export async function requirePolicy(db: Executor, code: string) {
  const policy = await findPolicy(db, code);
  if (!policy) throw noSuchPolicy(code);
  return policy;
}

/**
 * Every cached read (dashboard, evaluation, tasks) names its policy by code first: the id and the
 * territory are kept under the catalogue's version (ADR 0043), not read per request.
 */
export async function requirePolicyId(db: Executor, code: string): Promise<number> {
  const id = await cachedRead(db, "catalogue", `policy-id:${code}`, () => findPolicyId(db, code));
  if (id === null) throw noSuchPolicy(code);
  return id;
}

/**
 * The territorial scope of a policy (ADR 0030): a scoped account (a regional or municipal
 * focal point, a regional conductor) is refused another territory's plan with a 403. National
 * policies and national accounts pass as before. Called by the domain functions that take a
 * policy by id (a value's policy) or by code (`requirePolicyInScope`).
 */
export async function assertPolicyInScope(
  db: Executor,
  actor: Actor,
  policyId: number,
): Promise<{ territoryUbigeo: string | null; code: string }> {
  const policy = await cachedRead(db, "catalogue", `policy-territory:${policyId}`, () =>
    findPolicyTerritoryById(db, policyId),
  );
  if (!policy) throw notFound("No existe la política.");
  const scope = actor.user?.territory?.ubigeo ?? null;
  if (!canSeePolicy(scope, policy.territoryUbigeo))
    throw forbidden(
      `El plan "${policy.code}" es de otro ámbito territorial: su cuenta trabaja solo en ${actor.user?.territory?.name ?? scope}.`,
    );
  return policy;
}

/** `requirePolicyId` and the territorial scope together: the id of a policy the actor may see. */
export async function requirePolicyInScope(
  db: Executor,
  actor: Actor,
  code: string,
): Promise<number> {
  const id = await requirePolicyId(db, code);
  await assertPolicyInScope(db, actor, id);
  return id;
}
