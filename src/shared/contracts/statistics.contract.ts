import { IdParamsSchema, YearQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { FIGURE_FIELDS } from "../statistics/figure-fields.ts";
import {
  CAUSES,
  MILESTONES,
  ORIGINS,
  OVERLAP_METHODS,
  PERIOD_TYPES,
} from "../statistics/statistics-codes.ts";
import { defineContract } from "./contract.ts";
import { PUBLIC_STATISTICS_EXAMPLE, STATISTICS_CSV_EXAMPLE } from "./public-examples.ts";

/**
 * The statistical register (ADR 0019): figures of every institution's systems with their
 * provenance and restatements, the reconciliation of a year, the upload of a source's file by
 * its institution's focal point, and the pseudonymous records. Figures are aggregates read by
 * every role (`statistics.read`); uploading is `statistics.submit` (scope: the source's entity)
 * or `statistics.manage`; cases, victims and suspects each have their own permission, and
 * every read of them is audited.
 */

const SourceCodeSchema = z.string().regex(/^[A-Z0-9-]{2,40}$/, "Código de fuente, p. ej. PNP-RETA");

export const SourceParamsSchema = z.object({ code: SourceCodeSchema });

const PeriodSchema = z.object({
  type: z.enum(PERIOD_TYPES),
  start: z.string().describe("First day, AAAA-MM-DD"),
  end: z.string().describe("Last day, AAAA-MM-DD"),
  label: z.string().describe("2019, 2025-S1, 2023-T2, 2024-03 or 2023-01-01/2025-06-30"),
});

const DimensionsSchema = z.object({
  sex: z.string().nullable(),
  ageBand: z.string().nullable(),
  nationality: z.string().nullable(),
  exploitationForm: z.string().nullable(),
  statute: z.string().nullable(),
});

export const StatisticsSourceSchema = z.object({
  code: z.string(),
  institution: z.object({ code: z.string(), name: z.string() }),
  system: z.object({ code: z.string(), name: z.string() }).nullable(),
  entity: z.string().nullable().describe("Catalogue entity whose focal points may upload"),
  description: z.string(),
  retired: z.boolean(),
  hasMapping: z.boolean().describe("reference/statistics/mappings/<code>.json exists"),
});

export const StatisticsFigureSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  sourceLabel: z.string(),
  concept: z.string(),
  reportedVia: z.string().nullable().describe("The publication the figure came through"),
  period: PeriodSchema,
  ubigeo: z.string().nullable(),
  dimensions: DimensionsSchema,
  value: z.number(),
  unit: z.string(),
  definition: z.string(),
  extractionDate: z.string().nullable(),
  provenance: z.object({ document: z.string(), location: z.string().nullable() }),
  origin: z.enum(ORIGINS).describe("transcripcion: typed from a published document, not an export"),
  derivation: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
  supersedesId: z.number().int().nullable(),
  importId: z.number().int(),
  importedBy: z.string(),
  importedAt: z.string(),
});

export const StatisticsFiguresQuerySchema = z.object({
  year: YearQuerySchema.optional().describe("Figures whose whole period lies in the year"),
  source: SourceCodeSchema.optional(),
  concept: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .optional(),
});

const FlagSchema = z.object({
  kind: z.enum([
    "misma_fuente_distinto_valor",
    "parte_mayor_que_total",
    "partes_suman_mas_que_total",
    "subperiodo_mayor",
    "subconcepto_mayor",
    "superposicion_imposible",
    "diferencia_sin_causa",
  ]),
  severity: z.enum(["incompatible", "sin_explicar"]),
  message: z.string(),
  figureIds: z.array(z.number().int()),
});

const CauseSchema = z.object({
  cause: z.enum(CAUSES),
  explanation: z.string(),
  citation: z.string(),
});

export const ReconciliationSchema = z.object({
  year: z.number().int(),
  transcribed: z.number().int().describe("How many of the figures are transcribed"),
  note: z.string(),
  groups: z.array(
    z.object({
      concept: z.string(),
      conceptLabel: z.string(),
      period: PeriodSchema,
      ubigeo: z.string().nullable(),
      dimensions: DimensionsSchema,
      entries: z.array(
        z.object({
          figureId: z.number().int(),
          source: z.string(),
          sourceLabel: z.string(),
          reportedVia: z.string().nullable(),
          value: z.number(),
          unit: z.string(),
          definition: z.string(),
          version: z.number().int(),
          restated: z.boolean(),
          origin: z.enum(ORIGINS),
          provenance: z.string(),
          derivation: z.string().nullable(),
          differenceFromMax: z.number().nullable(),
          causes: z.array(CauseSchema),
        }),
      ),
      deduplication: z.array(
        z.object({
          unit: z.string(),
          sources: z.array(z.string()),
          sum: z.number().describe("No overlap"),
          max: z.number().describe("Full overlap"),
          method: z.enum(OVERLAP_METHODS).nullable(),
          deduplicated: z.number().nullable(),
          adjustment: z.number().nullable().describe("DATIM's de-duplication adjustment (≤ 0)"),
          basis: z.string().nullable(),
          citation: z.string().nullable(),
        }),
      ),
      flags: z.array(FlagSchema),
    }),
  ),
  flags: z.array(FlagSchema),
  summary: z.object({
    figures: z.number().int(),
    groups: z.number().int(),
    groupsWithSeveralSources: z.number().int(),
    incompatible: z.number().int(),
    unexplained: z.number().int(),
  }),
});

