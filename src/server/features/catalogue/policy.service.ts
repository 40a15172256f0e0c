import type { Executor } from "../../db/connect.ts";
import { notFound } from "../../errors.ts";
import { findPolicy, findPolicyId } from "./policy.repository.ts";

/** A policy named by a request: a 404 with the same message whichever feature was asked. */

const noSuchPolicy = (code: string) => notFound(`No existe la política "${code}".`);

export async function requirePolicy(db: Executor, code: string) {
  const policy = await findPolicy(db, code);
  if (!policy) throw noSuchPolicy(code);
  return policy;
}

export async function requirePolicyId(db: Executor, code: string): Promise<number> {
  const id = await findPolicyId(db, code);
  if (id === null) throw noSuchPolicy(code);
  return id;
}
