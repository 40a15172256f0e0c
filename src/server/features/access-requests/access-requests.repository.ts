import type { Executor } from "../../db/connect.ts";
import type { AccessRequest, AccessRequestDocument } from "../../db/schema.generated.ts";

/** SQL of the access-to-information register (migration 0013). */

export async function findEntityByCode(db: Executor, code: string) {
  return db
    .selectFrom("entity")
    .select(["id", "code", "name"])
    .where("code", "=", code)
    .executeTakeFirst();
}

const requestColumns = [
  "accessRequest.id",
  "accessRequest.requester",
  "accessRequest.reference",
  "accessRequest.questions",
  "accessRequest.sentOn",
  "accessRequest.extensionNotifiedOn",
  "accessRequest.extensionNewDate",
  "accessRequest.extensionReason",
  "accessRequest.answeredOn",
  "accessRequest.outcome",
  "accessRequest.notes",
  "entity.code as entityCode",
  "entity.name as entityName",
] as const;

export type AccessRequestRow = Awaited<ReturnType<typeof listAccessRequestRows>>[number];

export async function listAccessRequestRows(
  db: Executor,
  filter: { entityCode?: string; id?: number } = {},
) {
  let q = db
    .selectFrom("accessRequest")
    .innerJoin("entity", "entity.id", "accessRequest.entityId")
    .select(requestColumns);
  if (filter.entityCode !== undefined) q = q.where("entity.code", "=", filter.entityCode);
  if (filter.id !== undefined) q = q.where("accessRequest.id", "=", filter.id);
  return q.orderBy("accessRequest.sentOn", "desc").orderBy("accessRequest.id", "desc").execute();
}

export async function listDocuments(db: Executor, requestIds: readonly number[]) {
  if (requestIds.length === 0) return [];
  return db
    .selectFrom("accessRequestDocument")
    .select(["id", "accessRequestId", "kind", "title", "link", "fileName", "addedAt"])
    .where("accessRequestId", "in", requestIds)
    .orderBy("id")
    .execute();
}

/** Every entity, with or without requests, for the compliance table. */
export async function listEntities(db: Executor) {
  return db.selectFrom("entity").select(["id", "code", "name"]).orderBy("code").execute();
}

export async function insertAccessRequest(
  db: Executor,
  row: Pick<AccessRequest, "entityId" | "requester" | "reference" | "questions" | "sentOn"> & {
    notes: string | null;
    createdBy: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("accessRequest")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** The row locked for the rest of the transaction, so two recordings cannot interleave. */
export async function lockAccessRequest(db: Executor, id: number) {
  return db
    .selectFrom("accessRequest")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateAccessRequest(
  db: Executor,
  id: number,
  patch: {
    extensionNotifiedOn?: string;
    extensionNewDate?: string;
    extensionReason?: string | null;
    answeredOn?: string | null;
    outcome?: "pendiente" | "respondida" | "parcial" | "no_respondida";
    notes?: string | null;
  },
) {
  await db
    .updateTable("accessRequest")
    .set({ ...patch, updatedAt: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export async function insertDocument(
  db: Executor,
  row: Pick<AccessRequestDocument, "accessRequestId" | "kind" | "title" | "link" | "addedBy">,
): Promise<number> {
  const { id } = await db
    .insertInto("accessRequestDocument")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** The requests still awaiting their answer, with what their deadline and recipients come from. */
export async function listPendingAccessRequests(db: Executor) {
  return db
    .selectFrom("accessRequest")
    .select([
      "id",
      "entityId",
      "sentOn",
      "extensionNotifiedOn",
      "extensionNewDate",
      "answeredOn",
      "createdBy",
    ])
    .where("outcome", "=", "pendiente")
    .orderBy("id")
    .execute();
}
