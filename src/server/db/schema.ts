import type { ColumnType, Generated } from "kysely";

/**
 * Row types of db/migrations, in camelCase (Kysely's CamelCasePlugin maps them to snake_case
 * columns). Kept by hand next to the SQL; the database suites exercise every column on both
 * backends, so a drift shows up as a failing test.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface EntityTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  createdAt: Timestamp;
}

export interface OrgUnitTable {
  id: Generated<number>;
  entityId: number;
  code: string;
  name: string;
}

export interface PolicyTable {
  id: Generated<number>;
  code: string;
  name: string;
  shortName: string | null;
  approvalNorm: string | null;
  approvalDate: string | null;
  horizonYear: number;
  publicProblem: string | null;
  desiredFuture: string | null;
  conductorEntityId: number;
  conductorUnitId: number | null;
  provenance: Json<unknown>;
  valoracion: Json<unknown>;
  createdBy: string;
  createdAt: Timestamp;
}

export interface PolicyEntityTable {
  policyId: number;
  entityId: number;
  position: number;
}

export interface PolicyOrgUnitTable {
  policyId: number;
  orgUnitId: number;
  position: number;
}

export interface ObjectiveTable {
  id: Generated<number>;
  policyId: number;
  code: string;
  name: string;
  expectedResult: string | null;
  position: number;
}

export interface LineamientoTable {
  id: Generated<number>;
  policyId: number;
  objectiveId: number;
  code: string;
  text: string;
  position: number;
}

export interface ServiceTable {
  id: Generated<number>;
  policyId: number;
  lineamientoId: number;
  code: string;
  number: number;
  name: string;
  provider: string | null;
  recipients: string | null;
  isNew: boolean | null;
  position: number;
}

export interface ServiceResponsibilityTable {
  id: Generated<number>;
  serviceId: number;
  entityId: number;
  fromYear: number;
  toYear: number | null;
  note: string | null;
  position: number;
}

export interface IndicatorTable {
  id: Generated<number>;
  policyId: number;
  code: string;
  level: string;
  objectiveId: number;
  serviceId: number | null;
  position: number;
}

export interface IndicatorVersionTable {
  id: Generated<number>;
  indicatorId: number;
  version: number;
  name: string;
  unit: string;
  direction: string;
  isCumulative: boolean;
  numeratorDef: string | null;
  denominatorDef: string | null;
  dataSources: Json<string[]>;
  responsibleEntityId: number;
  responsibleUnitId: number | null;
  baselineValue: number | null;
  baselineYear: number | null;
  baselineSource: string | null;
  baselineIsDerived: boolean | null;
  baselineNote: string | null;
  validFrom: number;
  validTo: number | null;
  reason: string | null;
  createdBy: string;
  createdAt: Timestamp;
}

export interface MetaTable {
  id: Generated<number>;
  indicatorId: number;
  year: number;
  value: number;
  source: string;
  revision: number;
  reference: string | null;
  note: string | null;
  position: number;
  createdBy: string;
  createdAt: Timestamp;
}

export interface MeasurementTable {
  id: Generated<number>;
  indicatorId: number;
  indicatorVersionId: number;
  year: number;
  period: string;
  revision: Generated<number>;
  value: number | null;
  /** The value was derived from numerator and denominator by the shared rule, not typed. */
  valueDerived: Generated<boolean>;
  numerator: number | null;
  denominator: number | null;
  logros: string | null;
  dificultades: string | null;
  medidas: string | null;
  sourceSystem: string | null;
  reportingEntityId: number;
  reportingUnitId: number | null;
  reportedForEntityId: number;
  status: string;
  reference: string | null;
  note: string | null;
  position: number;
  createdBy: string;
  createdAt: Timestamp;
  justification: string | null;
  correctionReason: string | null;
  lockVersion: Generated<number>;
  updatedAt: Timestamp;
  submittedAt: Timestamp | null;
  submittedBy: string | null;
  validatedAt: Timestamp | null;
  validatedBy: string | null;
}

