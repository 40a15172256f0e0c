import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import {
  UserCreateSchema,
  type UserUpdateSchema,
} from "../../../shared/contracts/users.contract.ts";
import type { Role } from "../../../shared/permissions.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { conflict, DomainError, invalid, notFound } from "../../errors.ts";
import { deleteUserSessions, setPasswordHash } from "../auth/auth.repository.ts";
import { deleteUserMfa } from "../auth/mfa.repository.ts";
import { generateTemporaryPassword, hashPassword } from "../auth/password.service.ts";
import { commonPasswordProblem } from "../auth/password-policy.ts";
import {
  findEntityIds,
  findUser,
  hasAnyUser as hasAnyUserRow,
  insertUser,
  isEmailTaken,
  listEntities as listEntityRows,
  listUsers as listUserRows,
  replaceUserEntities,
  type UserFilter,
  ubigeoExists,
  updateUser as updateUserRow,
} from "./users.repository.ts";

type UserCreate = z.input<typeof UserCreateSchema>;
type UserUpdate = z.output<typeof UserUpdateSchema>;

/**
 * The territorial scope a role takes (ADR 0030): a regional conductor has one, a focal point
 * may have one (a regional or municipal focal point), the national roles none.
 */
async function checkTerritory(db: Executor, role: Role, territory: string | null) {
  if (role === "conductor_regional" && territory === null)
    throw invalid("Un conductor regional necesita un ámbito territorial.", [
      { path: "territory", message: "Indique el ubigeo de su región, provincia o distrito." },
    ]);
  if (territory !== null && role !== "conductor_regional" && role !== "punto_focal")
    throw invalid(
      "Solo los puntos focales y los conductores regionales tienen ámbito territorial.",
      [{ path: "territory", message: "Quite el ámbito territorial o cambie el rol." }],
    );
  if (territory !== null && !(await ubigeoExists(db, territory)))
    throw invalid("Ámbito territorial desconocido.", [
      { path: "territory", message: `No existe el ubigeo "${territory}" en la referencia INEI.` },
    ]);
}

async function resolveGrants(
  db: Executor,
  role: Role,
  own: readonly string[],
  proxy: readonly string[],
) {
  if (role === "punto_focal" && own.length === 0) {
    throw invalid("Un punto focal debe pertenecer al menos a una entidad.", [
      { path: "entities", message: "Indique la entidad del punto focal." },
    ]);
  }
  if (role !== "punto_focal" && (own.length || proxy.length)) {
    throw invalid("Solo los puntos focales se asignan a entidades.", [
      { path: "entities", message: "Quite las entidades o cambie el rol a punto focal." },
    ]);
  }
  const ids = await findEntityIds(db, [...own, ...proxy]);
  const unknown = [...own, ...proxy].filter((c) => !ids.has(c));
  if (unknown.length) {
    throw invalid(
      "Entidades desconocidas.",
      unknown.map((c) => ({ path: "entities", message: `No existe la entidad "${c}".` })),
    );
  }
  return [
    ...own.map((c) => ({ entityId: ids.get(c) ?? 0, grantKind: "propia" as const })),
    ...proxy
      .filter((c) => !own.includes(c))
      .map((c) => ({ entityId: ids.get(c) ?? 0, grantKind: "delegada" as const })),
  ];
}

/**
 * Creates an account. The password must meet the policy; it is stored as an argon2id hash and
 * never logged. Used by the admin page, `vigia user create` and the demo seeding;
 * `mustChangePassword` marks a password someone else will read (the demo's printed ones).
 */
export async function createUser(
  db: Database,
  actor: Actor,
  input: UserCreate & { isDemo?: boolean; mustChangePassword?: boolean },
): Promise<{ id: number; email: string }> {
  const parsed = UserCreateSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      "Datos de usuario inválidos.",
      parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(raíz)", message: i.message })),
    );
  }
  const u = parsed.data;
  const common = commonPasswordProblem(u.password);
  if (common) throw invalid("Datos de usuario inválidos.", [{ path: "password", message: common }]);
  const passwordHash = await hashPassword(u.password);
  return db.transaction().execute(async (tx) => {
    if (await isEmailTaken(tx, u.email))
      throw conflict(`Ya existe un usuario con el correo ${u.email}.`);
    const grants = await resolveGrants(tx, u.role, u.entities, u.proxyEntities);
    await checkTerritory(tx, u.role, u.territory);
    const id = await insertUser(tx, {
      territoryUbigeo: u.territory,
      email: u.email,
      displayName: u.displayName,
      passwordHash,
      role: u.role,
      isDemo: input.isDemo ?? false,
      mustChangePassword: input.mustChangePassword ?? false,
    });
    await replaceUserEntities(tx, id, grants);
    await recordAudit(tx, actor, {
      action: "user.create",
      objectType: "user",
      objectId: String(id),
      after: {
        email: u.email,
        role: u.role,
        entities: u.entities,
        proxyEntities: u.proxyEntities,
        territory: u.territory,
        isDemo: input.isDemo ?? false,
        mustChangePassword: input.mustChangePassword ?? false,
      },
    });
    return { id, email: u.email };
  });
}

const grantsOf = (entities: readonly { code: string; grant: "propia" | "delegada" }[]) => ({
  entities: entities.filter((e) => e.grant === "propia").map((e) => e.code),
  proxyEntities: entities.filter((e) => e.grant === "delegada").map((e) => e.code),
});

async function findUserView(db: Executor, id: number) {
  const [user] = await listUserRows(db, { id });
  if (!user) throw notFound("No existe el usuario.");
  return user;
}

