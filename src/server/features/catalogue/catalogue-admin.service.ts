import type { Actor } from "../../../shared/actor.ts";
import { validateMeta } from "../../../shared/validation/measurement-rules.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { invalid, notFound } from "../../errors.ts";
import {
  findCurrentMeta,
  findIndicatorByCode,
  insertMetaRevision,
  listMetas,
} from "./catalogue-admin.repository.ts";
import { listIndicatorsLatestVersion } from "./indicators.repository.ts";
import { requirePolicyId, requirePolicyInScope } from "./policy.service.ts";

/** Catalogue maintenance by the conductor: every change is a new revision with its reason. */

export async function listIndicators(db: Database, actor: Actor, input: { policyCode: string }) {
  const policyId = await requirePolicyInScope(db, actor, input.policyCode);
  const [indicators, metas] = await Promise.all([
    listIndicatorsLatestVersion(db, policyId),
    listMetas(db, policyId),
  ]);
  return indicators.map(({ id, ...ind }) => ({
    ...ind,
    metas: metas.filter((m) => m.indicatorId === id).map(({ indicatorId: _, ...m }) => m),
  }));
}

/**
 * Changes a meta by adding a revision (source "ajuste"): the previous value stays in the
 * history, the new one is in force from now on, and the reason and author are recorded.
 */
export async function reviseMeta(
  db: Database,
  actor: Actor,
  input: { policyCode: string; indicatorCode: string; year: number; value: number; reason: string },
) {
  const policyId = await requirePolicyId(db, input.policyCode);
  return db.transaction().execute(async (tx) => {
    const indicator = await findIndicatorByCode(tx, policyId, input.indicatorCode);
    if (!indicator) throw notFound(`No existe el indicador ${input.indicatorCode}.`);
    const errors = validateMeta(input.value, indicator.unit).filter((f) => f.severity === "error");
    if (errors.length)
      throw invalid(
        "Meta inválida.",
        errors.map((f) => ({ path: f.path, message: f.message })),
      );
    const current = await findCurrentMeta(tx, indicator.id, input.year);
    const revision = (current?.revision ?? 0) + 1;
    const id = await insertMetaRevision(tx, {
      indicatorId: indicator.id,
      year: input.year,
      value: input.value,
      revision,
      note: input.reason,
      createdBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "meta.revise",
      objectType: "meta",
      objectId: String(id),
      before: current ? { value: current.value, revision: current.revision } : null,
      after: {
        indicator: input.indicatorCode,
        year: input.year,
        value: input.value,
        revision,
        reason: input.reason,
      },
    });
    return {
      indicator: input.indicatorCode,
      year: input.year,
      value: input.value,
      revision,
      source: "ajuste",
    };
  });
}
