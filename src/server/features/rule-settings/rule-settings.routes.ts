import { ruleSettingsContract as c } from "../../../shared/contracts/rule-settings.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { getRuleAlerts, listRuleSettings, setRuleSettings } from "./rule-settings.service.ts";

export const ruleSettingsRoutes = [
  bindRoute(c.list, ({ db, actor, params }) =>
    listRuleSettings(db, actor, { policyCode: params.code }),
  ),
  bindRoute(c.set, ({ db, actor, params, body }) =>
    setRuleSettings(db, actor, {
      policyCode: params.code,
      indicatorCode: params.indicator,
      ...body,
    }),
  ),
  bindRoute(c.alerts, ({ db, actor, params, query }) =>
    getRuleAlerts(db, actor, { policyCode: params.code, year: query.year }),
  ),
];
