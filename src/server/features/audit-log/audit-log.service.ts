import type { Actor } from "../../../shared/actor.ts";
import type { Database } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { resolveActorNames } from "../users/actor-names.service.ts";
import { type AuditFilters, searchAuditEvents } from "./audit-log.repository.ts";

export async function listAuditEvents(db: Database, actor: Actor, input: AuditFilters) {
  for (const field of ["from", "to"] as const) {
    const value = input[field];
    if (value && Number.isNaN(new Date(value).getTime())) {
      throw invalid("Fecha inválida.", [
        { path: `query.${field}`, message: "Use el formato AAAA-MM-DD." },
      ]);
    }
  }
  const rows = await searchAuditEvents(db, input);
  const names = await resolveActorNames(
    db,
    actor,
    rows.map((r) => r.actor),
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actorUser: names(r.actor),
  }));
}
