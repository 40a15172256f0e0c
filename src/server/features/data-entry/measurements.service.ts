import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  MeasurementCreateSchema,
  MeasurementSchema,
  MeasurementUpdateSchema,
  ObserveSchema,
  RuleContextSchema,
  SubmitSchema,
} from "../../../shared/contracts/data-entry.contract.ts";
import { hasPermission } from "../../../shared/permissions.ts";
import type { PeriodKind, Unit } from "../../../shared/schemas/catalogue.schema.ts";
import { resolveMeasurementValue } from "../../../shared/validation/derived-value.ts";
import {
  canSubmit,
  type MeasurementDraft,
  type RuleFinding,
  validateMeasurement,
} from "../../../shared/validation/measurement-rules.ts";
import {
  type MeasurementAction,
  type MeasurementStatus,
  nextStatus,
} from "../../../shared/workflow/measurement-status.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { DomainError, localizedError } from "../../errors.ts";
import { findIndicatorInForce } from "../catalogue/indicators.repository.ts";
import { assertPolicyInScope, requirePolicyInScope } from "../catalogue/policy.service.ts";
import { notifyValueReviewed } from "../notifications/notifications.service.ts";
import { findPeriodFor } from "../periods/periods.repository.ts";
import { resolveActorNames } from "../users/actor-names.service.ts";
import {
  appendHistory,
  countMeasurementRows,
  findEntityId,
  findLatestRevision,
  findMeasurementRow,
  insertMeasurement,
  insertNotes,
  listDisaggregations,
  listEvidence,
  listHistory,
  listMeasurementRows,
  listNotes,
  listRevisions,
  type MeasurementFields,
  replaceDisaggregations,
  updateMeasurementIfCurrent,
} from "./measurements.repository.ts";
import { rowsWithWarning, type WarningFilter } from "./review-filters.service.ts";
import { listResponsibleEntityIds } from "./rule-context.repository.ts";
import {
  loadRuleContexts,
  type RuleContextRequest,
  ruleContextKey,
} from "./rule-context.service.ts";
import { onceForKey } from "./write-keys.service.ts";

/**
 * Data entry and its workflow: a focal point writes a value for its entity's indicator and
 * period, submits it; the conductor observes (returns with comments per field) or validates.
 * Every step is scoped to the actor's entities, checked by the shared validation rules, guarded
 * by optimistic concurrency and audited in the same transaction.
 */

export type MeasurementView = z.infer<typeof MeasurementSchema>;
type RuleContext = z.infer<typeof RuleContextSchema>;
type Row = NonNullable<Awaited<ReturnType<typeof findMeasurementRow>>>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Entity ids the actor may see values of; null means every entity. A regional conductor sees
 * every entity's values of the plans it conducts: the callers have already refused it every
 * policy outside its territory, national ones included (`assertPolicyInScope`, `loadForReview`).
 */
export function readableEntityIds(actor: Actor): number[] | null {
  const user = actor.user;
  if (!user) return [];
  if (hasPermission(user.role, "measurement.read_all")) return null;
  if (user.role === "conductor_regional") return null;
  return user.entities.map((e) => e.id);
}

/**
 * The territorial scope of a value's policy (ADR 0030). A regional conductor works on
 * subnational plans only: a national policy's values are another conductor's.
 */
async function assertRowInTerritory(db: Executor, actor: Actor, row: Row): Promise<void> {
  const policy = await assertPolicyInScope(db, actor, row.policyId);
  if (actor.user?.role === "conductor_regional" && policy.territoryUbigeo === null)
    throw localizedError("forbidden", "measurement.otherEntity");
}

/**
 * The policy whose values a request reads or writes, in the actor's territorial scope; a
 * regional conductor (who sees every entity of its plans) is refused the national policies.
 */
export async function requireValuesPolicy(
  db: Executor,
  actor: Actor,
  code: string,
): Promise<number> {
  const policyId = await requirePolicyInScope(db, actor, code);
  if (actor.user?.role === "conductor_regional") {
    const policy = await assertPolicyInScope(db, actor, policyId);
    if (policy.territoryUbigeo === null)
      throw localizedError("forbidden", "measurement.otherEntity");
  }
  return policyId;
}

async function assertCanRead(db: Executor, actor: Actor, row: Row): Promise<void> {
  const scope = readableEntityIds(actor);
  if (scope !== null && !scope.includes(row.reportedForEntityId)) {
    throw localizedError("forbidden", "measurement.otherEntity");
  }
  await assertRowInTerritory(db, actor, row);
}