export interface MeasurementDisaggregationTable {
  id: Generated<number>;
  measurementId: number;
  dimension: string;
  category: string;
  label: string | null;
  value: number;
  position: number;
}

export interface CommitmentTable {
  id: Generated<number>;
  policyId: number;
  number: number;
  periodYear: number;
  aspect: string;
  indicatorId: number | null;
  serviceId: number | null;
  recommendation: string;
  keyAction: string | null;
  verificationMeans: string | null;
  responsibleUnit: string | null;
  deadline: string | null;
  status: string;
  comment: string | null;
  newMetas: Json<{ year: number; value: number }[]>;
}

export interface ReportTextTable {
  id: Generated<number>;
  policyId: number;
  year: number;
  section: string;
  body: string;
  author: string;
  updatedAt: Timestamp;
}

export interface AuditEventTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  ip: string | null;
}

export interface UbigeoTable {
  code: string;
  level: string;
  name: string;
  departmentCode: string;
  provinceCode: string | null;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  appliedAt: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  displayName: string;
  passwordHash: string;
  role: string;
  isDemo: Generated<boolean>;
  isActive: Generated<boolean>;
  failedLogins: Generated<number>;
  lockedUntil: Timestamp | null;
  createdAt: Timestamp;
  passwordChangedAt: Timestamp;
}

export interface UserEntityTable {
  userId: number;
  entityId: number;
  grantKind: string;
}

export interface UserSessionTable {
  tokenHash: string;
  userId: number;
  csrfToken: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<string>;
  email: string;
  ip: string | null;
  succeeded: boolean;
  at: Timestamp;
}

export interface ReportingPeriodTable {
  id: Generated<number>;
  policyId: number;
  year: number;
  period: string;
  opensOn: string;
  deadline: string;
  status: string;
  createdBy: string;
  createdAt: Timestamp;
}

export interface MeasurementNoteTable {
  id: Generated<number>;
  measurementId: number;
  kind: string;
  field: string | null;
  comment: string;
  author: string;
  createdAt: Timestamp;
}

/** 0008: one row per workflow step of a value, append-only (a trigger refuses changes). */
export interface MeasurementHistoryTable {
  id: Generated<number>;
  measurementId: number;
  action: "create" | "submit" | "observe" | "validate";
  status: string;
  value: number | null;
  valueDerived: Generated<boolean>;
  numerator: number | null;
  denominator: number | null;
  actor: string;
  at: Timestamp;
}

export interface EvidenceFileTable {
  id: Generated<number>;
  measurementId: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: Timestamp;
}

export interface PublicationTable {
  id: Generated<number>;
  policyId: number;
  year: number;
  snapshot: Json<unknown>;
  publishedBy: string;
  publishedAt: Timestamp;
  withdrawnAt: Timestamp | null;
  withdrawnBy: string | null;
  withdrawalReason: string | null;
}

