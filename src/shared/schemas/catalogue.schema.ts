import { FIRST_YEAR, LAST_YEAR } from "./common.schema.ts";
import { z } from "./zod-locale.ts";

/**
 * The catalogue interchange format: one JSON document that describes a whole national policy
 * (objectives, lineamientos, services, indicators with their fichas técnicas, metas and values).
 * It is the contract between Vigía instances and with other policies' conductors, so every
 * field carries a description that ends up in the generated JSON Schema (docs/catalogue.schema.json).
 *
 * References between objects use codes, never database ids, so a file can be written by hand.
 */

export const CATALOGUE_FORMAT_VERSION = 1;

/**
 * Numbers. JSON has no Infinity or NaN, but JSON.parse turns a literal too large for a double
 * (1e400) into Infinity, and zod's own message for it ("se esperaba número, recibido número")
 * does not tell the author what is wrong.
 */
const numberError = (iss: { code: string; input?: unknown }) => {
  if (iss.code !== "invalid_type" || typeof iss.input !== "number") return undefined;
  return Number.isNaN(iss.input)
    ? "no es un número (NaN)"
    : "número fuera de rango: supera el máximo representable (±1.8e308)";
};
const num = () => z.number({ error: numberError });
// Counters and version numbers are stored as 4-byte integers.
const INT_MAX = 2_147_483_647;
const positiveInt = () =>
  num().int().positive().max(INT_MAX, `número fuera de rango (máximo ${INT_MAX})`);

/**
 * Text. Control characters are refused: NUL cannot be stored at all, and the others are
 * invisible, so they only ever arrive by mistake (a bad copy from a PDF, a broken export).
 * Multi-line fields (definitions, narratives, notes) also take line feeds and tabs.
 */
const codePoint = (c: string) =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
// Every C0 and C1 control; multi-line text also takes \t and \n. Written as patterns so the
// JSON Schema carries them too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_BUT_TAB_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const MULTI_LINE = /^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$/;
const controlError =
  (multiLine: boolean) =>
  (iss: { input?: unknown }): string => {
    const found =
      typeof iss.input === "string"
        ? iss.input.match(multiLine ? CONTROL_BUT_TAB_LF : CONTROL)
        : null;
    const char = found ? codePoint(found[0]) : "?";
    return multiLine
      ? `carácter de control ${char} no permitido (solo se admiten saltos de línea y tabulaciones)`
      : `carácter de control ${char} no permitido en un texto de una línea`;
  };
// A lone UTF-16 surrogate ("\ud800" in the file) cannot be stored as UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);
const WELL_FORMED = "texto con un carácter Unicode incompleto (sustituto UTF-16 suelto)";

/** One-line text: names, references, categories. */
const line = (max: number, min = 0) =>
  (min > 0 ? z.string().min(min) : z.string())
    .max(max)
    .regex(SINGLE_LINE, { error: controlError(false) })
    .refine(wellFormed, WELL_FORMED);
/** Multi-line text: definitions, narratives, notes; line feeds and tabs allowed. */
const para = (max: number, min = 0) =>
  (min > 0 ? z.string().min(min) : z.string())
    .max(max)
    .regex(MULTI_LINE, { error: controlError(true) })
    .refine(wellFormed, WELL_FORMED);

const code = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, "solo letras, dígitos, punto, guion y guion bajo");
const text = line(4000, 1);
const year = num().int().min(FIRST_YEAR).max(LAST_YEAR);
// A day that exists: 2021-02-30 has the right shape but no date column would take it.
const isRealDate = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
};
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "fecha AAAA-MM-DD")
  .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isRealDate(d), "esa fecha no existe");

export const EntityKind = z
  .enum([
    "ministerio",
    "organismo_autonomo",
    "organismo_adscrito",
    "gobierno_regional",
    "gobierno_local",
    "otro",
  ])
  .describe("Kind of public entity");

export const IndicatorLevel = z
  .enum(["objetivo", "servicio"])
  .describe("OP indicator or service indicator");
export const IndicatorUnit = z
  .enum(["porcentaje", "numero", "tasa", "razon"])
  .describe(
    "porcentaje: a proportion in [0,100]; numero: a count; tasa: a rate (e.g. variation rate) that may leave [0,100]; razon: a ratio",
  );
