import { type Insertable, sql } from "kysely";
import type { Executor } from "../../db/connect.ts";
import type { TechnicalAssistance, Training } from "../../db/schema.generated.ts";

export type TrainingInsert = Insertable<Training>;
export type AssistanceInsert = Insertable<TechnicalAssistance>;

export interface ActivityFilter {
  department?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  service?: string | undefined;
}

export async function insertTrainings(tx: Executor, rows: TrainingInsert[]): Promise<number[]> {
  if (rows.length === 0) return [];
  // 19 parameters a row: batches of 1,000 stay below PostgreSQL's 65,535.
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const out = await tx
      .insertInto("training")
      .values(rows.slice(i, i + 1000))
      .returning("id")
      .execute();
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}

/** Trainings by the day they ended: a course spanning two periods counts in the later one. */
export async function listTrainingRows(db: Executor, f: ActivityFilter) {
  let q = db
    .selectFrom("training as t")
    .innerJoin("ubigeo as u", "u.code", "t.ubigeoCode")
    .innerJoin("ubigeo as d", "d.code", "t.departmentCode")
    .innerJoin("entity as e", "e.id", "t.entityId")
    .select([
      "t.id",
      "t.course",
      "t.modality",
      "t.ubigeoCode",
      "u.name as ubigeoName",
      "t.departmentCode",
      "d.name as departmentName",
      "t.audienceType",
      "t.participants",
      "t.participantsWomen",
      "t.participantsMen",
      "t.cascadeLevel",
      "t.startedOn",
      "t.endedOn",
      "e.code as entity",
      "t.serviceCode",
      "t.source",
      "t.note",
    ]);
  if (f.department) q = q.where("t.departmentCode", "=", f.department);
  if (f.from) q = q.where("t.endedOn", ">=", f.from);
  if (f.to) q = q.where("t.endedOn", "<=", f.to);
  if (f.service) q = q.where("t.serviceCode", "=", f.service);
  return q.orderBy("t.departmentCode").orderBy("t.endedOn").orderBy("t.id").execute();
}

export async function findTrainingRow(db: Executor, id: number) {
  const [row] = (await listTrainingRows(db, {})).filter((r) => r.id === id);
  return row;
}

export async function insertAssistance(tx: Executor, row: AssistanceInsert): Promise<number> {
  const { id } = await tx
    .insertInto("technicalAssistance")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function listAssistanceRows(db: Executor, f: ActivityFilter) {
  let q = db
    .selectFrom("technicalAssistance as a")
    .leftJoin("coordinationSpace as s", "s.id", "a.spaceId")
    .leftJoin("ubigeo as g", "g.code", "a.governmentUbigeo")
    .leftJoin("ubigeo as gd", (j) =>
      j.on(sql<boolean>`${sql.ref("gd.code")} = left(${sql.ref("a.governmentUbigeo")}, 2)`),
    )
    .innerJoin("entity as e", "e.id", "a.entityId")
    .select([
      "a.id",
      "a.spaceId",
      "s.name as spaceName",
      "a.governmentUbigeo",
      "g.name as governmentName",
      "gd.code as governmentDepartmentCode",
      "gd.name as governmentDepartmentName",
      "a.topic",
      "a.heldOn",
      "a.modality",
      "e.code as entity",
      "a.serviceCode",
      "a.source",
    ]);
  if (f.from) q = q.where("a.heldOn", ">=", f.from);
  if (f.to) q = q.where("a.heldOn", "<=", f.to);
  if (f.service) q = q.where("a.serviceCode", "=", f.service);
  return q.orderBy("a.heldOn").orderBy("a.id").execute();
}

export async function insertProposalDecision(
  tx: Executor,
  row: {
    indicatorId: number;
    year: number;
    period: string;
    register: "capacitaciones" | "asistencias_tecnicas";
    proposedValue: number;
    decidedValue: number;
    decision: "aceptado" | "corregido";
    reason: string | null;
    recordIds: number[];
    measurementId: number;
    decidedBy: string;
  },
): Promise<number> {
  const { id } = await tx
    .insertInto("registerProposalDecision")
    .values({
      ...row,
      recordIds: JSON.stringify(row.recordIds),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
