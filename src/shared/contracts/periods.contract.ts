import {
  IdParamsSchema,
  IsoDateSchema,
  PeriodCodeSchema,
  PolicyParamsSchema,
  YearQuerySchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/** Reporting periods (S1, S2, ANUAL of a year) with their deadlines. */

export const PeriodStatusSchema = z.enum(["abierto", "cerrado"]);

export const PeriodCreateSchema = z.object({
  year: YearQuerySchema,
  period: PeriodCodeSchema,
  opensOn: IsoDateSchema,
  deadline: IsoDateSchema,
});

export const PeriodUpdateSchema = z.object({
  status: PeriodStatusSchema.optional(),
  deadline: IsoDateSchema.optional(),
});

export const PeriodSchema = z.object({
  id: z.number().int(),
  policy: z.string(),
  year: z.number().int(),
  period: PeriodCodeSchema,
  opensOn: z.string(),
  deadline: z.string(),
  status: PeriodStatusSchema,
});
export type Period = z.infer<typeof PeriodSchema>;

export const periodsContract = {
  list: defineContract({
    method: "get",
    path: "/api/policies/:code/periods",
    summary: "Periodos de reporte",
    tags: ["periodos"],
    access: "signed-in",
    params: PolicyParamsSchema,
    response: z.array(PeriodSchema),
  }),
  open: defineContract({
    method: "post",
    path: "/api/policies/:code/periods",
    summary: "Abrir un periodo de reporte",
    tags: ["periodos"],
    access: "period.manage",
    params: PolicyParamsSchema,
    body: PeriodCreateSchema,
    response: PeriodSchema,
    status: 201,
  }),
  update: defineContract({
    method: "patch",
    path: "/api/periods/:id",
    summary: "Cerrar, reabrir o cambiar el plazo de un periodo",
    tags: ["periodos"],
    access: "period.manage",
    params: IdParamsSchema,
    body: PeriodUpdateSchema,
    response: PeriodSchema,
  }),
};
