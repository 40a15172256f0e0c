import {
  ActorUserSchema,
  CodeSchema,
  IdParamsSchema,
  YearQuerySchema,
  YearSchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * Values of the TIP data pack entered by a focal point (issue 13, item 6): for a data point of
 * reference/statistics/tip-data-points.json and a year, the focal point of an entity enters a
 * number (or a text answer for a qualitative point), its unit, source and definition, the
 * disaggregation it has and a comment. Entries are append-only: a correction names the version
 * it supersedes and the history stays. `tip_point.report` is entity-scoped (a focal point
 * enters for its own entities; the administrator for any); `tip_point.review` marks a version
 * reviewed. The pack prints an entry beside the register's data, never instead of it.
 *
 * The list of the 40 points with their status (`points`) is served by the reports feature,
 * which builds the pack's answers; the entries' routes by tip-entries.
 */

export const TIP_ENTRY_LIMITS = {
  text: 4000,
  unit: 60,
  definition: 1000,
  disaggregation: 1000,
  comment: 2000,
  /** |number| below this: a count or an amount of the report, not a typing accident. */
  magnitude: 1e12,
} as const;

// Tab and line feed are allowed in multi-line texts; every other C0/C1 control, and the
// bidirectional marks that make a text read differently from what it stores, are refused.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_MULTI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (c: string) =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** A text field named in its messages: «unidad»: no puede tener más de 60 caracteres. */
function text(field: string, max: number, options: { multiLine?: boolean; min?: number } = {}) {
  const control = options.multiLine ? CONTROL_MULTI : CONTROL_LINE;
  const min = options.min ?? 0;
  return z
    .string({ error: `«${field}»: se espera un texto` })
    .transform((s) => s.trim())
    .superRefine((s, ctx) => {
      if (s.length < min) ctx.addIssue({ code: "custom", message: `«${field}»: es obligatorio` });
      if (s.length > max)
        ctx.addIssue({
          code: "custom",
          message: `«${field}»: tiene ${s.length} caracteres; el máximo es ${max}`,
        });
      const found = s.match(control);
      if (found)
        ctx.addIssue({
          code: "custom",
          message: `«${field}»: carácter de control ${codePoint(found[0])} no permitido${options.multiLine ? " (solo saltos de línea y tabulaciones)" : ""}`,
        });
      if (LONE_SURROGATE.test(s))
        ctx.addIssue({
          code: "custom",
          message: `«${field}»: carácter Unicode incompleto (sustituto UTF-16 suelto)`,
        });
    });
}

export const TipEntryValueSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("numero"),
      number: z
        .number({ error: "«valor»: se espera un número" })
        .refine((n) => Number.isFinite(n) && Math.abs(n) < TIP_ENTRY_LIMITS.magnitude, {
          message: `«valor»: debe ser un número finito menor que ${TIP_ENTRY_LIMITS.magnitude.toLocaleString("es-PE")} en valor absoluto`,
        }),
    }),
    z.object({
      kind: z.literal("texto"),
      text: text("respuesta", TIP_ENTRY_LIMITS.text, { multiLine: true, min: 1 }),
    }),
  ],
  { error: "«valor»: indique kind «numero» con number, o kind «texto» con text" },
);
export type TipEntryValue = z.infer<typeof TipEntryValueSchema>;

export const TipEntryInputSchema = z.object({
  dataPointId: z
    .number({ error: "«dato»: se espera el número del dato (1 a 40)" })
    .int({ error: "«dato»: se espera un entero" })
    .positive({ error: "«dato»: se espera un número positivo" })
    .max(1000, { error: "«dato»: no existe" })
    .describe("Id of the data point in tip-data-points.json"),
  year: YearSchema,
  entity: CodeSchema.describe("Catalogue entity the value is entered for"),
  value: TipEntryValueSchema,
  unit: text("unidad", TIP_ENTRY_LIMITS.unit, { min: 1 }).describe(
    "víctimas, operativos, fiscales, soles, respuesta…",
  ),
  definition: text("fuente y definición", TIP_ENTRY_LIMITS.definition, {
    multiLine: true,
    min: 1,
  }).describe("Where the value comes from and what it counts"),
  disaggregation: text("desagregación", TIP_ENTRY_LIMITS.disaggregation, {
    multiLine: true,
  })
    .default("")
    .describe("The disaggregation the value has, or why it has none"),
  comment: text("comentario", TIP_ENTRY_LIMITS.comment, { multiLine: true }).optional(),
  supersedesId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("A correction: the id of the current version it replaces"),
});
export type TipEntryInput = z.infer<typeof TipEntryInputSchema>;

