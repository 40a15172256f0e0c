import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import {
  complianceByEntity,
  isClosed,
  isOverdue,
} from "../../../shared/commitments/commitment-compliance.ts";
import type {
  CommitmentCloseSchema,
  CommitmentCreateSchema,
  CommitmentDetail,
  CommitmentUpdateSchema,
  CommitmentView,
  Compliance,
} from "../../../shared/contracts/commitments.contract.ts";
import { dayInLima, todayInLima } from "../../../shared/dates.ts";
import { validateMeta } from "../../../shared/validation/measurement-rules.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid, localizedError, notFound } from "../../errors.ts";
import {
  checkUpload,
  type EvidenceUpload,
  sanitizeFileName,
  storeThen,
} from "../../files/evidence-upload.ts";
import type { FileStore } from "../../files/file-store.ts";
import { findIndicatorInForce } from "../catalogue/indicators.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { resolveActorNames } from "../users/actor-names.service.ts";
import {
  type CommitmentRow,
  findCommitmentEvidence,
  findCommitmentEvidenceBySha,
  findCommitmentRow,
  findEntityId,
  findLatestMetaRevision,
  insertCommitment,
  insertCommitmentEvidence,
  insertCommitmentMeta,
  insertStatusChange,
  listCommitmentEvidence,
  listCommitmentMetas,
  listCommitmentRows,
  listStatusChanges,
  lockCommitment,
  nextCommitmentNumber,
  updateCommitmentRow,
} from "./commitments.repository.ts";

/**
 * The Matriz de compromisos followed to compliance (ADR 0035). Every change is audited in its
 * transaction; a status change also adds a line to the commitment's history. Overdue is judged
 * on today's Lima day by the shared rule, so the Tablero, the Informe and the page agree.
 */

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function viewOf(row: CommitmentRow, today: string): CommitmentView {
  return {
    id: row.id,
    number: row.number,
    periodYear: row.periodYear,
    aspect: row.aspect,
    indicator: row.indicator,
    service: row.service,
    entity: row.entity,
    recommendation: row.recommendation,
    keyAction: row.keyAction,
    verificationMeans: row.verificationMeans,
    responsibleUnit: row.responsibleUnit,
    dueOn: row.dueOn,
    deadlineNote: row.deadlineNote,
    status: row.status,
    comment: row.comment,
    overdue: isOverdue(row, today),
    closedAt: iso(row.closedAt),
    newMetas: row.newMetas,
    evidenceCount: Number(row.evidenceCount ?? 0),
  };
}

export async function listCommitments(
  db: Database,
  _actor: Actor,
  input: { policyCode: string; today?: string },
): Promise<CommitmentView[]> {
  const policyId = await requirePolicyId(db, input.policyCode);
  const today = input.today ?? todayInLima();
  return (await listCommitmentRows(db, policyId)).map((r) => viewOf(r, today));
}

export async function getCommitment(
  db: Executor,
  actor: Actor,
  input: { id: number; today?: string },
): Promise<CommitmentDetail> {
  const row = await findCommitmentRow(db, input.id);
  if (!row) throw notFound("No existe el compromiso.");
  const [history, evidence, metas] = await Promise.all([
    listStatusChanges(db, row.id),
    listCommitmentEvidence(db, row.id),
    listCommitmentMetas(db, row.id),
  ]);
  const names = await resolveActorNames(
    db,
    actor,
    history.map((h) => h.changedBy),
  );
  return {
    ...viewOf(row, input.today ?? todayInLima()),
    history: history.map((h) => ({
      fromStatus: h.fromStatus as CommitmentView["status"] | null,
      toStatus: h.toStatus as CommitmentView["status"],
      comment: h.comment,
      changedBy: h.changedBy,
      changedByUser: names(h.changedBy),
      changedAt: new Date(h.changedAt).toISOString(),
    })),
    evidence: evidence.map((e) => ({ ...e, uploadedAt: new Date(e.uploadedAt).toISOString() })),
    metaRevisions: metas.map((m) => ({ ...m, inForce: Boolean(m.inForce) })),
  };
}

/** Counts by status and overdue per responsible entity, all periods or one. */
export async function getCompliance(
  db: Database,
  _actor: Actor,
  input: { policyCode: string; periodYear?: number; today?: string },
): Promise<Compliance> {
  const today = input.today ?? todayInLima();
  const policyId = await requirePolicyId(db, input.policyCode);
  const rows = (await listCommitmentRows(db, policyId)).filter(
    (r) => input.periodYear === undefined || r.periodYear === input.periodYear,
  );
  const names = new Map(rows.map((r) => [r.entity ?? "—", r.entityName ?? r.entity ?? "—"]));
  const { entities, total } = complianceByEntity(rows, today);
  return {
    today,
    periodYear: input.periodYear ?? null,
    entities: entities.map((e) => ({ ...e, entityName: names.get(e.entity) ?? e.entity })),
    total: { ...total, entityName: "Total" },
  };
}

