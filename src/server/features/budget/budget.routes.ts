import type { Actor } from "../../../shared/actor.ts";
import { budgetContract } from "../../../shared/contracts/budget.contract.ts";
import type { Database } from "../../db/connect.ts";
import { invalid } from "../../errors.ts";
import { bindRoute, type RouteContext } from "../../http/api-route.ts";
import {
  checkPrintedBudgetReport,
  getBudgetByDepartment,
  getBudgetByLevel,
  getBudgetByObjective,
  getBudgetByPliego,
  getBudgetByService,
  getBudgetReview,
  getBudgetSummary,
  getBudgetYears,
  getServicesWithoutBudget,
  listBudgetImports,
} from "./budget.service.ts";
import { exportBudget } from "./budget-export.service.ts";
import { applyBudgetRules, getBudgetRules, importBudgetRules } from "./budget-rules.service.ts";

/** Budget API handlers; who may call each route, and its shapes, are in budget.contract.ts. */

/** The handler of a read of one policy-year: the policy from the path, the year from the query. */
const yearRead =
  <R>(read: (db: Database, actor: Actor, input: { policyCode: string; year: number }) => R) =>
  ({ db, actor, params, query }: RouteContext<{ code: string }, { year: number }, unknown>) =>
    read(db, actor, { policyCode: params.code, year: query.year });

export const budgetRoutes = [
  bindRoute(budgetContract.summary, yearRead(getBudgetSummary)),
  bindRoute(budgetContract.years, ({ db, actor, params }) =>
    getBudgetYears(db, actor, { policyCode: params.code }),
  ),
  bindRoute(budgetContract.services, yearRead(getBudgetByService)),
  bindRoute(budgetContract.objectives, yearRead(getBudgetByObjective)),
  bindRoute(budgetContract.levels, yearRead(getBudgetByLevel)),
  bindRoute(budgetContract.pliegos, yearRead(getBudgetByPliego)),
  bindRoute(budgetContract.departments, yearRead(getBudgetByDepartment)),
  bindRoute(budgetContract.servicesWithoutBudget, yearRead(getServicesWithoutBudget)),
  bindRoute(budgetContract.review, yearRead(getBudgetReview)),
  bindRoute(budgetContract.printedChecks, ({ db, actor, params }) =>
    checkPrintedBudgetReport(db, actor, { policyCode: params.code }),
  ),
  bindRoute(budgetContract.export, async ({ db, actor, params, query }) => {
    const file = await exportBudget(db, actor, { policyCode: params.code, ...query });
    return new Response(file.bytes as unknown as ConstructorParameters<typeof Response>[0], {
      headers: {
        "Content-Type": file.mediaType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
      },
    });
  }),
  bindRoute(budgetContract.rules, ({ db, actor, params }) =>
    getBudgetRules(db, actor, { policyCode: params.code }),
  ),
  bindRoute(budgetContract.importRules, ({ db, actor, params, body }) => {
    if (body.policy !== params.code)
      throw invalid(`Las reglas son de la política "${body.policy}", no de "${params.code}".`);
    return importBudgetRules(db, actor, { document: body });
  }),
  bindRoute(budgetContract.applyRules, ({ db, actor, params, body }) =>
    applyBudgetRules(db, actor, { policyCode: params.code, year: body.year ?? null }),
  ),
  bindRoute(budgetContract.imports, ({ db, actor }) => listBudgetImports(db, actor)),
];
