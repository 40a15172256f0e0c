import type { Actor } from "../../../shared/actor.ts";
import { hasPermission } from "../../../shared/permissions.ts";
import type { ActorUser } from "../../../shared/schemas/common.schema.ts";
import type { Executor } from "../../db/connect.ts";
import { findUserNames } from "./users.repository.ts";

/**
 * How the actor ids of a response ("user:2") are shown to people: the account's display name,
 * and its e-mail for administrators only (focal points see who, not how to reach them). The
 * id stays in the data, as the audit log's provenance; this is presentation, resolved with one
 * query per response, never one per row.
 */
export type ActorNames = (actorId: string) => ActorUser | null;

const USER_ID = /^user:(\d+)$/;

const showsEmails = (viewer: Actor) =>
  viewer.user !== undefined && hasPermission(viewer.user.role, "user.manage");

/** The signed-in actor as it sees itself in its own response (no lookup needed). */
export function ownName(actor: Actor): ActorUser | null {
  return actor.user
    ? { name: actor.user.displayName, email: showsEmails(actor) ? actor.user.email : null }
    : null;
}

export async function resolveActorNames(
  db: Executor,
  viewer: Actor,
  actorIds: Iterable<string>,
): Promise<ActorNames> {
  const ids = [...actorIds].flatMap((a) => {
    const m = USER_ID.exec(a);
    return m ? [Number(m[1])] : [];
  });
  const rows = await findUserNames(db, ids);
  const withEmail = showsEmails(viewer);
  const byId = new Map(
    rows.map((r) => [
      `user:${r.id}`,
      { name: r.displayName, email: withEmail ? r.email : null } satisfies ActorUser,
    ]),
  );
  // Accounts that no longer exist, the CLI and the system have no name: the id is shown.
  return (actorId) => byId.get(actorId) ?? null;
}
