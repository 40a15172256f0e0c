import { z } from "zod";
import { PolicyParamsSchema } from "../../../shared/schemas/api.schema.ts";
import {
  IdParamsSchema,
  PeriodCreateSchema,
  PeriodSchema,
  PeriodUpdateSchema,
} from "../../../shared/schemas/tablero.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { listPeriods, openPeriod, updatePeriod } from "./periods.service.ts";

export const periodRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies/:code/periods",
    summary: "Periodos de reporte",
    tags: ["periodos"],
    access: "signed-in",
    params: PolicyParamsSchema,
    response: z.array(PeriodSchema),
    handle: async ({ db, actor, params }) => listPeriods(db, actor, { policyCode: params.code }),
  }),
  defineRoute({
    method: "post",
    path: "/api/policies/:code/periods",
    summary: "Abrir un periodo de reporte",
    tags: ["periodos"],
    access: "period.manage",
    params: PolicyParamsSchema,
    body: PeriodCreateSchema,
    response: PeriodSchema,
    status: 201,
    handle: async ({ db, actor, params, body }) =>
      openPeriod(db, actor, { policyCode: params.code, ...body }),
  }),
  defineRoute({
    method: "patch",
    path: "/api/periods/:id",
    summary: "Cerrar, reabrir o cambiar el plazo de un periodo",
    tags: ["periodos"],
    access: "period.manage",
    params: IdParamsSchema,
    body: PeriodUpdateSchema,
    response: PeriodSchema,
    handle: async ({ db, actor, params, body }) =>
      updatePeriod(db, actor, { id: params.id, patch: body }),
  }),
];
