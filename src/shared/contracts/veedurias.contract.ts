import { CodeSchema, PolicyParamsSchema } from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import {
  DEPARTMENT_NAMES,
  isVeeduriaPeriod,
  VEEDURIA_STATUSES,
} from "../veedurias/veeduria-semaforo.ts";
import { defineContract } from "./contract.ts";

/**
 * Veedurías ciudadanas (docs/veedurias.md, ADR 0033): regional civil-society groups of
 * institutions that grade each lineamiento of the policy with a semáforo status and a
 * rationale, per period. The administrator enters them; anyone reads the region × lineamiento
 * semáforo, and its open-data files, without signing in. Counts a document published without
 * the per-lineamiento grades (seed 000) are shown as counts, labelled as transcribed.
 */

export const VeeduriaStatusSchema = z.enum(VEEDURIA_STATUSES);

export const VeeduriaPeriodSchema = z
  .string()
  .refine(isVeeduriaPeriod, "periodo: use AAAA, AAAA-S1, AAAA-S2 o AAAA-AAAA (años en orden)")
  .describe("A year (2025), a semester (2025-S1) or a span of years (2023-2025)");

const text = (max: number) => z.string().trim().min(1).max(max);

export const VeeduriaCreateSchema = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "código: minúsculas, dígitos y guiones (2 a 40)")
    .describe("Stable code, e.g. mirada-ciudadana-puno"),
  name: text(200).describe("Display name of the veeduría (never a person's name)"),
  department: z
    .string()
    .refine((d) => d in DEPARTMENT_NAMES, "departamento: código INEI de dos dígitos (01 a 25)")
    .describe("INEI department code, two digits (21 = Puno)"),
  institutions: z
    .array(text(200))
    .max(200)
    .default([])
    .describe("Member institutions (organisations only, no individuals)"),
});

export const VeeduriaAssessmentsSchema = z.object({
  period: VeeduriaPeriodSchema,
  assessments: z
    .array(
      z.object({
        lineamiento: CodeSchema.describe("Lineamiento code of the catalogue, e.g. 1.2"),
        status: VeeduriaStatusSchema,
        rationale: text(4000).describe("Why the veeduría gave this status"),
      }),
    )
    .min(1)
    .max(100),
});

export const VeeduriaParamsSchema = PolicyParamsSchema.extend({
  veeduria: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "código de veeduría inválido"),
});

export const SemaforoQuerySchema = z.object({
  period: VeeduriaPeriodSchema.optional().describe("Default: the latest period with grades"),
});

const ReferenceCountSchema = z.object({
  status: VeeduriaStatusSchema,
  lineamientos: z.number().int(),
  note: z.string().nullable(),
  source: z.string(),
  citation: z.string(),
});

export const VeeduriaSemaforoSchema = z.object({
  policy: z.object({ code: z.string(), name: z.string() }),
  period: z.string().nullable().describe("The period shown; null when nothing was graded yet"),
  periods: z
    .array(z.string())
    .describe("Every period with grades or reference counts, latest first"),
  statuses: z.array(
    z.object({ status: VeeduriaStatusSchema, label: z.string(), colour: z.string() }),
  ),
  lineamientos: z.array(z.object({ code: z.string(), objective: z.string(), text: z.string() })),
  veedurias: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      department: z.string().describe("INEI department code, two digits"),
      departmentName: z.string(),
      institutions: z.array(z.string()),
      reference: z
        .object({ label: z.string(), source: z.string() })
        .nullable()
        .describe("Set when the veeduría was transcribed from a document"),
      grades: z.array(
        z.object({ lineamiento: z.string(), status: VeeduriaStatusSchema, rationale: z.string() }),
      ),
      referenceCounts: z.array(ReferenceCountSchema),
      counts: z
        .record(VeeduriaStatusSchema, z.number().int())
        .describe("Lineamientos per status: from the grades, or else from the reference counts"),
      countsFrom: z.enum(["evaluaciones", "referencia", "ninguno"]),
      notStated: z.number().int().describe("Lineamientos neither graded nor counted"),
      dominant: VeeduriaStatusSchema.nullable().describe("The map's colour without a lineamiento"),
    }),
  ),
});
export type VeeduriaSemaforo = z.infer<typeof VeeduriaSemaforoSchema>;

export const VeeduriaSchema = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  institutions: z.array(z.string()),
});

