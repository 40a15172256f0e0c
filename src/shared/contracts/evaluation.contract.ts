import { ROLES } from "../permissions.ts";
import { PolicyParamsSchema, YearQuerySchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * The evaluation of a policy-year (Informe de Evaluación figures): live for signed-in users,
 * the published copy for the public. The dashboard and the publications return the same shape.
 */

const progress = z
  .union([z.number(), z.literal("ND")])
  .describe("Percentage, or ND when not computable");
const ceplanLevel = z.enum(["bajo", "intermedio", "alto", "ND"]);
const implementationLevel = z.enum(["INICIAL", "INTERMEDIO", "AVANZADO", "ND"]);
const finding = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string().describe("Spanish message for the user"),
});
const levelCount = z.object({
  bajo: z.number().int(),
  intermedio: z.number().int(),
  alto: z.number().int(),
  total: z.number().int(),
});

export const EvaluationQuerySchema = z.object({
  year: YearQuerySchema.describe("Year evaluated"),
  preview: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("Include submitted, not yet validated values"),
});

export const EvaluationSchema = z
  .object({
    policy: z.object({ code: z.string(), name: z.string() }),
    year: z.number().int(),
    previousYear: z.number().int(),
    index: z.object({
      tipo2: progress.describe("Índice de gestión: mean of the objectives' avance tipo 2"),
      level: ceplanLevel,
      colour: z.string().nullable(),
      tipo1: progress.describe("Same aggregation on tipo 1 (not published by the Informe)"),
      exact: z.object({ tipo2: progress, tipo1: progress }),
    }),
    objectives: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        indicators: z.array(z.string()),
        tipo1: progress,
        tipo2: progress,
        previousTipo1: progress,
        level: ceplanLevel,
        levelTipo2: ceplanLevel,
        colour: z.string().nullable(),
        exact: z.object({ tipo1: progress, tipo2: progress, previousTipo1: progress }),
      }),
    ),
    indicators: z.array(
      z.object({
        code: z.string(),
        kind: z.enum(["objetivo", "servicio"]),
        name: z.string(),
        objective: z.string(),
        service: z.string().nullable(),
        responsible: z.string(),
        unit: z.enum(["porcentaje", "numero", "tasa", "razon"]),
        year: z.number().int(),
        value: z.number().nullable(),
        meta: z.number().nullable(),
        baseline: z.number().nullable(),
        tipo1: progress,
        tipo2: progress,
        level: ceplanLevel,
        colour: z.string().nullable(),
        previous: z.object({
          year: z.number().int(),
          value: z.number().nullable(),
          meta: z.number().nullable(),
          tipo1: progress,
        }),
        warnings: z.array(finding),
        exact: z.object({ tipo1: progress, tipo2: progress, previousTipo1: progress }),
      }),
    ),
    levelCounts: z.object({
      objectives: levelCount,
      opIndicators: levelCount,
      serviceIndicators: levelCount,
      total: levelCount.describe("OP and service indicators"),
    }),
    lowIndicators: z.array(
      z.object({
        year: z.number().int(),
        opIndicators: z.array(z.string()),
        serviceIndicators: z.array(z.string()),
      }),
    ),
    valoracion: z.object({
      total: z.union([z.number(), z.literal("ND")]),
      level: implementationLevel,
      criteria: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          weight: z.number(),
          level: implementationLevel,
          levelScore: z.number().nullable(),
          score: z.number().nullable().describe("Puntaje: weight × level score"),
          basis: z.string(),
          // Optional: snapshots published before issue 17 do not carry them.
          origin: z
            .enum(["calculado", "declarado"])
            .optional()
            .describe("Computed by its rule, or declared by the conductor"),
          declarable: z.boolean().optional().describe("The conductor may declare its level"),
          declaration: z
            .object({
              rationale: z.string(),
              declaredBy: z.string().describe("Role and entity of the account, never a name"),
              declaredAt: z.string(),
              evidenceFileName: z.string(),
            })
            .nullable()
            .optional()
            .describe("The declaration made in the app that gave the level"),
        }),
      ),
      exact: z.object({ total: z.union([z.number(), z.literal("ND")]) }),
    }),
    basis: z.object({
      statuses: z.array(z.string()).describe("Value statuses the evaluation used"),
    }),
    publication: z
      .object({
        publishedAt: z.string().describe("When the snapshot was published (ISO 8601)"),
        publishedByRole: z
          .enum(ROLES)
          .nullable()
          .describe(
            "Role of the account that published it; null when it was not an account (CLI). No name or e-mail reaches the public",
          ),
      })
      .optional()
      .describe(
        "Present when the response is the published snapshot (anonymous readers); absent in the live evaluation",
      ),
  })
  .describe("Evaluation of one policy-year, as the Informe de Evaluación presents it");

export type Evaluation = z.infer<typeof EvaluationSchema>;

export const evaluationContract = {
  read: defineContract({
    method: "get",
    path: "/api/policies/:code/evaluation",
    summary:
      "Evaluación de un año: en vivo para usuarios con sesión, la versión publicada para el público",
    tags: ["evaluación"],
    access: "public",
    params: PolicyParamsSchema,
    query: EvaluationQuerySchema,
    response: EvaluationSchema,
  }),
};
