import {
  ActorUserSchema,
  CodeSchema,
  IdParamsSchema,
  PolicyParamsSchema,
  YearQuerySchema,
  YearSchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * Valoración de la implementación declared per year (issue 17, item 2): the conductor declares
 * the level of a criterion that has no computable rule, with a rationale and an evidence file.
 * The evaluation reads the declaration in force (the highest revision) for its year; the
 * computed criteria stay computed.
 */

export const DeclaredLevelSchema = z.enum(["INICIAL", "INTERMEDIO", "AVANZADO"]);

/** The JSON part «declaration» of the multipart form; the file goes in «file». */
export const ValoracionDeclarationSchema = z.object({
  year: YearSchema,
  criterion: CodeSchema.describe("Criterion code of the policy's valoración, e.g. C3"),
  level: DeclaredLevelSchema,
  rationale: z
    .string()
    .trim()
    .min(10, "Explique el fundamento del nivel (mínimo 10 caracteres).")
    .max(4000, "El fundamento admite hasta 4000 caracteres."),
});

export const ValoracionDeclarationRowSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  criterion: z.string(),
  revision: z.number().int(),
  level: DeclaredLevelSchema,
  rationale: z.string(),
  evidence: z.object({
    fileName: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
  }),
  declaredBy: z.string().describe("Actor id, e.g. user:1"),
  declaredByLabel: z.string().describe("Role and entity, as the Informe prints it"),
  declaredByUser: ActorUserSchema,
  declaredAt: z.string(),
  inForce: z.boolean().describe("The highest revision of its year and criterion"),
});
export type ValoracionDeclarationRow = z.infer<typeof ValoracionDeclarationRowSchema>;

export const ValoracionDeclarationsQuerySchema = z.object({ year: YearQuerySchema.optional() });

export const valoracionContract = {
  declarations: defineContract({
    method: "get",
    path: "/api/policies/:code/valoracion/declarations",
    summary: "Niveles de valoración declarados (todas las revisiones)",
    tags: ["evaluación"],
    access: "evaluation.read",
    params: PolicyParamsSchema,
    query: ValoracionDeclarationsQuerySchema,
    response: z.array(ValoracionDeclarationRowSchema),
  }),
  declare: defineContract({
    method: "post",
    path: "/api/policies/:code/valoracion/declarations",
    summary:
      "Declarar el nivel de un criterio de valoración para un año, con fundamento y evidencia",
    description:
      "multipart/form-data with `declaration` (JSON: year, criterion, level, rationale) and `file` (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB). Only criteria whose rule is «declarado» accept a level; a new declaration of the same year and criterion is a new revision.",
    tags: ["evaluación"],
    access: "valoracion.declare",
    params: PolicyParamsSchema,
    multipart: true,
    response: ValoracionDeclarationRowSchema,
    status: 201,
  }),
  downloadEvidence: defineContract({
    method: "get",
    path: "/api/valoracion/declarations/:id/evidence",
    summary: "Descargar la evidencia de una declaración de valoración",
    tags: ["evaluación"],
    access: "evaluation.read",
    params: IdParamsSchema,
  }),
};