export interface PublicationFileTable {
  publicationId: number;
  kind: "informe" | "paquete";
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface BudgetImportTable {
  id: Generated<number>;
  year: number;
  fileName: string;
  fileSha256: string;
  format: string;
  /** The file's leading "#" lines (0007); null when it has none. */
  notice: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  report: Json<unknown>;
  isCurrent: boolean;
  importedBy: string;
  importedAt: Timestamp;
}

/** Amounts are integer cents (bigint); see ADR 0008 and shared/budget/money.ts. */
export interface BudgetLineTable {
  importId: number;
  lineNo: number;
  year: number;
  nivel: string;
  sectorCode: string | null;
  pliegoCode: string;
  ejecutoraCode: string | null;
  programaCode: string | null;
  productoCode: string | null;
  actividadCode: string | null;
  funcionCode: string | null;
  divisionCode: string | null;
  grupoCode: string | null;
  metaCode: string | null;
  metaName: string | null;
  finalidadCode: string | null;
  departmentCode: string | null;
  provinceCode: string | null;
  districtCode: string | null;
  fuenteCode: string | null;
  genericaCode: string | null;
  piaCents: number;
  pimCents: number;
  certificacionCents: number | null;
  compromisoCents: number | null;
  devengadoCents: number;
  giradoCents: number | null;
}

export interface BudgetLabelTable {
  importId: number;
  dimension: string;
  code: string;
  name: string;
}

export interface BudgetPliegoTotalTable {
  importId: number;
  nivel: string;
  pliegoCode: string;
  pliegoName: string | null;
  lines: number;
  piaCents: number;
  pimCents: number;
  devengadoCents: number;
}

export interface BudgetRuleSetTable {
  id: Generated<number>;
  policyId: number;
  version: number;
  note: string | null;
  reviewPatterns: Json<string[]>;
  createdBy: string;
  createdAt: Timestamp;
}

export interface BudgetRuleTable {
  id: Generated<number>;
  ruleSetId: number;
  code: string;
  position: number;
  serviceId: number;
  kind: string;
  shareBp: number;
  fromYear: number | null;
  toYear: number | null;
  nivel: string | null;
  pliegoCode: string | null;
  ejecutoraCode: string | null;
  programaCode: string | null;
  productoCode: string | null;
  actividadCode: string | null;
  metaCode: string | null;
  finalidadCode: string | null;
  textPattern: string | null;
  rationale: string;
}

export interface BudgetTagTable {
  importId: number;
  lineNo: number;
  ruleId: number;
  policyId: number;
  serviceId: number;
  kind: string;
  shareBp: number;
  piaCents: number;
  pimCents: number;
  certificacionCents: number | null;
  compromisoCents: number | null;
  devengadoCents: number;
  giradoCents: number | null;
}

export interface BudgetReviewTable {
  importId: number;
  lineNo: number;
  policyId: number;
  matched: string;
}

export interface BudgetReferenceAmountTable {
  year: number;
  scope: string;
  pliegoCode: string;
  pliegoName: string | null;
  nivel: string | null;
  piaCents: number;
  pimCents: number;
  source: string;
}

export interface ReferencePopulationTable {
  year: number;
  inhabitants: number;
  source: string;
}

export interface BudgetPriorityPliegoTable {
  policyId: number;
  pliegoCode: string;
  nivel: string;
  label: string;
  position: number;
}

/** Counters per scope that move at the commit of any change to the scope's tables (0006). */
export interface DataVersionTable {
  scope: "policy" | "access";
  version: number;
}

export interface DB {
  entity: EntityTable;
  orgUnit: OrgUnitTable;
  policy: PolicyTable;
  policyEntity: PolicyEntityTable;
  policyOrgUnit: PolicyOrgUnitTable;
  objective: ObjectiveTable;
  lineamiento: LineamientoTable;
  service: ServiceTable;
  serviceResponsibility: ServiceResponsibilityTable;
  indicator: IndicatorTable;
  indicatorVersion: IndicatorVersionTable;
  meta: MetaTable;
  measurement: MeasurementTable;
  measurementDisaggregation: MeasurementDisaggregationTable;
  commitment: CommitmentTable;
  reportText: ReportTextTable;
  auditEvent: AuditEventTable;
  ubigeo: UbigeoTable;
  schemaMigration: SchemaMigrationTable;
  appUser: AppUserTable;
  userEntity: UserEntityTable;
  userSession: UserSessionTable;
  loginAttempt: LoginAttemptTable;
  reportingPeriod: ReportingPeriodTable;
  measurementNote: MeasurementNoteTable;
  measurementHistory: MeasurementHistoryTable;
  evidenceFile: EvidenceFileTable;
  publication: PublicationTable;
  publicationFile: PublicationFileTable;
  budgetImport: BudgetImportTable;
  budgetLine: BudgetLineTable;
  budgetLabel: BudgetLabelTable;
  budgetPliegoTotal: BudgetPliegoTotalTable;
  budgetRuleSet: BudgetRuleSetTable;
  budgetRule: BudgetRuleTable;
  budgetTag: BudgetTagTable;
  budgetReview: BudgetReviewTable;
  budgetReferenceAmount: BudgetReferenceAmountTable;
  referencePopulation: ReferencePopulationTable;
  budgetPriorityPliego: BudgetPriorityPliegoTable;
  dataVersion: DataVersionTable;
}