/** The entity that reports: the user's own entity, also when it reports by proxy grant. */
function reportingEntityFor(actor: Actor, reportedForEntityId: number): number {
  const user = actor.user;
  if (!user || !hasPermission(user.role, "measurement.report")) {
    throw localizedError("forbidden", "measurement.roleCannotReport");
  }
  if (user.role === "administrador") return reportedForEntityId;
  const grant = user.entities.find((e) => e.id === reportedForEntityId);
  if (!grant) throw localizedError("forbidden", "measurement.notOwnEntity");
  if (grant.grant === "propia") return grant.id;
  const own = user.entities.find((e) => e.grant === "propia");
  return own?.id ?? grant.id;
}

async function assertPeriodOpen(
  db: Executor,
  actor: Actor,
  policyId: number,
  year: number,
  period: PeriodKind,
) {
  // The conductor may correct closed periods (the 2022–2023 history has none); focal points may not.
  if (actor.user?.role === "administrador") return;
  const p = await findPeriodFor(db, policyId, year, period);
  // A closed period says so: the person did nothing wrong, the period ended.
  if (p?.status !== "abierto") {
    throw localizedError("forbidden", p ? "period.closed" : "period.notOpened", { period, year });
  }
}

/** The rule context of a stored value: the version it was recorded against, its period. */
const contextRequestOf = (row: Row): RuleContextRequest => ({
  indicatorCode: row.indicatorCode,
  year: row.year,
  period: row.period,
  indicatorVersionId: row.indicatorVersionId,
});

async function contextOfRow(db: Executor, row: Row): Promise<RuleContext> {
  const request = contextRequestOf(row);
  const contexts = await loadRuleContexts(db, {
    policyId: row.policyId,
    requests: [request],
    yearOverYear: true,
  });
  const context = contexts.get(ruleContextKey(request));
  if (!context) throw notInForce(row.indicatorCode, row.year);
  return context;
}

function findingsFor(
  row: Row,
  parts: readonly MeasurementDraft["disaggregations"][number][],
  context: RuleContext,
): RuleFinding[] {
  return validateMeasurement(
    {
      value: row.value,
      numerator: row.numerator,
      denominator: row.denominator,
      disaggregations: parts,
    },
    context,
  );
}

/** What the views of some values are built from besides the rows: read in bulk, once. */
export interface MeasurementFacts {
  parts: Awaited<ReturnType<typeof listDisaggregations>>;
  notes: Awaited<ReturnType<typeof listNotes>>;
  evidence: Awaited<ReturnType<typeof listEvidence>>;
  revisions: Awaited<ReturnType<typeof listRevisions>>;
  steps: Awaited<ReturnType<typeof listHistory>>;
  contexts: Map<string, RuleContext>;
}

/**
 * Everything the views of the rows need, in a fixed number of queries whatever the number of
 * rows (the review queue lists up to 1,000).
 */
