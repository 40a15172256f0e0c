import { IndicatorUnit } from "../schemas/catalogue.schema.ts";
import {
  ActorUserSchema,
  CodeSchema,
  DbIntSchema,
  IdempotencyKeySchema,
  IdParamsSchema,
  IndicatorParamsSchema,
  LockVersionSchema,
  PeriodCodeSchema,
  PolicyParamsSchema,
  YearQuerySchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { VALUE_WARNING_CODES } from "../validation/measurement-rules.ts";
import { ResolvedRuleSettingsSchema } from "../validation/rule-settings.ts";
import { defineContract } from "./contract.ts";
import { PeriodSchema } from "./periods.contract.ts";

/**
 * Data entry and its review: values reported per indicator and period, their workflow
 * (borrador → enviado → observado/validado), evidence files, the reporting tasks and the
 * context the validation rules need. The web form validates with these same schemas.
 */

const finiteOrNull = z.number().finite().nullable();
const MeasurementStatusSchema = z.enum(["borrador", "enviado", "observado", "validado"]);
const UnitSchema = z.enum(["porcentaje", "numero", "tasa", "razon"]);

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
  year: YearQuerySchema,
  period: PeriodCodeSchema,
  /** Entity the value belongs to; defaults to the indicator's responsible entity. */
  reportedForEntity: CodeSchema.optional(),
  /** Required when a validated value for the same period exists (a correction). */
  correctionReason: z.string().trim().min(10).max(4000).optional(),
  idempotencyKey: IdempotencyKeySchema.optional(),
});

export const MeasurementUpdateSchema = MeasurementInputSchema.extend({
  lockVersion: LockVersionSchema,
  idempotencyKey: IdempotencyKeySchema.optional(),
});

export const SubmitSchema = z.object({
  lockVersion: LockVersionSchema,
  justification: z.string().max(4000).nullable().default(null),
  idempotencyKey: IdempotencyKeySchema.optional(),
});

export const ObserveSchema = z.object({
  lockVersion: LockVersionSchema,
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

export const ValidateSchema = z.object({ lockVersion: LockVersionSchema });

/** Bulk validation: each value with the version the reviewer saw, validated one by one. */
export const ValidateManySchema = z.object({
  items: z
    .array(z.object({ id: DbIntSchema, lockVersion: LockVersionSchema }))
    .min(1, "Seleccione al menos un valor.")
    .max(200, "Valide como máximo 200 valores a la vez.")
    .refine(
      (items) => new Set(items.map((i) => i.id)).size === items.length,
      "Un valor está seleccionado dos veces.",
    ),
});

export const ValidateManyResultSchema = z.object({
  validated: z.number().int(),
  failed: z.number().int(),
  results: z.array(
    z.object({
      id: z.number().int(),
      ok: z.boolean(),
      status: z.string().nullable().describe("The value's status afterwards; null when unreadable"),
      error: z
        .object({ code: z.string(), message: z.string() })
        .nullable()
        .describe("Why this value was not validated (stale, not submitted, not found…)"),
    }),
  ),
});

export const CommentSchema = z.object({ comment: z.string().trim().min(3).max(4000) });

export const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  path: z.string(),
  message: z.string(),
});

export const RuleContextSchema = z
  .object({
    unit: UnitSchema,
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
    previousYear: z
      .object({ label: z.string(), value: z.number() })
      .nullable()
      .optional()
      .describe(
        "Previous year's validated annual value of a non-cumulative indicator (year-over-year warning)",
      ),
    settings: ResolvedRuleSettingsSchema.optional().describe(
      "The conductor's rule settings of the indicator, defaults filled in (absent: the defaults)",
    ),
  })
  .describe(
    "What validateMeasurement needs besides the value: the form runs the server's rules live",
  );
export type RuleContext = z.infer<typeof RuleContextSchema>;

const ProgressSchema = z
  .union([z.number(), z.literal("ND")])
  .describe("Percentage to one decimal, or ND when it cannot be computed");

