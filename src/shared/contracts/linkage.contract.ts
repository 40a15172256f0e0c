import { EncodingsFileSchema } from "../linkage/encodings-file.ts";
import { IdParamsSchema, YearQuerySchema, YearSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";
import { SourceParamsSchema } from "./statistics.contract.ts";

/**
 * Record linkage inside Vigía (docs/linkage.md, ADR 0029): institutions upload the encodings
 * they made on their side with the shared secret; Vigía links a year's batches, shows the score
 * distribution, the deduplicated count, the overlap table and the dark-figure estimate, and lets
 * an analyst review borderline pairs. Everything here is record-level data or computed from it:
 * its own permissions, every read audited, and no route of it is public.
 */

/** Encodings files of 100,000 records weigh about 30 MB. */
export const MAX_ENCODINGS_BODY_BYTES = 64 * 1024 * 1024;

export const LinkageBatchSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  year: z.number().int(),
  schemaHash: z.string(),
  records: z.number().int(),
  uploadedAt: z.string(),
});
export type LinkageBatch = z.infer<typeof LinkageBatchSchema>;

export const LinkageHistogramSchema = z.object({
  binWidth: z.number(),
  counts: z.array(z.number().int()).describe("Candidate pairs per Dice bin, from 0 to 1"),
});

export const LinkageRunSummarySchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  version: z.number().int(),
  threshold: z.number(),
  thresholdOrigin: z
    .enum(["indicado", "distribucion"])
    .describe("indicado: given by the analyst; distribucion: the histogram's valley or default"),
  sources: z.array(z.string()),
  records: z.number().int(),
  candidatePairs: z.number().int(),
  pairsAboveThreshold: z.number().int(),
  withinSourcePairs: z
    .number()
    .int()
    .describe("Pairs of one source above the threshold: possible duplicates, not merged"),
  oversizedBlocks: z.number().int(),
  createdAt: z.string(),
});
export type LinkageRunSummary = z.infer<typeof LinkageRunSummarySchema>;

export const LinkageOverlapRowSchema = z.object({
  sources: z.array(z.string()).describe("The sources that hold this combination's people"),
  count: z.number().int(),
});

export const LinkageMseSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    observed: z.number().int(),
    darkFigure: z.number(),
    total: z.number(),
    interval: z.object({ level: z.number(), lower: z.number(), upper: z.number() }),
    method: z.string(),
    interactions: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type LinkageMse = z.infer<typeof LinkageMseSchema>;

export const LinkageRunResultSchema = LinkageRunSummarySchema.extend({
  histogram: LinkageHistogramSchema,
  deduplicated: z.number().int().describe("Clusters: distinct people the sources saw"),
  overlap: z.array(LinkageOverlapRowSchema),
  mse: LinkageMseSchema,
  review: z.object({
    pending: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
  }),
  provenance: z.string(),
});
export type LinkageRunResult = z.infer<typeof LinkageRunResultSchema>;

export const LinkagePairSchema = z.object({
  id: z.number().int(),
  score: z.number(),
  left: z.object({ source: z.string(), record: z.string() }),
  right: z.object({ source: z.string(), record: z.string() }),
  linked: z.boolean().describe("What the automatic clustering did"),
  decision: z.enum(["aceptar", "rechazar"]).nullable(),
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type LinkagePair = z.infer<typeof LinkagePairSchema>;

export const LinkageRunCreateSchema = z.object({
  year: YearSchema,
  threshold: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe("Dice threshold; without it, the valley of the score histogram"),
});

export const LinkageDecisionSchema = z.object({
  decision: z.enum(["aceptar", "rechazar"]),
  reason: z.string().trim().min(1).max(2000).optional(),
});

export const linkageContract = {
  upload: defineContract({
    method: "post",
    path: "/api/linkage/sources/:code/batches",
    summary: "Cargar el archivo de codificaciones de una fuente para un año",
    description:
      "JSON body: the file `vigia linkage encode` wrote (vigia-linkage-encodings/1). Refused when its schema hash differs from the year's other batches, or when its source is not the path's. A focal point may upload only the sources of its entities.",
    tags: ["enlace"],
    access: "linkage.submit",
    params: SourceParamsSchema,
    query: z.object({ year: YearQuerySchema }),
    body: EncodingsFileSchema,
    maxBodyBytes: MAX_ENCODINGS_BODY_BYTES,
    response: LinkageBatchSchema,
    status: 201,
  }),
  batches: defineContract({
    method: "get",
    path: "/api/linkage/batches",
    summary: "Lotes de codificaciones cargados para un año (sin registros)",
    tags: ["enlace"],
    access: "linkage.manage",
    query: z.object({ year: YearQuerySchema }),
    response: z.array(LinkageBatchSchema),
  }),
  run: defineContract({
    method: "post",
    path: "/api/linkage/runs",
    summary: "Enlazar los lotes de un año (nueva versión)",
    tags: ["enlace"],
    access: "linkage.manage",
    body: LinkageRunCreateSchema,
    response: LinkageRunResultSchema,
    status: 201,
  }),
  runs: defineContract({
    method: "get",
    path: "/api/linkage/runs",
    summary: "Versiones del enlace de un año",
    tags: ["enlace"],
    access: "linkage.manage",
    query: z.object({ year: YearQuerySchema }),
    response: z.array(LinkageRunSummarySchema),
  }),
  result: defineContract({
    method: "get",
    path: "/api/linkage/runs/:id",
    summary:
      "Resultado de un enlace: conteo deduplicado, solapamientos y cifra oculta (lectura auditada)",
    tags: ["enlace"],
    access: "linkage.manage",
    params: IdParamsSchema,
    response: LinkageRunResultSchema,
  }),
  pairs: defineContract({
    method: "get",
    path: "/api/linkage/runs/:id/pairs",
    summary: "Pares dudosos de un enlace, para revisión (lectura auditada)",
    tags: ["enlace"],
    access: "linkage.manage",
    params: IdParamsSchema,
    response: z.array(LinkagePairSchema),
  }),
  decide: defineContract({
    method: "post",
    path: "/api/linkage/pairs/:id/decision",
    summary: "Aceptar o rechazar un par dudoso (auditado)",
    tags: ["enlace"],
    access: "linkage.manage",
    params: IdParamsSchema,
    body: LinkageDecisionSchema,
    response: LinkagePairSchema,
  }),
};
