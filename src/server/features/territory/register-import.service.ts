import type { Actor } from "../../../shared/actor.ts";
import { type AuditAction, recordAudit } from "../../audit/record-audit.ts";
import type { Executor } from "../../db/connect.ts";

export interface RegisterImportReport {
  file: string;
  rows: number;
  created: number;
  convertedFromReniec: number;
}

/**
 * What a register import (coordination spaces, trainings) reports, and its one audit event with
 * the ids it created; a file whose rows were all there already writes none.
 */
export async function reportRegisterImport(
  ex: Executor,
  actor: Actor,
  audit: { action: AuditAction; objectType: string },
  input: {
    fileName: string;
    rows: readonly { convertedFromReniec: boolean }[];
    ids: readonly number[];
  },
): Promise<RegisterImportReport> {
  const report = {
    file: input.fileName,
    rows: input.rows.length,
    created: input.ids.length,
    convertedFromReniec: input.rows.filter((r) => r.convertedFromReniec).length,
  };
  if (input.ids.length > 0) {
    await recordAudit(ex, actor, {
      action: audit.action,
      objectType: audit.objectType,
      objectId: input.fileName,
      after: { ...report, ids: input.ids },
    });
  }
  return report;
}
