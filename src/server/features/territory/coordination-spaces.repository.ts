import type { Insertable } from "kysely";
import type { Executor } from "../../db/connect.ts";
import type { CoordinationSpace, CoordinationSpaceMember } from "../../db/schema.generated.ts";

export type SpaceInsert = Insertable<CoordinationSpace>;

function spaceQuery(db: Executor) {
  return db
    .selectFrom("coordinationSpace as s")
    .leftJoin("ubigeo as u", "u.code", "s.ubigeoCode")
    .leftJoin("ubigeo as d", "d.code", "s.departmentCode")
    .select((eb) => [
      "s.id",
      "s.level",
      "s.kind",
      "s.name",
      "s.ubigeoCode",
      "u.name as ubigeoName",
      "s.departmentCode",
      "d.name as departmentName",
      "s.centroPoblado",
      "s.ordinanceNumber",
      "s.ordinanceDate",
      "s.status",
      "s.plan",
      "s.source",
      "s.note",
      eb
        .selectFrom("coordinationSpaceMember as m")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("m.spaceId", "=", "s.id")
        .as("members"),
      eb
        .selectFrom("coordinationSpaceSession as x")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("x.spaceId", "=", "s.id")
        .as("sessions"),
    ]);
}
export type SpaceRow = Awaited<ReturnType<typeof findSpaceRow>> & {};

export async function listSpaceRows(
  db: Executor,
  filter: { level?: string | undefined; department?: string | undefined },
) {
  let q = spaceQuery(db);
  if (filter.level) q = q.where("s.level", "=", filter.level as SpaceInsert["level"]);
  if (filter.department) q = q.where("s.departmentCode", "=", filter.department);
  // Placed spaces by department and level; those a source did not place come last.
  return q
    .orderBy((eb) => eb.fn.coalesce("s.departmentCode", eb.val("99")))
    .orderBy("s.level")
    .orderBy("s.id")
    .execute();
}

export async function findSpaceRow(db: Executor, id: number) {
  return spaceQuery(db).where("s.id", "=", id).executeTakeFirst();
}

export async function insertSpaces(tx: Executor, rows: SpaceInsert[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const out = await tx.insertInto("coordinationSpace").values(rows).returning("id").execute();
  return out.map((r) => r.id);
}

/** Reference rows already loaded, by key, so a reload inserts only what is new. */
export async function existingReferenceKeys(
  db: Executor,
  table: "coordinationSpace" | "training",
  keys: string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select("referenceKey")
    .where("referenceKey", "in", keys)
    .execute();
  return new Set(rows.map((r) => r.referenceKey as string));
}

export async function countSpacesByDepartmentAndLevel(db: Executor) {
  return db
    .selectFrom("coordinationSpace as s")
    .leftJoin("ubigeo as d", "d.code", "s.departmentCode")
    .select((eb) => ["s.departmentCode", "d.name", "s.level", eb.fn.countAll<number>().as("n")])
    .groupBy(["s.departmentCode", "d.name", "s.level"])
    .orderBy("s.departmentCode")
    .execute();
}

export async function listMembers(db: Executor, spaceId: number) {
  return db
    .selectFrom("coordinationSpaceMember as m")
    .leftJoin("entity as e", "e.id", "m.entityId")
    .select(["m.id", "m.institution", "m.institutionKind", "e.code as entity", "m.joinedOn"])
    .where("m.spaceId", "=", spaceId)
    .orderBy("m.id")
    .execute();
}

export async function insertMember(
  tx: Executor,
  row: {
    spaceId: number;
    institution: string;
    institutionKind: Insertable<CoordinationSpaceMember>["institutionKind"];
    entityId: number | null;
    joinedOn: string | null;
    createdBy: string;
  },
) {
  return tx
    .insertInto("coordinationSpaceMember")
    .values(row)
    .onConflict((oc) => oc.columns(["spaceId", "institution"]).doNothing())
    .returning("id")
    .executeTakeFirst();
}

export async function listSessions(db: Executor, spaceId: number) {
  return db
    .selectFrom("coordinationSpaceSession")
    .select(["id", "heldOn", "attendance", "agreements", "minutesReference"])
    .where("spaceId", "=", spaceId)
    .orderBy("heldOn")
    .orderBy("id")
    .execute();
}

export async function insertSession(
  tx: Executor,
  row: {
    spaceId: number;
    heldOn: string;
    attendance: number | null;
    agreements: string | null;
    minutesReference: string | null;
    createdBy: string;
  },
) {
  return tx
    .insertInto("coordinationSpaceSession")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function findEntityIdByCode(db: Executor, code: string) {
  const row = await db
    .selectFrom("entity")
    .select("id")
    .where("code", "=", code)
    .executeTakeFirst();
  return row?.id ?? null;
}