export const IndicatorDirection = z
  .enum(["ascendente", "descendente"])
  .describe("Whether a higher value is better (ascendente) or worse (descendente)");
export const MetaSource = z
  .enum(["ficha_tecnica", "matriz_compromisos", "ajuste", "politica"])
  .describe("Where the meta comes from");
export const PeriodKind = z
  .enum(["ANUAL", "S1", "S2", "T1", "T2", "T3", "T4"])
  .describe("Reporting period within a year: the year, a semester or a quarter (regional plans)");
export const MeasurementStatus = z
  .enum(["borrador", "enviado", "observado", "validado"])
  .describe("Workflow state of a reported value; evaluations use validated values");
export const ImplementationLevel = z.enum(["INICIAL", "INTERMEDIO", "AVANZADO"]);
export const CommitmentStatus = z.enum(["pendiente", "en_proceso", "cumplido", "no_cumplido"]);
export const DisaggregationDimension = z
  .enum(["sexo", "grupo_edad", "nacionalidad", "region", "otro"])
  .describe("Dimension of a disaggregation; region uses an INEI ubigeo code as category");

// The vocabularies as types too: database rows (src/server/db/schema.generated.ts) and the
// pure code are typed by these, so a value read back needs no cast.
export type EntityKind = z.infer<typeof EntityKind>;
export type IndicatorLevel = z.infer<typeof IndicatorLevel>;
/** The one definition of an indicator's unit. */
export type Unit = z.infer<typeof IndicatorUnit>;
export type MetaSource = z.infer<typeof MetaSource>;
export type PeriodKind = z.infer<typeof PeriodKind>;
export type DisaggregationDimension = z.infer<typeof DisaggregationDimension>;

const SourceRef = line(400).describe(
  "Where the figure comes from (document and lines, system, resolution)",
);

export const EntitySchema = z
  .object({
    code: code.describe("Acronym used as the entity's code, e.g. SUNAFIL"),
    name: text,
    kind: EntityKind,
    parent: code.nullable().describe("Code of the parent entity (SUNAFIL → MTPE), or null"),
  })
  .strict();

export const OrgUnitSchema = z
  .object({
    entity: code,
    code: code.describe("Unique code of the unit within the catalogue, e.g. MININTER-OPE-OGPP"),
    name: text,
  })
  .strict();

export const ObjectiveSchema = z
  .object({
    code: code.describe("OP1, OP2 …"),
    name: text,
    expectedResult: para(4000).nullable().describe("Logro esperado at the policy horizon"),
    alignedTo: code
      .optional()
      .describe("Subnational plans: code of the parent policy's objective this one serves (OP1 …)"),
  })
  .strict();

export const LineamientoSchema = z
  .object({
    code: code.describe("1.1, 1.2 …"),
    objective: code,
    text: para(4000, 1),
  })
  .strict();

export const ResponsibilitySchema = z
  .object({
    entity: code,
    fromYear: year,
    toYear: year.nullable().describe("Last year of responsibility, or null while in force"),
    note: para(1000).nullable(),
  })
  .strict();

export const ServiceSchema = z
  .object({
    code: code.describe("S01 … S42"),
    number: positiveInt(),
    name: text,
    lineamiento: code,
    provider: para(2000).nullable().describe("Unit(s) that deliver the service"),
    recipients: para(2000).nullable().describe("Los receptores del servicio"),
    isNew: z
      .boolean()
      .nullable()
      .describe("New (true) or improved (false) service; null if unknown"),
    responsibility: z
      .array(ResponsibilitySchema)
      .min(1)
      .describe("Responsible entity over time (S14: MINEM, then PCM from 2023)"),
    alignedTo: code
      .optional()
      .describe("Subnational plans: code of the parent policy's service this one serves (S04 …)"),
  })
  .strict();

export const BaselineSchema = z
  .object({
    value: num(),
    year: year.nullable(),
    source: SourceRef.nullable(),
    isDerived: z
      .boolean()
      .describe("True when the value was solved from published results rather than stated"),
    note: para(1000).nullable(),
  })
  .strict();

