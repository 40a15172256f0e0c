import { z } from "zod";
import { PolicyParamsSchema, PolicySummarySchema } from "../../../shared/schemas/api.schema.ts";
import {
  CommitmentUpdateSchema,
  IdParamsSchema,
  MetaRevisionSchema,
} from "../../../shared/schemas/tablero.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { listPolicies } from "./catalogue.service.ts";
import {
  listCommitments,
  listIndicators,
  reviseMeta,
  updateCommitment,
} from "./catalogue-admin.service.ts";

export const catalogueRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies",
    summary: "Políticas nacionales cargadas",
    tags: ["catálogo"],
    access: "public",
    response: z.array(PolicySummarySchema),
    handle: ({ db, actor }) => listPolicies(db, actor),
  }),
];

const IndicatorParams = PolicyParamsSchema.extend({
  indicator: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .max(40),
});

export const catalogueAdminRoutes = [
  defineRoute({
    method: "get",
    path: "/api/policies/:code/indicators",
    summary: "Indicadores con su ficha vigente y sus metas (todas las revisiones)",
    tags: ["catálogo"],
    access: "signed-in",
    params: PolicyParamsSchema,
    response: z.array(
      z.object({
        code: z.string(),
        level: z.string(),
        objective: z.string(),
        service: z.string().nullable(),
        name: z.string(),
        unit: z.string(),
        version: z.number().int(),
        responsible: z.string(),
        metas: z.array(
          z.object({
            year: z.number().int(),
            value: z.number(),
            revision: z.number().int(),
            source: z.string(),
          }),
        ),
      }),
    ),
    handle: ({ db, actor, params }) => listIndicators(db, actor, { policyCode: params.code }),
  }),
  defineRoute({
    method: "post",
    path: "/api/policies/:code/indicators/:indicator/metas",
    summary: "Cambiar una meta (nueva revisión con motivo)",
    tags: ["catálogo"],
    access: "catalogue.manage",
    params: IndicatorParams,
    body: MetaRevisionSchema,
    response: z.object({
      indicator: z.string(),
      year: z.number().int(),
      value: z.number(),
      revision: z.number().int(),
      source: z.string(),
    }),
    status: 201,
    handle: ({ db, actor, params, body }) =>
      reviseMeta(db, actor, { policyCode: params.code, indicatorCode: params.indicator, ...body }),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/commitments",
    summary: "Matriz de compromisos",
    tags: ["catálogo"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    response: z.array(
      z.object({
        id: z.number().int(),
        number: z.number().int(),
        periodYear: z.number().int(),
        aspect: z.string(),
        indicator: z.string().nullable(),
        service: z.string().nullable(),
        recommendation: z.string(),
        keyAction: z.string().nullable(),
        responsibleUnit: z.string().nullable(),
        deadline: z.string().nullable(),
        status: z.string(),
        comment: z.string().nullable(),
        newMetas: z.unknown(),
      }),
    ),
    handle: ({ db, actor, params }) => listCommitments(db, actor, { policyCode: params.code }),
  }),
  defineRoute({
    method: "patch",
    path: "/api/commitments/:id",
    summary: "Actualizar el estado de un compromiso",
    tags: ["catálogo"],
    access: "commitment.manage",
    params: IdParamsSchema,
    body: CommitmentUpdateSchema,
    response: z.object({
      id: z.number().int(),
      status: z.string(),
      comment: z.string().nullable(),
    }),
    handle: ({ db, actor, params, body }) =>
      updateCommitment(db, actor, { id: params.id, ...body }),
  }),
];