export const EntryContextSchema = z
  .object({
    indicator: z.object({
      code: z.string(),
      name: z.string(),
      version: z.number().int().describe("Ficha técnica version in force for the year"),
      validFrom: z.number().int(),
      validTo: z.number().int().nullable(),
    }),
    unit: UnitSchema,
    direction: z.enum(["ascendente", "descendente"]),
    isCumulative: z.boolean(),
    numerator: z.string().nullable().describe("The ficha's definition of the numerator"),
    denominator: z.string().nullable().describe("The ficha's definition of the denominator"),
    scale: z
      .number()
      .describe("What numerator / denominator is multiplied by: 100 for percentages, else 1"),
    dataSources: z.array(z.string()),
    baseline: z
      .object({ value: z.number(), year: z.number().int().nullable() })
      .nullable()
      .describe("Línea base of the ficha in force; null when the ficha has none"),
    meta: z
      .number()
      .nullable()
      .describe("The year's meta in force (latest revision), also shown on semester values"),
    history: z
      .array(
        z.object({
          year: z.number().int(),
          period: PeriodCodeSchema,
          status: MeasurementStatusSchema,
          revision: z.number().int(),
          value: z.number().nullable(),
          meta: z.number().nullable().describe("That year's meta in force"),
          tipo1: ProgressSchema.describe("Annual values only; ND for semesters"),
          tipo2: ProgressSchema.describe("Against the baseline above; annual values only"),
        }),
      )
      .describe("Earlier years' values of the actor's entities, latest revision, newest first"),
  })
  .describe(
    "What the data-entry form shows beside the fields: the ficha in force, baseline, meta and earlier values",
  );
export type EntryContext = z.infer<typeof EntryContextSchema>;

export const RuleContextQuerySchema = z.object({ year: YearQuerySchema, period: PeriodCodeSchema });

export const MEASUREMENT_PAGE_MAX = 200;

export const MeasurementListQuerySchema = z.object({
  year: YearQuerySchema.optional(),
  period: PeriodCodeSchema.optional(),
  status: MeasurementStatusSchema.optional(),
  entity: CodeSchema.optional().describe("Code of the entity the values are reported for"),
  warning: z
    .enum([...VALUE_WARNING_CODES, "cualquiera"])
    .optional()
    .describe(
      "Only values raising this validation warning (AVANCE_MUY_ALTO = sobredimensionado, AVANCE_MUY_BAJO = sub-dimensionado, VARIACION_INTERANUAL_ATIPICA = outlier), or any warning (cualquiera); judged by the same rules as the form",
    ),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MEASUREMENT_PAGE_MAX)
    .default(50)
    .describe("Values per page (at most 200)"),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .describe("Values to skip: the previous page's nextOffset"),
});

export const EvidenceItemSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedByUser: ActorUserSchema,
  uploadedAt: z.string(),
});
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const MeasurementSchema = z.object({
  id: z.number().int(),
  indicator: z.object({
    code: z.string(),
    name: z.string(),
    unit: UnitSchema,
    isCumulative: z.boolean(),
    version: z.number().int(),
  }),
  year: z.number().int(),
  period: PeriodCodeSchema,
  revision: z.number().int(),
  status: MeasurementStatusSchema,
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
  evidence: z.array(EvidenceItemSchema),
  history: z.array(
    z.object({
      revision: z.number().int(),
      status: MeasurementStatusSchema,
      value: z.number().nullable(),
      valueDerived: z.boolean(),
      correctionReason: z.string().nullable(),
      createdBy: z.string(),
      createdByUser: ActorUserSchema,
      createdAt: z.string(),
    }),
  ),
});
export type Measurement = z.infer<typeof MeasurementSchema>;

export const MeasurementPageSchema = z
  .object({
    items: z.array(MeasurementSchema),
    total: z.number().int().describe("Values matching the filters, on every page"),
    nextOffset: z
      .number()
      .int()
      .nullable()
      .describe("The offset of the next page; null on the last one"),
  })
  .describe("One page of the review queue: never cut silently, the total says what remains");