export const VeeduriaAssessmentsResultSchema = z.object({
  veeduria: z.string(),
  period: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export const VEEDURIA_FILES = [
  "semaforo.csv",
  "semaforo.json",
  "conteos.csv",
  "conteos.json",
  "datapackage.json",
] as const;

export const VeeduriaFileParamsSchema = PolicyParamsSchema.extend({
  file: z.enum(VEEDURIA_FILES).describe("semaforo.csv|json, conteos.csv|json, datapackage.json"),
});

const SEMAFORO_EXAMPLE = {
  policy: { code: "pntp", name: "Política Nacional frente a la Trata de Personas…" },
  period: "2023-2025",
  periods: ["2023-2025"],
  statuses: [{ status: "parcial", label: "Parcial", colour: "#E0B000" }],
  lineamientos: [{ code: "1.1", objective: "OP1", text: "Mejorar la calidad de la información…" }],
  veedurias: [
    {
      code: "mirada-ciudadana-puno",
      name: "Veeduría Mirada Ciudadana de Puno",
      department: "21",
      departmentName: "Puno",
      institutions: [],
      reference: {
        label:
          "Transcrito del documento de CHS Alternativo (seed 000), no es una exportación institucional",
        source: "CHS Alternativo, X Informe Alternativo 2023-2025…",
      },
      grades: [],
      referenceCounts: [
        {
          status: "parcial",
          lineamientos: 9,
          note: "Numerosas brechas.",
          source: "CHS Alternativo, X Informe Alternativo 2023-2025…",
          citation: "000:L3450",
        },
      ],
      counts: {
        avanzado: 0,
        con_avances: 0,
        parcial: 9,
        inicial: 0,
        sin_avance: 0,
        sin_informacion_publica: 5,
      },
      countsFrom: "referencia",
      notStated: 5,
      dominant: "parcial",
    },
  ],
};

const TAGS = ["veedurías", "datos abiertos", "público"] as const;

export const veeduriasContract = {
  semaforo: defineContract({
    method: "get",
    path: "/api/public/veedurias/:code",
    summary: "Semáforo de las veedurías: región × lineamiento, con sus fundamentos (público)",
    description:
      "Las calificaciones de cada veeduría regional a los lineamientos de la política en un periodo. Donde un documento publicó solo conteos (seed 000), se muestran como conteos de referencia, rotulados como transcritos.",
    tags: TAGS,
    access: "public",
    params: PolicyParamsSchema,
    query: SemaforoQuerySchema,
    response: VeeduriaSemaforoSchema,
    example: SEMAFORO_EXAMPLE,
  }),
  file: defineContract({
    method: "get",
    path: "/api/public/veedurias/:code/:file",
    summary: "Datos abiertos de las veedurías: calificaciones y conteos en CSV o JSON",
    description:
      "semaforo.*: una fila por veeduría, periodo y lineamiento calificado. conteos.*: lineamientos por estado de cada veeduría y periodo, de las calificaciones («evaluaciones») o transcritos de un documento («referencia»). datapackage.json: paquete Frictionless de ambos.",
    tags: TAGS,
    access: "public",
    params: VeeduriaFileParamsSchema,
    files: ["text/csv; charset=utf-8", "application/json; charset=utf-8"],
    example:
      "veeduria,veeduria_nombre,departamento,departamento_nombre,periodo,estado,estado_nombre,lineamientos,origen,fuente,cita,licencia\r\nmirada-ciudadana-puno,Veeduría Mirada Ciudadana de Puno,21,Puno,2023-2025,parcial,Parcial,9,referencia,…,000:L3450,ODC-By-1.0\r\n",
  }),
  create: defineContract({
    method: "post",
    path: "/api/policies/:code/veedurias",
    summary: "Registrar una veeduría regional (nombre, región, instituciones)",
    tags: ["veedurías"],
    access: "veeduria.manage",
    params: PolicyParamsSchema,
    body: VeeduriaCreateSchema,
    response: VeeduriaSchema,
    status: 201,
  }),
  assess: defineContract({
    method: "put",
    path: "/api/policies/:code/veedurias/:veeduria/assessments",
    summary: "Registrar o corregir las calificaciones de una veeduría en un periodo (atómico)",
    tags: ["veedurías"],
    access: "veeduria.manage",
    params: VeeduriaParamsSchema,
    body: VeeduriaAssessmentsSchema,
    response: VeeduriaAssessmentsResultSchema,
  }),
};
