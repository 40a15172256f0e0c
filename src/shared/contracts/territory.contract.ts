import {
  CodeSchema,
  IdParamsSchema,
  IndicatorParamsSchema,
  IsoDateSchema,
  PeriodCodeSchema,
  YearQuerySchema,
} from "../schemas/common.schema.ts";
import { z } from "../schemas/zod-locale.ts";
import { defineContract } from "./contract.ts";

/**
 * Territory registers (docs/territory.md): the ubigeo with its RENIEC codes and validity,
 * interregional groupings, coordination spaces (members, sessions), trainings and technical
 * assistances, and the values they propose for the indicators that count them (S04, S20).
 */

export const SpaceLevelSchema = z.enum(["regional", "provincial", "distrital", "centro_poblado"]);
export type SpaceLevel = z.infer<typeof SpaceLevelSchema>;
export const SpaceKindSchema = z.enum(["mesa", "red", "comision", "comite", "otro", "no_indicado"]);
export const SpaceStatusSchema = z.enum(["activo", "inactivo", "en_creacion", "sin_informacion"]);
export const ModalitySchema = z.enum(["presencial", "virtual", "mixta", "no_indicada"]);
export const AudienceSchema = z.enum([
  "personal_policial",
  "fiscales",
  "jueces",
  "funcionarios_regionales",
  "funcionarios_locales",
  "docentes",
  "personal_salud",
  "inspectores",
  "sociedad_civil",
  "comunidad",
  "otro",
]);
export const InstitutionKindSchema = z.enum([
  "gobierno_regional",
  "municipalidad_provincial",
  "municipalidad_distrital",
  "sector",
  "organismo_autonomo",
  "sociedad_civil",
  "cooperacion",
  "otro",
]);
export const CodeSchemeSchema = z.enum(["inei", "reniec", "auto"]);

const text = (max: number) => z.string().trim().min(1).max(max);
const UbigeoInputSchema = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/, "Código de ubigeo de 2, 4 o 6 dígitos");

const PlaceSchema = z.object({
  code: z.string().describe("INEI ubigeo, unpadded"),
  name: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
});

export const SpaceCreateSchema = z.object({
  level: SpaceLevelSchema,
  kind: SpaceKindSchema,
  name: text(300),
  ubigeo: UbigeoInputSchema.describe("The territory covered; for a centro poblado, its district"),
  codeScheme: CodeSchemeSchema.default("inei"),
  centroPoblado: text(200).optional(),
  ordinanceNumber: text(100).optional(),
  ordinanceDate: IsoDateSchema.optional(),
  status: SpaceStatusSchema.default("activo"),
  plan: text(2000).optional(),
  note: text(4000).optional(),
});

export const SpaceSchema = z.object({
  id: z.number().int(),
  level: SpaceLevelSchema,
  kind: SpaceKindSchema,
  name: z.string(),
  place: PlaceSchema.nullable().describe("Null for a space a source counts without placing it"),
  centroPoblado: z.string().nullable(),
  ordinance: z.object({ number: z.string(), date: z.string().nullable() }).nullable(),
  status: SpaceStatusSchema,
  plan: z.string().nullable(),
  source: z.string(),
  note: z.string().nullable(),
  members: z.number().int(),
  sessions: z.number().int(),
});
export type CoordinationSpace = z.infer<typeof SpaceSchema>;

export const MemberCreateSchema = z.object({
  institution: text(300),
  kind: InstitutionKindSchema,
  entity: CodeSchema.optional().describe("Catalogue entity, when the member is one"),
  joinedOn: IsoDateSchema.optional(),
});
export const MemberSchema = z.object({
  id: z.number().int(),
  institution: z.string(),
  kind: InstitutionKindSchema,
  entity: z.string().nullable(),
  joinedOn: z.string().nullable(),
});
export const SessionCreateSchema = z.object({
  heldOn: IsoDateSchema,
  attendance: z.number().int().min(0).max(100000).optional(),
  agreements: text(20000).optional(),
  minutesReference: text(1000).optional().describe("Registry number or link of the acta"),
});
export const SessionSchema = z.object({
  id: z.number().int(),
  heldOn: z.string(),
  attendance: z.number().int().nullable(),
  agreements: z.string().nullable(),
  minutesReference: z.string().nullable(),
});
export const SpaceDetailSchema = SpaceSchema.extend({
  membersList: z.array(MemberSchema),
  sessionsList: z.array(SessionSchema),
  memberShares: z.object({
    provincial: z.number().int(),
    municipal: z.number().int().describe("Provincial and district municipalities"),
    total: z.number().int(),
  }),
});