async function loadMeasurementFacts(
  db: Executor,
  policyId: number,
  rows: readonly Row[],
): Promise<MeasurementFacts> {
  const ids = rows.map((r) => r.id);
  const [parts, notes, evidence, revisions, contexts] = await Promise.all([
    listDisaggregations(db, ids),
    listNotes(db, ids),
    listEvidence(db, ids),
    listRevisions(db, ids),
    loadRuleContexts(db, { policyId, requests: rows.map(contextRequestOf), yearOverYear: true }),
  ]);
  const steps = await listHistory(
    db,
    revisions.map((r) => r.id),
  );
  return { parts, notes, evidence, revisions, steps, contexts };
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * The views of values from their rows and the facts read for them: a pure function, so the
 * review queue and a single value are presented alike. Actors are named afterwards, once for
 * the whole response (`nameActors`).
 */
function presentMeasurements(rows: readonly Row[], facts: MeasurementFacts): MeasurementView[] {
  const partsOf = groupBy(facts.parts, (p) => p.measurementId);
  const notesOf = groupBy(facts.notes, (n) => n.measurementId);
  const evidenceOf = groupBy(facts.evidence, (e) => e.measurementId);
  const revisionsOf = groupBy(facts.revisions, (r) => `${r.indicatorId}|${r.year}|${r.period}`);
  const stepsOf = groupBy(facts.steps, (s) => s.measurementId);
  return rows.map((row) => {
    const ruleContext = facts.contexts.get(ruleContextKey(contextRequestOf(row)));
    if (!ruleContext) throw notInForce(row.indicatorCode, row.year);
    const parts = (partsOf.get(row.id) ?? []).map((p) => ({
      dimension: p.dimension as MeasurementView["disaggregations"][number]["dimension"],
      category: p.category,
      label: p.label,
      value: p.value,
    }));
    return {
      id: row.id,
      indicator: {
        code: row.indicatorCode,
        name: row.indicatorName,
        unit: row.unit as MeasurementView["indicator"]["unit"],
        isCumulative: row.isCumulative,
        version: row.indicatorVersion,
      },
      year: row.year,
      period: row.period as MeasurementView["period"],
      revision: row.revision,
      status: row.status as MeasurementStatus,
      lockVersion: row.lockVersion,
      value: row.value,
      valueDerived: row.valueDerived,
      numerator: row.numerator,
      denominator: row.denominator,
      disaggregations: parts,
      logros: row.logros,
      dificultades: row.dificultades,
      medidas: row.medidas,
      sourceSystem: row.sourceSystem,
      justification: row.justification,
      correctionReason: row.correctionReason,
      reportingEntity: row.reportingEntity,
      reportedForEntity: row.reportedForEntity,
      createdBy: row.createdBy,
      createdByUser: null,
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
      submittedAt: iso(row.submittedAt),
      validatedAt: iso(row.validatedAt),
      findings: findingsFor(row, parts, ruleContext),
      ruleContext,
      observations: (notesOf.get(row.id) ?? []).map((n) => ({
        id: n.id,
        field: n.field,
        comment: n.comment,
        author: n.author,
        authorUser: null,
        kind: n.kind as "observacion" | "comentario",
        createdAt: new Date(n.createdAt).toISOString(),
      })),
      evidence: (evidenceOf.get(row.id) ?? []).map(({ measurementId: _, ...e }) => ({
        ...e,
        uploadedByUser: null,
        uploadedAt: new Date(e.uploadedAt).toISOString(),
      })),
      history: historyOf(
        revisionsOf.get(`${row.indicatorId}|${row.year}|${row.period}`) ?? [],
        stepsOf,
      ),
    };
  });
}

/**
 * The value's history, newest first: every workflow step of every revision with the figures it
 * had then (so an observed figure stays after its correction). Revisions that predate the
 * history table (the seeded 2022–2023 values) show as one line, their current state.
 */
function historyOf(
  revisions: MeasurementFacts["revisions"],
  stepsOf: Map<number, MeasurementFacts["steps"]>,
): MeasurementView["history"] {
  return revisions.flatMap((r) => {
    const own = stepsOf.get(r.id) ?? [];
    const lines = own.length
      ? own.map((s) => ({
          status: s.status,
          value: s.value,
          valueDerived: s.valueDerived,
          by: s.actor,
          at: s.at,
        }))
      : [
          {
            status: r.status,
            value: r.value,
            valueDerived: r.valueDerived,
            by: r.createdBy,
            at: r.createdAt,
          },
        ];
    return lines.map((line) => ({
      revision: r.revision,
      status: line.status,
      value: line.value,
      valueDerived: line.valueDerived,
      correctionReason: r.correctionReason,
      createdBy: line.by,
      createdByUser: null,
      createdAt: new Date(line.at).toISOString(),
    }));
  });
}

/** Names the actors of the views with one lookup for the whole response. */
async function nameActors(
  db: Executor,
  viewer: Actor,
  views: MeasurementView[],
): Promise<MeasurementView[]> {
  const names = await resolveActorNames(
    db,
    viewer,
    views.flatMap((v) => [
      v.createdBy,
      ...v.observations.map((o) => o.author),
      ...v.evidence.map((e) => e.uploadedBy),
      ...v.history.map((h) => h.createdBy),
    ]),
  );
  return views.map((v) => ({
    ...v,
    createdByUser: names(v.createdBy),
    observations: v.observations.map((o) => ({ ...o, authorUser: names(o.author) })),
    evidence: v.evidence.map((e) => ({ ...e, uploadedByUser: names(e.uploadedBy) })),
    history: v.history.map((h) => ({ ...h, createdByUser: names(h.createdBy) })),
  }));
}

/** Reads the facts of the rows, presents them and names their actors. */
async function viewsOf(
  db: Executor,
  viewer: Actor,
  policyId: number,
  rows: readonly Row[],
): Promise<MeasurementView[]> {
  const facts = await loadMeasurementFacts(db, policyId, rows);
  return nameActors(db, viewer, presentMeasurements(rows, facts));
}

/**
 * Refuses the indicator's context (meta, earlier values: the responsible entity's figures) to
 * an actor none of whose entities is responsible for it in any ficha version (issue 18 probe).
 */
export async function assertIndicatorReadable(
  db: Executor,
  actor: Actor,
  policyId: number,
  indicatorCode: string,
): Promise<void> {
  const scope = readableEntityIds(actor);
  if (scope === null) return;
  const responsible = await listResponsibleEntityIds(db, policyId, indicatorCode);
  if (!responsible.some((id) => scope.includes(id)))
    throw localizedError("forbidden", "measurement.otherEntity");
}

/**
 * The rule context of a value not written yet (the form of "Mis tareas"), so the browser
 * checks the first value as it checks the later ones.
 */
export async function getRuleContext(
  db: Database,
  actor: Actor,
  input: { policyCode: string; indicatorCode: string; year: number; period: PeriodKind },
): Promise<RuleContext> {
  const policyId = await requireValuesPolicy(db, actor, input.policyCode);
  await assertIndicatorReadable(db, actor, policyId, input.indicatorCode);
  const contexts = await loadRuleContexts(db, { policyId, requests: [input], yearOverYear: true });
  const context = contexts.get(ruleContextKey(input));
  if (!context) throw notInForce(input.indicatorCode, input.year);
  return context;
}

const notInForce = (indicator: string, year: number) =>
  localizedError("not_found", "measurement.indicatorNotInForce", { indicator, year });

async function loadRow(db: Executor, id: number): Promise<Row> {
  const row = await findMeasurementRow(db, id);
  if (!row) throw localizedError("not_found", "measurement.notFound");
  return row;
}

export async function getMeasurement(
  db: Database,
  actor: Actor,
  input: { id: number },
): Promise<MeasurementView> {
  const row = await loadRow(db, input.id);
  await assertCanRead(db, actor, row);
  const [view] = await viewsOf(db, actor, row.policyId, [row]);
  if (!view) throw localizedError("not_found", "measurement.notFound");
  return view;
}

/** Every value of a policy the actor may read (the offline snapshot, register proposals). */
export async function listMeasurements(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year?: number; period?: PeriodKind; status?: MeasurementStatus },
): Promise<MeasurementView[]> {
  const policyId = await requireValuesPolicy(db, actor, input.policyCode);
  const rows = await listMeasurementRows(db, policyId, {
    ...input,
    entityIds: readableEntityIds(actor),
  });
  return viewsOf(db, actor, policyId, rows);
}

