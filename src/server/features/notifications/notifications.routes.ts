import { notificationsContract as c } from "../../../shared/contracts/notifications.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import {
  listMyNotifications,
  markAllRead,
  markRead,
  unreadNotificationCount,
} from "./notifications.service.ts";

export const notificationRoutes = [
  bindRoute(c.list, ({ db, actor, query }) => listMyNotifications(db, actor, query)),
  bindRoute(c.count, ({ db, actor }) => unreadNotificationCount(db, actor)),
  bindRoute(c.markAllRead, ({ db, actor }) => markAllRead(db, actor)),
  bindRoute(c.markRead, ({ db, actor, params }) => markRead(db, actor, { id: params.id })),
];