export type MeasurementPage = z.infer<typeof MeasurementPageSchema>;

export const TaskSchema = z.object({
  policy: z.string(),
  indicator: z.object({
    code: z.string(),
    name: z.string(),
    unit: IndicatorUnit,
    service: z.string().nullable(),
  }),
  entity: z.string().describe("Entity the value is reported for"),
  grant: z.enum(["propia", "delegada"]),
  year: z.number().int(),
  period: PeriodCodeSchema,
  deadline: z.string(),
  status: z.enum(["pendiente", "borrador", "enviado", "observado", "validado"]),
  isLate: z.boolean(),
  measurementId: z.number().int().nullable(),
});
export type Task = z.infer<typeof TaskSchema>;

export const OfflineDataQuerySchema = z.object({
  since: z
    .string()
    .max(100)
    .optional()
    .describe("The dataVersion the browser holds: when still current, nothing else is sent"),
});

export const OfflineDataSchema = z
  .object({
    dataVersion: z
      .string()
      .describe(
        "Policy and access data versions and the day in Lima: changes when any of them does",
      ),
    generatedAt: z.string(),
    unchanged: z.boolean().describe("The `since` version is current: the lists are empty"),
    tasks: z.array(TaskSchema),
    periods: z.array(PeriodSchema),
    ruleContexts: z
      .array(
        z.object({
          indicator: z.string(),
          year: z.number().int(),
          period: PeriodCodeSchema,
          context: RuleContextSchema,
        }),
      )
      .describe("For the tasks without a value yet; a saved value carries its own"),
    measurements: z.array(MeasurementSchema).describe("The values the tasks point to"),
  })
  .describe("What a focal point needs to fill «Mis tareas» without a connection (ADR 0024)");
export type OfflineData = z.infer<typeof OfflineDataSchema>;

