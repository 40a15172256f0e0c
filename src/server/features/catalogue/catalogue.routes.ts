import {
  type CatalogueIndicator,
  type CommitmentRow,
  catalogueContract,
} from "../../../shared/contracts/catalogue.contract.ts";
import { bindRoute } from "../../http/api-route.ts";
import { listPolicies } from "./catalogue.service.ts";
import {
  listCommitments,
  listIndicators,
  reviseMeta,
  updateCommitment,
} from "./catalogue-admin.service.ts";
import { createFichaVersion, listFichaVersions } from "./ficha-versions.service.ts";

export const catalogueRoutes = [
  bindRoute(catalogueContract.policies, ({ db, actor }) => listPolicies(db, actor)),
];

// The columns are text; the catalogue import admits only the contract's units and statuses.
const unitOf = (unit: string) => unit as CatalogueIndicator["unit"];
const statusOf = (status: string) => status as CommitmentRow["status"];

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
  bindRoute(catalogueContract.commitments, async ({ db, actor, params }) =>
    (await listCommitments(db, actor, { policyCode: params.code })).map((c) => ({
      ...c,
      status: statusOf(c.status),
    })),
  ),
  bindRoute(catalogueContract.updateCommitment, ({ db, actor, params, body }) =>
    updateCommitment(db, actor, { id: params.id, ...body }),
  ),
];
