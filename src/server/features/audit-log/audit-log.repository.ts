import type { Executor } from "../../db/connect.ts";

/** Read-only queries of the audit log: there is deliberately no update or delete here. */
export async function searchAuditEvents(
  db: Executor,
  filters: {
    actor?: string;
    action?: string;
    objectType?: string;
    from?: string;
    to?: string;
    limit: number;
  },
) {
  let q = db
    .selectFrom("auditEvent")
    .select(["id", "at", "actor", "action", "objectType", "objectId", "before", "after", "ip"]);
  if (filters.actor) q = q.where("actor", "=", filters.actor);
  if (filters.action)
    q = q.where("action", "like", `${filters.action.replace(/[%_\\]/g, "\\$&")}%`);
  if (filters.objectType) q = q.where("objectType", "=", filters.objectType);
  if (filters.from) q = q.where("at", ">=", new Date(filters.from));
  if (filters.to) q = q.where("at", "<=", new Date(filters.to));
  return q.orderBy("id", "desc").limit(filters.limit).execute();
}