/**
 * The follow-up a document prints for a day: the compliance table and the commitments still
 * open past their deadline, judged on that Lima day (a fixed `now` reproduces the document).
 */
export async function loadCommitmentFollowUp(
  db: Database,
  actor: Actor,
  input: { policyCode: string; now: Date },
) {
  const today = dayInLima(input.now);
  const [compliance, commitments] = await Promise.all([
    getCompliance(db, actor, { policyCode: input.policyCode, today }),
    listCommitments(db, actor, { policyCode: input.policyCode, today }),
  ]);
  return { compliance, overdue: commitments.filter((c) => c.overdue), all: commitments };
}
export type CommitmentFollowUp = Awaited<ReturnType<typeof loadCommitmentFollowUp>>;

/**
 * A new commitment: numbered after the period's last one, its deadline a date. Each meta it
 * sets becomes a revision of that indicator's meta (source matriz_compromisos, linked to the
 * commitment), in force from now on; the previous revision stays in the history.
 */
export async function createCommitment(
  db: Database,
  actor: Actor,
  input: { policyCode: string } & z.output<typeof CommitmentCreateSchema>,
): Promise<CommitmentDetail> {
  const policyId = await requirePolicyId(db, input.policyCode);
  const id = await db.transaction().execute(async (tx) => {
    const indicator = input.indicator
      ? await findIndicatorInForce(tx, policyId, input.indicator, input.periodYear)
      : null;
    if (input.indicator && !indicator) {
      throw invalid(`No existe el indicador ${input.indicator} en ${input.periodYear}.`, [
        { path: "indicator", message: `No existe el indicador ${input.indicator}.` },
      ]);
    }
    const entityId = input.entity ? await findEntityId(tx, input.entity) : null;
    if (input.entity && entityId === null) {
      throw invalid(`No existe la entidad ${input.entity}.`, [
        { path: "entity", message: `No existe la entidad ${input.entity}.` },
      ]);
    }
    if (indicator) {
      const issues = input.newMetas.flatMap((m, i) =>
        validateMeta(m.value, indicator.unit as Parameters<typeof validateMeta>[1])
          .filter((f) => f.severity === "error")
          .map((f) => ({ path: `newMetas.${i}.value`, message: f.message })),
      );
      if (issues.length) throw invalid("Meta inválida.", issues);
    }
    const number = await nextCommitmentNumber(tx, policyId, input.periodYear);
    const id = await insertCommitment(tx, {
      policyId,
      number,
      periodYear: input.periodYear,
      aspect: input.aspect,
      indicatorId: indicator?.id ?? null,
      serviceId: null,
      entityId,
      recommendation: input.recommendation,
      keyAction: input.keyAction,
      verificationMeans: input.verificationMeans,
      responsibleUnit: input.responsibleUnit,
      dueOn: input.dueOn,
      deadline: input.deadlineNote,
      newMetas: input.newMetas,
      createdBy: actor.id,
    });
    await insertStatusChange(tx, {
      commitmentId: id,
      fromStatus: null,
      toStatus: "pendiente",
      comment: null,
      changedBy: actor.id,
    });
    const metas: { year: number; value: number; revision: number }[] = [];
    if (indicator) {
      for (const m of input.newMetas) {
        const current = await findLatestMetaRevision(tx, indicator.id, m.year);
        const revision = (current?.revision ?? 0) + 1;
        await insertCommitmentMeta(tx, {
          indicatorId: indicator.id,
          commitmentId: id,
          year: m.year,
          value: m.value,
          revision,
          reference: `Matriz de compromisos ${input.periodYear}, N° ${number}`,
          createdBy: actor.id,
        });
        metas.push({ year: m.year, value: m.value, revision });
      }
    }
    await recordAudit(tx, actor, {
      action: "commitment.create",
      objectType: "commitment",
      objectId: String(id),
      after: {
        number,
        periodYear: input.periodYear,
        indicator: input.indicator,
        entity: input.entity,
        dueOn: input.dueOn,
        metas,
      },
    });
    return id;
  });
  return getCommitment(db, actor, { id });
}

