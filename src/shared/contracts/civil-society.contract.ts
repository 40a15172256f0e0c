import {
  CIVIL_SOCIETY_DATASETS,
  CIVIL_SOCIETY_FORMATS,
  CIVIL_SOCIETY_MEDIA_TYPES,
} from "../open-data/civil-society-datasets.ts";
import {
  CodeSchema,
  DbIntSchema,
  IdParamsSchema,
  PolicyParamsSchema,
  YearQuerySchema,
  YearSchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * Accredited civil-society organisations (issue 16 item 2, ADR 0032): each publishes, under its
 * own name, an alternative value for an indicator-year or a qualitative assessment of a
 * service-year, with its evidence; the official value is never changed. The conductor may
 * publish a response next to it; moderation is removal for personal data only, with the reason
 * shown publicly. Item 5: what has no public value, listed as «sin información pública».
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const OrganizationCreateSchema = z.object({
  // At least two characters, as the table's check: found by the fuzz suite (a one-letter name
  // reached the database and came back as a 500).
  name: z
    .string()
    .trim()
    .min(2, "El nombre de la organización debe tener al menos 2 caracteres.")
    .max(200)
    .describe("The organisation's name, as the public will read it"),
  acronym: text(40).optional(),
  website: text(300).optional(),
});

export const OrganizationMemberAddSchema = z.object({
  email: z.string().trim().toLowerCase().email().describe("An account with role sociedad_civil"),
});

export const OrganizationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  acronym: z.string().nullable(),
  website: z.string().nullable(),
  isDemo: z.boolean(),
  accreditedAt: z.string(),
  members: z.array(z.object({ userId: z.number().int(), email: z.string(), name: z.string() })),
});
export type Organization = z.infer<typeof OrganizationSchema>;

const common = {
  policy: CodeSchema.describe("Policy code, e.g. pntp"),
  year: YearSchema,
  source: text(1000).describe("The source the organisation cites"),
  comment: text(4000).optional(),
  accessRequestId: DbIntSchema.optional().describe(
    "An access-to-information request of the register the figure was obtained through",
  ),
};

/** The JSON field «contribution» of the multipart upload (the files go in «file»). */
export const ContributionCreateSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("valor_alternativo"),
    indicator: CodeSchema.describe("Indicator code, e.g. 1.1"),
    value: z.number().finite().describe("The organisation's figure"),
    method: text(4000).describe("How the organisation obtained it"),
    ...common,
  }),
  z.object({
    kind: z.literal("valoracion_servicio"),
    service: CodeSchema.describe("Service code, e.g. S01"),
    assessment: text(8000).describe("The organisation's qualitative assessment"),
    ...common,
  }),
]);
export type ContributionCreate = z.infer<typeof ContributionCreateSchema>;

export const ContributionResponseSchema = z.object({ text: text(4000) });
export const ContributionRemovalSchema = z.object({
  reason: text(500).describe("Shown publicly: «retirado por el moderador: <motivo>»"),
});

export const ContributionSchema = z.object({
  id: z.number().int(),
  kind: z.enum(["valor_alternativo", "valoracion_servicio"]),
  policy: z.string(),
  year: z.number().int(),
  target: z.object({ code: z.string(), name: z.string() }),
  organization: z.object({
    id: z.number().int(),
    name: z.string(),
    acronym: z.string().nullable(),
    isDemo: z.boolean(),
  }),
  publishedAt: z.string(),
  official: z
    .object({
      value: z.number().nullable().describe("The published official value; null: none public"),
      label: z
        .string()
        .describe("Who says it: the policy's conductor, or «sin información pública»"),
    })
    .nullable()
    .describe("Alternative values: the official figure beside it (never changed by this)"),
  status: z.enum(["publicado", "retirado"]),
  statusLabel: z.string().describe("publicado, or «retirado por el moderador: <motivo>»"),
  value: z.number().nullable(),
  method: z.string().nullable(),
  assessment: z.string().nullable(),
  source: z.string().nullable(),
  comment: z.string().nullable(),
  accessRequest: z
    .object({
      id: z.number().int(),
      entity: z.string(),
      sentOn: z.string(),
      reference: z.string().nullable(),
    })
    .nullable(),
  evidence: z.array(
    z.object({
      id: z.number().int(),
      fileName: z.string(),
      mediaType: z.string(),
      sizeBytes: z.number().int(),
      sha256: z.string(),
      url: z.string(),
    }),
  ),
  response: z.object({ text: z.string(), respondedAt: z.string() }).nullable(),
  removal: z.object({ reason: z.string(), removedAt: z.string() }).nullable(),
});
export type Contribution = z.infer<typeof ContributionSchema>;

export const PublicContributionsSchema = z.object({
  policy: z.object({ code: z.string(), name: z.string(), conductor: z.string() }),
  year: z.number().int().nullable(),
  contributions: z.array(ContributionSchema),
});

