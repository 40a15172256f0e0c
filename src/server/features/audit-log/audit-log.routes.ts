import { auditLogContract } from "../../../shared/contracts/audit-log.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { listAuditEvents } from "./audit-log.service.ts";

export const auditLogRoutes = [
  bindRoute(auditLogContract.list, ({ db, actor, query }) => listAuditEvents(db, actor, query)),
];
