import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { api, type Notification } from "../../api-client.ts";
import { ErrorBox, Loading, PageTitle } from "../../components/ui.tsx";
import { formatDateTime } from "../../format.ts";
import { useT } from "../../i18n/index.tsx";
import { queries } from "../../queries.ts";
import { notificationHref, notificationText } from "./notification-text.ts";

/** /notificaciones: the signed-in person's notifications, newest first, marked read here. */
export function NotificationsPage() {
  const t = useT();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery(queries.notifications(unreadOnly));
  const [error, setError] = useState<unknown>(null);

  async function act(change: () => Promise<unknown>) {
    setError(null);
    try {
      await change();
    } catch (err) {
      setError(err);
    }
  }

  if (list.error) return <ErrorBox error={list.error} onRetry={() => void list.refetch()} />;
  const unread = list.data?.unread ?? 0;
  return (
    <>
      <PageTitle text={t("notifications.title")}>{t("notifications.title")}</PageTitle>
      <p className="lead">{t("notifications.intro")}</p>
      <div className="toolbar">
        <label className="field field-inline">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.target.checked)}
          />{" "}
          {t("notifications.unreadOnly")}
        </label>
        <p className="toolbar-summary" aria-live="polite">
          {unread > 0
            ? t("notifications.summary", { count: unread })
            : t("notifications.summaryNone")}
        </p>
        {unread > 0 && (
          <button type="button" onClick={() => void act(() => api.markAllNotificationsRead())}>
            {t("notifications.markAllRead")}
          </button>
        )}
      </div>
      {error !== null && <ErrorBox error={error} />}
      {!list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p className="empty">
          {unreadOnly ? t("notifications.emptyUnread") : t("notifications.empty")}
        </p>
      ) : (
        <ul className="notification-list">
          {list.data.items.map((n) => (
            <NotificationItem
              key={n.id}
              n={n}
              onRead={() => void act(() => api.markNotificationRead(n.id))}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function NotificationItem({ n, onRead }: { n: Notification; onRead: () => void }) {
  const t = useT();
  const unread = n.readAt === null;
  return (
    <li className={unread ? "notification unread" : "notification"} data-kind={n.kind}>
      <p className="notification-head">
        <strong>{t(`notifications.kindLabel.${n.kind}`)}</strong>
        {unread && <span className="tag">{t("notifications.unread")}</span>}
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, t("locale"))}</time>
      </p>
      <p>{notificationText(n, t)}</p>
      <p className="notification-actions">
        <Link
          className="button-link"
          to={notificationHref(n)}
          onClick={() => {
            if (unread) onRead();
          }}
        >
          {t("notifications.open")}
        </Link>
        {unread && (
          <button type="button" className="button-link-plain" onClick={onRead}>
            {t("notifications.markRead")}
          </button>
        )}
      </p>
    </li>
  );
}
