import { hasPermission, ROLES } from "../../../shared/permissions.ts";
import type { Executor } from "../../db/connect.ts";
import { listPendingAccessRequests } from "../access-requests/access-requests.repository.ts";
import { holidayCalendar, requestDeadline } from "../access-requests/access-requests.service.ts";
import {
  listActiveUserIds,
  listActiveUserIdsWithRoles,
  listFocalPointsOf,
} from "./notifications.repository.ts";
import { emitNotifications } from "./notifications.service.ts";

/**
 * The daily notices of access-to-information requests (issue 16, ADR 0028): a pending request
 * whose deadline (with its extension) is at most 3 días hábiles away, and then once overdue,
 * is told to the focal points of its entity (who must answer) and to whoever keeps it in the
 * register (who follows it). Deadlines are computed here as the register computes them, from
 * the dates and the calendar of días hábiles, so a holiday moves the notice with the deadline.
 */

/** The first notice comes this many días hábiles before the deadline (the register's default). */
export const REQUEST_REMINDER_WORKING_DAYS = 3;
/**
 * How long after the deadline a pending request still gets its «vencida» notice: a server down
 * for a few days still sends it, while a register loaded with years-old requests floods no one.
 */
export const REQUEST_OVERDUE_NOTICE_WORKING_DAYS = 10;

export type RequestReminderKind = "solicitud_por_vencer" | "solicitud_vencida";

/** The notice a request's deadline calls for `today`, or null; counted in días hábiles. */
export function requestReminderKindFor(
  today: string,
  deadline: string,
  calendar = holidayCalendar(),
): RequestReminderKind | null {
  if (today <= deadline) {
    return calendar.workingDaysBetween(today, deadline) <= REQUEST_REMINDER_WORKING_DAYS
      ? "solicitud_por_vencer"
      : null;
  }
  return calendar.workingDaysBetween(deadline, today) <= REQUEST_OVERDUE_NOTICE_WORKING_DAYS
    ? "solicitud_vencida"
    : null;
}

/** Roles that keep the register (access_request.manage): told when the registrant is no account. */
const KEEPER_ROLES = ROLES.filter((r) => hasPermission(r, "access_request.manage"));

/** created_by holds the actor id ("user:12", "cli:maria"): the account, when it was one. */
function registrantUserId(createdBy: string): number | null {
  const match = /^user:(\d+)$/.exec(createdBy);
  return match ? Number(match[1]) : null;
}

export interface RequestReminderDetail {
  accessRequests: number;
  accessRequestNotifications: number;
}

/** The access-request notices due `today`, written in the caller's transaction. */
export async function sendAccessRequestReminders(
  tx: Executor,
  today: string,
): Promise<RequestReminderDetail> {
  const calendar = holidayCalendar();
  let considered = 0;
  let notifications = 0;
  let keepers: number[] | null = null;
  for (const request of await listPendingAccessRequests(tx)) {
    const deadline = requestDeadline(request, calendar);
    const kind = requestReminderKindFor(today, deadline, calendar);
    if (!kind) continue;
    considered += 1;
    const focal = (await listFocalPointsOf(tx, [request.entityId])).map((r) => r.userId);
    const registrant = registrantUserId(request.createdBy);
    let followers = registrant === null ? [] : await listActiveUserIds(tx, [registrant]);
    if (followers.length === 0) {
      keepers ??= await listActiveUserIdsWithRoles(tx, KEEPER_ROLES);
      followers = keepers;
    }
    const users = [...new Set([...focal, ...followers])];
    notifications += await emitNotifications(
      tx,
      users.map((userId) => ({
        userId,
        kind,
        policyId: null,
        accessRequestId: request.id,
        entityId: request.entityId,
        // A new deadline (an extension recorded) is news again.
        dedupeKey: `${kind}:r${request.id}:u${userId}:d${deadline}`,
      })),
    );
  }
  return { accessRequests: considered, accessRequestNotifications: notifications };
}
