import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  ProposalDecisionResultSchema,
  ProposalDecisionSchema,
  RegisterProposal,
} from "../../../shared/contracts/territory.contract.ts";
import type { PeriodKind } from "../../../shared/schemas/catalogue.schema.ts";
import { periodSpan, REGISTER_RULES } from "../../../shared/territory/register-proposals.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid, notFound } from "../../errors.ts";
import { findIndicatorInForce } from "../catalogue/indicators.repository.ts";
import { requirePolicyInScope } from "../catalogue/policy.service.ts";
import {
  createMeasurement,
  listMeasurements,
  updateMeasurement,
} from "../data-entry/measurements.service.ts";
import { insertProposalDecision } from "./activities.repository.ts";
import { listAssistances, listTrainings } from "./activities.service.ts";

/**
 * Values proposed from the activity registers for the indicators that count them, with the
 * records behind each; the focal point accepts the value or corrects it with a reason, and
 * either way a measurement draft carries it into the usual workflow (submit → validate).
 */

interface ProposalInput {
  policyCode: string;
  indicatorCode: string;
  year: number;
  period: PeriodKind;
}

async function indicatorWithRule(db: Executor, actor: Actor, input: ProposalInput) {
  // Another territory's plan is refused before anything about its indicators is said.
  const policyId = await requirePolicyInScope(db, actor, input.policyCode);
  const indicator = await findIndicatorInForce(db, policyId, input.indicatorCode, input.year);
  if (!indicator) {
    throw notFound(`El indicador ${input.indicatorCode} no está vigente en ${input.year}.`);
  }
  const rule = indicator.service ? REGISTER_RULES[indicator.service] : undefined;
  if (!rule || !indicator.service) {
    throw invalid(
      `El indicador ${input.indicatorCode} no se calcula desde un registro de Vigía (solo los de los servicios ${Object.keys(REGISTER_RULES).join(" y ")}).`,
    );
  }
  return { indicator, rule, service: indicator.service };
}

export async function getRegisterProposal(
  db: Database,
  actor: Actor,
  input: ProposalInput,
): Promise<RegisterProposal> {
  const { indicator, rule, service } = await indicatorWithRule(db, actor, input);
  const span = periodSpan(input.year, input.period);
  const filter = { ...span, service };
  const records =
    rule.register === "capacitaciones"
      ? (await listTrainings(db, actor, filter))
          .filter((t) => t.audience === "personal_policial")
          .map((t) => ({
            id: t.id,
            date: t.endedOn,
            label: `${t.course} — ${t.place.name} (${t.entity})`,
            counts: t.participants,
          }))
      : (await listAssistances(db, actor, filter)).map((a) => ({
          id: a.id,
          date: a.heldOn,
          label: `${a.topic} — ${a.space?.name ?? a.government?.name ?? ""} (${a.entity})`,
          counts: 1,
        }));
  return {
    indicator: indicator.code,
    service,
    year: input.year,
    period: input.period,
    register: rule.register,
    rule: rule.rule,
    ...span,
    proposedValue: records.reduce((s, r) => s + r.counts, 0),
    field: indicator.unit === "porcentaje" ? "numerator" : "value",
    records,
  };
}

export async function decideRegisterProposal(
  db: Database,
  actor: Actor,
  input: Omit<ProposalInput, "year" | "period"> & z.output<typeof ProposalDecisionSchema>,
): Promise<z.infer<typeof ProposalDecisionResultSchema>> {
  const proposal = await getRegisterProposal(db, actor, input);
  const { rule } = await indicatorWithRule(db, actor, input);
  if (input.decision === "corregido") {
    const issues = [
      ...(input.value === undefined
        ? [{ path: "value", message: "indique el valor corregido" }]
        : []),
      ...(input.reason === undefined
        ? [
            {
              path: "reason",
              message: "explique el motivo de la corrección (mínimo 10 caracteres)",
            },
          ]
        : []),
    ];
    if (issues.length > 0)
      throw invalid("Para corregir el valor propuesto indique el valor y el motivo.", issues);
  }
  const decided = input.decision === "corregido" ? (input.value as number) : proposal.proposedValue;
  if (proposal.field === "numerator" && input.denominator === undefined) {
    throw invalid(
      "El indicador es un porcentaje: indique el denominador (asistencias programadas).",
      [{ path: "denominator", message: "requerido" }],
    );
  }
  const figures =
    proposal.field === "value"
      ? { value: decided, numerator: null, denominator: null }
      : { value: null, numerator: decided, denominator: input.denominator ?? null };
  const fields = {
    ...figures,
    disaggregations: [],
    logros: null,
    dificultades: null,
    medidas: null,
    sourceSystem: rule.sourceSystem,
    justification: null,
  };
  let decisionId = 0;
  const record = async (tx: Executor, measurementId: number) => {
    const { indicator } = await indicatorWithRule(tx, actor, input);
    decisionId = await insertProposalDecision(tx, {
      indicatorId: indicator.id,
      year: input.year,
      period: input.period,
      register: proposal.register,
      proposedValue: proposal.proposedValue,
      decidedValue: decided,
      decision: input.decision,
      reason: input.reason ?? null,
      recordIds: proposal.records.map((r) => r.id),
      measurementId,
      decidedBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "register_proposal.decide",
      objectType: "measurement",
      objectId: String(measurementId),
      after: {
        indicator: input.indicatorCode,
        year: input.year,
        period: input.period,
        proposed: proposal.proposedValue,
        decided,
        decision: input.decision,
        reason: input.reason ?? null,
        records: proposal.records.length,
      },
    });
  };
  const current = (
    await listMeasurements(db, actor, {
      policyCode: input.policyCode,
      year: input.year,
      period: input.period,
    })
  )
    .filter((m) => m.indicator.code === input.indicatorCode)
    .sort((a, b) => b.revision - a.revision)[0];
  const measurement =
    current && (current.status === "borrador" || current.status === "observado")
      ? await updateMeasurement(
          db,
          actor,
          { id: current.id, lockVersion: current.lockVersion, ...fields },
          record,
        )
      : await createMeasurement(
          db,
          actor,
          {
            policyCode: input.policyCode,
            indicatorCode: input.indicatorCode,
            year: input.year,
            period: input.period,
            ...fields,
            ...(current
              ? {
                  correctionReason:
                    input.reason ??
                    `Valor del ${rule.sourceSystem}: ${proposal.records.length} registro(s) del periodo.`,
                }
              : {}),
          },
          record,
        );
  return {
    decisionId,
    measurementId: measurement.id,
    proposedValue: proposal.proposedValue,
    decidedValue: decided,
    decision: input.decision,
  };
}
