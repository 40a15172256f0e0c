import type { Notification } from "../../../shared/contracts/notifications.contract.ts";
import { formatDate } from "../../format.ts";
import type { TFunction } from "../../i18n/i18n.ts";

/**
 * A notification's sentence in the reader's language, pure: the kind's text with the facts,
 * then the pending count of a reminder through the catalogue's plural forms.
 */
export function notificationText(n: Notification, t: TFunction): string {
  const period =
    n.period === null
      ? ""
      : t("notifications.period", { period: t(`periods.${n.period}`), year: n.year });
  const sentence = t(`notifications.kind.${n.kind}`, {
    period,
    request: n.accessRequestId === null ? "" : String(n.accessRequestId),
    deadline: formatDate(n.deadline, t("locale")),
    indicator: n.indicator ? `${n.indicator.code} «${n.indicator.name}»` : "",
    entity: n.entity ?? "",
  });
  return n.pendingCount
    ? `${sentence} ${t("notifications.pending", { count: n.pendingCount })}`
    : sentence;
}

/** Where a notification leads: its value, the register of access requests, or the to-do list. */
export function notificationHref(n: Notification): string {
  if (n.measurementId !== null) return `/mediciones/${n.measurementId}`;
  return n.accessRequestId !== null ? "/solicitudes-acceso" : "/tareas";
}

/** The bell's accessible name: how many are unread, in the language's plural form. */
export function bellLabel(unread: number, t: TFunction): string {
  return unread > 0 ? t("notifications.bell", { count: unread }) : t("notifications.bellNone");
}