export const TipEntrySchema = z.object({
  id: z.number().int(),
  dataPointId: z.number().int(),
  year: z.number().int(),
  entity: z.object({ code: z.string(), name: z.string() }),
  version: z.number().int(),
  supersedesId: z.number().int().nullable(),
  supersededById: z.number().int().nullable(),
  current: z.boolean().describe("The latest version of its point, year and entity"),
  value: TipEntryValueSchema,
  unit: z.string(),
  definition: z.string(),
  disaggregation: z.string(),
  comment: z.string().nullable(),
  enteredBy: z.string().describe("Actor id"),
  enteredByUser: ActorUserSchema,
  enteredAt: z.string(),
  review: z
    .object({
      reviewedBy: z.string(),
      reviewedByUser: ActorUserSchema,
      reviewedAt: z.string(),
      note: z.string().nullable(),
    })
    .nullable(),
});
export type TipEntryView = z.infer<typeof TipEntrySchema>;

export const TipEntriesQuerySchema = z.object({
  year: YearQuerySchema,
  point: z.coerce.number().int().positive().max(1000).optional(),
  entity: CodeSchema.optional(),
  history: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("Every version, oldest first; otherwise the current ones"),
});

export const TIP_POINT_STATUSES = ["datos", "punto_focal", "no_disponible"] as const;

export const TipPointsSchema = z.object({
  year: z.number().int(),
  label: z.string().describe("The data-point file's label (TRANSCRITO)"),
  entities: z
    .array(z.object({ code: z.string(), name: z.string() }))
    .describe("Entities the reader may enter values for"),
  points: z.array(
    z.object({
      id: z.number().int(),
      pillar: z.enum(["prosecution", "protection", "prevention"]),
      label: z.object({ es: z.string(), en: z.string() }),
      disaggregation: z.object({ es: z.string(), en: z.string() }),
      mode: z.string().describe("A automatic, S focal points' entries, M narrative"),
      answeredBy: z
        .enum(["registro", "presupuesto", "evaluacion", "congreso", "ninguno"])
        .describe("What answers the point from the data"),
      status: z.enum(TIP_POINT_STATUSES).describe("The status the pack prints"),
      fromData: z.boolean().describe("The register (or a module) has a value: it is printed first"),
      entries: z.array(TipEntrySchema).describe("Current versions, one per entity"),
    }),
  ),
});

export const TipReviewBodySchema = z.object({
  note: text("nota", TIP_ENTRY_LIMITS.comment, { multiLine: true }).optional(),
});

export const tipEntriesContract = {
  points: defineContract({
    method: "get",
    path: "/api/tip/points",
    summary: "Los 40 datos del paquete TIP de un año, con su estado y los valores ingresados",
    description:
      "Status as the TIP pack prints it: from the data (register, budget, evaluation), entered by a focal point, or not available. A value from the data is never replaced by an entry; both are listed.",
    tags: ["informe TIP"],
    access: "tip_point.report",
    query: z.object({ year: YearQuerySchema }),
    response: TipPointsSchema,
  }),
  entries: defineContract({
    method: "get",
    path: "/api/tip/entries",
    summary: "Valores ingresados por los puntos focales (vigentes, o todas las versiones)",
    tags: ["informe TIP"],
    access: "tip_point.report",
    query: TipEntriesQuerySchema,
    response: z.array(TipEntrySchema),
  }),
  create: defineContract({
    method: "post",
    path: "/api/tip/entries",
    summary: "Ingresar (o corregir) el valor de un dato del paquete TIP para una entidad y un año",
    description:
      "A first entry has no supersedesId; a correction names the id of the current version and becomes the next version (409 if it is not the current one). A focal point may enter only for its own entities. Audited.",
    tags: ["informe TIP"],
    access: "tip_point.report",
    body: TipEntryInputSchema,
    response: TipEntrySchema,
    status: 201,
  }),
  review: defineContract({
    method: "post",
    path: "/api/tip/entries/:id/review",
    summary: "Marcar como revisada la versión vigente de un valor ingresado",
    tags: ["informe TIP"],
    access: "tip_point.review",
    params: IdParamsSchema,
    body: TipReviewBodySchema,
    response: TipEntrySchema,
  }),
};
