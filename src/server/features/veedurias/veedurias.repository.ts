import type { VeeduriaStatus } from "../../../shared/veedurias/veeduria-semaforo.ts";
import type { Executor } from "../../db/connect.ts";

/** SQL of the veedurías and their semáforo (migration 0027). */

export async function listVeeduriaRows(db: Executor, policyId: number) {
  return db
    .selectFrom("veeduria")
    .select(["id", "code", "name", "departmentCode", "referenceSource", "createdAt"])
    .where("policyId", "=", policyId)
    .orderBy("departmentCode")
    .orderBy("code")
    .execute();
}

export async function findVeeduria(db: Executor, policyId: number, code: string) {
  return db
    .selectFrom("veeduria")
    .select(["id", "code", "name", "departmentCode", "referenceSource"])
    .where("policyId", "=", policyId)
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function insertVeeduria(
  tx: Executor,
  row: {
    policyId: number;
    code: string;
    name: string;
    departmentCode: string;
    referenceSource: string | null;
    createdBy: string;
  },
): Promise<number> {
  const { id } = await tx
    .insertInto("veeduria")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateVeeduria(
  tx: Executor,
  id: number,
  patch: { name: string; departmentCode: string; referenceSource: string | null },
) {
  await tx.updateTable("veeduria").set(patch).where("id", "=", id).execute();
}

export async function listInstitutions(db: Executor, veeduriaIds: readonly number[]) {
  if (veeduriaIds.length === 0) return [];
  return db
    .selectFrom("veeduriaInstitution")
    .select(["veeduriaId", "name"])
    .where("veeduriaId", "in", veeduriaIds)
    .orderBy("veeduriaId")
    .orderBy("position")
    .execute();
}

export async function insertInstitutions(tx: Executor, veeduriaId: number, names: string[]) {
  if (names.length === 0) return;
  await tx
    .insertInto("veeduriaInstitution")
    .values(names.map((name, position) => ({ veeduriaId, name, position })))
    .execute();
}

/** Every grade of the policy's veedurías, with the lineamiento's code. */
export async function listAssessmentRows(db: Executor, policyId: number) {
  return db
    .selectFrom("veeduriaAssessment")
    .innerJoin("veeduria", "veeduria.id", "veeduriaAssessment.veeduriaId")
    .innerJoin("lineamiento", "lineamiento.id", "veeduriaAssessment.lineamientoId")
    .select([
      "veeduriaAssessment.id",
      "veeduriaAssessment.veeduriaId",
      "veeduriaAssessment.lineamientoId",
      "lineamiento.code as lineamiento",
      "veeduriaAssessment.period",
      "veeduriaAssessment.status",
      "veeduriaAssessment.rationale",
      "veeduriaAssessment.recordedAt",
    ])
    .where("veeduria.policyId", "=", policyId)
    .orderBy("veeduriaAssessment.veeduriaId")
    .orderBy("lineamiento.position")
    .execute();
}

/** A veeduría's grades of one period, locked for the upsert that replaces them. */
export async function lockAssessments(tx: Executor, veeduriaId: number, period: string) {
  return tx
    .selectFrom("veeduriaAssessment")
    .select(["id", "lineamientoId", "status", "rationale"])
    .where("veeduriaId", "=", veeduriaId)
    .where("period", "=", period)
    .forUpdate()
    .execute();
}

export async function insertAssessments(
  tx: Executor,
  rows: {
    veeduriaId: number;
    lineamientoId: number;
    period: string;
    status: VeeduriaStatus;
    rationale: string;
    recordedBy: string;
  }[],
) {
  if (rows.length === 0) return;
  await tx.insertInto("veeduriaAssessment").values(rows).execute();
}

export async function updateAssessment(
  tx: Executor,
  id: number,
  patch: { status: VeeduriaStatus; rationale: string; recordedBy: string },
) {
  await tx
    .updateTable("veeduriaAssessment")
    .set({ ...patch, recordedAt: new Date() })
    .where("id", "=", id)
    .execute();
}

export async function listReferenceCountRows(db: Executor, policyId: number) {
  return db
    .selectFrom("veeduriaReferenceCount")
    .innerJoin("veeduria", "veeduria.id", "veeduriaReferenceCount.veeduriaId")
    .select([
      "veeduriaReferenceCount.veeduriaId",
      "veeduriaReferenceCount.period",
      "veeduriaReferenceCount.status",
      "veeduriaReferenceCount.lineamientos",
      "veeduriaReferenceCount.note",
      "veeduriaReferenceCount.source",
      "veeduriaReferenceCount.citation",
    ])
    .where("veeduria.policyId", "=", policyId)
    .orderBy("veeduriaReferenceCount.id")
    .execute();
}

/** Replaces a veeduría's reference counts of a period (the transcription is the whole truth). */
export async function replaceReferenceCounts(
  tx: Executor,
  veeduriaId: number,
  period: string,
  rows: {
    status: VeeduriaStatus;
    lineamientos: number;
    note: string | null;
    source: string;
    citation: string;
  }[],
) {
  await tx
    .deleteFrom("veeduriaReferenceCount")
    .where("veeduriaId", "=", veeduriaId)
    .where("period", "=", period)
    .execute();
  if (rows.length === 0) return;
  await tx
    .insertInto("veeduriaReferenceCount")
    .values(rows.map((r) => ({ ...r, veeduriaId, period })))
    .execute();
}