/**
 * The review queue, one page at a time: one bulk read of the page's rows and their facts, the
 * pure mapper, and the total, so the list says how much it holds instead of being cut.
 */
export async function listMeasurementPage(
  db: Database,
  actor: Actor,
  input: {
    policyCode: string;
    year?: number;
    period?: PeriodKind;
    status?: MeasurementStatus;
    entity?: string;
    warning?: WarningFilter;
    limit: number;
    offset: number;
  },
): Promise<{ items: MeasurementView[]; total: number; nextOffset: number | null }> {
  const policyId = await requireValuesPolicy(db, actor, input.policyCode);
  const filters = {
    year: input.year,
    period: input.period,
    status: input.status,
    entityIds: await entityScope(db, actor, input.entity),
  };
  const page = { limit: input.limit, offset: input.offset };
  let rows: Row[];
  let total: number;
  if (input.warning) {
    const matching = await rowsWithWarning(
      db,
      policyId,
      await listMeasurementRows(db, policyId, filters),
      input.warning,
    );
    rows = matching.slice(page.offset, page.offset + page.limit);
    total = matching.length;
  } else {
    [rows, total] = await Promise.all([
      listMeasurementRows(db, policyId, filters, page),
      countMeasurementRows(db, policyId, filters),
    ]);
  }
  const items = await viewsOf(db, actor, policyId, rows);
  const end = input.offset + rows.length;
  return { items, total, nextOffset: end < total ? end : null };
}

/**
 * The entities whose values a list shows: the actor's readable ones, narrowed to `entity` when
 * asked. An entity outside the actor's scope (or unknown) lists nothing rather than an error:
 * a filter narrows, it does not tell which entities exist.
 */
