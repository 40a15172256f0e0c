import { z } from "../schemas/zod-locale.ts";

/**
 * The TIP data pack's list of data points (reference/statistics/tip-data-points.json, TRANSCRIBED
 * from seeds_002_004.md §a.8): the file's schema, read by the pack (reports/tip) and by the
 * focal points' entries (tip-entries), which validate a point's id against it.
 */

export const TIP_PILLARS = ["prosecution", "protection", "prevention"] as const;
export type TipPillar = (typeof TIP_PILLARS)[number];

export const DIMENSIONS = ["sex", "ageBand", "nationality", "exploitationForm", "statute"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** A part dimension may also be the territory. */
export const PART_KEYS = [...DIMENSIONS, "ubigeo"] as const;
export type PartKey = (typeof PART_KEYS)[number];

const Bilingual = z.object({ es: z.string().min(1), en: z.string().min(1) }).strict();

const FigureQuery = z
  .object({
    concepts: z.array(z.string().min(1)).min(1),
    sources: z.array(z.string().min(1)).optional(),
    /** A dimension fixed to a code, to "*" (any code, not null) or to null (not disaggregated). */
    where: z.partialRecord(z.enum(DIMENSIONS), z.string().nullable()).optional(),
    parts: z.array(z.enum(PART_KEYS)).optional(),
    totalCodes: z.partialRecord(z.enum(DIMENSIONS), z.string()).optional(),
    /** The data point is the disaggregation: without parts it is not available. */
    requireParts: z.boolean().optional(),
  })
  .strict();

/** Answered by another feature: the budget module, the evaluation, the report to Congress. */
const FeatureQuery = z.union([
  z.object({ budget: z.literal(true) }).strict(),
  z.object({ evaluation: z.literal(true) }).strict(),
  z.object({ congress: z.literal(true) }).strict(),
]);

export const TipDataPointSchema = z
  .object({
    id: z.number().int().positive(),
    pillar: z.enum(TIP_PILLARS),
    label: Bilingual,
    query: z.union([FigureQuery, FeatureQuery]).nullable(),
    disaggregation: Bilingual,
    /** How the notes say it can be produced: A automatic, S focal points' entries, M narrative. */
    mode: z.enum(["A", "S", "M", "A/S"]),
    seed: z.object({ document: z.literal("002"), lines: z.string().min(1) }).strict(),
  })
  .strict();
export type TipDataPoint = z.infer<typeof TipDataPointSchema>;
export type TipFigureQuery = z.infer<typeof FigureQuery>;

export const TipDataPointsFileSchema = z
  .object({
    format: z.literal("vigia-tip-data-points/1"),
    version: z.number().int().positive(),
    label: z.string().min(1),
    document: z.object({ seed: z.string(), notes: z.string() }).strict(),
    dataPoints: z.array(TipDataPointSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = file.dataPoints.map((d) => d.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: "custom", message: "ids de datos repetidos", path: ["dataPoints"] });
    }
  });
export type TipDataPointsFile = z.infer<typeof TipDataPointsFileSchema>;