/**
 * Edits an account: name, role, own entities, proxy grants, active. The audit event keeps the
 * account as it was and as it is (role, entities, grants), so who changed whose scope can be
 * read back. A deactivated account or a changed role ends the account's sessions; a change of
 * entities takes effect on the next request (sessions re-read their grants).
 */
export async function updateUser(
  db: Database,
  actor: Actor,
  input: { id: number; patch: UserUpdate },
) {
  return db.transaction().execute(async (tx) => {
    const before = await findUser(tx, input.id);
    if (!before) throw notFound("No existe el usuario.");
    if (
      actor.user?.id === input.id &&
      (input.patch.isActive === false || (input.patch.role && input.patch.role !== before.role))
    ) {
      throw new DomainError("forbidden", "No puede desactivarse ni cambiarse el rol a sí mismo.");
    }
    const beforeView = await findUserView(tx, input.id);
    const { entities, proxyEntities, territory, ...fields } = input.patch;
    const role = input.patch.role ?? before.role;
    // A role without a territorial scope drops it, as it drops entities.
    const scope =
      territory !== undefined
        ? territory
        : role === "punto_focal" || role === "conductor_regional"
          ? before.territoryUbigeo
          : null;
    await checkTerritory(tx, role, scope);
    await updateUserRow(tx, input.id, { ...fields, territoryUbigeo: scope });
    if (entities !== undefined || proxyEntities !== undefined || input.patch.role) {
      const current = grantsOf(beforeView.entities);
      // A role without entities drops them when nothing else is said: changing a focal point
      // to revisor must not need the form to untick every entity first.
      const keep = role === "punto_focal";
      const own = entities ?? (keep ? current.entities : []);
      const proxy = proxyEntities ?? (keep ? current.proxyEntities : []);
      await replaceUserEntities(tx, input.id, await resolveGrants(tx, role, own, proxy));
    }
    let sessionsEnded = 0;
    // A deactivated account or a changed role must not keep its open sessions.
    if (input.patch.isActive === false || (input.patch.role && input.patch.role !== before.role)) {
      sessionsEnded = await deleteUserSessions(tx, input.id);
    }
    const after = await findUserView(tx, input.id);
    const state = (u: typeof after) => ({
      displayName: u.displayName,
      role: u.role,
      isActive: u.isActive,
      territory: u.territory,
      ...grantsOf(u.entities),
    });
    await recordAudit(tx, actor, {
      action: "user.update",
      objectType: "user",
      objectId: String(input.id),
      before: state(beforeView),
      after: { ...state(after), sessionsEnded },
    });
    return after;
  });
}

/**
 * An administrator's reset: a random temporary password, returned once (never stored in
 * clear nor audited), that the owner must change at the next sign-in. Ends the account's
 * sessions (whoever held one with the old password is out) and lifts a lockout. An
 * administrator changes its own password with the current one instead.
 */
export async function resetPassword(db: Database, actor: Actor, input: { id: number }) {
  if (actor.user?.id === input.id) {
    throw new DomainError(
      "forbidden",
      "No puede restablecer su propia contraseña: use «Cambiar contraseña».",
    );
  }
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return db.transaction().execute(async (tx) => {
    const before = await findUser(tx, input.id);
    if (!before) throw notFound("No existe el usuario.");
    await setPasswordHash(tx, input.id, passwordHash, true);
    const sessionsEnded = await deleteUserSessions(tx, input.id);
    await recordAudit(tx, actor, {
      action: "user.password_reset",
      objectType: "user",
      objectId: String(input.id),
      before: { mustChangePassword: before.mustChangePassword, lockedUntil: before.lockedUntil },
      after: { mustChangePassword: true, sessionsEnded },
    });
    return { user: await findUserView(tx, input.id), temporaryPassword, sessionsEnded };
  });
}

/**
 * An administrator's reset of someone's second factor (a lost phone, no recovery codes left):
 * the authenticator and its recovery codes are removed and the sessions ended, so the next
 * sign-in enrols a new one. Not for one's own account: another administrator, or `vigia user
 * mfa-reset` on the server, must do it, so that a stolen session cannot strip its own factor.
 */
export async function resetMfa(db: Database, actor: Actor, input: { id: number }) {
  if (actor.user?.id === input.id) {
    throw new DomainError(
      "forbidden",
      "No puede restablecer su propio segundo factor: pídalo a otro administrador.",
    );
  }
  return db.transaction().execute(async (tx) => {
    const before = await findUserView(tx, input.id);
    if (!before) throw notFound("No existe el usuario.");
    const removed = await deleteUserMfa(tx, input.id);
    const sessionsEnded = await deleteUserSessions(tx, input.id);
    await recordAudit(tx, actor, {
      action: "user.mfa_reset",
      objectType: "user",
      objectId: String(input.id),
      before: { mfaEnrolled: before.mfaEnrolled },
      after: { mfaEnrolled: false, authenticatorRemoved: removed, sessionsEnded },
    });
    return { user: await findUserView(tx, input.id), sessionsEnded };
  });
}

export async function listUsers(db: Database, _actor: Actor, filter: Omit<UserFilter, "id"> = {}) {
  return listUserRows(db, filter);
}

export async function findUserById(db: Database, _actor: Actor, input: { id: number }) {
  return findUserView(db, input.id);
}

/** Whether anyone can sign in at all: start and the CLI say how to create the first account. */
export async function hasAnyUser(db: Database, _actor: Actor): Promise<boolean> {
  return hasAnyUserRow(db);
}

export async function listEntities(db: Database, _actor: Actor) {
  return listEntityRows(db);
}