export const SpaceListQuerySchema = z.object({
  level: SpaceLevelSchema.optional(),
  department: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .describe("INEI department code"),
});

const CountsSchema = z.object({
  regional: z.number().int(),
  provincial: z.number().int(),
  distrital: z.number().int(),
  centro_poblado: z.number().int(),
  local: z.number().int().describe("provincial + distrital + centro_poblado"),
});
export const SpaceSummarySchema = z.object({
  national: CountsSchema,
  byDepartment: z.array(
    CountsSchema.extend({ departmentCode: z.string(), departmentName: z.string() }),
  ),
  unplaced: CountsSchema.describe("Spaces counted by a source without a place"),
});
export type SpaceSummary = z.infer<typeof SpaceSummarySchema>;

export const TrainingCreateSchema = z.object({
  course: text(500),
  modality: ModalitySchema,
  ubigeo: UbigeoInputSchema,
  codeScheme: CodeSchemeSchema.default("inei"),
  audience: AudienceSchema,
  participants: z.number().int().min(0).max(1_000_000),
  participantsWomen: z.number().int().min(0).max(1_000_000).optional(),
  participantsMen: z.number().int().min(0).max(1_000_000).optional(),
  cascadeLevel: z.number().int().min(0).max(5).default(0),
  startedOn: IsoDateSchema,
  endedOn: IsoDateSchema,
  entity: CodeSchema,
  service: CodeSchema.optional().describe("PNTP service delivered, e.g. S20"),
  note: text(4000).optional(),
});
export const TrainingSchema = z.object({
  id: z.number().int(),
  course: z.string(),
  modality: ModalitySchema,
  place: PlaceSchema,
  audience: AudienceSchema,
  participants: z.number().int(),
  participantsWomen: z.number().int().nullable(),
  participantsMen: z.number().int().nullable(),
  cascadeLevel: z.number().int(),
  startedOn: z.string(),
  endedOn: z.string(),
  entity: z.string(),
  service: z.string().nullable(),
  source: z.string(),
  note: z.string().nullable(),
});
export type Training = z.infer<typeof TrainingSchema>;
export const TrainingListQuerySchema = z.object({
  department: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  from: IsoDateSchema.optional().describe("Trainings that ended on or after this day"),
  to: IsoDateSchema.optional().describe("Trainings that ended on or before this day"),
  service: CodeSchema.optional(),
});
export const TrainingTableSchema = z.object({
  rows: z.array(
    z.object({
      departmentCode: z.string(),
      departmentName: z.string(),
      participants: z.number().int(),
      trainings: z.number().int(),
    }),
  ),
  total: z.number().int(),
  trainings: z.array(TrainingSchema),
});
export type TrainingTable = z.infer<typeof TrainingTableSchema>;

export const AssistanceCreateSchema = z
  .object({
    space: z.number().int().positive().optional().describe("Coordination space assisted"),
    government: UbigeoInputSchema.optional().describe("Ubigeo of the government assisted"),
    codeScheme: CodeSchemeSchema.default("inei"),
    topic: text(1000),
    heldOn: IsoDateSchema,
    modality: ModalitySchema,
    entity: CodeSchema,
    service: CodeSchema.optional().describe("PNTP service delivered, e.g. S04"),
    note: text(4000).optional(),
  })
  .refine((a) => a.space !== undefined || a.government !== undefined, {
    message: "Indique el espacio de coordinación o el gobierno asistido.",
    path: ["space"],
  });
