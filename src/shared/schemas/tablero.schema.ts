import { YearQuerySchema } from "./common.schema.ts";
import { z } from "./zod-locale.ts";

/**
 * Requests and responses of the Tablero de Control not yet in a contract: the dashboard. The web form validates with these same schemas.
 */

const year = YearQuerySchema;

export const DashboardQuerySchema = z.object({
  year,
  preview: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const ReportingStatusSchema = z.object({
  entity: z.string(),
  expected: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int().describe("Not sent and the deadline has passed"),
  pending: z.number().int().describe("Not sent yet, deadline still ahead"),
  validated: z.number().int(),
});

export const TrendPointSchema = z.object({
  year: z.number().int(),
  objective: z.string(),
  tipo1: z.union([z.number(), z.literal("ND")]),
  tipo2: z.union([z.number(), z.literal("ND")]),
});

export { IdParamsSchema } from "./common.schema.ts";