async function entityScope(
  db: Executor,
  actor: Actor,
  entity: string | undefined,
): Promise<number[] | null> {
  const scope = readableEntityIds(actor);
  if (entity === undefined) return scope;
  const id = await findEntityId(db, entity);
  if (id === null || (scope !== null && !scope.includes(id))) return [];
  return [id];
}

/**
 * The fields to store. A value given only as numerator and denominator is stored derived (and
 * flagged), so the evaluation, the Tablero, reports, exports and the history all read it.
 */
const fieldsOf = (
  input: z.output<typeof MeasurementUpdateSchema> | z.output<typeof MeasurementCreateSchema>,
  unit: Unit,
): MeasurementFields => {
  const { value, derived } = resolveMeasurementValue(unit, input);
  return {
    value,
    valueDerived: derived,
    numerator: input.numerator,
    denominator: input.denominator,
    logros: input.logros,
    dificultades: input.dificultades,
    medidas: input.medidas,
    sourceSystem: input.sourceSystem,
    justification: input.justification,
  };
};

/**
 * Starts a value for an indicator and period (status borrador). When a validated value exists
 * this is a correction: a new revision with a reason, while the validated one stays in force
 * until the correction is validated. `alsoInTransaction` runs in the same transaction once the
 * draft exists (the first evidence upload): if it fails, no draft is left behind.
 */
export async function createMeasurement(
  db: Database,
  actor: Actor,
  input: { policyCode: string; indicatorCode: string } & z.output<typeof MeasurementCreateSchema>,
  alsoInTransaction?: (tx: Executor, measurementId: number) => Promise<void>,
): Promise<MeasurementView> {
  const policyId = await requireValuesPolicy(db, actor, input.policyCode);
  return onceForKey(
    db,
    actor,
    input.idempotencyKey,
    "create",
    (claim) =>
      db.transaction().execute(async (tx) => {
        const indicator = await findIndicatorInForce(tx, policyId, input.indicatorCode, input.year);
        if (!indicator) throw notInForce(input.indicatorCode, input.year);
        let reportedForEntityId = indicator.responsibleEntityId;
        if (input.reportedForEntity && input.reportedForEntity !== indicator.responsible) {
          const entityId = await findEntityId(tx, input.reportedForEntity);
          if (entityId === null)
            throw localizedError("invalid", "measurement.unknownEntity", {}, [
              { path: "reportedForEntity", message: `No existe "${input.reportedForEntity}".` },
            ]);
          reportedForEntityId = entityId;
        }
        const reportingEntityId = reportingEntityFor(actor, reportedForEntityId);
        await assertPeriodOpen(tx, actor, policyId, input.year, input.period);
        const latest = await findLatestRevision(tx, indicator.id, input.year, input.period);
        if (latest && latest.status !== "validado") {
          throw localizedError("conflict", "measurement.inProgress", { status: latest.status });
        }
        if (latest && !input.correctionReason) {
          throw localizedError("invalid", "measurement.correctionReason", {}, [
            {
              path: "correctionReason",
              message: "Explique el motivo de la corrección (mínimo 10 caracteres).",
            },
          ]);
        }
        const fields = fieldsOf(input, indicator.unit);
        const measurementId = await insertMeasurement(tx, {
          ...fields,
          indicatorId: indicator.id,
          indicatorVersionId: indicator.versionId,
          year: input.year,
          period: input.period,
          revision: (latest?.revision ?? 0) + 1,
          reportingEntityId,
          reportedForEntityId,
          correctionReason: latest ? (input.correctionReason ?? null) : null,
          createdBy: actor.id,
        });
        await replaceDisaggregations(tx, measurementId, input.disaggregations);
        await recordAudit(tx, actor, {
          action: "measurement.create",
          objectType: "measurement",
          objectId: String(measurementId),
          after: {
            indicator: input.indicatorCode,
            year: input.year,
            period: input.period,
            revision: (latest?.revision ?? 0) + 1,
            value: fields.value,
            valueDerived: fields.valueDerived,
            numerator: input.numerator,
            denominator: input.denominator,
          },
        });
        await recordStep(tx, actor, measurementId, "create", "borrador", fields);
        await claim(tx, measurementId);
        await alsoInTransaction?.(tx, measurementId);
        return measurementId;
      }),
    (id) => getMeasurement(db, actor, { id }),
  );
}

