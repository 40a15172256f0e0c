import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import {
  createWorkingDayCalendar,
  HolidayCalendarSchema,
  type WorkingDayCalendar,
} from "../../../shared/calendar/working-days.ts";
import type {
  AccessCompliance,
  AccessRequest,
  AccessRequestAnswerSchema,
  AccessRequestCreateSchema,
  AccessRequestDocumentCreateSchema,
  AccessRequestExtensionSchema,
  AccessRequestListQuerySchema,
  AccessRequestStatus,
} from "../../../shared/contracts/access-requests.contract.ts";
import { todayInLima } from "../../../shared/dates.ts";
import {
  ACCESS_REQUEST_RULES,
  computeAccessRequestDeadline,
} from "../../../shared/transparency/access-request-deadline.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import {
  type AccessRequestRow,
  findEntityByCode,
  insertAccessRequest,
  insertDocument,
  listAccessRequestRows,
  listDocuments,
  listEntities,
  lockAccessRequest,
  updateAccessRequest,
} from "./access-requests.repository.ts";

/**
 * The access-to-information register (docs/transparency.md). Deadlines are computed on every
 * read from the dates and the calendar of días hábiles, never stored; "today" is the Lima day
 * unless a caller (a test, a job) passes its own.
 */

export const FERIADOS_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../reference/calendar/feriados-pe.json",
);

