import type { Actor } from "../../../shared/actor.ts";
import { resolveLinkageRetentionDays } from "../../../shared/linkage/linkage-retention.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { deleteLinkageBefore } from "./linkage.repository.ts";

export {
  DEFAULT_LINKAGE_RETENTION_DAYS,
  resolveLinkageRetentionDays,
} from "../../../shared/linkage/linkage-retention.ts";

/**
 * Encodings and linkage results are kept only as long as the setting says, then deleted for
 * good: batches with their encodings, and every run that used them. The server's job timer
 * calls this at each tick (src/server/jobs/notification-jobs.ts); it is two DELETEs when there is
 * nothing to delete.
 */

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
  const days = options.retentionDays ?? resolveLinkageRetentionDays(process.env);
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