/** Appends a workflow step to the value's history with the figures it has at that step. */
function recordStep(
  tx: Executor,
  actor: Actor,
  measurementId: number,
  action: "create" | "submit" | "observe" | "validate",
  status: MeasurementStatus,
  figures: Pick<Row, "value" | "valueDerived" | "numerator" | "denominator">,
) {
  return appendHistory(tx, {
    measurementId,
    action,
    status,
    value: figures.value,
    valueDerived: figures.valueDerived,
    numerator: figures.numerator,
    denominator: figures.denominator,
    actor: actor.id,
  });
}

/** Loads a value for a write by its reporting side, checking scope, state and period. */
async function loadForReporter(
  tx: Executor,
  actor: Actor,
  id: number,
  action: MeasurementAction,
): Promise<Row> {
  const row = await loadRow(tx, id);
  await assertCanRead(tx, actor, row);
  reportingEntityFor(actor, row.reportedForEntityId);
  if (!nextStatus(row.status, action)) {
    throw localizedError("conflict", "measurement.state", { status: row.status });
  }
  await assertPeriodOpen(tx, actor, row.policyId, row.year, row.period);
  return row;
}

const stale = () => localizedError("conflict", "measurement.stale");

export async function updateMeasurement(
  db: Database,
  actor: Actor,
  input: { id: number } & z.output<typeof MeasurementUpdateSchema>,
  alsoInTransaction?: (tx: Executor, measurementId: number) => Promise<void>,
): Promise<MeasurementView> {
  return onceForKey(
    db,
    actor,
    input.idempotencyKey,
    "update",
    (claim) =>
      db.transaction().execute(async (tx) => {
        const row = await loadForReporter(tx, actor, input.id, "edit");
        const fields = fieldsOf(input, row.unit);
        if (!(await updateMeasurementIfCurrent(tx, input.id, input.lockVersion, fields)))
          throw stale();
        await replaceDisaggregations(tx, input.id, input.disaggregations);
        await recordAudit(tx, actor, {
          action: "measurement.update",
          objectType: "measurement",
          objectId: String(input.id),
          before: {
            value: row.value,
            valueDerived: row.valueDerived,
            numerator: row.numerator,
            denominator: row.denominator,
          },
          after: {
            value: fields.value,
            valueDerived: fields.valueDerived,
            numerator: input.numerator,
            denominator: input.denominator,
          },
        });
        await alsoInTransaction?.(tx, input.id);
        await claim(tx, input.id);
        return input.id;
      }),
    (id) => getMeasurement(db, actor, { id }),
  );
}

/** Sends a value for review. Errors block; warnings need a written justification. */
export async function submitMeasurement(
  db: Database,
  actor: Actor,
  input: { id: number } & z.output<typeof SubmitSchema>,
): Promise<MeasurementView> {
  return onceForKey(
    db,
    actor,
    input.idempotencyKey,
    "submit",
    (claim) =>
      db.transaction().execute(async (tx) => {
        const row = await loadForReporter(tx, actor, input.id, "submit");
        const findings = findingsFor(
          row,
          await listDisaggregations(tx, [row.id]),
          await contextOfRow(tx, row),
        );
        const justification = input.justification ?? row.justification;
        if (!canSubmit(findings, justification)) {
          const hasErrors = findings.some((f) => f.severity === "error");
          throw localizedError(
            "blocked_by_validation",
            hasErrors ? "measurement.blockedByErrors" : "measurement.blockedByWarnings",
            {},
            findings.map((f) => ({ path: f.path, message: f.message })),
          );
        }
        const ok = await updateMeasurementIfCurrent(tx, row.id, input.lockVersion, {
          status: "enviado",
          justification,
          submittedAt: new Date(),
          submittedBy: actor.id,
        });
        if (!ok) throw stale();
        await recordAudit(tx, actor, {
          action: "measurement.submit",
          objectType: "measurement",
          objectId: String(row.id),
          before: { status: row.status },
          after: { status: "enviado", warnings: findings.map((f) => f.code), justification },
        });
        await recordStep(tx, actor, row.id, "submit", "enviado", row);
        await claim(tx, row.id);
        return row.id;
      }),
    (id) => getMeasurement(db, actor, { id }),
  );
}

