import {
  IdParamsSchema,
  IsoDateSchema,
  PolicyParamsSchema,
  TerritoryCodeSchema,
  YearQuerySchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { MILESTONE_HORIZONS, MILESTONE_STATUSES } from "../territory/plan-milestones.ts";
import { defineContract } from "./contract.ts";

/**
 * Regional and local plans (ADR 0030, docs/territory.md § Planes regionales y locales): the
 * subnational plans an account's territorial scope covers, their progress by quarter, and the
 * commitments of the administration as milestones with traffic lights. The values themselves
 * go through data entry (the same entry → observe → validate workflow as the PNTP).
 */

const StatusSchema = z.enum(["pendiente", "borrador", "enviado", "observado", "validado"]);

export const PlanHeaderSchema = z.object({
  code: z.string(),
  name: z.string(),
  territory: z.object({ ubigeo: z.string(), name: z.string(), level: z.string() }),
  parentPolicy: z.string(),
  conductor: z.string(),
});

export const PlanQuarterSchema = z.object({
  period: z.enum(["T1", "T2", "T3", "T4"]),
  value: z.number().nullable().describe("Latest revision's value, whatever its status"),
  status: StatusSchema,
  measurementId: z.number().int().nullable(),
  validatedValue: z
    .number()
    .nullable()
    .describe("The value that counts: the latest validated revision, or null"),
});

export const PlanIndicatorProgressSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  objective: z.string(),
  alignedObjective: z.string().nullable().describe("The parent policy's objective (OP1 …)"),
  service: z.string().nullable(),
  alignedService: z.string().nullable().describe("The parent policy's service (S04 …)"),
  responsible: z.string(),
  meta: z.number().nullable().describe("Meta in force for the year"),
  quarters: z.array(PlanQuarterSchema),
  validatedTotal: z
    .number()
    .nullable()
    .describe(
      "Counts (numero): sum of the validated quarters; other units: the last validated quarter",
    ),
  progressPercent: z
    .number()
    .nullable()
    .describe("validatedTotal / meta × 100, unrounded; null without meta or validated value"),
});

export const PlanProgressSchema = z.object({
  plan: PlanHeaderSchema,
  year: z.number().int(),
  indicators: z.array(PlanIndicatorProgressSchema),
  validatedQuarters: z.number().int().describe("Indicator-quarters validated"),
  expectedQuarters: z.number().int().describe("Indicators × 4"),
  milestones: z.object({
    verde: z.number().int(),
    ambar: z.number().int(),
    rojo: z.number().int(),
  }),
});
export type PlanProgress = z.infer<typeof PlanProgressSchema>;

export const MilestoneSchema = z.object({
  id: z.number().int(),
  plan: z.string(),
  horizon: z.enum(MILESTONE_HORIZONS),
  title: z.string(),
  responsible: z.string().nullable(),
  budgetSoles: z.number().nullable(),
  dueOn: z.string(),
  status: z.enum(MILESTONE_STATUSES),
  completedOn: z.string().nullable(),
  note: z.string().nullable(),
  light: z.enum(["verde", "ambar", "rojo"]).describe("Computed from due date and status on read"),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const MilestoneCreateSchema = z.object({
  horizon: z.enum(MILESTONE_HORIZONS),
  title: text(3, 400),
  responsible: text(1, 400).nullable().default(null),
  budgetSoles: z.number().nonnegative().max(1e12).nullable().default(null),
  dueOn: IsoDateSchema,
  status: z.enum(MILESTONE_STATUSES).default("pendiente"),
  completedOn: IsoDateSchema.nullable().default(null),
  note: text(1, 2000).nullable().default(null),
});

export const MilestoneUpdateSchema = z.object({
  status: z.enum(MILESTONE_STATUSES),
  completedOn: IsoDateSchema.nullable().default(null),
  note: text(1, 2000).nullable().optional(),
});

const YearOnlySchema = z.object({ year: YearQuerySchema.optional() });

export const plansContract = {
  list: defineContract({
    method: "get",
    path: "/api/plans",
    summary: "Planes regionales y locales del ámbito de la cuenta, con su avance trimestral",
    tags: ["territorio"],
    access: "territory.read",
    query: YearOnlySchema,
    response: z.array(PlanProgressSchema),
  }),
  byTerritory: defineContract({
    method: "get",
    path: "/api/plans/by-territory/:ubigeo",
    summary: "Avance de los planes de un territorio (departamento, provincia o distrito)",
    tags: ["territorio"],
    access: "territory.read",
    params: z.object({ ubigeo: TerritoryCodeSchema }),
    query: YearOnlySchema,
    response: z.array(PlanProgressSchema),
  }),
  progress: defineContract({
    method: "get",
    path: "/api/plans/:code/progress",
    summary: "Avance de un plan por trimestre: valores, estado, meta",
    tags: ["territorio"],
    access: "territory.read",
    params: PolicyParamsSchema,
    query: YearOnlySchema,
    response: PlanProgressSchema,
  }),
  milestones: defineContract({
    method: "get",
    path: "/api/plans/:code/milestones",
    summary: "Compromisos de gestión (100 días, primer año, fin de gestión) con semáforo",
    tags: ["territorio"],
    access: "territory.read",
    params: PolicyParamsSchema,
    response: z.array(MilestoneSchema),
  }),
  createMilestone: defineContract({
    method: "post",
    path: "/api/plans/:code/milestones",
    summary: "Registrar un compromiso de gestión del plan",
    tags: ["territorio"],
    access: "plan.manage",
    params: PolicyParamsSchema,
    body: MilestoneCreateSchema,
    response: MilestoneSchema,
    status: 201,
  }),
  updateMilestone: defineContract({
    method: "patch",
    path: "/api/plan-milestones/:id",
    summary: "Cambiar el estado de un compromiso de gestión",
    tags: ["territorio"],
    access: "plan.manage",
    params: IdParamsSchema,
    body: MilestoneUpdateSchema,
    response: MilestoneSchema,
  }),
} as const;