export const StatisticsUploadQuerySchema = z.object({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("Check the file and report, without writing"),
});

export const StatisticsImportReportSchema = z.object({
  file: z.string(),
  sha256: z.string(),
  format: z.enum(["csv", "xlsx"]),
  source: z.string(),
  mappingVersion: z.number().int(),
  outcome: z.enum(["importado", "simulado", "rechazado"]),
  importId: z.number().int().nullable(),
  mapping: z.object({
    used: z.array(z.object({ field: z.enum(FIGURE_FIELDS), header: z.string() })),
    ignored: z.array(z.string()),
  }),
  rowsRead: z.number().int(),
  figuresNew: z.number().int(),
  figuresRestated: z.number().int(),
  figuresUnchanged: z.number().int(),
  restatements: z.array(
    z.object({
      row: z.number().int(),
      figure: z.string(),
      previousValue: z.number(),
      value: z.number(),
      version: z.number().int(),
    }),
  ),
  problems: z.object({
    count: z.number().int(),
    examples: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  }),
});

export const RecordsQuerySchema = z.object({
  source: SourceCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const CaseRecordSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  recordId: z.string().describe("The institution's pseudonymous identifier"),
  openedOn: z.string().nullable(),
  ubigeo: z.string().nullable(),
  statuteInitial: z.string().nullable(),
  exploitationForm: z.string().nullable(),
  milestones: z.array(
    z.object({
      milestone: z.enum(MILESTONES),
      on: z.string(),
      statute: z.string().nullable().describe("Legal classification at this step"),
      sentenceYears: z.number().nullable(),
    }),
  ),
});

export const VictimRecordSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  recordId: z.string(),
  caseRecordId: z.string().nullable(),
  identifiedOn: z.string().nullable(),
  ubigeo: z.string().nullable(),
  sex: z.string().nullable(),
  ageBand: z.string().nullable(),
  nationality: z.string().nullable(),
  exploitationForm: z.string().nullable(),
});

export const SuspectRecordSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  recordId: z.string(),
  caseRecordId: z.string().nullable(),
  sex: z.string().nullable(),
  ageBand: z.string().nullable(),
  nationality: z.string().nullable(),
  publicOfficial: z.boolean().describe("Official complicity: a public official at the time"),
  officialInstitution: z.string().nullable(),
});

const PublicCellSchema = z.object({
  key: z.string().describe("total, sex=F;ageBand=menor_18, ubigeo=04"),
  label: z.string(),
  level: z.number().int().describe("0: the table's total; 1: one of its parts"),
  value: z.number().nullable().describe("null: suppressed (shown «reservado», whatever its rule)"),
  suppressed: z.boolean(),
  small: z
    .boolean()
    .describe("Internal view only: 0 < value < k, shown because the reader is authorized"),
});

export const PublicStatisticsSchema = z.object({
  audience: z.enum(["public", "internal"]),
  k: z.number().int(),
  protectionWidth: z.number(),
  note: z.string(),
  years: z.array(z.number().int()).describe("Years with at least one table, newest first"),
  tables: z.array(
    z.object({
      code: z.string(),
      concept: z.string(),
      conceptLabel: z.string(),
      source: z.string(),
      sourceLabel: z.string(),
      period: PeriodSchema,
      unit: z.string(),
      unitLabel: z.string(),
      breakdown: z.enum(["total", "dimensiones", "departamentos"]),
      transcribed: z.boolean().describe("Built from figures transcribed from published documents"),
      cells: z.array(PublicCellSchema),
      informationLoss: z.object({
        cellsSuppressed: z.number().int(),
        cellsTotal: z.number().int(),
      }),
    }),
  ),
});

export const PublicStatisticsQuerySchema = z.object({
  year: YearQuerySchema.optional().describe("Tables whose whole period lies in the year"),
  vista: z
    .enum(["publica", "interna"])
    .default("publica")
    .describe("interna: small cells shown and labelled (statistics.read only)"),
});

export const PublicStatisticsCsvQuerySchema = z.object({
  year: YearQuerySchema.optional().describe("Tables whose whole period lies in the year"),
});