async function loadForReview(
  tx: Executor,
  actor: Actor,
  id: number,
  action: MeasurementAction,
): Promise<Row> {
  if (!actor.user || !hasPermission(actor.user.role, "measurement.review")) {
    throw localizedError("forbidden", "measurement.reviewerOnly");
  }
  const row = await loadRow(tx, id);
  // A regional conductor validates only its territory's plans (ADR 0030).
  await assertRowInTerritory(tx, actor, row);
  if (!nextStatus(row.status, action)) {
    throw localizedError("conflict", "measurement.reviewState", { action, status: row.status });
  }
  return row;
}

/** Returns a submitted value to its focal point with a comment per field. */
export async function observeMeasurement(
  db: Database,
  actor: Actor,
  input: { id: number } & z.output<typeof ObserveSchema>,
): Promise<MeasurementView> {
  await db.transaction().execute(async (tx) => {
    const row = await loadForReview(tx, actor, input.id, "observe");
    if (!(await updateMeasurementIfCurrent(tx, row.id, input.lockVersion, { status: "observado" })))
      throw stale();
    await insertNotes(
      tx,
      row.id,
      input.observations.map((o) => ({
        kind: "observacion" as const,
        field: o.field,
        comment: o.comment,
        author: actor.id,
      })),
    );
    await recordAudit(tx, actor, {
      action: "measurement.observe",
      objectType: "measurement",
      objectId: String(row.id),
      before: { status: row.status },
      after: { status: "observado", observations: input.observations },
    });
    await recordStep(tx, actor, row.id, "observe", "observado", row);
    await notifyValueReviewed(tx, {
      measurementId: row.id,
      kind: "valor_observado",
      step: input.lockVersion,
    });
  });
  return getMeasurement(db, actor, { id: input.id });
}

/** Validates a submitted value: it is locked and counts in the evaluation from now on. */
export async function validateMeasurementValue(
  db: Database,
  actor: Actor,
  input: { id: number; lockVersion: number },
): Promise<MeasurementView> {
  await db.transaction().execute(async (tx) => {
    const row = await loadForReview(tx, actor, input.id, "validate");
    const ok = await updateMeasurementIfCurrent(tx, row.id, input.lockVersion, {
      status: "validado",
      validatedAt: new Date(),
      validatedBy: actor.id,
    });
    if (!ok) throw stale();
    await recordAudit(tx, actor, {
      action: "measurement.validate",
      objectType: "measurement",
      objectId: String(row.id),
      before: { status: row.status },
      after: { status: "validado", value: row.value, revision: row.revision },
    });
    await recordStep(tx, actor, row.id, "validate", "validado", row);
    await notifyValueReviewed(tx, {
      measurementId: row.id,
      kind: "valor_validado",
      step: input.lockVersion,
    });
  });
  return getMeasurement(db, actor, { id: input.id });
}

/**
 * Validates several submitted values, each exactly as `validateMeasurementValue` does alone:
 * its own transaction, audit event, history step and notification. Not atomic on purpose: one
 * stale or already-observed value must not hold back the others the reviewer checked; the
 * answer says, value by value, which were validated and why the others were not. Unexpected
 * failures (not a refusal of the domain) still abort the request.
 */
export async function validateMeasurementValues(
  db: Database,
  actor: Actor,
  input: { items: readonly { id: number; lockVersion: number }[] },
) {
  const results: {
    id: number;
    ok: boolean;
    status: string | null;
    error: { code: string; message: string } | null;
  }[] = [];
  for (const item of input.items) {
    try {
      const view = await validateMeasurementValue(db, actor, item);
      results.push({ id: item.id, ok: true, status: view.status, error: null });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const current = await loadRow(db, item.id).catch(() => null);
      results.push({
        id: item.id,
        ok: false,
        status: current?.status ?? null,
        error: { code: err.code, message: err.message },
      });
    }
  }
  const validated = results.filter((r) => r.ok).length;
  return { validated, failed: results.length - validated, results };
}

/** A reviewer's comment: visible to the focal point, no change of state. */
export async function commentMeasurement(
  db: Database,
  actor: Actor,
  input: { id: number; comment: string },
): Promise<MeasurementView> {
  await db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, input.id);
    await assertCanRead(tx, actor, row);
    await insertNotes(tx, row.id, [
      { kind: "comentario", field: null, comment: input.comment, author: actor.id },
    ]);
    await recordAudit(tx, actor, {
      action: "measurement.comment",
      objectType: "measurement",
      objectId: String(row.id),
      after: { comment: input.comment },
    });
  });
  return getMeasurement(db, actor, { id: input.id });
}

export { assertCanRead, loadForReporter, loadRow };
