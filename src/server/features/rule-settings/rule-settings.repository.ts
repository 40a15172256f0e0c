import type { Executor } from "../../db/connect.ts";

/** SQL of the conductor's rule settings: every version of the policy's indicators' settings. */

export async function listRuleSettingVersions(db: Executor, policyId: number) {
  return db
    .selectFrom("indicatorRuleSetting as r")
    .innerJoin("indicator as i", "i.id", "r.indicatorId")
    .select(["r.indicatorId", "r.version", "r.settings", "r.reason", "r.createdBy", "r.createdAt"])
    .where("i.policyId", "=", policyId)
    .orderBy("r.indicatorId")
    .orderBy("r.version", "desc")
    .execute();
}

/** The latest version of one indicator's settings, locked: the next version is +1. */
export async function findLatestRuleSettingVersion(db: Executor, indicatorId: number) {
  const row = await db
    .selectFrom("indicatorRuleSetting")
    .select(["version", "settings"])
    .where("indicatorId", "=", indicatorId)
    .orderBy("version", "desc")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

export async function insertRuleSettingVersion(
  db: Executor,
  row: {
    indicatorId: number;
    version: number;
    settings: unknown;
    reason: string;
    createdBy: string;
  },
) {
  await db
    .insertInto("indicatorRuleSetting")
    .values({ ...row, settings: JSON.stringify(row.settings) })
    .execute();
}