export const IndicatorVersionSchema = z
  .object({
    version: positiveInt().describe("Ficha técnica version, 1, 2 …"),
    name: text,
    unit: IndicatorUnit,
    direction: IndicatorDirection,
    isCumulative: z.boolean(),
    numerator: para(2000).nullable().describe("Definition of the numerator"),
    denominator: para(2000).nullable().describe("Definition of the denominator"),
    dataSources: z.array(line(400, 1)),
    responsibleEntity: code,
    responsibleUnit: code.nullable().describe("Org unit code, or null"),
    baseline: BaselineSchema.nullable(),
    validFrom: year,
    validTo: year.nullable(),
    reason: para(2000).nullable().describe("Why this version was created"),
    author: line(200, 1)
      .optional()
      .describe(
        "Account that created the version in Vigía (user:12, cli:maria); absent for a version that came with the catalogue file",
      ),
  })
  .strict();

export const MetaSchema = z
  .object({
    year,
    value: num(),
    source: MetaSource,
    revision: positiveInt().describe("1 for the original meta, 2… for revisions"),
    reference: SourceRef.nullable(),
    note: para(1000).nullable(),
  })
  .strict();

export const DisaggregationSchema = z
  .object({
    dimension: DisaggregationDimension,
    category: line(200, 1).describe("e.g. F, M, 0-17, PE-LIMA or an ubigeo code"),
    label: line(200).nullable().describe("Free-dimension name (dimension otro)"),
    value: num(),
  })
  .strict();

export const NarrativeSchema = z
  .object({
    logros: para(20000).nullable(),
    dificultades: para(20000).nullable(),
    medidas: para(20000).nullable().describe("Medidas adoptadas"),
  })
  .strict();

export const MeasurementSchema = z
  .object({
    year,
    period: PeriodKind,
    indicatorVersion: positiveInt().describe("Ficha version the value was reported against"),
    value: num().nullable().describe("Valor obtenido; null when only reported as missing"),
    numerator: num().nullable(),
    denominator: num().nullable(),
    disaggregations: z.array(DisaggregationSchema),
    narrative: NarrativeSchema,
    sourceSystem: line(400).nullable().describe("Information system the figure comes from"),
    reportingEntity: code.describe("Entity whose focal point reported the figure"),
    reportingUnit: code.nullable().describe("Org unit that reported it (proxy reporting)"),
    reportedForEntity: code.describe("Entity the figure belongs to"),
    status: MeasurementStatus,
    reference: SourceRef.nullable(),
    note: para(2000).nullable(),
  })
  .strict();

export const IndicatorSchema = z
  .object({
    code: code.describe("1.1, 16.2 … unique within the policy"),
    level: IndicatorLevel,
    objective: code,
    service: code
      .nullable()
      .describe("Service code for service indicators, null for OP indicators"),
    versions: z.array(IndicatorVersionSchema).min(1),
    metas: z.array(MetaSchema),
    measurements: z.array(MeasurementSchema),
  })
  .strict();

export const CommitmentSchema = z
  .object({
    number: positiveInt(),
    periodYear: year,
    aspect: line(400, 1).describe("Aspecto de mejora, e.g. 'Indicador 1.1'"),
    indicator: code.nullable(),
    service: code.nullable(),
    recommendation: para(4000, 1),
    keyAction: para(4000).nullable(),
    verificationMeans: para(4000).nullable(),
    responsibleUnit: line(400).nullable(),
    deadline: line(100).nullable().describe("Plazo as written, e.g. '6 meses'"),
    status: CommitmentStatus,
    comment: para(4000).nullable(),
    newMetas: z.array(z.object({ year, value: num() }).strict()),
  })
  .strict();

export const CriterionRuleSchema: z.ZodType<CriterionRule> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z
      .object({ kind: z.literal("nivel_indice").describe("Level from the índice de gestión band") })
      .strict(),
    z
      .object({
        kind: z.literal("media_tipo1_servicios"),
        description: para(400).optional(),
      })
      .strict()
      .describe("Band of the mean clipped tipo 1 of the service indicators"),
    z
      .object({ kind: z.literal("proporcion_alto_servicios") })
      .strict()
      .describe("Band of the share of service indicators at nivel alto"),
    z
      .object({
        kind: z.literal("declarado"),
        levels: z.record(z.string().regex(/^\d{4}$/), ImplementationLevel),
        source: SourceRef.nullable(),
        fallback: CriterionRuleSchema.nullable(),
      })
      .strict()
      .describe("Level stated by the conductor for each year, with an optional computed fallback"),
  ]),
);