export const OwnWorkspaceSchema = z.object({
  organization: OrganizationSchema.omit({ members: true }),
  contributions: z.array(ContributionSchema),
  indicators: z.array(z.object({ code: z.string(), name: z.string() })),
  services: z.array(z.object({ code: z.string(), name: z.string() })),
  accessRequests: z
    .array(
      z.object({
        id: z.number().int(),
        entity: z.string(),
        sentOn: z.string(),
        reference: z.string().nullable(),
        requester: z.string(),
      }),
    )
    .describe("Requests of the register the organisation may cite"),
});

export const MissingItemSchema = z.object({
  kind: z.enum(["indicador", "servicio", "dato_tip"]),
  code: z.string(),
  name: z.string(),
  responsible: z.string(),
  responsibleName: z.string(),
  reason: z.string(),
});
export type MissingItem = z.infer<typeof MissingItemSchema>;

export const MissingInformationSchema = z.object({
  policy: z.string(),
  year: z.number().int(),
  published: z.boolean().describe("Whether the year is published at all"),
  label: z.literal("sin información pública"),
  counts: z.object({
    indicador: z.number().int(),
    servicio: z.number().int(),
    dato_tip: z.number().int(),
  }),
  items: z.array(MissingItemSchema),
});
export type MissingInformation = z.infer<typeof MissingInformationSchema>;

const CIVIL_DATASET_IDS = CIVIL_SOCIETY_DATASETS.map((d) => d.id) as [
  (typeof CIVIL_SOCIETY_DATASETS)[number]["id"],
  ...(typeof CIVIL_SOCIETY_DATASETS)[number]["id"][],
];
const FILE_PATTERN = new RegExp(`^(\\d{4})\\.(${CIVIL_SOCIETY_FORMATS.join("|")})$`);

export const CivilDatasetParamsSchema = PolicyParamsSchema.extend({
  dataset: z.enum(CIVIL_DATASET_IDS),
  file: z
    .string()
    .regex(FILE_PATTERN, "use AAAA.csv o AAAA.json")
    .describe("Año y formato: 2023.csv, 2023.json")
    .transform((f) => {
      const [, year, format] = FILE_PATTERN.exec(f) ?? [];
      return { year: Number(year), format: format as (typeof CIVIL_SOCIETY_FORMATS)[number] };
    }),
});

const TAGS = ["sociedad civil"] as const;
const PUBLIC_TAGS = ["sociedad civil", "datos abiertos", "público"] as const;

// OpenAPI examples of the public routes (invented, shaped like real answers; not data).
const CONTRIBUTIONS_EXAMPLE = {
  policy: {
    code: "pntp",
    name: "Política Nacional frente a la Trata de Personas y sus formas de explotación al 2030",
    conductor: "MININTER",
  },
  year: 2023,
  contributions: [
    {
      id: 1,
      kind: "valor_alternativo",
      policy: "pntp",
      year: 2023,
      target: { code: "1.1", name: "Indicador de ejemplo" },
      organization: { id: 1, name: "Organización de ejemplo", acronym: null, isDemo: true },
      publishedAt: "2024-03-01T15:00:00.000Z",
      official: { value: 40, label: "MININTER (conductor de la política)" },
      status: "publicado",
      statusLabel: "publicado",
      value: 35,
      method: "Respuestas a solicitudes de acceso a la información",
      assessment: null,
      source: "Solicitud n.º 1 (Ley 27806)",
      comment: null,
      accessRequest: null,
      evidence: [
        {
          id: 1,
          fileName: "respuesta.pdf",
          mediaType: "application/pdf",
          sizeBytes: 20480,
          sha256: "0".repeat(64),
          url: "/api/public/civil-society/evidence/1",
        },
      ],
      response: null,
      removal: null,
    },
  ],
};

const MISSING_EXAMPLE = {
  policy: "pntp",
  year: 2023,
  published: true,
  label: "sin información pública",
  counts: { indicador: 1, servicio: 0, dato_tip: 0 },
  items: [
    {
      kind: "indicador",
      code: "1.1",
      name: "Indicador de ejemplo",
      responsible: "MININTER",
      responsibleName: "Ministerio del Interior",
      reason: "sin valor validado publicado para el año",
    },
  ],
};

