import type { Actor } from "../../../shared/actor.ts";
import { type AuditAction, recordAudit } from "../../audit/record-audit.ts";
import type { Executor } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { existingReferenceKeys } from "./coordination-spaces.repository.ts";

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

/**
 * The rows of a register file that are not there yet: a row with a reference key already stored
 * is skipped, so loading the same file again adds nothing. A file with no rows, or with one key
 * twice, is refused.
 */
export async function newRegisterRows<R extends { referenceKey: string | null }>(
  ex: Executor,
  table: "coordinationSpace" | "training",
  fileName: string,
  rows: readonly R[],
): Promise<R[]> {
  if (rows.length === 0) throw invalid(`${fileName} no tiene filas.`);
  const keys = rows.flatMap((r) => (r.referenceKey ? [r.referenceKey] : []));
  if (new Set(keys).size !== keys.length) {
    throw invalid(`${fileName}: hay claves de referencia repetidas.`);
  }
  const known = await existingReferenceKeys(ex, table, keys);
  return rows.filter((r) => !r.referenceKey || !known.has(r.referenceKey));
}
