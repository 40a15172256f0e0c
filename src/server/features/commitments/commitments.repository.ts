import type { Executor } from "../../db/connect.ts";
import type { Commitment } from "../../db/schema.generated.ts";

/**
 * SQL of the Matriz de compromisos: the rows with their responsible entity, their status
 * history, evidence of compliance and the meta revisions they are the source of.
 */

/**
 * The commitment's responsible entity: its own, else the one responsible for its indicator
 * in the indicator's latest ficha version (the Matriz rows name a unit, not an entity code).
 */
function withEntity(db: Executor) {
  return db
    .selectFrom("commitment as c")
    .leftJoin("indicator as i", "i.id", "c.indicatorId")
    .leftJoin("service as s", "s.id", "c.serviceId")
    .leftJoin("entity as e", (j) =>
      j.on(({ eb, ref, selectFrom }) =>
        eb(
          "e.id",
          "=",
          eb.fn.coalesce(
            ref("c.entityId"),
            selectFrom("indicatorVersion as v")
              .select("v.responsibleEntityId")
              .whereRef("v.indicatorId", "=", "c.indicatorId")
              .orderBy("v.version", "desc")
              .limit(1),
          ),
        ),
      ),
    )
    .select((eb) => [
      "c.id",
      "c.policyId",
      "c.number",
      "c.periodYear",
      "c.aspect",
      "i.code as indicator",
      "s.code as service",
      "e.code as entity",
      "e.name as entityName",
      "c.recommendation",
      "c.keyAction",
      "c.verificationMeans",
      "c.responsibleUnit",
      "c.dueOn",
      "c.deadline as deadlineNote",
      "c.status",
      "c.comment",
      "c.closedAt",
      "c.newMetas",
      eb
        .selectFrom("commitmentEvidence as ce")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("ce.commitmentId", "=", "c.id")
        .as("evidenceCount"),
    ]);
}

export type CommitmentRow = Awaited<ReturnType<typeof listCommitmentRows>>[number];

export async function listCommitmentRows(db: Executor, policyId: number) {
  return withEntity(db)
    .where("c.policyId", "=", policyId)
    .orderBy("c.periodYear")
    .orderBy("c.number")
    .execute();
}

export async function findCommitmentRow(db: Executor, id: number) {
  return withEntity(db).where("c.id", "=", id).executeTakeFirst();
}

/** Locks the row for a change, so two edits of one commitment are applied one after the other. */
export async function lockCommitment(db: Executor, id: number) {
  return db
    .selectFrom("commitment")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function nextCommitmentNumber(db: Executor, policyId: number, periodYear: number) {
  const row = await db
    .selectFrom("commitment")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("policyId", "=", policyId)
    .where("periodYear", "=", periodYear)
    .executeTakeFirst();
  return (row?.n ?? 0) + 1;
}

export async function findEntityId(db: Executor, code: string) {
  const row = await db
    .selectFrom("entity")
    .select("id")
    .where("code", "=", code)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertCommitment(
  db: Executor,
  row: {
    policyId: number;
    number: number;
    periodYear: number;
    aspect: string;
    indicatorId: number | null;
    serviceId: number | null;
    entityId: number | null;
    recommendation: string;
    keyAction: string | null;
    verificationMeans: string | null;
    responsibleUnit: string | null;
    dueOn: string;
    deadline: string | null;
    newMetas: { year: number; value: number }[];
    createdBy: string;
  },
) {
  const { id } = await db
    .insertInto("commitment")
    .values({
      ...row,
      newMetas: JSON.stringify(row.newMetas),
      status: "pendiente",
      comment: null,
      createdAt: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateCommitmentRow(
  db: Executor,
  id: number,
  patch: Partial<
    Pick<
      Commitment,
      | "aspect"
      | "recommendation"
      | "keyAction"
      | "verificationMeans"
      | "responsibleUnit"
      | "dueOn"
      | "deadline"
      | "status"
      | "comment"
      | "closedBy"
    >
  > & { closedAt?: Date | null },
) {
  await db.updateTable("commitment").set(patch).where("id", "=", id).execute();
}

export async function insertStatusChange(
  db: Executor,
  row: {
    commitmentId: number;
    fromStatus: Commitment["status"] | null;
    toStatus: Commitment["status"];
    comment: string | null;
    changedBy: string;
  },
) {
  await db.insertInto("commitmentStatusChange").values(row).execute();
}

export async function listStatusChanges(db: Executor, commitmentId: number) {
  return db
    .selectFrom("commitmentStatusChange")
    .select(["fromStatus", "toStatus", "comment", "changedBy", "changedAt"])
    .where("commitmentId", "=", commitmentId)
    .orderBy("id")
    .execute();
}

export async function listCommitmentEvidence(db: Executor, commitmentId: number) {
  return db
    .selectFrom("commitmentEvidence")
    .select(["id", "fileName", "mediaType", "sizeBytes", "sha256", "uploadedAt"])
    .where("commitmentId", "=", commitmentId)
    .orderBy("id")
    .execute();
}

export async function findCommitmentEvidence(db: Executor, id: number) {
  return db.selectFrom("commitmentEvidence").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findCommitmentEvidenceBySha(
  db: Executor,
  commitmentId: number,
  sha256: string,
) {
  return db
    .selectFrom("commitmentEvidence")
    .select(["fileName"])
    .where("commitmentId", "=", commitmentId)
    .where("sha256", "=", sha256)
    .executeTakeFirst();
}

export async function insertCommitmentEvidence(
  db: Executor,
  row: {
    commitmentId: number;
    fileName: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
    uploadedBy: string;
  },
) {
  const { id } = await db
    .insertInto("commitmentEvidence")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** The latest revision of an indicator's meta for a year, locked: the next one is +1. */
export async function findLatestMetaRevision(db: Executor, indicatorId: number, year: number) {
  return db
    .selectFrom("meta")
    .select(["revision", "value"])
    .where("indicatorId", "=", indicatorId)
    .where("year", "=", year)
    .orderBy("revision", "desc")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** A meta the commitment sets: a revision whose source is the Matriz and this commitment. */
export async function insertCommitmentMeta(
  db: Executor,
  row: {
    indicatorId: number;
    commitmentId: number;
    year: number;
    value: number;
    revision: number;
    reference: string;
    createdBy: string;
  },
) {
  await db
    .insertInto("meta")
    .values({
      ...row,
      source: "matriz_compromisos",
      note: "Meta fijada por un compromiso de la Matriz, registrada en Vigía.",
      position: 1000 + row.revision,
    })
    .execute();
}

/** The meta revisions whose source is the commitment, with whether each is still in force. */
export async function listCommitmentMetas(db: Executor, commitmentId: number) {
  return db
    .selectFrom("meta as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select((eb) => [
      "i.code as indicator",
      "m.year",
      "m.value",
      "m.revision",
      eb
        .not(
          eb.exists(
            eb
              .selectFrom("meta as n")
              .select("n.id")
              .whereRef("n.indicatorId", "=", "m.indicatorId")
              .whereRef("n.year", "=", "m.year")
              .whereRef("n.revision", ">", "m.revision"),
          ),
        )
        .as("inForce"),
    ])
    .where("m.commitmentId", "=", commitmentId)
    .orderBy("m.year")
    .execute();
}
