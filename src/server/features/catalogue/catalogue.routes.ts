import {
  type CatalogueIndicator,
  catalogueContract,
} from "../../../shared/contracts/catalogue.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { listPolicies } from "./catalogue.service.ts";
import { listIndicators, reviseMeta } from "./catalogue-admin.service.ts";
import { createFichaVersion, listFichaVersions } from "./ficha-versions.service.ts";

export const catalogueRoutes = [
  bindRoute(catalogueContract.policies, ({ db, actor }) => listPolicies(db, actor)),
];

// The column is text; the catalogue import admits only the contract's units.
const unitOf = (unit: string) => unit as CatalogueIndicator["unit"];

export const catalogueAdminRoutes = [
  bindRoute(catalogueContract.indicators, async ({ db, actor, params }) =>
    (await listIndicators(db, actor, { policyCode: params.code })).map((i) => ({
      ...i,
      unit: unitOf(i.unit),
    })),
  ),
  bindRoute(catalogueContract.reviseMeta, ({ db, actor, params, body }) =>
    reviseMeta(db, actor, { policyCode: params.code, indicatorCode: params.indicator, ...body }),
  ),
  bindRoute(catalogueContract.fichaVersions, ({ db, actor, params }) =>
    listFichaVersions(db, actor, { policyCode: params.code, indicatorCode: params.indicator }),
  ),
  bindRoute(catalogueContract.createFichaVersion, ({ db, actor, params, body }) =>
    createFichaVersion(db, actor, {
      policyCode: params.code,
      indicatorCode: params.indicator,
      ...body,
    }),
  ),
];