export const dataEntryContract = {
  offlineData: defineContract({
    method: "get",
    path: "/api/policies/:code/offline-data",
    summary:
      "Datos para registrar sin conexión: tareas, periodos, contexto de reglas y valores, con su versión",
    tags: ["registro"],
    access: "measurement.report",
    params: PolicyParamsSchema,
    query: OfflineDataQuerySchema,
    response: OfflineDataSchema,
  }),
  tasks: defineContract({
    method: "get",
    path: "/api/policies/:code/tasks",
    summary: "Mis tareas: indicadores por reportar en los periodos abiertos",
    tags: ["registro"],
    access: "signed-in",
    params: PolicyParamsSchema,
    response: z.array(TaskSchema),
  }),
  list: defineContract({
    method: "get",
    path: "/api/policies/:code/measurements",
    summary: "Valores reportados (en el ámbito del usuario)",
    tags: ["registro"],
    access: "signed-in",
    params: PolicyParamsSchema,
    query: MeasurementListQuerySchema,
    response: MeasurementPageSchema,
  }),
  create: defineContract({
    method: "post",
    path: "/api/policies/:code/indicators/:indicator/measurements",
    summary: "Registrar un valor (borrador) o una corrección de un valor validado",
    tags: ["registro"],
    access: "measurement.report",
    params: IndicatorParamsSchema,
    body: MeasurementCreateSchema,
    // Up to 5,000 disaggregation rows and three 20,000-character narratives.
    maxBodyBytes: 4 * 1024 * 1024,
    response: MeasurementSchema,
    status: 201,
  }),
  ruleContext: defineContract({
    method: "get",
    path: "/api/policies/:code/indicators/:indicator/rule-context",
    summary:
      "Contexto de las reglas de validación de un valor aún no registrado (unidad, acumulado, meta, valor anterior)",
    tags: ["registro"],
    access: "measurement.report",
    params: IndicatorParamsSchema,
    query: RuleContextQuerySchema,
    response: RuleContextSchema,
  }),
  entryContext: defineContract({
    method: "get",
    path: "/api/policies/:code/indicators/:indicator/entry-context",
    summary:
      "Contexto del formulario de registro: ficha vigente (numerador, denominador), línea base, meta y valores de años anteriores",
    tags: ["registro"],
    access: "signed-in",
    params: IndicatorParamsSchema,
    query: RuleContextQuerySchema,
    response: EntryContextSchema,
  }),
  get: defineContract({
    method: "get",
    path: "/api/measurements/:id",
    summary: "Un valor con su historial, observaciones y evidencias",
    tags: ["registro"],
    access: "signed-in",
    params: IdParamsSchema,
    response: MeasurementSchema,
  }),
  update: defineContract({
    method: "put",
    path: "/api/measurements/:id",
    summary: "Editar un valor en borrador u observado",
    tags: ["registro"],
    access: "measurement.report",
    params: IdParamsSchema,
    body: MeasurementUpdateSchema,
    // Up to 5,000 disaggregation rows and three 20,000-character narratives.
    maxBodyBytes: 4 * 1024 * 1024,
    response: MeasurementSchema,
  }),
  submit: defineContract({
    method: "post",
    path: "/api/measurements/:id/submit",
    summary: "Enviar un valor a revisión",
    tags: ["registro"],
    access: "measurement.report",
    params: IdParamsSchema,
    body: SubmitSchema,
    response: MeasurementSchema,
  }),
  observe: defineContract({
    method: "post",
    path: "/api/measurements/:id/observe",
    summary: "Observar un valor enviado (devolverlo con comentarios por campo)",
    tags: ["revisión"],
    access: "measurement.review",
    params: IdParamsSchema,
    body: ObserveSchema,
    response: MeasurementSchema,
  }),
  validate: defineContract({
    method: "post",
    path: "/api/measurements/:id/validate",
    summary: "Validar un valor enviado",
    tags: ["revisión"],
    access: "measurement.review",
    params: IdParamsSchema,
    body: ValidateSchema,
    response: MeasurementSchema,
  }),
  validateMany: defineContract({
    method: "post",
    path: "/api/measurements/validations",
    summary: "Validar varios valores enviados (cada uno por separado, con su auditoría)",
    description:
      "Not atomic on purpose: each value is validated in its own transaction with its own audit event and notification, as if validated alone; the answer says, value by value, which were validated and why the others were not.",
    tags: ["revisión"],
    access: "measurement.review",
    body: ValidateManySchema,
    response: ValidateManyResultSchema,
  }),
  comment: defineContract({
    method: "post",
    path: "/api/measurements/:id/comments",
    summary: "Comentar un valor sin cambiar su estado",
    tags: ["revisión"],
    access: "measurement.comment",
    params: IdParamsSchema,
    body: CommentSchema,
    response: MeasurementSchema,
  }),
  createWithEvidence: defineContract({
    method: "post",
    path: "/api/policies/:code/indicators/:indicator/measurements/with-evidence",
    summary:
      "Registrar un valor (borrador) junto con su primera evidencia, en una sola transacción",
    description:
      "multipart/form-data with `measurement` (the JSON body of the create route) and `file` (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB). Both are written or neither is: a refused file leaves no draft.",
    tags: ["registro"],
    access: "measurement.report",
    params: IndicatorParamsSchema,
    multipart: true,
    response: MeasurementSchema,
    status: 201,
  }),
  uploadEvidence: defineContract({
    method: "post",
    path: "/api/measurements/:id/evidence",
    summary: "Adjuntar una evidencia (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB)",
    tags: ["registro"],
    access: "measurement.report",
    params: IdParamsSchema,
    multipart: true,
    response: EvidenceItemSchema,
    status: 201,
  }),
  downloadEvidence: defineContract({
    method: "get",
    path: "/api/evidence/:id",
    summary: "Descargar una evidencia",
    tags: ["registro"],
    access: "signed-in",
    params: IdParamsSchema,
  }),
};
