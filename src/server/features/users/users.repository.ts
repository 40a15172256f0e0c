import type { Role } from "../../../shared/permissions.ts";
import type { Executor } from "../../db/connect.ts";

/** SQL of user accounts and their entity grants. */

export async function insertUser(
  db: Executor,
  row: {
    email: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    isDemo: boolean;
    mustChangePassword: boolean;
    territoryUbigeo: string | null;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("appUser")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function replaceUserEntities(
  db: Executor,
  userId: number,
  grants: readonly { entityId: number; grantKind: "propia" | "delegada" }[],
): Promise<void> {
  await db.deleteFrom("userEntity").where("userId", "=", userId).execute();
  if (grants.length) {
    await db
      .insertInto("userEntity")
      .values(grants.map((g) => ({ userId, entityId: g.entityId, grantKind: g.grantKind })))
      .execute();
  }
}

export async function isEmailTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db
    .selectFrom("appUser")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findEntityIds(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom("entity")
    .select(["id", "code"])
    .where("code", "in", codes)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export interface UserFilter {
  id?: number;
  role?: Role;
  /** Accounts with a grant, own or by proxy, for this entity code. */
  entity?: string;
  active?: boolean;
}

export async function listUsers(db: Executor, filter: UserFilter = {}) {
  let query = db
    .selectFrom("appUser")
    .select([
      "id",
      "email",
      "displayName",
      "role",
      "isActive",
      "isDemo",
      "mustChangePassword",
      "lockedUntil",
      "createdAt",
      "territoryUbigeo as territory",
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("userMfa")
            .select("userMfa.userId")
            .whereRef("userMfa.userId", "=", "appUser.id")
            .where("userMfa.confirmedAt", "is not", null),
        )
        .as("mfaEnrolled"),
    )
    .orderBy("email");
  if (filter.id !== undefined) query = query.where("id", "=", filter.id);
  if (filter.role !== undefined) query = query.where("role", "=", filter.role);
  if (filter.active !== undefined) query = query.where("isActive", "=", filter.active);
  const entity = filter.entity;
  if (entity !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("userEntity")
          .innerJoin("entity", "entity.id", "userEntity.entityId")
          .select("userEntity.userId")
          .whereRef("userEntity.userId", "=", "appUser.id")
          .where("entity.code", "=", entity),
      ),
    );
  }
  const users = await query.execute();
  if (users.length === 0) return [];
  const grants = await db
    .selectFrom("userEntity")
    .innerJoin("entity", "entity.id", "userEntity.entityId")
    .select(["userEntity.userId", "entity.code", "userEntity.grantKind"])
    .where(
      "userEntity.userId",
      "in",
      users.map((u) => u.id),
    )
    .orderBy("entity.code")
    .execute();
  return users.map((u) => ({
    ...u,
    entities: grants
      .filter((g) => g.userId === u.id)
      .map((g) => ({ code: g.code, grant: g.grantKind })),
  }));
}

export async function hasAnyUser(db: Executor): Promise<boolean> {
  const row = await db.selectFrom("appUser").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function findUser(db: Executor, id: number) {
  return db.selectFrom("appUser").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function updateUser(
  db: Executor,
  id: number,
  patch: { displayName?: string; role?: Role; isActive?: boolean; territoryUbigeo?: string | null },
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable("appUser").set(patch).where("id", "=", id).execute();
}

export async function listEntities(db: Executor) {
  const rows = await db
    .selectFrom("entity as e")
    .leftJoin("entity as p", "p.id", "e.parentId")
    .select(["e.code", "e.name", "e.kind", "p.code as parent"])
    .orderBy("e.code")
    .execute();
  return rows;
}

/** Names and e-mails of some accounts, in one query: how actor ids are shown to people. */
export async function findUserNames(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("appUser")
    .select(["id", "displayName", "email"])
    .where("id", "in", [...new Set(ids)])
    .execute();
}

/** Whether an INEI ubigeo is in the reference: a territorial scope must name a real place. */
export async function ubigeoExists(db: Executor, code: string): Promise<boolean> {
  const row = await db
    .selectFrom("ubigeo")
    .select("code")
    .where("code", "=", code)
    .executeTakeFirst();
  return row !== undefined;
}
