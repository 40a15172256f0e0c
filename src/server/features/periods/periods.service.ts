import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  PeriodCreateSchema,
  PeriodUpdateSchema,
} from "../../../shared/contracts/periods.contract.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { findPolicyCode } from "../catalogue/policy.repository.ts";
import { requirePolicyId, requirePolicyInScope } from "../catalogue/policy.service.ts";
import { notifyPeriodOpened } from "../notifications/notifications.service.ts";
import {
  findPeriod,
  findPeriodFor,
  insertPeriod,
  listPeriods as listPeriodRows,
  updatePeriod as updatePeriodRow,
} from "./periods.repository.ts";

export async function listPeriods(db: Database, actor: Actor, input: { policyCode: string }) {
  const policyId = await requirePolicyInScope(db, actor, input.policyCode);
  return (await listPeriodRows(db, policyId)).map((p) => ({ ...p, policy: input.policyCode }));
}

/** Opens a reporting period (S1, S2 or annual) with its deadline. */
export async function openPeriod(
  db: Database,
  actor: Actor,
  input: { policyCode: string } & z.output<typeof PeriodCreateSchema>,
) {
  if (input.deadline < input.opensOn) {
    throw invalid("El plazo no puede ser anterior a la apertura.", [
      { path: "deadline", message: "Fecha anterior a la apertura." },
    ]);
  }
  const policyId = await requirePolicyId(db, input.policyCode);
  return db.transaction().execute(async (tx) => {
    if (await findPeriodFor(tx, policyId, input.year, input.period)) {
      throw conflict(`El periodo ${input.period} ${input.year} ya existe.`);
    }
    const id = await insertPeriod(tx, {
      policyId,
      year: input.year,
      period: input.period,
      opensOn: input.opensOn,
      deadline: input.deadline,
      createdBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "period.create",
      objectType: "reporting_period",
      objectId: String(id),
      after: {
        policy: input.policyCode,
        year: input.year,
        period: input.period,
        opensOn: input.opensOn,
        deadline: input.deadline,
      },
    });
    await notifyPeriodOpened(tx, { periodId: id, policyId, year: input.year });
    return {
      id,
      policy: input.policyCode,
      year: input.year,
      period: input.period,
      opensOn: input.opensOn,
      deadline: input.deadline,
      status: "abierto" as const,
    };
  });
}

export async function updatePeriod(
  db: Database,
  actor: Actor,
  input: { id: number; patch: z.output<typeof PeriodUpdateSchema> },
) {
  return db.transaction().execute(async (tx) => {
    const before = await findPeriod(tx, input.id);
    if (!before) throw notFound("No existe el periodo.");
    if (input.patch.deadline && input.patch.deadline < before.opensOn) {
      throw invalid("El plazo no puede ser anterior a la apertura.", [
        { path: "deadline", message: "Fecha anterior a la apertura." },
      ]);
    }
    await updatePeriodRow(tx, input.id, input.patch);
    await recordAudit(tx, actor, {
      action: "period.update",
      objectType: "reporting_period",
      objectId: String(input.id),
      before: { status: before.status, deadline: before.deadline },
      after: input.patch,
    });
    const after = await findPeriod(tx, input.id);
    const policy = await findPolicyCode(tx, before.policyId);
    if (!after || policy === null) throw notFound("No existe el periodo.");
    return {
      id: after.id,
      policy,
      year: after.year,
      period: after.period,
      opensOn: after.opensOn,
      deadline: after.deadline,
      status: after.status,
    };
  });
}
