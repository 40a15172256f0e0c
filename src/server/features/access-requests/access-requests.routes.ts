import { accessRequestsContract as c } from "../../../shared/contracts/access-requests.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import {
  addDocument,
  createAccessRequest,
  getAccessRequest,
  getCompliance,
  listAccessRequests,
  listReminders,
  recordAnswer,
  recordExtension,
} from "./access-requests.service.ts";

// The reminders route comes before /:id, which would otherwise read «reminders» as an id.
export const accessRequestRoutes = [
  bindRoute(c.reminders, ({ db, actor, query }) => listReminders(db, actor, query)),
  bindRoute(c.list, ({ db, actor, query }) => listAccessRequests(db, actor, query)),
  bindRoute(c.get, ({ db, actor, params }) => getAccessRequest(db, actor, { id: params.id })),
  bindRoute(c.create, ({ db, actor, body }) => createAccessRequest(db, actor, body)),
  bindRoute(c.extend, ({ db, actor, params, body }) =>
    recordExtension(db, actor, { id: params.id, ...body }),
  ),
  bindRoute(c.answer, ({ db, actor, params, body }) =>
    recordAnswer(db, actor, { id: params.id, ...body }),
  ),
  bindRoute(c.addDocument, ({ db, actor, params, body }) =>
    addDocument(db, actor, { id: params.id, ...body }),
  ),
  bindRoute(c.compliance, ({ db, actor }) => getCompliance(db, actor)),
];