export type CriterionRule =
  | { kind: "nivel_indice" }
  | { kind: "media_tipo1_servicios"; description?: string | undefined }
  | { kind: "proporcion_alto_servicios" }
  | {
      kind: "declarado";
      levels: Record<string, "INICIAL" | "INTERMEDIO" | "AVANZADO">;
      source: string | null;
      fallback: CriterionRule | null;
    };

export const ValoracionCriterionSchema = z
  .object({
    code: code,
    name: text,
    weight: num().positive(),
    rule: CriterionRuleSchema,
  })
  .strict();

export const ValoracionConfigSchema = z
  .object({
    criteria: z.array(ValoracionCriterionSchema).min(1),
    totalLevelRule: z
      .enum(["mas_cercano", "tercios"])
      .describe(
        "mas_cercano: round the total to the nearest level; tercios: equal-width bands on [1,3]",
      ),
  })
  .strict();

export const PolicySchema = z
  .object({
    code: code.describe("Short code used in URLs and the CLI, e.g. pntp"),
    name: text,
    shortName: line(40).nullable(),
    approvalNorm: line(200).nullable(),
    approvalDate: isoDate.nullable(),
    horizonYear: year,
    publicProblem: para(4000).nullable(),
    desiredFuture: para(4000).nullable(),
    conductor: code.describe("Entity code of the conductor (ente rector)"),
    conductorUnit: code.nullable(),
    territory: z
      .string()
      .regex(/^[0-9]{2}([0-9]{2}([0-9]{2})?)?$/, "ubigeo INEI de 2, 4 o 6 dígitos")
      .optional()
      .describe(
        "Subnational plans only: INEI ubigeo of the department (2 digits), province (4) or district (6) the plan covers",
      ),
    parentPolicy: code
      .optional()
      .describe("Subnational plans only: code of the national policy the plan serves (pntp)"),
  })
  .strict()
  .refine((p) => (p.territory === undefined) === (p.parentPolicy === undefined), {
    message: "un plan subnacional indica a la vez territory y parentPolicy (o ninguno de los dos)",
    path: ["parentPolicy"],
  });

export const ValoracionDeclarationSchema = z
  .object({
    year,
    criterion: code.describe("Code of a criterion of `valoracion`"),
    revision: positiveInt().describe("1, 2 …: the highest is in force"),
    level: z.enum(["INICIAL", "INTERMEDIO", "AVANZADO"]),
    rationale: para(4000, 10),
    evidence: z
      .object({
        fileName: line(255, 1),
        mediaType: line(200, 1),
        sizeBytes: positiveInt(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, "SHA-256 en hexadecimal (64 caracteres)"),
        storageKey: line(400, 1).describe("Where the installation's file store keeps the bytes"),
      })
      .strict()
      .describe("The evidence file's record; the bytes stay in the file store, not in this file"),
    declaredBy: line(200, 1).describe("Account that declared (user:12)"),
    declaredByLabel: line(200, 1).describe("Role and entity at the time, as the Informe names it"),
    declaredAt: z.iso.datetime({ precision: 6 }).describe("UTC, to the microsecond"),
  })
  .strict()
  .describe("A valoración level the conductor declared in the app (append-only, ADR 0034)");

export const CatalogueSchema = z
  .object({
    formatVersion: z.literal(CATALOGUE_FORMAT_VERSION),
    provenance: z
      .object({
        description: para(4000),
        sources: z.array(line(400)),
      })
      .strict()
      .describe("Where this catalogue's facts come from"),
    policy: PolicySchema,
    entities: z.array(EntitySchema).min(1),
    orgUnits: z.array(OrgUnitSchema),
    objectives: z.array(ObjectiveSchema).min(1),
    lineamientos: z.array(LineamientoSchema),
    services: z.array(ServiceSchema),
    indicators: z.array(IndicatorSchema).min(1),
    commitments: z.array(CommitmentSchema),
    valoracion: ValoracionConfigSchema,
    valoracionDeclarations: z
      .array(ValoracionDeclarationSchema)
      .optional()
      .describe("Declared valoración levels with their history; absent when there are none"),
  })
  .strict();

export type Catalogue = z.infer<typeof CatalogueSchema>;
export type CatalogueIndicator = z.infer<typeof IndicatorSchema>;
export type CatalogueMeasurement = z.infer<typeof MeasurementSchema>;
export type ValoracionConfig = z.infer<typeof ValoracionConfigSchema>;
