import { z } from "zod";
import { EvaluationSchema, PolicyParamsSchema } from "../../../shared/schemas/api.schema.ts";
import { defineRoute } from "../../http/api-route.ts";
import { fileResponse } from "../reports/reports.routes.ts";
import { CONTENT_TYPES } from "../reports/reports.service.ts";
import {
  getPublishedEvaluation,
  getPublishedFile,
  listPublications,
  publishEvaluation,
  withdrawPublication,
} from "./publication.service.ts";

const year = z.coerce.number().int().min(1990).max(2100).describe("Año publicado");
const YearParamsSchema = PolicyParamsSchema.extend({ year });

export const PublishedYearSchema = z.object({ year: z.number().int(), publishedAt: z.string() });
export const WithdrawalSchema = z.object({
  year: z.number().int(),
  withdrawnAt: z.string(),
  reason: z.string(),
});

/**
 * Publication of an evaluation year: publishing and withdrawing are the conductor's; reading
 * the published years, their figures and their documents is for everyone, and every reader
 * (an administrator too) gets the same published copy, never the live figures.
 */
export const publicationRoutes = [
  defineRoute({
    method: "post",
    path: "/api/policies/:code/publications",
    summary: "Publicar la evaluación validada de un año (lo que ve el público)",
    description:
      "Congela las cifras validadas del año con el Informe de Evaluación (PDF) y el paquete de publicación generados en el mismo momento. Se rechaza si el año no tiene ningún valor validado.",
    tags: ["publicación"],
    access: "evaluation.publish",
    params: PolicyParamsSchema,
    body: z.object({ year: z.number().int().min(1990).max(2100) }),
    response: PublishedYearSchema,
    status: 201,
    handle: ({ db, actor, params, body }) =>
      publishEvaluation(db, actor, { policyCode: params.code, year: body.year }),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/publications",
    summary: "Años publicados (vigentes, no retirados), del más reciente al más antiguo",
    tags: ["publicación"],
    access: "public",
    params: PolicyParamsSchema,
    response: z.array(PublishedYearSchema),
    handle: ({ db, actor, params }) => listPublications(db, actor, { policyCode: params.code }),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/publications/:year",
    summary: "Evaluación publicada de un año: la misma para todos (404 si no está publicada)",
    tags: ["publicación"],
    access: "public",
    params: YearParamsSchema,
    response: EvaluationSchema,
    handle: ({ db, actor, params }) =>
      getPublishedEvaluation(db, actor, { policyCode: params.code, year: params.year }),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/publications/:year/report",
    summary: "Informe de Evaluación (PDF) del año publicado, tal como se publicó",
    tags: ["publicación"],
    access: "public",
    params: YearParamsSchema,
    files: [CONTENT_TYPES.pdf],
    handle: async ({ db, actor, params }) =>
      fileResponse(
        await getPublishedFile(db, actor, {
          policyCode: params.code,
          year: params.year,
          kind: "informe",
        }),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/api/policies/:code/publications/:year/package",
    summary: "Paquete de publicación (ZIP: PDF, XLSX, CSV, datapackage.json) del año publicado",
    tags: ["publicación"],
    access: "public",
    params: YearParamsSchema,
    files: [CONTENT_TYPES.zip],
    handle: async ({ db, actor, params }) =>
      fileResponse(
        await getPublishedFile(db, actor, {
          policyCode: params.code,
          year: params.year,
          kind: "paquete",
        }),
      ),
  }),
  defineRoute({
    method: "post",
    path: "/api/policies/:code/publications/:year/withdrawal",
    summary: "Retirar la publicación de un año, con el motivo (queda en la auditoría)",
    tags: ["publicación"],
    access: "evaluation.publish",
    params: YearParamsSchema,
    body: z.object({ reason: z.string().max(4000) }),
    response: WithdrawalSchema,
    handle: ({ db, actor, params, body }) =>
      withdrawPublication(db, actor, {
        policyCode: params.code,
        year: params.year,
        reason: body.reason,
      }),
  }),
];
