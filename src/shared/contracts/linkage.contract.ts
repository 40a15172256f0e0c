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
  baseRunId: z
    .number()
    .int()
    .nullable()
    .describe("The run this one was built on (incremental), or null for a run from scratch"),
  newRecords: z
    .number()
    .int()
    .nullable()
    .describe("Records linked in this increment against the base run's clusters"),
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

const LinkedCountSchema = z.object({
  code: z.string().nullable().describe("The attribute's code; null where no record says it"),
  count: z.number().int(),
});

export const LinkedCountsSchema = z
  .object({
    people: z.number().int(),
    withVictimRecord: z
      .number()
      .int()
      .describe("People with a pseudonymous victim record in the register to read attributes from"),
    byDepartment: z.array(LinkedCountSchema),
    bySex: z.array(LinkedCountSchema),
    byAgeBand: z.array(LinkedCountSchema),
    bySexAndAge: z.array(
      z.object({
        sex: z.string().nullable(),
        ageBand: z.string().nullable(),
        count: z.number().int(),
      }),
    ),
    byExploitationForm: z.array(LinkedCountSchema),
    conflicts: z
      .object({
        department: z.number().int(),
        sex: z.number().int(),
        ageBand: z.number().int(),
        exploitationForm: z.number().int(),
      })
      .describe(
        "People whose records disagree on the attribute (resolved by majority, then source order)",
      ),
  })
  .describe(
    "Deduplicated people by region, sex × age band and form of exploitation, read from the register's victim records by record id",
  );
export type LinkedCountsView = z.infer<typeof LinkedCountsSchema>;

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
  counts: LinkedCountsSchema,
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
    .describe(
      "Dice threshold; without it, the valley of the score histogram (incremental: the base run's)",
    ),
  incremental: z
    .boolean()
    .optional()
    .describe(
      "Build on the year's latest run: keep its clusters and review decisions, link only the batches uploaded since",
    ),
});

export const LinkagePublicationSchema = z.object({
  run: z.number().int(),
  year: z.number().int(),
  version: z.number().int(),
  importId: z.number().int().nullable(),
  figuresNew: z.number().int(),
  figuresRestated: z.number().int(),
  figuresUnchanged: z.number().int(),
  overlap: z
    .object({
      status: z.enum(["registrada", "ya_declarada"]),
      sources: z.array(z.string()),
      overlap: z.number().int(),
      message: z.string(),
    })
    .describe("The overlap of the sources' victims as a declared overlap in the reconciliation"),
});
export type LinkagePublication = z.infer<typeof LinkagePublicationSchema>;

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
  publish: defineContract({
    method: "post",
    path: "/api/linkage/runs/:id/publish",
    summary: "Publicar los conteos sin duplicados de un enlace en el registro estadístico",
    description:
      "Writes the run's deduplicated victims (total, sex × age band, form of exploitation) as figures of concept victim_linked, source MININTER-ENLACE, through the register's own import (same row rules, restatement as a new version, audit), and the sources' overlap as a declared overlap for the reconciliation. From there they reach the TIP data pack (data points 15–17) and, through disclosure control, every public output.",
    tags: ["enlace"],
    access: "linkage.manage",
    params: IdParamsSchema,
    response: LinkagePublicationSchema,
    status: 201,
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
