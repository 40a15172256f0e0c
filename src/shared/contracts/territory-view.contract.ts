import { CodeSchema, YearQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { MAP_LEVELS, ROLLUP_PERIODS } from "../territory/map-areas.ts";
import { defineContract } from "./contract.ts";
import { CONTENT_TYPES } from "./reports.contract.ts";

/**
 * Territory maps and the consolidated regional view (docs/territory.md § Maps, § Regional
 * view; ADR 0031): the figures of one map view (a layer at one level, within a department or
 * province), the indicators that have values by place, one region's consolidated figures,
 * and its reporte regional (DOCX, PDF).
 */

export const MapLayerKindSchema = z
  .enum(["spaces", "trainings", "assistances", "budget", "indicator"])
  .describe(
    "spaces: coordination spaces; trainings: participants; assistances: technical assistances; budget: specific budget execution; indicator: district values of an indicator",
  );
export type MapLayerKind = z.infer<typeof MapLayerKindSchema>;
export const MapLevelSchema = z.enum(MAP_LEVELS);

export const MapQuerySchema = z.object({
  layer: MapLayerKindSchema,
  level: MapLevelSchema.default("departamento"),
  within: z
    .string()
    .regex(/^\d{2}(\d{2})?$/, "Código INEI de departamento (2 dígitos) o provincia (4)")
    .optional()
    .describe("Department (2 digits) or province (4) whose areas are shown"),
  year: YearQuerySchema.optional().describe("Required for budget and indicator"),
  indicator: CodeSchema.optional().describe("Required for the indicator layer"),
  period: z.enum(ROLLUP_PERIODS).default("ANUAL"),
  policy: CodeSchema.default("pntp").describe(
    "The PNTP or a regional or local plan (indicator layer): a plan's indicator is drawn with its territory's value when no value is disaggregated by district",
  ),
});

const LegendSchema = z.object({
  kind: z.enum(["ceplan", "execution", "sequential"]),
  title: z.string(),
  none: z.string(),
  classes: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      min: z.number(),
      max: z.number().nullable(),
      colour: z.string(),
    }),
  ),
});

export const MAP_DETAIL_KEYS = [
  "regional",
  "provincial",
  "distrital",
  "centro_poblado",
  "trainings",
  "women",
  "men",
  "districts",
  "pim",
  "devengado",
] as const;
export type MapDetailKey = (typeof MAP_DETAIL_KEYS)[number];

export const MapAreaSchema = z.object({
  code: z.string().describe("INEI code of the area, unpadded"),
  name: z.string(),
  value: z.number().nullable().describe("Null: no figure"),
  band: z.string().nullable().describe("Legend class key"),
  /** Figures shown in the table and tooltip beside the value (e.g. PIM and devengado). */
  details: z.array(
    z.object({
      key: z.enum(MAP_DETAIL_KEYS).describe("What the figure is, for the web's catalogues"),
      label: z.string(),
      value: z.number(),
    }),
  ),
});
export type MapArea = z.infer<typeof MapAreaSchema>;

/**
 * The value of a regional or local plan's indicator for the plan's whole territory (ADR 0030,
 * 0031): what the plan reports, its meta and its avance. When no value is disaggregated by
 * district, the map draws every area of the territory with this value's band.
 */
export const MapTerritorySchema = z.object({
  code: z.string().describe("INEI code of the plan's territory"),
  name: z.string(),
  value: z
    .number()
    .nullable()
    .describe(
      "Validated value in the period; ANUAL: the year's validated quarters (counts summed, other units the latest), as the plan's progress",
    ),
  meta: z.number().nullable().describe("The plan's meta for the year"),
  progress: z
    .number()
    .nullable()
    .describe("Avance (% of the year's meta, clipped 0–100, one decimal); ANUAL only"),
  band: z.enum(["bajo", "intermedio", "alto"]).nullable().describe("CEPLAN band of the avance"),
  drawnOnAreas: z
    .boolean()
    .describe("True: no value by district; each area of the territory is drawn with this value"),
});
export type MapTerritory = z.infer<typeof MapTerritorySchema>;

export const MapLayerSchema = z.object({
  layer: MapLayerKindSchema,
  level: MapLevelSchema,
  within: z.object({ code: z.string(), name: z.string() }).nullable(),
  year: z.number().int().nullable(),
  period: z.string(),
  title: z.string(),
  unit: z.string().describe("What the value counts, in Spanish"),
  decimals: z.number().int(),
  legend: LegendSchema,
  areas: z.array(MapAreaSchema),
  total: z.number().describe("Sum of the areas' values (execution: of the whole)"),
  notPlaced: z
    .number()
    .describe("Part of the total not placed at this level (a regional space on a province map)"),
  deepest: MapLevelSchema.describe("Deepest level this layer has figures for"),
  outsideValidity: z
    .number()
    .int()
    .describe("District values left out: the district did not exist in the period"),
  territory: MapTerritorySchema.nullable().describe(
    "A subnational plan's indicator: its value for the plan's whole territory; null otherwise",
  ),
  source: z.string(),
});
export type MapLayer = z.infer<typeof MapLayerSchema>;

