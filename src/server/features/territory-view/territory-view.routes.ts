import { territoryViewContract as c } from "../../../shared/contracts/territory-view.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { fileResponse } from "../reports/reports.routes.ts";
import { listMapIndicators } from "./map-indicators.service.ts";
import { getMapLayer } from "./map-layer.service.ts";
import { getRegionView } from "./region-view.service.ts";
import { generateRegionalReport } from "./regional-report.service.ts";

// /map/indicators before /map would not matter (exact paths), but /regions/:ubigeo/report is
// its own path, so the order is only for reading.
export const territoryViewRoutes = [
  bindRoute(c.map, ({ db, actor, query }) => getMapLayer(db, actor, query)),
  bindRoute(c.mapIndicators, ({ db, actor, query }) => listMapIndicators(db, actor, query)),
  bindRoute(c.region, ({ db, actor, params, query }) =>
    getRegionView(db, actor, { ubigeo: params.ubigeo, ...query }),
  ),
  bindRoute(c.regionReport, async ({ db, actor, params, query }) =>
    fileResponse(
      await generateRegionalReport(db, actor, {
        ubigeo: params.ubigeo,
        year: query.year,
        policy: query.policy,
        format: query.format,
      }),
    ),
  ),
];
