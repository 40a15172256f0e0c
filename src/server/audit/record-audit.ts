import type { Actor } from "../../shared/actor.ts";
import type { Executor } from "../db/connect.ts";

export type AuditAction =
  | "catalogue.import"
  | "catalogue.replace"
  | "session.login"
  | "session.login_failed"
  | "session.logout"
  | "session.logout_all"
  | "user.create"
  | "user.update"
  | "user.password_change"
  | "user.password_change_failed"
  | "user.password_reset"
  | "session.mfa_verified"
  | "session.mfa_failed"
  | "user.mfa_enrolment_started"
  | "user.mfa_enrolled"
  | "user.mfa_reset"
  | "user.mfa_recovery_codes_regenerated"
  | "user.mfa_recovery_codes_failed"
  | "period.create"
  | "period.update"
  | "measurement.create"
  | "measurement.update"
  | "measurement.submit"
  | "measurement.observe"
  | "measurement.validate"
  | "measurement.comment"
  | "evidence.upload"
  | "meta.revise"
  | "ficha.version.create"
  | "valoracion.declare"
  | "commitment.update"
  | "commitment.create"
  | "commitment.close"
  | "commitment.evidence_upload"
  | "rule_settings.set"
  | "evaluation.publish"
  | "evaluation.withdraw"
  | "ubigeo.load"
  | "budget.import"
  | "budget.rules"
  | "budget.retag"
  | "budget.reference"
  | "report_text.set"
  | "disclosure.record"
  | "statistics.code_list"
  | "statistics.import"
  | "statistics.reference"
  | "statistics.records_import"
  | "statistics.case_records.read"
  | "statistics.victim_records.read"
  | "statistics.suspect_records.read"
  | "tip_entry.create"
  | "tip_entry.correct"
  | "tip_entry.review"
  | "access_request.create"
  | "access_request.extend"
  | "access_request.answer"
  | "access_request.document"
  | "notification.read"
  | "notification.read_all"
  | "ubigeo.validity"
  | "territory.reference"
  | "coordination_space.create"
  | "plan_milestone.create"
  | "plan_milestone.update"
  | "coordination_space.member"
  | "coordination_space.session"
  | "coordination_space.import"
  | "training.create"
  | "training.import"
  | "technical_assistance.create"
  | "register_proposal.decide"
  | "linkage.upload"
  | "linkage.run"
  | "linkage.results.read"
  | "linkage.pairs.read"
  | "linkage.pair_decision"
  | "linkage.publish"
  | "linkage.purge"
  | "civil_organization.accredit"
  | "civil_organization.member"
  | "civil_contribution.publish"
  | "civil_contribution.evidence"
  | "civil_contribution.respond"
  | "civil_contribution.remove"
  | "veeduria.create"
  | "veeduria.assess"
  | "veeduria.import_reference"
  | "backup.restore";

export interface AuditRecord {
  action: AuditAction;
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit event. Call it with the transaction of the change it records, so the
 * change and its audit row commit or roll back together.
 */
export async function recordAudit(tx: Executor, actor: Actor, record: AuditRecord): Promise<void> {
  await tx
    .insertInto("auditEvent")
    .values({
      actor: actor.id,
      action: record.action,
      objectType: record.objectType,
      objectId: record.objectId,
      before: record.before === undefined ? null : JSON.stringify(record.before),
      after: record.after === undefined ? null : JSON.stringify(record.after),
      ip: actor.ip,
    })
    .execute();
}