export const MapIndicatorsQuerySchema = z.object({
  policy: CodeSchema.default("pntp"),
  year: YearQuerySchema.optional(),
});
export const MapIndicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  years: z.array(z.number().int()),
});

export const RegionParamsSchema = z.object({
  ubigeo: z.string().regex(/^\d{2}$/, "Código INEI de departamento (2 dígitos)"),
});
export const RegionQuerySchema = z.object({
  year: YearQuerySchema,
  policy: CodeSchema.default("pntp"),
});

/**
 * The regional plan's progress (ADR 0030): the region's own plan, its índice and each
 * indicator's avance; "sin plan registrado" with no rows while the region has none.
 */
export const PlanProgressSchema = z.object({
  status: z.enum(["sin_plan", "registrado"]),
  label: z.string(),
  plan: z
    .object({ code: z.string(), name: z.string() })
    .nullable()
    .describe("The regional plan, when one is registered"),
  progress: z.number().nullable().describe("Índice of the plan, 0–100 (CEPLAN)"),
  band: z.enum(["bajo", "intermedio", "alto"]).nullable(),
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      period: z.string(),
      progress: z.number().nullable(),
      band: z.enum(["bajo", "intermedio", "alto"]).nullable(),
    }),
  ),
});
export type PlanProgress = z.infer<typeof PlanProgressSchema>;

export const RegionViewSchema = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  year: z.number().int(),
  policy: z.string(),
  planProgress: PlanProgressSchema.optional(),
  spaces: z.object({
    regional: z.number().int(),
    provincial: z.number().int(),
    distrital: z.number().int(),
    centro_poblado: z.number().int(),
    local: z.number().int(),
    list: z.array(
      z.object({
        id: z.number().int(),
        level: z.string(),
        name: z.string(),
        place: z.string().nullable(),
        status: z.string(),
        sessions: z.number().int(),
      }),
    ),
  }),
  trainings: z.object({
    count: z.number().int(),
    participants: z.number().int(),
    women: z.number().int(),
    men: z.number().int(),
    byProvince: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        trainings: z.number().int(),
        participants: z.number().int(),
      }),
    ),
  }),
  assistances: z.object({
    count: z.number().int(),
    list: z.array(
      z.object({ id: z.number().int(), heldOn: z.string(), topic: z.string(), to: z.string() }),
    ),
  }),
  budget: z
    .object({
      pimCents: z.number(),
      devengadoCents: z.number(),
      execution: z.number().nullable(),
      band: z.enum(["alta", "media", "baja"]).nullable(),
      nationalShare: z.number().nullable().describe("Share of the national specific PIM, %"),
    })
    .nullable()
    .describe("Null when no budget is imported for the year"),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      unit: z.string().nullable(),
      value: z.number().describe("Sum of the region's district values"),
      districts: z.number().int(),
      national: z.number().nullable().describe("The indicator's national value in force"),
      share: z.number().nullable().describe("Region's part of the sum of every region, %"),
    }),
  ),
  sources: z.array(z.string()),
});
export type RegionView = z.infer<typeof RegionViewSchema>;

export const RegionReportQuerySchema = RegionQuerySchema.extend({
  format: z.enum(["docx", "pdf"]).describe("docx (editable) o pdf (archivo)"),
});

const tags = ["territorio"];
export const territoryViewContract = {
  map: defineContract({
    method: "get",
    path: "/api/territory/map",
    summary: "Cifras de un mapa: una capa por departamento, provincia o distrito",
    description:
      "Coordination spaces, training participants, technical assistances, budget execution (departments only: budget lines carry a department) or an indicator's district values (the PNTP's or a regional plan's), rolled up to the level asked, within a department or province; with its legend (CEPLAN bands, execution light or sequential classes). A territorially scoped account reads only its territory: another territory's `within` or plan answers 403, and below departments it must give `within`.",
    tags,
    access: "territory.read",
    query: MapQuerySchema,
    response: MapLayerSchema,
  }),
  mapIndicators: defineContract({
    method: "get",
    path: "/api/territory/map/indicators",
    summary: "Indicadores con valores desagregados por región o distrito",
    tags,
    access: "territory.read",
    query: MapIndicatorsQuerySchema,
    response: z.array(MapIndicatorSchema),
  }),
  region: defineContract({
    method: "get",
    path: "/api/territory/regions/:ubigeo",
    summary:
      "Vista regional consolidada: espacios, capacitaciones, asistencias, presupuesto, indicadores, plan",
    tags,
    access: "territory.read",
    params: RegionParamsSchema,
    query: RegionQuerySchema,
    response: RegionViewSchema,
  }),
  regionReport: defineContract({
    method: "get",
    path: "/api/territory/regions/:ubigeo/report",
    summary: "Reporte regional para el diagnóstico regional anual (DOCX o PDF)",
    tags,
    access: "report.download",
    params: RegionParamsSchema,
    query: RegionReportQuerySchema,
    files: [CONTENT_TYPES.docx, CONTENT_TYPES.pdf],
  }),
};