let loaded: WorkingDayCalendar | null = null;
/** The calendar of reference/calendar/feriados-pe.json, read and checked once per process. */
export function holidayCalendar(): WorkingDayCalendar {
  if (!loaded) {
    const parsed = HolidayCalendarSchema.safeParse(JSON.parse(readFileSync(FERIADOS_FILE, "utf8")));
    if (!parsed.success) {
      throw new Error(`${FERIADOS_FILE}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    }
    loaded = createWorkingDayCalendar(parsed.data);
  }
  return loaded;
}

/** Maps the deadline module's field names to this API's body fields. */
const FIELD_OF: Record<string, string> = {
  "prorroga.notificadaEl": "notifiedOn",
  "prorroga.nuevaFecha": "newDate",
  respondidaEl: "answeredOn",
};

function checkCalendarDate(calendar: WorkingDayCalendar, date: string, field: string) {
  try {
    calendar.isWorkingDay(date);
  } catch (err) {
    throw invalid(`${field}: ${(err as Error).message}`, [
      { path: field, message: (err as Error).message },
    ]);
  }
}

function notInFuture(date: string, today: string, field: string, label: string) {
  if (date > today) {
    throw invalid(`${label} (${date}) no puede ser posterior a hoy (${today}).`, [
      { path: field, message: `Fecha posterior a hoy (${today}).` },
    ]);
  }
}

type Documents = Awaited<ReturnType<typeof listDocuments>>;

/** The dates a request's deadline is computed from, as stored. */
export interface RequestDates {
  sentOn: string;
  extensionNotifiedOn: string | null;
  extensionNewDate: string | null;
  answeredOn: string | null;
}

function deadlinesOf(calendar: WorkingDayCalendar, row: RequestDates) {
  const extension =
    row.extensionNotifiedOn !== null && row.extensionNewDate !== null
      ? { notifiedOn: row.extensionNotifiedOn, newDate: row.extensionNewDate }
      : undefined;
  const computed = computeAccessRequestDeadline(calendar, {
    receivedOn: row.sentOn,
    ...(extension ? { extension } : {}),
    ...(row.answeredOn ? { answeredOn: row.answeredOn } : {}),
  });
  // Stored rows were checked when written; a calendar changed since (a día no laborable added)
  // can move the notice limit past a recorded extension. The entity's notified date still binds.
  const legal = calendar.addWorkingDays(row.sentOn, ACCESS_REQUEST_RULES.answerWorkingDays);
  const legalDeadline = computed.ok ? computed.legalDeadline : legal.date;
  const deadline = computed.ok ? computed.deadline : (extension?.newDate ?? legal.date);
  return { legal, legalDeadline, deadline };
}

/** A request's deadline (with its extension) in the calendar of días hábiles, as the register shows it. */
export function requestDeadline(row: RequestDates, calendar = holidayCalendar()): string {
  return deadlinesOf(calendar, row).deadline;
}

/** A stored request as the API shows it: its deadline, status and reminders of today. */
function present(
  calendar: WorkingDayCalendar,
  row: AccessRequestRow,
  documents: Documents,
  today: string,
): AccessRequest {
  const extension =
    row.extensionNotifiedOn !== null && row.extensionNewDate !== null
      ? { notifiedOn: row.extensionNotifiedOn, newDate: row.extensionNewDate }
      : undefined;
  const { legal, legalDeadline, deadline } = deadlinesOf(calendar, row);
  const answered = row.outcome === "respondida" || row.outcome === "parcial";
  const open = row.outcome === "pendiente";
  let workingDaysLeft: number | null = null;
  if (open) {
    workingDaysLeft =
      today <= deadline
        ? calendar.workingDaysBetween(today, deadline)
        : -calendar.workingDaysBetween(deadline, today);
  }
  const workingDaysLate =
    answered && row.answeredOn && row.answeredOn > deadline
      ? calendar.workingDaysBetween(deadline, row.answeredOn)
      : answered
        ? 0
        : null;
  const overdue = open && today > deadline;
  const status: AccessRequestStatus = open
    ? overdue
      ? "vencida"
      : "en_plazo"
    : answered
      ? (workingDaysLate ?? 0) > 0
        ? "respondida_fuera_de_plazo"
        : "respondida_en_plazo"
      : "no_respondida";
  return {
    id: row.id,
    entity: { code: row.entityCode, name: row.entityName },
    requester: row.requester,
    reference: row.reference,
    questions: row.questions,
    sentOn: row.sentOn,
    legalDeadline,
    deadline,
    extension: extension ? { ...extension, reason: row.extensionReason } : null,
    extensionNoticeLimit: calendar.addWorkingDays(
      row.sentOn,
      ACCESS_REQUEST_RULES.extensionNoticeWorkingDays,
    ).date,
    skippedDays: legal.skipped,
    answeredOn: row.answeredOn,
    outcome: row.outcome,
    status,
    workingDaysLeft,
    workingDaysLate,
    overdue,
    notes: row.notes,
    documents: documents
      .filter((d) => d.accessRequestId === row.id)
      .map((d) => ({
        id: d.id,
        kind: d.kind,
        title: d.title,
        link: d.link,
        fileName: d.fileName,
        addedAt: new Date(d.addedAt).toISOString(),
      })),
    calendarVersion: calendar.version,
  };
}

async function readRequests(
  db: Executor,
  filter: { entityCode?: string; id?: number },
  today: string,
) {
  const calendar = holidayCalendar();
  const rows = await listAccessRequestRows(db, filter);
  const documents = await listDocuments(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => present(calendar, r, documents, today));
}

async function readOne(db: Executor, id: number, today: string) {
  const [request] = await readRequests(db, { id }, today);
  if (!request) throw notFound("No existe la solicitud de acceso a la información.");
  return request;
}

export async function listAccessRequests(
  db: Database,
  _actor: Actor,
  input: z.output<typeof AccessRequestListQuerySchema> & { today?: string },
) {
  const today = input.today ?? todayInLima();
  const all = await readRequests(
    db,
    input.entity !== undefined ? { entityCode: input.entity } : {},
    today,
  );
  return input.status ? all.filter((r) => r.status === input.status) : all;
}

export async function getAccessRequest(
  db: Database,
  _actor: Actor,
  input: { id: number; today?: string },
) {
  return readOne(db, input.id, input.today ?? todayInLima());
}

/**
 * Open requests whose deadline is at most `withinWorkingDays` días hábiles away, or past:
 * what the register's keeper should chase today. The daily job tells them and the entity's
 * focal points too (notifications/access-request-reminders.service.ts).
 */
export async function listReminders(
  db: Database,
  _actor: Actor,
  input: { withinWorkingDays: number; today?: string },
) {
  const today = input.today ?? todayInLima();
  const open = (await readRequests(db, {}, today)).filter(
    (r) => r.workingDaysLeft !== null && r.workingDaysLeft <= input.withinWorkingDays,
  );
  return open
    .sort((a, b) => (a.workingDaysLeft ?? 0) - (b.workingDaysLeft ?? 0) || a.id - b.id)
    .map((r) => {
      const left = r.workingDaysLeft ?? 0;
      const n = Math.abs(left);
      const days = `${n} ${n === 1 ? "día hábil" : "días hábiles"}`;
      return {
        id: r.id,
        entity: r.entity.code,
        requester: r.requester,
        deadline: r.deadline,
        workingDaysLeft: left,
        overdue: r.overdue,
        message: r.overdue ? `Vencida hace ${days}` : left === 0 ? "Vence hoy" : `Vence en ${days}`,
      };
    });
}

export async function createAccessRequest(
  db: Database,
  actor: Actor,
  input: z.output<typeof AccessRequestCreateSchema> & { today?: string },
) {
  const today = input.today ?? todayInLima();
  const calendar = holidayCalendar();
  checkCalendarDate(calendar, input.sentOn, "sentOn");
  notInFuture(input.sentOn, today, "sentOn", "La fecha de presentación");
  return db.transaction().execute(async (tx) => {
    const entity = await findEntityByCode(tx, input.entity);
    if (!entity) {
      throw invalid(`No existe la entidad «${input.entity}».`, [
        { path: "entity", message: `Entidad desconocida: ${input.entity}.` },
      ]);
    }
    const row = {
      entityId: entity.id,
      requester: input.requester,
      reference: input.reference ?? null,
      questions: input.questions,
      sentOn: input.sentOn,
      notes: input.notes ?? null,
    };
    const id = await insertAccessRequest(tx, { ...row, createdBy: actor.id });
    await recordAudit(tx, actor, {
      action: "access_request.create",
      objectType: "access_request",
      objectId: String(id),
      after: { ...row, entityId: undefined, entity: entity.code },
    });
    return readOne(tx, id, today);
  });
}

/**
 * Records the one extension the law allows: notified within 2 días hábiles of receipt, with a
 * date later than the legal deadline. A second extension, or one after the answer, is refused.
 */
export async function recordExtension(
  db: Database,
  actor: Actor,
  input: { id: number; today?: string } & z.output<typeof AccessRequestExtensionSchema>,
) {
  const today = input.today ?? todayInLima();
  const calendar = holidayCalendar();
  checkCalendarDate(calendar, input.notifiedOn, "notifiedOn");
  checkCalendarDate(calendar, input.newDate, "newDate");
  notInFuture(input.notifiedOn, today, "notifiedOn", "La fecha de notificación de la prórroga");
  return db.transaction().execute(async (tx) => {
    const before = await lockAccessRequest(tx, input.id);
    if (!before) throw notFound("No existe la solicitud de acceso a la información.");
    if (before.extensionNotifiedOn !== null) {
      throw conflict(
        `La solicitud ya tiene su prórroga (comunicada el ${before.extensionNotifiedOn}, nueva fecha ${before.extensionNewDate}); la ley permite una sola.`,
      );
    }
    if (before.outcome !== "pendiente") {
      throw conflict("La solicitud ya tiene respuesta registrada; no admite prórroga.");
    }
    const checked = computeAccessRequestDeadline(calendar, {
      receivedOn: before.sentOn,
      extension: { notifiedOn: input.notifiedOn, newDate: input.newDate },
    });
    if (!checked.ok) {
      const field = FIELD_OF[checked.field] ?? checked.field;
      throw invalid(checked.message, [{ path: field, message: checked.message }]);
    }
    const patch = {
      extensionNotifiedOn: input.notifiedOn,
      extensionNewDate: input.newDate,
      extensionReason: input.reason ?? null,
    };
    await updateAccessRequest(tx, input.id, patch);
    await recordAudit(tx, actor, {
      action: "access_request.extend",
      objectType: "access_request",
      objectId: String(input.id),
      before: { deadline: checked.legalDeadline },
      after: patch,
    });
    return readOne(tx, input.id, today);
  });
}

/**
 * Records how the entity answered: respondida or parcial with the day of the answer, or
 * no_respondida (no date). Recording it again corrects it; the audit keeps both.
 */
export async function recordAnswer(
  db: Database,
  actor: Actor,
  input: { id: number; today?: string } & z.output<typeof AccessRequestAnswerSchema>,
) {
  const today = input.today ?? todayInLima();
  const calendar = holidayCalendar();
  const dated = input.outcome !== "no_respondida";
  if (dated && input.answeredOn === undefined) {
    throw invalid("Indique la fecha de la respuesta (answeredOn).", [
      { path: "answeredOn", message: "Obligatoria cuando la entidad respondió." },
    ]);
  }
  if (!dated && input.answeredOn !== undefined) {
    throw invalid("Una solicitud no respondida no tiene fecha de respuesta (answeredOn).", [
      { path: "answeredOn", message: "Quite la fecha o elija «respondida» o «parcial»." },
    ]);
  }
  if (input.answeredOn !== undefined) {
    checkCalendarDate(calendar, input.answeredOn, "answeredOn");
    notInFuture(input.answeredOn, today, "answeredOn", "La fecha de respuesta");
  }
  return db.transaction().execute(async (tx) => {
    const before = await lockAccessRequest(tx, input.id);
    if (!before) throw notFound("No existe la solicitud de acceso a la información.");
    if (input.answeredOn !== undefined && input.answeredOn < before.sentOn) {
      throw invalid(
        `La fecha de respuesta (${input.answeredOn}) no puede ser anterior a la presentación (${before.sentOn}).`,
        [{ path: "answeredOn", message: "Anterior a la presentación." }],
      );
    }
    if (!dated) {
      // Calling a request unanswered before its deadline would publish a breach not yet made.
      const current = await readOne(tx, input.id, today);
      if (today <= current.deadline) {
        throw invalid(
          `La solicitud vence el ${current.deadline}; hasta entonces no puede registrarse como no respondida.`,
          [{ path: "outcome", message: `Plazo vigente hasta el ${current.deadline}.` }],
        );
      }
    }
    const patch = {
      outcome: input.outcome,
      answeredOn: input.answeredOn ?? null,
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
    };
    await updateAccessRequest(tx, input.id, patch);
    await recordAudit(tx, actor, {
      action: "access_request.answer",
      objectType: "access_request",
      objectId: String(input.id),
      before: { outcome: before.outcome, answeredOn: before.answeredOn },
      after: patch,
    });
    return readOne(tx, input.id, today);
  });
}

/** A document of the request (the request, the extension notice, the answer) as a link. */
export async function addDocument(
  db: Database,
  actor: Actor,
  input: { id: number; today?: string } & z.output<typeof AccessRequestDocumentCreateSchema>,
) {
  const today = input.today ?? todayInLima();
  return db.transaction().execute(async (tx) => {
    const before = await lockAccessRequest(tx, input.id);
    if (!before) throw notFound("No existe la solicitud de acceso a la información.");
    const row = { kind: input.kind, title: input.title, link: input.link };
    const documentId = await insertDocument(tx, {
      ...row,
      accessRequestId: input.id,
      addedBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "access_request.document",
      objectType: "access_request",
      objectId: String(input.id),
      after: { documentId, ...row },
    });
    return readOne(tx, input.id, today);
  });
}

/**
 * Each entity's compliance, for the public: requests, answered in time, late, unanswered
 * (declared no_respondida, or open past the deadline) and pending. Counts of an entity's
 * administrative acts, not of persons: they are not disclosure-controlled (docs/transparency.md).
 * Requesters and questions are not published here.
 */
export async function getCompliance(
  db: Database,
  _actor: Actor,
  input: { today?: string } = {},
): Promise<AccessCompliance> {
  const today = input.today ?? todayInLima();
  const calendar = holidayCalendar();
  const [requests, entities] = await Promise.all([readRequests(db, {}, today), listEntities(db)]);
  const byEntity = new Map<string, AccessRequest[]>();
  for (const r of requests) {
    const list = byEntity.get(r.entity.code) ?? [];
    list.push(r);
    byEntity.set(r.entity.code, list);
  }
  const count = (list: AccessRequest[], ...statuses: AccessRequestStatus[]) =>
    list.filter((r) => statuses.includes(r.status)).length;
  return {
    asOf: today,
    legalBasis: ACCESS_REQUEST_RULES.legalBasis,
    calendarVersion: calendar.version,
    entities: entities
      .filter((e) => byEntity.has(e.code))
      .map((e) => {
        const list = byEntity.get(e.code) ?? [];
        return {
          entity: { code: e.code, name: e.name },
          requests: list.length,
          answeredInTime: count(list, "respondida_en_plazo"),
          answeredLate: count(list, "respondida_fuera_de_plazo"),
          unanswered: count(list, "no_respondida", "vencida"),
          pending: count(list, "en_plazo"),
          partial: list.filter((r) => r.outcome === "parcial").length,
        };
      }),
  };
}
