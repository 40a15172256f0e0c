import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";
import { isLatestRevision } from "../../db/sql-fragments.ts";

/** SQL of the subnational plans: their headers, quarterly values, metas, alignment, milestones. */

/** Subnational plans (a territory set), with the territory's name and level, by territory. */
export async function listPlanRows(db: Executor, filter: { codes?: string[]; within?: string }) {
  let q = db
    .selectFrom("policy as p")
    .innerJoin("ubigeo as u", "u.code", "p.territoryUbigeo")
    .innerJoin("entity as e", "e.id", "p.conductorEntityId")
    .select([
      "p.id",
      "p.code",
      "p.name",
      "u.code as ubigeo",
      "u.name as territoryName",
      "u.level as territoryLevel",
      "p.parentPolicyCode as parentPolicy",
      "e.code as conductor",
    ])
    .where("p.territoryUbigeo", "is not", null);
  if (filter.codes) q = q.where("p.code", "in", filter.codes.length ? filter.codes : [""]);
  if (filter.within) q = q.where("p.territoryUbigeo", "like", `${filter.within}%`);
  return q.orderBy("p.territoryUbigeo").orderBy("p.code").execute();
}

/** The latest revision of each quarter's value of a plan's indicators in a year. */
export async function listQuarterValues(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["m.id", "m.indicatorId", "m.period", "m.value", "m.status"])
    .where("i.policyId", "=", policyId)
    .where("m.year", "=", year)
    .where("m.period", "in", ["T1", "T2", "T3", "T4"])
    .where(isLatestRevision("m"))
    .execute();
}

/** The latest validated revision of each quarter: what counts while a correction is open. */
export async function listValidatedQuarterValues(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["m.indicatorId", "m.period", "m.value"])
    .where("i.policyId", "=", policyId)
    .where("m.year", "=", year)
    .where("m.status", "=", "validado")
    .where("m.period", "in", ["T1", "T2", "T3", "T4"])
    .where(isLatestRevision("m", ["validado"]))
    .execute();
}

/** Metas in force for a year (the highest revision), by indicator id. */
export async function listMetasInForce(db: Executor, policyId: number, year: number) {
  return db
    .selectFrom("meta as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["m.indicatorId", "m.value"])
    .where("i.policyId", "=", policyId)
    .where("m.year", "=", year)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("meta as later")
            .select("later.id")
            .whereRef("later.indicatorId", "=", "m.indicatorId")
            .whereRef("later.year", "=", "m.year")
            .whereRef("later.revision", ">", "m.revision"),
        ),
      ),
    )
    .execute();
}

/** Each indicator's objective and service alignment to the parent policy. */
export async function listAlignment(db: Executor, policyId: number) {
  return db
    .selectFrom("indicator as i")
    .innerJoin("objective as o", "o.id", "i.objectiveId")
    .leftJoin("service as s", "s.id", "i.serviceId")
    .select(["i.id", "o.alignedTo as alignedObjective", "s.alignedTo as alignedService"])
    .where("i.policyId", "=", policyId)
    .execute();
}

const MILESTONE_COLUMNS = [
  "m.id",
  "p.code as plan",
  "m.horizon",
  "m.title",
  "m.responsible",
  "m.budgetSoles",
  sql<string>`to_char(m.due_on, 'YYYY-MM-DD')`.as("dueOn"),
  "m.status",
  sql<string | null>`to_char(m.completed_on, 'YYYY-MM-DD')`.as("completedOn"),
  "m.note",
  "m.policyId",
] as const;

export async function listMilestoneRows(db: Executor, policyIds: readonly number[]) {
  if (policyIds.length === 0) return [];
  return db
    .selectFrom("planMilestone as m")
    .innerJoin("policy as p", "p.id", "m.policyId")
    .select(MILESTONE_COLUMNS)
    .where("m.policyId", "in", policyIds)
    .orderBy("m.dueOn")
    .orderBy("m.id")
    .execute();
}

export async function findMilestoneRow(db: Executor, id: number) {
  return db
    .selectFrom("planMilestone as m")
    .innerJoin("policy as p", "p.id", "m.policyId")
    .select(MILESTONE_COLUMNS)
    .where("m.id", "=", id)
    .executeTakeFirst();
}

export async function insertMilestone(
  db: Executor,
  row: {
    policyId: number;
    horizon: "100_dias" | "primer_anio" | "fin_gestion";
    title: string;
    responsible: string | null;
    budgetSoles: number | null;
    dueOn: string;
    status: "pendiente" | "en_proceso" | "cumplido" | "no_cumplido";
    completedOn: string | null;
    note: string | null;
    createdBy: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("planMilestone")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateMilestoneRow(
  db: Executor,
  id: number,
  patch: {
    status: "pendiente" | "en_proceso" | "cumplido" | "no_cumplido";
    completedOn: string | null;
    note?: string | null;
  },
): Promise<void> {
  await db
    .updateTable("planMilestone")
    .set({ ...patch, updatedAt: new Date() })
    .where("id", "=", id)
    .execute();
}
