import type { Executor } from "../../db/connect.ts";

/**
 * Reads behind incremental linkage and the counts by attribute (ADR 0038). Record-level: the
 * callers hold linkage.manage and audit the read in the same transaction.
 */

/** A run's memberships as they are now (after clerical decisions). */
export async function selectRunMembers(
  db: Executor,
  runId: number,
): Promise<{ encodingId: number; clusterNo: number }[]> {
  const rows = await db
    .selectFrom("linkageClusterMember")
    .select(["encodingId", "clusterNo"])
    .where("runId", "=", runId)
    .execute();
  return rows.map((r) => ({ encodingId: Number(r.encodingId), clusterNo: r.clusterNo }));
}

/**
 * Carries a base run's borderline pairs, with their decisions, into the increment built on it:
 * the decisions are already in the memberships the increment starts from, and the list keeps
 * saying who decided what.
 */
export async function copyPairs(tx: Executor, fromRunId: number, toRunId: number): Promise<number> {
  const result = await tx
    .insertInto("linkagePair")
    .columns([
      "runId",
      "leftEncodingId",
      "rightEncodingId",
      "score",
      "linked",
      "decision",
      "reason",
      "decidedBy",
      "decidedAt",
    ])
    .expression((eb) =>
      eb
        .selectFrom("linkagePair")
        .select((s) => [
          s.val(toRunId).as("runId"),
          "leftEncodingId",
          "rightEncodingId",
          "score",
          "linked",
          "decision",
          "reason",
          "decidedBy",
          "decidedAt",
        ])
        .where("runId", "=", fromRunId),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Every record of a run with its cluster and the attributes of the victim record its source
 * holds under the same record id (none when the source has not loaded its records).
 */
export async function selectClusterAttributes(
  db: Executor,
  runId: number,
): Promise<
  {
    clusterNo: number;
    sourceCode: string;
    victimId: number | null;
    departmentCode: string | null;
    sex: string | null;
    ageBand: string | null;
    exploitationForm: string | null;
  }[]
> {
  const rows = await db
    .selectFrom("linkageClusterMember as m")
    .innerJoin("linkageEncoding as e", "e.id", "m.encodingId")
    .innerJoin("linkageBatch as b", "b.id", "e.batchId")
    .leftJoin("statVictimRecord as v", (join) =>
      join.onRef("v.sourceCode", "=", "b.sourceCode").onRef("v.sourceRecordId", "=", "e.recordId"),
    )
    .leftJoin("ubigeo as u", "u.code", "v.ubigeo")
    .select([
      "m.clusterNo",
      "b.sourceCode",
      "v.id as victimId",
      "u.departmentCode",
      "v.sex",
      "v.ageBand",
      "v.exploitationForm",
    ])
    .where("m.runId", "=", runId)
    .execute();
  return rows.map((r) => ({ ...r, victimId: r.victimId === null ? null : Number(r.victimId) }));
}