/** Edits texts and deadline, or moves an open commitment between pendiente and en proceso. */
export async function updateCommitment(
  db: Database,
  actor: Actor,
  input: { id: number } & z.output<typeof CommitmentUpdateSchema>,
): Promise<CommitmentDetail> {
  await db.transaction().execute(async (tx) => {
    const before = await lockCommitment(tx, input.id);
    if (!before) throw notFound("No existe el compromiso.");
    const { id, deadlineNote, ...fields } = input;
    const patch = {
      ...fields,
      ...(deadlineNote !== undefined ? { deadline: deadlineNote } : {}),
    };
    if (input.status !== undefined && isClosed(before.status) && input.status !== before.status) {
      // Reopening is a decision of its own: the closing stays in the history.
      await updateCommitmentRow(tx, id, { closedAt: null, closedBy: null });
    }
    await updateCommitmentRow(tx, id, patch);
    if (input.status !== undefined && input.status !== before.status) {
      await insertStatusChange(tx, {
        commitmentId: id,
        fromStatus: before.status,
        toStatus: input.status,
        comment: input.comment ?? null,
        changedBy: actor.id,
      });
    }
    const changed = Object.fromEntries(
      Object.keys(patch).map((k) => [k, before[k as keyof typeof before] ?? null]),
    );
    await recordAudit(tx, actor, {
      action: "commitment.update",
      objectType: "commitment",
      objectId: String(id),
      before: changed,
      after: patch,
    });
  });
  return getCommitment(db, actor, { id: input.id });
}

/** Closes a commitment as fulfilled or not, with the reason; it then no longer falls due. */
export async function closeCommitment(
  db: Database,
  actor: Actor,
  input: { id: number } & z.output<typeof CommitmentCloseSchema>,
): Promise<CommitmentDetail> {
  await db.transaction().execute(async (tx) => {
    const before = await lockCommitment(tx, input.id);
    if (!before) throw notFound("No existe el compromiso.");
    const closedAt = new Date();
    await updateCommitmentRow(tx, input.id, {
      status: input.status,
      comment: input.comment,
      closedAt,
      closedBy: actor.id,
    });
    await insertStatusChange(tx, {
      commitmentId: input.id,
      fromStatus: before.status,
      toStatus: input.status,
      comment: input.comment,
      changedBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "commitment.close",
      objectType: "commitment",
      objectId: String(input.id),
      before: { status: before.status, comment: before.comment },
      after: { status: input.status, comment: input.comment, closedAt: closedAt.toISOString() },
    });
  });
  return getCommitment(db, actor, { id: input.id });
}

/** Attaches evidence of compliance: the checks and file store of a value's evidence. */
export async function uploadCommitmentEvidence(
  db: Database,
  actor: Actor,
  input: { commitmentId: number; store: FileStore } & EvidenceUpload,
): Promise<CommitmentDetail> {
  const type = checkUpload(input);
  if (!(await findCommitmentRow(db, input.commitmentId)))
    throw notFound("No existe el compromiso.");
  await storeThen(input.store, input.bytes, (stored) =>
    db.transaction().execute(async (tx) => {
      if (!(await lockCommitment(tx, input.commitmentId)))
        throw notFound("No existe el compromiso.");
      const twin = await findCommitmentEvidenceBySha(tx, input.commitmentId, stored.sha256);
      if (twin) {
        throw localizedError("conflict", "evidence.duplicate", {
          fileName: twin.fileName,
          sha256: stored.sha256,
        });
      }
      const fileName = sanitizeFileName(input.fileName, type.extension);
      const evidenceId = await insertCommitmentEvidence(tx, {
        commitmentId: input.commitmentId,
        fileName,
        mediaType: type.mediaType,
        sizeBytes: input.bytes.length,
        sha256: stored.sha256,
        storageKey: stored.key,
        uploadedBy: actor.id,
      });
      await recordAudit(tx, actor, {
        action: "commitment.evidence_upload",
        objectType: "commitment",
        objectId: String(input.commitmentId),
        after: {
          evidenceId,
          fileName,
          mediaType: type.mediaType,
          sizeBytes: input.bytes.length,
          sha256: stored.sha256,
        },
      });
    }),
  );
  return getCommitment(db, actor, { id: input.commitmentId });
}

export async function downloadCommitmentEvidence(
  db: Database,
  _actor: Actor,
  input: { id: number; store: FileStore },
) {
  const file = await findCommitmentEvidence(db, input.id);
  if (!file) throw localizedError("not_found", "evidence.notFound");
  return {
    fileName: file.fileName,
    mediaType: file.mediaType,
    sha256: file.sha256,
    bytes: await input.store.get(file.storageKey),
  };
}
