import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";

const escapeLike = (text: string) => text.replace(/[%_\\]/g, "\\$&");

export interface AuditFilters {
  actor?: string;
  action?: string;
  objectType?: string;
  from?: string;
  to?: string;
  limit: number;
}

/** Read-only queries of the audit log: there is deliberately no update or delete here. */
export async function searchAuditEvents(db: Executor, filters: AuditFilters) {
  let q = db
    .selectFrom("auditEvent")
    .select(["id", "at", "actor", "action", "objectType", "objectId", "before", "after", "ip"]);
  if (filters.actor) {
    // People see names, not ids: the filter takes either, and part of a name or an e-mail.
    const needle = `%${escapeLike(filters.actor)}%`;
    const actor = filters.actor;
    q = q.where((eb) =>
      eb.or([
        eb("actor", "=", actor),
        eb(
          "actor",
          "in",
          eb
            .selectFrom("appUser")
            .select(sql<string>`'user:' || id`.as("actorId"))
            .where((u) => u.or([u("displayName", "ilike", needle), u("email", "ilike", needle)])),
        ),
      ]),
    );
  }
  if (filters.action) q = q.where("action", "like", `${escapeLike(filters.action)}%`);
  if (filters.objectType) q = q.where("objectType", "=", filters.objectType);
  if (filters.from) q = q.where("at", ">=", new Date(filters.from));
  if (filters.to) q = q.where("at", "<=", new Date(filters.to));
  return q.orderBy("id", "desc").limit(filters.limit).execute();
}
