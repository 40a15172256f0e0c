import type { WorkingDayCalendar } from "../calendar/working-days.ts";

/**
 * Legal deadlines of a request for public information under the TUO de la Ley 27806
 * (DS 021-2019-JUS), art. 11:
 * - b) the entity answers within at most 10 días hábiles;
 * - g) exceptionally, when answering in time is materially impossible, the entity may, once and
 *   with reasons, tell the requester the date on which it will answer, within at most 2 días
 *   hábiles of receiving the request.
 * The wording was transcribed by Vigía; check it against SPIJ when the law changes (the days are
 * parameters here for that reason).
 */
export const ACCESS_REQUEST_RULES = {
  answerWorkingDays: 10,
  extensionNoticeWorkingDays: 2,
  legalBasis: "TUO de la Ley 27806 (DS 021-2019-JUS), art. 11, literales b) y g)",
} as const;

export interface AccessRequestDates {
  /** The day the entity received the request (AAAA-MM-DD). */
  receivedOn: string;
  /** Art. 11 g): when the entity told the requester of a later date, and that date. */
  extension?: { notifiedOn: string; newDate: string };
  answeredOn?: string;
}

export type AccessRequestDeadline =
  | {
      ok: true;
      legalDeadline: string;
      /** The date that binds the entity: the extension's when it was valid, else the legal one. */
      deadline: string;
      extension: "none" | "valid";
      skipped: { date: string; reason: string }[];
      /** Working days late (> 0) or early (≤ 0) when answered; null while open. */
      workingDaysLate: number | null;
    }
  | { ok: false; field: string; message: string };

export function computeAccessRequestDeadline(
  calendar: WorkingDayCalendar,
  dates: AccessRequestDates,
  rules = ACCESS_REQUEST_RULES,
): AccessRequestDeadline {
  const legal = calendar.addWorkingDays(dates.receivedOn, rules.answerWorkingDays);
  let deadline = legal.date;
  let extension: "none" | "valid" = "none";
  if (dates.extension) {
    const { notifiedOn, newDate } = dates.extension;
    const noticeLimit = calendar.addWorkingDays(
      dates.receivedOn,
      rules.extensionNoticeWorkingDays,
    ).date;
    if (notifiedOn < dates.receivedOn || notifiedOn > noticeLimit) {
      return {
        ok: false,
        field: "prorroga.notificadaEl",
        message: `La prórroga debe comunicarse dentro de los ${rules.extensionNoticeWorkingDays} días hábiles de recibida la solicitud (hasta el ${noticeLimit}); se comunicó el ${notifiedOn}.`,
      };
    }
    if (newDate <= legal.date) {
      return {
        ok: false,
        field: "prorroga.nuevaFecha",
        message: `La nueva fecha (${newDate}) debe ser posterior al plazo legal (${legal.date}).`,
      };
    }
    deadline = newDate;
    extension = "valid";
  }
  let workingDaysLate: number | null = null;
  if (dates.answeredOn) {
    if (dates.answeredOn < dates.receivedOn) {
      return {
        ok: false,
        field: "respondidaEl",
        message: "La respuesta no puede ser anterior a la solicitud.",
      };
    }
    workingDaysLate =
      dates.answeredOn > deadline
        ? calendar.workingDaysBetween(deadline, dates.answeredOn)
        : -calendar.workingDaysBetween(dates.answeredOn, deadline);
  }
  return {
    ok: true,
    legalDeadline: legal.date,
    deadline,
    extension,
    skipped: legal.skipped,
    workingDaysLate,
  };
}