export const statisticsContract = {
  sources: defineContract({
    method: "get",
    path: "/api/statistics/sources",
    summary: "Fuentes del registro estadístico (institución y sistema)",
    tags: ["estadística"],
    access: "statistics.read",
    response: z.array(StatisticsSourceSchema),
  }),
  figures: defineContract({
    method: "get",
    path: "/api/statistics/figures",
    summary: "Cifras vigentes (última versión de cada una), con su procedencia",
    tags: ["estadística"],
    access: "statistics.read",
    query: StatisticsFiguresQuerySchema,
    response: z.array(StatisticsFigureSchema),
  }),
  figureVersions: defineContract({
    method: "get",
    path: "/api/statistics/figures/:id/versions",
    summary: "Todas las versiones de una cifra (reformulaciones), de la más antigua a la vigente",
    tags: ["estadística"],
    access: "statistics.read",
    params: IdParamsSchema,
    response: z.array(
      StatisticsFigureSchema.extend({ supersededById: z.number().int().nullable() }),
    ),
  }),
  reconciliation: defineContract({
    method: "get",
    path: "/api/statistics/reconciliation",
    summary: "Conciliación de un año: cifras de cada fuente lado a lado, causas y marcas",
    description:
      "For each concept, period, territory and combination of dimensions: each source's figure, its difference from the largest, the documented causes, DATIM-style de-duplication (sum, maximum, declared overlap or unknown) and flags for figures that cannot both be true.",
    tags: ["estadística"],
    access: "statistics.read",
    query: z.object({ year: YearQuerySchema }),
    response: ReconciliationSchema,
  }),
  upload: defineContract({
    method: "post",
    path: "/api/statistics/sources/:code/imports",
    summary: "Cargar un archivo de cifras de una fuente (CSV o XLSX; máx. 20 MB)",
    description:
      "multipart/form-data with `file`. All or nothing: one refused row refuses the file, answered 400 with every problem named by row and column. A focal point may upload only the sources of its entities.",
    tags: ["estadística"],
    access: "statistics.submit",
    params: SourceParamsSchema,
    query: StatisticsUploadQuerySchema,
    multipart: true,
    response: StatisticsImportReportSchema,
    status: 201,
  }),
  cases: defineContract({
    method: "get",
    path: "/api/statistics/records/cases",
    summary: "Registros seudonimizados de casos con sus hitos (lectura auditada)",
    tags: ["estadística"],
    access: "statistics.case_records.read",
    query: RecordsQuerySchema,
    response: z.array(CaseRecordSchema),
  }),
  victims: defineContract({
    method: "get",
    path: "/api/statistics/records/victims",
    summary: "Registros seudonimizados de víctimas, sin datos de identidad (lectura auditada)",
    tags: ["estadística"],
    access: "statistics.victim_records.read",
    query: RecordsQuerySchema,
    response: z.array(VictimRecordSchema),
  }),
  suspects: defineContract({
    method: "get",
    path: "/api/statistics/records/suspects",
    summary:
      "Registros seudonimizados de investigados, con la marca de funcionario público (lectura auditada)",
    tags: ["estadística"],
    access: "statistics.suspect_records.read",
    query: RecordsQuerySchema,
    response: z.array(SuspectRecordSchema),
  }),
  publicTables: defineContract({
    method: "get",
    path: "/api/public/statistics",
    summary: "Estadísticas públicas con control de divulgación (celdas menores que k reservadas)",
    description:
      "Every table passes protectTable with the k of output portal/estadisticas (11 unless configured higher; docs/disclosure.md): cells with 0 < value < k are suppressed, and further cells until the LP audit cannot recover any of them; each suppression is written to the disclosure log. With vista=interna (statistics.read) nothing is suppressed and small cells are labelled.",
    tags: ["estadística"],
    access: "public",
    query: PublicStatisticsQuerySchema,
    response: PublicStatisticsSchema,
    example: PUBLIC_STATISTICS_EXAMPLE,
  }),
  publicTablesCsv: defineContract({
    method: "get",
    path: "/api/public/statistics.csv",
    summary: "Datos abiertos: las estadísticas públicas en CSV, con control de divulgación",
    description:
      "The same tables as GET /api/public/statistics (public view), one row per cell: tabla, concepto, concepto_nombre, fuente, fuente_nombre, periodo, periodo_inicio, periodo_fin, unidad, unidad_nombre, desglose, celda, celda_nombre, nivel, valor, transcrito. UTF-8 without BOM, comma-separated, CRLF. A suppressed cell's valor is «reservado», whatever its rule. Every table passes protectTable with the k of output datos-abiertos/estadisticas (11 unless configured higher) and its suppressions are logged. Licence in the Link header (rel=license): Open Data Commons Attribution License v1.0. Columns and licence: docs/disclosure.md.",
    tags: ["estadística"],
    access: "public",
    query: PublicStatisticsCsvQuerySchema,
    files: ["text/csv"],
    example: STATISTICS_CSV_EXAMPLE,
  }),
};
