import type { Executor } from "../../db/connect.ts";

/**
 * SQL of catalogue maintenance: metas and their revisions (commitments: features/commitments). The indicators come
 * from indicators.repository.ts.
 */

/** Every revision of the metas of the policy's indicators, by year and revision. */
export async function listMetas(db: Executor, policyId: number) {
  return db
    .selectFrom("meta as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["m.indicatorId", "m.year", "m.value", "m.revision", "m.source"])
    .where("i.policyId", "=", policyId)
    .orderBy("m.year")
    .orderBy("m.revision")
    .execute();
}

export async function findIndicatorByCode(db: Executor, policyId: number, code: string) {
  return db
    .selectFrom("indicator as i")
    .innerJoin("indicatorVersion as v", "v.indicatorId", "i.id")
    .select(["i.id", "v.unit"])
    .where("i.policyId", "=", policyId)
    .where("i.code", "=", code)
    .orderBy("v.version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function findCurrentMeta(db: Executor, indicatorId: number, year: number) {
  return db
    .selectFrom("meta")
    .select(["value", "revision", "source"])
    .where("indicatorId", "=", indicatorId)
    .where("year", "=", year)
    .orderBy("revision", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function insertMetaRevision(
  db: Executor,
  row: {
    indicatorId: number;
    year: number;
    value: number;
    revision: number;
    note: string;
    createdBy: string;
  },
) {
  const { id } = await db
    .insertInto("meta")
    .values({ ...row, source: "ajuste", reference: null, position: 1000 + row.revision })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