export const civilSocietyContract = {
  organizations: defineContract({
    method: "get",
    path: "/api/civil-society/organizations",
    summary: "Organizaciones de la sociedad civil acreditadas, con sus miembros",
    tags: TAGS,
    access: "civil_society.accredit",
    response: z.array(OrganizationSchema),
  }),
  accredit: defineContract({
    method: "post",
    path: "/api/civil-society/organizations",
    summary: "Acreditar una organización de la sociedad civil",
    tags: TAGS,
    access: "civil_society.accredit",
    body: OrganizationCreateSchema,
    response: OrganizationSchema,
    status: 201,
  }),
  addMember: defineContract({
    method: "post",
    path: "/api/civil-society/organizations/:id/members",
    summary: "Asignar una cuenta de rol sociedad civil a la organización (una sola por cuenta)",
    tags: TAGS,
    access: "civil_society.accredit",
    params: IdParamsSchema,
    body: OrganizationMemberAddSchema,
    response: OrganizationSchema,
  }),
  workspace: defineContract({
    method: "get",
    path: "/api/civil-society/:code/workspace",
    summary: "La organización propia, sus aportes y lo que puede citar",
    tags: TAGS,
    access: "civil_society.publish",
    params: PolicyParamsSchema,
    response: OwnWorkspaceSchema,
  }),
  publish: defineContract({
    method: "post",
    path: "/api/civil-society/contributions",
    summary: "Publicar un valor alternativo o una valoración de servicio, con sus evidencias",
    description:
      "multipart/form-data with `contribution` (JSON, ContributionCreate) and up to 5 `file` (PDF, XLSX, DOCX, PNG, JPG; máx. 10 MB each; at least one for an alternative value). All or nothing.",
    tags: TAGS,
    access: "civil_society.publish",
    multipart: true,
    response: ContributionSchema,
    status: 201,
  }),
  addEvidence: defineContract({
    method: "post",
    path: "/api/civil-society/contributions/:id/evidence",
    summary: "Añadir una evidencia a un aporte de la organización propia",
    tags: TAGS,
    access: "civil_society.publish",
    params: IdParamsSchema,
    multipart: true,
    response: ContributionSchema,
    status: 201,
  }),
  respond: defineContract({
    method: "post",
    path: "/api/civil-society/contributions/:id/response",
    summary: "Publicar la respuesta del conductor junto al aporte",
    tags: TAGS,
    access: "civil_society.respond",
    params: IdParamsSchema,
    body: ContributionResponseSchema,
    response: ContributionSchema,
  }),
  remove: defineContract({
    method: "post",
    path: "/api/civil-society/contributions/:id/removal",
    summary: "Retirar un aporte que expone datos personales (el motivo es público)",
    tags: TAGS,
    access: "civil_society.moderate",
    params: IdParamsSchema,
    body: ContributionRemovalSchema,
    response: ContributionSchema,
  }),
  publicList: defineContract({
    method: "get",
    path: "/api/public/civil-society/:code/contributions",
    summary: "Aportes de la sociedad civil junto a los valores oficiales (público)",
    tags: PUBLIC_TAGS,
    access: "public",
    params: PolicyParamsSchema,
    query: z.object({ year: YearQuerySchema.optional() }),
    response: PublicContributionsSchema,
    example: CONTRIBUTIONS_EXAMPLE,
  }),
  evidence: defineContract({
    method: "get",
    path: "/api/public/civil-society/evidence/:id",
    summary: "Descargar una evidencia de un aporte publicado (404 si fue retirado)",
    tags: PUBLIC_TAGS,
    access: "public",
    params: IdParamsSchema,
    files: ["application/pdf", "image/png", "image/jpeg"],
    example: "%PDF-1.4 … (the evidence file, as uploaded; Content-Disposition: attachment)",
  }),
  missing: defineContract({
    method: "get",
    path: "/api/public/civil-society/:code/missing",
    summary: "Indicadores, servicios y datos TIP sin información pública en el año",
    tags: PUBLIC_TAGS,
    access: "public",
    params: PolicyParamsSchema,
    query: z.object({ year: YearQuerySchema }),
    response: MissingInformationSchema,
    example: MISSING_EXAMPLE,
  }),
  dataset: defineContract({
    method: "get",
    path: "/api/public/sociedad-civil/:code/:dataset/:file",
    summary: "Conjunto de datos abiertos: aportes de la sociedad civil o «sin información pública»",
    description:
      "/api/public/sociedad-civil/pntp/sociedad-civil/2023.csv and /api/public/sociedad-civil/pntp/sin-informacion-publica/2023.csv (or .json). Read live; CSV in UTF-8 with the licence as last column.",
    tags: PUBLIC_TAGS,
    access: "public",
    params: CivilDatasetParamsSchema,
    files: CIVIL_SOCIETY_FORMATS.map((f) => CIVIL_SOCIETY_MEDIA_TYPES[f]),
    example:
      "anio,tipo,codigo,nombre,responsable,responsable_nombre,estado,motivo,licencia\r\n2023,indicador,1.1,Indicador de ejemplo,MININTER,Ministerio del Interior,sin información pública,sin valor validado publicado para el año,ODC-By-1.0\r\n",
  }),
};
