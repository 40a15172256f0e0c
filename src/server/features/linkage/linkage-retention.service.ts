import type { Actor } from "../../../shared/actor.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { deleteLinkageBefore } from "./linkage.repository.ts";

/**
 * Encodings and linkage results are kept only as long as the setting says
 * (VIGIA_LINKAGE_RETENTION_DAYS, default two years: one TIP reporting cycle and its review),
 * then deleted for good: batches with their encodings, and every run that used them.
 */

export const DEFAULT_LINKAGE_RETENTION_DAYS = 730;

export function resolveLinkageRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.VIGIA_LINKAGE_RETENTION_DAYS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_LINKAGE_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 36500)
    throw new Error(
      `VIGIA_LINKAGE_RETENTION_DAYS debe ser un número entero de días entre 1 y 36500 (es «${raw}»).`,
    );
  return days;
}

export interface LinkagePurgeReport {
  cutoff: string;
  runs: number;
  batches: number;
  encodings: number;
}

/** Deletes what is older than the retention period, in one transaction, and audits the counts. */
export async function purgeExpiredLinkageData(
  db: Database,
  actor: Actor,
  options: { now?: Date; retentionDays?: number } = {},
): Promise<LinkagePurgeReport> {
  const days = options.retentionDays ?? resolveLinkageRetentionDays();
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  return db.transaction().execute(async (tx) => {
    const deleted = await deleteLinkageBefore(tx, cutoff);
    const report = { cutoff: cutoff.toISOString(), ...deleted };
    if (deleted.batches + deleted.runs > 0)
      await recordAudit(tx, actor, {
        action: "linkage.purge",
        objectType: "linkage",
        objectId: report.cutoff.slice(0, 10),
        after: { ...report, retentionDays: days },
      });
    return report;
  });
}
