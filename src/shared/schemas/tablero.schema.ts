import { ActorUserSchema, PeriodCodeSchema, YearQuerySchema } from "./common.schema.ts";
import { z } from "./zod-locale.ts";

/**
 * Requests and responses of the Tablero de Control not yet in a contract: data entry and its
 * workflow. The web form validates with these same schemas.
 */

const code = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/)
  .max(40);
const year = YearQuerySchema;
const finiteOrNull = z.number().finite().nullable();
const period = PeriodCodeSchema;
const status = z.enum(["borrador", "enviado", "observado", "validado"]);

export const DisaggregationInputSchema = z.object({
  dimension: z.enum(["sexo", "grupo_edad", "nacionalidad", "region", "otro"]),
  category: z.string().trim().min(1).max(200),
  label: z.string().max(200).nullable().default(null),
  value: z.number().finite(),
});

export const MeasurementInputSchema = z.object({
  value: finiteOrNull.describe(
    "Valor obtenido; may be null when numerator and denominator are given: it is then derived from them (percent = n / d × 100)",
  ),
  numerator: finiteOrNull,
  denominator: finiteOrNull,
  disaggregations: z.array(DisaggregationInputSchema).max(5000).default([]),
  logros: z.string().max(20000).nullable().default(null),
  dificultades: z.string().max(20000).nullable().default(null),
  medidas: z.string().max(20000).nullable().default(null),
  sourceSystem: z.string().max(400).nullable().default(null),
  justification: z
    .string()
    .max(4000)
    .nullable()
    .default(null)
    .describe("Required to submit when the validation rules raise warnings"),
});

export const MeasurementCreateSchema = MeasurementInputSchema.extend({
  year,
  period,
  /** Entity the value belongs to; defaults to the indicator's responsible entity. */
  reportedForEntity: code.optional(),
  /** Required when a validated value for the same period exists (a correction). */
  correctionReason: z.string().trim().min(10).max(4000).optional(),
});

export const MeasurementUpdateSchema = MeasurementInputSchema.extend({
  lockVersion: z
    .number()
    .int()
    .positive()
    .describe("Optimistic concurrency: the version you edited"),
});

export const SubmitSchema = z.object({
  lockVersion: z.number().int().positive(),
  justification: z.string().max(4000).nullable().default(null),
});

export const ObserveSchema = z.object({
  lockVersion: z.number().int().positive(),
  observations: z
    .array(
      z.object({
        field: z
          .string()
          .min(1)
          .max(100)
          .describe("Field the comment is about, e.g. value, numerator"),
        comment: z.string().trim().min(3).max(4000),
      }),
    )
    .min(1, "Indique al menos una observación."),
});

export const ValidateSchema = z.object({ lockVersion: z.number().int().positive() });

export const CommentSchema = z.object({ comment: z.string().trim().min(3).max(4000) });

export const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  path: z.string(),
  message: z.string(),
});

export const RuleContextSchema = z
  .object({
    unit: z.enum(["porcentaje", "numero", "tasa", "razon"]),
    isCumulative: z.boolean(),
    direction: z.enum(["ascendente", "descendente"]),
    meta: z
      .number()
      .nullable()
      .describe("Meta in force for the year; null for semester values (partial) or without meta"),
    previous: z
      .object({
        label: z.string().describe("Period of the value, e.g. 2023 or S1 2024"),
        value: z.number(),
      })
      .nullable()
      .describe("Validated value a cumulative indicator must not fall below"),
  })
  .describe(
    "What validateMeasurement needs besides the value: the form runs the server's rules live",
  );

export const RuleContextQuerySchema = z.object({ year, period });

export const MeasurementSchema = z.object({
  id: z.number().int(),
  indicator: z.object({
    code: z.string(),
    name: z.string(),
    unit: z.enum(["porcentaje", "numero", "tasa", "razon"]),
    isCumulative: z.boolean(),
    version: z.number().int(),
  }),
  year: z.number().int(),
  period,
  revision: z.number().int(),
  status,
  lockVersion: z.number().int(),
  value: z
    .number()
    .nullable()
    .describe("Valor obtenido: typed, or derived from numerator and denominator (valueDerived)"),
  valueDerived: z
    .boolean()
    .describe("The value was derived from numerator and denominator by the shared rule"),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  disaggregations: z.array(DisaggregationInputSchema),
  logros: z.string().nullable(),
  dificultades: z.string().nullable(),
  medidas: z.string().nullable(),
  sourceSystem: z.string().nullable(),
  justification: z.string().nullable(),
  correctionReason: z.string().nullable(),
  reportingEntity: z.string(),
  reportedForEntity: z.string(),
  createdBy: z.string(),
  createdByUser: ActorUserSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  validatedAt: z.string().nullable(),
  findings: z.array(FindingSchema),
  ruleContext: RuleContextSchema,
  observations: z.array(
    z.object({
      id: z.number().int(),
      field: z.string().nullable(),
      comment: z.string(),
      author: z.string(),
      authorUser: ActorUserSchema,
      kind: z.enum(["observacion", "comentario"]),
      createdAt: z.string(),
    }),
  ),
  evidence: z.array(
    z.object({
      id: z.number().int(),
      fileName: z.string(),
      mediaType: z.string(),
      sizeBytes: z.number().int(),
      sha256: z.string(),
      uploadedBy: z.string(),
      uploadedByUser: ActorUserSchema,
      uploadedAt: z.string(),
    }),
  ),
  history: z.array(
    z.object({
      revision: z.number().int(),
      status,
      value: z.number().nullable(),
      valueDerived: z.boolean(),
      correctionReason: z.string().nullable(),
      createdBy: z.string(),
      createdByUser: ActorUserSchema,
      createdAt: z.string(),
    }),
  ),
});

export const TaskSchema = z.object({
  policy: z.string(),
  indicator: z.object({
    code: z.string(),
    name: z.string(),
    unit: z.string(),
    service: z.string().nullable(),
  }),
  entity: z.string().describe("Entity the value is reported for"),
  grant: z.enum(["propia", "delegada"]),
  year: z.number().int(),
  period,
  deadline: z.string(),
  status: z.enum(["pendiente", "borrador", "enviado", "observado", "validado"]),
  isLate: z.boolean(),
  measurementId: z.number().int().nullable(),
});

export { IdParamsSchema } from "./common.schema.ts";
