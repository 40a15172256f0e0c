import { PolicyParamsSchema, YearQuerySchema, YearSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";
import { EvaluationSchema } from "./evaluation.contract.ts";
import { CONTENT_TYPES } from "./reports.contract.ts";

/**
 * Publication of an evaluation year: publishing and withdrawing are the conductor's; reading
 * the published years, their figures and their documents is for everyone, and every reader
 * (an administrator too) gets the same published copy, never the live figures.
 */

export const PublishedYearParamsSchema = PolicyParamsSchema.extend({
  year: YearQuerySchema.describe("Año publicado"),
});

export const PublishSchema = z.object({ year: YearSchema });
export const WithdrawSchema = z.object({ reason: z.string().max(4000) });

export const PublishedYearSchema = z.object({ year: z.number().int(), publishedAt: z.string() });
export const WithdrawalSchema = z.object({
  year: z.number().int(),
  withdrawnAt: z.string(),
  reason: z.string(),
});
export type PublishedYear = z.infer<typeof PublishedYearSchema>;
export type Withdrawal = z.infer<typeof WithdrawalSchema>;

export const publicationContract = {
  publish: defineContract({
    method: "post",
    path: "/api/policies/:code/publications",
    summary: "Publicar la evaluación validada de un año (lo que ve el público)",
    description:
      "Congela las cifras validadas del año con el Informe de Evaluación (PDF) y el paquete de publicación generados en el mismo momento. Se rechaza si el año no tiene ningún valor validado.",
    tags: ["publicación"],
    access: "evaluation.publish",
    params: PolicyParamsSchema,
    body: PublishSchema,
    response: PublishedYearSchema,
    status: 201,
  }),
  list: defineContract({
    method: "get",
    path: "/api/policies/:code/publications",
    summary: "Años publicados (vigentes, no retirados), del más reciente al más antiguo",
    tags: ["publicación"],
    access: "public",
    params: PolicyParamsSchema,
    response: z.array(PublishedYearSchema),
  }),
  read: defineContract({
    method: "get",
    path: "/api/policies/:code/publications/:year",
    summary: "Evaluación publicada de un año: la misma para todos (404 si no está publicada)",
    tags: ["publicación"],
    access: "public",
    params: PublishedYearParamsSchema,
    response: EvaluationSchema,
  }),
  report: defineContract({
    method: "get",
    path: "/api/policies/:code/publications/:year/report",
    summary: "Informe de Evaluación (PDF) del año publicado, tal como se publicó",
    tags: ["publicación"],
    access: "public",
    params: PublishedYearParamsSchema,
    files: [CONTENT_TYPES.pdf],
  }),
  package: defineContract({
    method: "get",
    path: "/api/policies/:code/publications/:year/package",
    summary: "Paquete de publicación (ZIP: PDF, XLSX, CSV, datapackage.json) del año publicado",
    tags: ["publicación"],
    access: "public",
    params: PublishedYearParamsSchema,
    files: [CONTENT_TYPES.zip],
  }),
  withdraw: defineContract({
    method: "post",
    path: "/api/policies/:code/publications/:year/withdrawal",
    summary: "Retirar la publicación de un año, con el motivo (queda en la auditoría)",
    tags: ["publicación"],
    access: "evaluation.publish",
    params: PublishedYearParamsSchema,
    body: WithdrawSchema,
    response: WithdrawalSchema,
  }),
};