export const AssistanceSchema = z.object({
  id: z.number().int(),
  space: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  government: PlaceSchema.nullable(),
  topic: z.string(),
  heldOn: z.string(),
  modality: ModalitySchema,
  entity: z.string(),
  service: z.string().nullable(),
  source: z.string(),
});
export const AssistanceListQuerySchema = z.object({
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  service: CodeSchema.optional(),
});

export const ImportQuerySchema = z.object({
  codes: CodeSchemeSchema.optional().describe(
    "Code scheme of the file's ubigeo column; by default from its header: ubigeo_inei, ubigeo_reniec, or ubigeo (resolved code by code)",
  ),
});
export const ImportReportSchema = z.object({
  file: z.string(),
  rows: z.number().int(),
  created: z.number().int(),
  convertedFromReniec: z.number().int().describe("Rows whose ubigeo was given in RENIEC codes"),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const GroupSchema = z.object({
  code: z.string(),
  name: z.string(),
  source: z.string(),
  note: z.string().nullable(),
  members: z.array(z.object({ code: z.string(), name: z.string(), note: z.string().nullable() })),
});

export const ValiditySchema = z.object({
  validFrom: IsoDateSchema.nullable(),
  validTo: IsoDateSchema.nullable(),
});
export const UbigeoParamsSchema = z.object({ code: z.string().regex(/^\d{2,6}$/) });

export const ProposalQuerySchema = z.object({ year: YearQuerySchema, period: PeriodCodeSchema });
export const ProposalSchema = z.object({
  indicator: z.string(),
  service: z.string(),
  year: z.number().int(),
  period: PeriodCodeSchema,
  register: z.enum(["capacitaciones", "asistencias_tecnicas"]),
  rule: z.string().describe("How the value is computed, in Spanish"),
  from: z.string(),
  to: z.string(),
  proposedValue: z.number().describe("For a percentage indicator, the numerator"),
  field: z.enum(["value", "numerator"]),
  records: z.array(
    z.object({ id: z.number().int(), date: z.string(), label: z.string(), counts: z.number() }),
  ),
});
export type RegisterProposal = z.infer<typeof ProposalSchema>;
export const ProposalDecisionSchema = z.object({
  year: z.number().int(),
  period: PeriodCodeSchema,
  decision: z.enum(["aceptado", "corregido"]),
  value: z.number().finite().optional().describe("Required when corrected"),
  denominator: z.number().finite().positive().optional().describe("For a percentage indicator"),
  reason: z.string().trim().min(10).max(4000).optional().describe("Required when corrected"),
});
export const ProposalDecisionResultSchema = z.object({
  decisionId: z.number().int(),
  measurementId: z.number().int(),
  proposedValue: z.number(),
  decidedValue: z.number(),
  decision: z.enum(["aceptado", "corregido"]),
});

const tags = ["territorio"];
export const territoryContract = {
  groups: defineContract({
    method: "get",
    path: "/api/territory/groups",
    summary: "Agrupaciones interregionales (conjuntos con nombre)",
    tags,
    access: "territory.read",
    response: z.array(GroupSchema),
  }),
  setValidity: defineContract({
    method: "put",
    path: "/api/territory/ubigeo/:code/validity",
    summary: "Fechas de vigencia de un ubigeo (creación, supresión)",
    tags,
    access: "territory.manage",
    params: UbigeoParamsSchema,
    body: ValiditySchema,
    response: ValiditySchema.extend({ code: z.string() }),
  }),
  spaceSummary: defineContract({
    method: "get",
    path: "/api/territory/spaces/summary",
    summary: "Espacios de coordinación por nivel y departamento",
    tags,
    access: "territory.read",
    response: SpaceSummarySchema,
  }),
  importSpaces: defineContract({
    method: "post",
    path: "/api/territory/spaces/imports",
    summary: "Cargar espacios de coordinación desde un CSV (atómico; acepta códigos RENIEC)",
    tags,
    access: "coordination_space.manage",
    query: ImportQuerySchema,
    multipart: true,
    response: ImportReportSchema,
    status: 201,
  }),
  listSpaces: defineContract({
    method: "get",
    path: "/api/territory/spaces",
    summary: "Espacios de coordinación (mesas, redes, comisiones)",
    tags,
    access: "territory.read",
    query: SpaceListQuerySchema,
    response: z.array(SpaceSchema),
  }),
  getSpace: defineContract({
    method: "get",
    path: "/api/territory/spaces/:id",
    summary: "Un espacio de coordinación con sus miembros y sesiones",
    tags,
    access: "territory.read",
    params: IdParamsSchema,
    response: SpaceDetailSchema,
  }),
  createSpace: defineContract({
    method: "post",
    path: "/api/territory/spaces",
    summary: "Registrar un espacio de coordinación",
    tags,
    access: "coordination_space.manage",
    body: SpaceCreateSchema,
    response: SpaceSchema,
    status: 201,
  }),
  addMember: defineContract({
    method: "post",
    path: "/api/territory/spaces/:id/members",
    summary: "Añadir una institución miembro",
    tags,
    access: "coordination_space.manage",
    params: IdParamsSchema,
    body: MemberCreateSchema,
    response: MemberSchema,
    status: 201,
  }),
  addSession: defineContract({
    method: "post",
    path: "/api/territory/spaces/:id/sessions",
    summary: "Registrar una sesión (asistencia, acuerdos, acta)",
    tags,
    access: "coordination_space.manage",
    params: IdParamsSchema,
    body: SessionCreateSchema,
    response: SessionSchema,
    status: 201,
  }),
  importTrainings: defineContract({
    method: "post",
    path: "/api/territory/trainings/imports",
    summary: "Cargar capacitaciones desde un CSV (atómico; acepta códigos RENIEC)",
    tags,
    access: "activity.manage",
    query: ImportQuerySchema,
    multipart: true,
    response: ImportReportSchema,
    status: 201,
  }),
  trainings: defineContract({
    method: "get",
    path: "/api/territory/trainings",
    summary: "Capacitaciones registradas y participantes por departamento",
    tags,
    access: "territory.read",
    query: TrainingListQuerySchema,
    response: TrainingTableSchema,
  }),
  createTraining: defineContract({
    method: "post",
    path: "/api/territory/trainings",
    summary: "Registrar una capacitación",
    tags,
    access: "activity.manage",
    body: TrainingCreateSchema,
    response: TrainingSchema,
    status: 201,
  }),
  assistances: defineContract({
    method: "get",
    path: "/api/territory/assistances",
    summary: "Asistencias técnicas registradas",
    tags,
    access: "territory.read",
    query: AssistanceListQuerySchema,
    response: z.array(AssistanceSchema),
  }),
  createAssistance: defineContract({
    method: "post",
    path: "/api/territory/assistances",
    summary: "Registrar una asistencia técnica",
    tags,
    access: "activity.manage",
    body: AssistanceCreateSchema,
    response: AssistanceSchema,
    status: 201,
  }),
  proposal: defineContract({
    method: "get",
    path: "/api/policies/:code/indicators/:indicator/register-proposal",
    summary: "Valor propuesto desde el registro de capacitaciones o asistencias técnicas",
    description:
      "For indicators that count register records (S04 technical assistances, S20 police trained): the value for the period with every record behind it.",
    tags,
    access: "measurement.report",
    params: IndicatorParamsSchema,
    query: ProposalQuerySchema,
    response: ProposalSchema,
  }),
  decide: defineContract({
    method: "post",
    path: "/api/policies/:code/indicators/:indicator/register-proposal",
    summary: "Aceptar el valor propuesto o corregirlo con un motivo (crea el borrador)",
    tags,
    access: "measurement.report",
    params: IndicatorParamsSchema,
    body: ProposalDecisionSchema,
    response: ProposalDecisionResultSchema,
    status: 201,
  }),
};
