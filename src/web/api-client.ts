import {
  type AccessRequest,
  accessRequestsContract,
} from "../shared/contracts/access-requests.contract.ts";
import { auditLogContract } from "../shared/contracts/audit-log.contract.ts";
import { authContract } from "../shared/contracts/auth.contract.ts";
import { type BudgetExportTable, budgetContract } from "../shared/contracts/budget.contract.ts";
import { catalogueContract } from "../shared/contracts/catalogue.contract.ts";
import { commitmentsContract } from "../shared/contracts/commitments.contract.ts";
import type { Contract, ContractResponse, InputPart } from "../shared/contracts/contract.ts";
import { dashboardContract } from "../shared/contracts/dashboard.contract.ts";
import { dataEntryContract } from "../shared/contracts/data-entry.contract.ts";
import { evaluationContract } from "../shared/contracts/evaluation.contract.ts";
import { linkageContract } from "../shared/contracts/linkage.contract.ts";
import { notificationsContract } from "../shared/contracts/notifications.contract.ts";
import { openDataContract } from "../shared/contracts/open-data.contract.ts";
import { periodsContract } from "../shared/contracts/periods.contract.ts";
import { plansContract } from "../shared/contracts/plans.contract.ts";
import { publicationContract } from "../shared/contracts/publication.contract.ts";
import { type ReportFormat, reportsContract } from "../shared/contracts/reports.contract.ts";
import { ruleSettingsContract } from "../shared/contracts/rule-settings.contract.ts";
import { statisticsContract } from "../shared/contracts/statistics.contract.ts";
import { ErrorSchema } from "../shared/contracts/system.contract.ts";
import { territoryContract } from "../shared/contracts/territory.contract.ts";
import { territoryViewContract } from "../shared/contracts/territory-view.contract.ts";
import {
  type TipEntryInput,
  tipEntriesContract,
} from "../shared/contracts/tip-entries.contract.ts";
import { usersContract } from "../shared/contracts/users.contract.ts";
import { valoracionContract } from "../shared/contracts/valoracion.contract.ts";
import { veeduriasContract } from "../shared/contracts/veedurias.contract.ts";
import type { z } from "../shared/schemas/zod-locale.ts";

/**
 * Typed client of the Vigía API for the browser. Same-origin cookies carry the session; the
 * CSRF token from the session response goes back as X-CSRF-Token on every mutating request.
 * Every response is parsed with the shared zod schemas, so a drift between server and web app
 * fails loudly here instead of showing wrong figures.
 */

export type { AuditEvent } from "../shared/contracts/audit-log.contract.ts";
export type { Session } from "../shared/contracts/auth.contract.ts";
export type {
  BudgetDepartments,
  BudgetExportTable,
  BudgetPliegoGroup,
  BudgetPrintedChecks,
  BudgetReview,
  BudgetSummary,
  BudgetYearFigures,
} from "../shared/contracts/budget.contract.ts";
export type {
  CatalogueIndicator,
  FichaVersionRow,
  PolicySummary,
} from "../shared/contracts/catalogue.contract.ts";
export type {
  CommitmentDetail,
  CommitmentView,
  Compliance,
} from "../shared/contracts/commitments.contract.ts";
export type { Dashboard } from "../shared/contracts/dashboard.contract.ts";
export type {
  EntryContext,
  EvidenceItem,
  Measurement,
  OfflineData,
  RuleContext,
  Task,
} from "../shared/contracts/data-entry.contract.ts";
export type { Evaluation } from "../shared/contracts/evaluation.contract.ts";
export type { Notification } from "../shared/contracts/notifications.contract.ts";
export type { Period } from "../shared/contracts/periods.contract.ts";
export type { RuleSettingsView } from "../shared/contracts/rule-settings.contract.ts";
export type { ValoracionDeclarationRow } from "../shared/contracts/valoracion.contract.ts";
export type StatisticsFigure = ContractResponse<typeof statisticsContract.figures>[number];
export type Reconciliation = ContractResponse<typeof statisticsContract.reconciliation>;
export type {
  LinkageBatch,
  LinkagePair,
  LinkagePublication,
  LinkageRunResult,
  LinkageRunSummary,
} from "../shared/contracts/linkage.contract.ts";
export type TipPoints = ContractResponse<typeof tipEntriesContract.points>;
export type TipEntry = ContractResponse<typeof tipEntriesContract.create>;
export type CoordinationSpaces = ContractResponse<typeof territoryContract.listSpaces>;
export type SpaceSummary = ContractResponse<typeof territoryContract.spaceSummary>;
export type TrainingTable = ContractResponse<typeof territoryContract.trainings>;
export type PlanProgressView = ContractResponse<typeof plansContract.progress>;
export type PlanMilestone = ContractResponse<typeof plansContract.milestones>[number];
export type { MapLayer, RegionView } from "../shared/contracts/territory-view.contract.ts";
export type MapQuery = InputPart<typeof territoryViewContract.map.query>;
export type MapIndicators = ContractResponse<typeof territoryViewContract.mapIndicators>;
export type PublicStatistics = ContractResponse<typeof statisticsContract.publicTables>;
export type {
  AccessCompliance,
  AccessRequest,
  AccessRequestStatus,
} from "../shared/contracts/access-requests.contract.ts";
export type { OpenDataCatalogue } from "../shared/contracts/open-data.contract.ts";
export type { Entity, User } from "../shared/contracts/users.contract.ts";
export type { VeeduriaSemaforo } from "../shared/contracts/veedurias.contract.ts";

export interface ApiIssue {
  path: string;
  message: string;
}

/** An API failure with the server's Spanish message, or a client-side one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ApiIssue[] = [],
    /** The server's message key (e.g. "measurement.stale"), when it has one. */
    readonly key: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let csrfToken: string | null = null;
let language = "es";

/** The language of the interface: the server answers its messages in it. */
export function setApiLanguage(next: "es" | "en"): void {
  language = next;
}
let onUnauthorized: (() => void) | null = null;

/** Called with the session response: the token to echo on mutating requests. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Lets the session layer react when a call finds the session gone (401). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

let onMutated: ((contract: Contract) => void) | null = null;

/** Told of every change the server accepted (not GET): the cache marks what it moved stale. */
export function setMutationListener(listener: ((contract: Contract) => void) | null): void {
  onMutated = listener;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(
  method: Method,
  path: string,
  schema: z.ZodType<T> | null,
  options: { body?: unknown; form?: FormData; query?: Query; quiet401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": language,
  };
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "network");
  }
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const parsed = ErrorSchema.safeParse(json);
    const error = parsed.success
      ? new ApiError(
          response.status,
          parsed.data.error.code,
          parsed.data.error.message,
          parsed.data.error.issues ?? [],
          parsed.data.error.key ?? null,
        )
      : new ApiError(response.status, `http_${response.status}`, "");
    if (response.status === 401 && !options.quiet401) onUnauthorized?.();
    throw error;
  }
  if (schema === null) return undefined as T;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error(`Respuesta inesperada de ${method} ${path}`, parsed.error.issues);
    throw new ApiError(response.status, "bad_response", "bad_response");
  }
  return parsed.data;
}

/** The arguments of a call: what the contract's params, query and body schemas accept. */
export type CallArgs<C extends Contract> = (C["params"] extends z.ZodType
  ? { params: InputPart<C["params"]> }
  : { params?: undefined }) &
  (C["query"] extends z.ZodType ? { query?: InputPart<C["query"]> } : { query?: undefined }) &
  (C["body"] extends z.ZodType ? { body: InputPart<C["body"]> } : { body?: undefined }) & {
    form?: FormData;
    quiet401?: boolean;
  };

/** The contract's path with its `:name` segments filled in (each one URI-encoded). */
export function contractPath(contract: Contract, params?: Record<string, unknown>): string {
  return contract.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

/** A link to a contract's file download: the browser sends the session cookie itself. */
export function contractUrl<C extends Contract>(
  contract: C,
  args: Pick<CallArgs<C>, "params" | "query">,
): string {
  return withQuery(
    contractPath(contract, args.params as Record<string, unknown> | undefined),
    args.query as Query | undefined,
  );
}

/**
 * Calls a route through its contract: the path, method and schemas are the ones the server
 * binds its handler to, so a call cannot drift from the route it names.
 */
export async function call<C extends Contract>(
  contract: C,
  args: CallArgs<C>,
): Promise<ContractResponse<C>> {
  const schema = (contract.response ?? null) as z.ZodType<ContractResponse<C>> | null;
  const method = contract.method.toUpperCase() as Method;
  const answer = await request(
    method,
    contractPath(contract, args.params as Record<string, unknown> | undefined),
    schema,
    {
      body: args.body,
      form: args.form,
      query: args.query as Query | undefined,
      quiet401: args.quiet401,
    },
  );
  if (method !== "GET") onMutated?.(contract);
  return answer;
}

// The filters come from <select> values (plain strings); the server refuses one it does not know.
export type MeasurementFilters = {
  year?: number;
  period?: string;
  status?: string;
  /** Entity code the values are reported for. */
  entity?: string;
  /** Code of a validation warning the values raise, e.g. AVANCE_MUY_ALTO. */
  warning?: string;
  /** One page of the list (ADR 0036): the answer carries the total and the next offset. */
  limit?: number;
  offset?: number;
};
export type AuditQuery = InputPart<typeof auditLogContract.list.query>;

export const api = {
  // Session
  login: (body: InputPart<typeof authContract.login.body>) =>
    call(authContract.login, { body, quiet401: true }),
  session: () => call(authContract.session, { quiet401: true }),
  logout: () => call(authContract.logout, { quiet401: true }),
  logoutEverywhere: () => call(authContract.logoutEverywhere, { quiet401: true }),
  changePassword: (body: InputPart<typeof authContract.changePassword.body>) =>
    call(authContract.changePassword, { body }),
  mfaVerify: (code: string) => call(authContract.mfaVerify, { body: { code } }),
  mfaEnrolStart: () => call(authContract.mfaEnrolStart, {}),
  mfaEnrolConfirm: (code: string) => call(authContract.mfaEnrolConfirm, { body: { code } }),
  mfaRecoveryCodes: (body: InputPart<typeof authContract.mfaRecoveryCodes.body>) =>
    call(authContract.mfaRecoveryCodes, { body }),

  // Policies and evaluation
  policies: () => call(catalogueContract.policies, {}),
  evaluation: (policy: string, year: number, preview = false) =>
    call(evaluationContract.read, {
      params: { code: policy },
      query: { year, preview: preview ? "true" : undefined },
      quiet401: true,
    }),
  dashboard: (policy: string, year: number, preview = false) =>
    call(dashboardContract.read, {
      params: { code: policy },
      query: { year, preview: preview ? "true" : undefined },
    }),
  publish: (policy: string, year: number) =>
    call(publicationContract.publish, { params: { code: policy }, body: { year } }),
  withdrawPublication: (policy: string, year: number, reason: string) =>
    call(publicationContract.withdraw, { params: { code: policy, year }, body: { reason } }),
  /** The years the public can read, newest first. */
  publications: (policy: string) =>
    call(publicationContract.list, { params: { code: policy }, quiet401: true }),
  /** The published copy of a year: the same for every reader, signed in or not. */
  publishedEvaluation: (policy: string, year: number) =>
    call(publicationContract.read, { params: { code: policy, year }, quiet401: true }),
  /** Plain links: the documents frozen with a publication, for anyone. */
  publishedReportUrl: (policy: string, year: number) =>
    contractUrl(publicationContract.report, { params: { code: policy, year } }),
  publishedPackageUrl: (policy: string, year: number) =>
    contractUrl(publicationContract.package, { params: { code: policy, year } }),
  /** Plain links to the documents generated on request (report.download; session cookie). */
  evaluationReportUrl: (policy: string, year: number, format: ReportFormat) =>
    contractUrl(reportsContract.evaluation, { params: { code: policy }, query: { year, format } }),
  monitoringReportUrl: (policy: string, year: number, period: "S1" | "S2", format: ReportFormat) =>
    contractUrl(reportsContract.monitoring, {
      params: { code: policy },
      query: { year, period, format },
    }),
  packageUrl: (policy: string, year: number) =>
    contractUrl(reportsContract.package, { params: { code: policy }, query: { year } }),
  /** The TIP data pack of a year (report.download): public (k = 11) or internal version. */
  tipPackUrl: (year: number, format: ReportFormat, audience: "public" | "internal") =>
    contractUrl(reportsContract.tip, { query: { year, format, audience } }),

  // Budget (MEF lines tagged to the policy's services)
  budgetYears: (policy: string) => call(budgetContract.years, { params: { code: policy } }),
  budget: (policy: string, year: number) =>
    call(budgetContract.summary, { params: { code: policy }, query: { year } }),
  budgetPliegos: (policy: string, year: number) =>
    call(budgetContract.pliegos, { params: { code: policy }, query: { year } }),
  budgetDepartments: (policy: string, year: number) =>
    call(budgetContract.departments, { params: { code: policy }, query: { year } }),
  budgetReview: (policy: string, year: number) =>
    call(budgetContract.review, { params: { code: policy }, query: { year } }),
  budgetPrintedChecks: (policy: string) =>
    call(budgetContract.printedChecks, { params: { code: policy } }),
  /** A plain link: the browser downloads the file with the session cookie. */
  budgetExportUrl: (
    policy: string,
    year: number,
    format: "csv" | "xlsx",
    table: BudgetExportTable = "servicios",
  ) =>
    contractUrl(budgetContract.export, {
      params: { code: policy },
      query: { year, format, table: format === "csv" ? table : undefined },
    }),

  // Statistical register (aggregates) and its public, disclosure-controlled tables
  statisticsFigures: () => call(statisticsContract.figures, {}),
  reconciliation: (year: number) => call(statisticsContract.reconciliation, { query: { year } }),
  publicStatistics: (view: "publica" | "interna") =>
    call(statisticsContract.publicTables, { query: { vista: view }, quiet401: true }),

  // Open data of the published years, for anyone
  openDataCatalogue: () => call(openDataContract.catalogue, { quiet401: true }),

  // Access-to-information requests (Ley 27806) and the public compliance table
  accessRequests: (query: { entity?: string; status?: AccessRequest["status"] } = {}) =>
    call(accessRequestsContract.list, { query }),
  accessReminders: () => call(accessRequestsContract.reminders, { query: {} }),
  createAccessRequest: (body: InputPart<typeof accessRequestsContract.create.body>) =>
    call(accessRequestsContract.create, { body }),
  extendAccessRequest: (id: number, body: InputPart<typeof accessRequestsContract.extend.body>) =>
    call(accessRequestsContract.extend, { params: { id }, body }),
  answerAccessRequest: (id: number, body: InputPart<typeof accessRequestsContract.answer.body>) =>
    call(accessRequestsContract.answer, { params: { id }, body }),
  addAccessRequestDocument: (
    id: number,
    body: InputPart<typeof accessRequestsContract.addDocument.body>,
  ) => call(accessRequestsContract.addDocument, { params: { id }, body }),
  accessCompliance: () => call(accessRequestsContract.compliance, { quiet401: true }),

  // Veedurías: the public semáforo and the administrator's entries
  veeduriaSemaforo: (policyCode: string, period?: string) =>
    call(veeduriasContract.semaforo, {
      params: { code: policyCode },
      query: period ? { period } : {},
      quiet401: true,
    }),
  createVeeduria: (policyCode: string, body: InputPart<typeof veeduriasContract.create.body>) =>
    call(veeduriasContract.create, { params: { code: policyCode }, body }),
  recordVeeduriaAssessments: (
    policyCode: string,
    veeduria: string,
    body: InputPart<typeof veeduriasContract.assess.body>,
  ) => call(veeduriasContract.assess, { params: { code: policyCode, veeduria }, body }),

  // Values of the TIP data pack entered by focal points
  tipPoints: (year: number) => call(tipEntriesContract.points, { query: { year } }),
  coordinationSpaces: (query: InputPart<typeof territoryContract.listSpaces.query>) =>
    call(territoryContract.listSpaces, { query }),
  spaceSummary: () => call(territoryContract.spaceSummary, {}),
  // Regional and local plans (ADR 0030)
  plans: (year?: number) => call(plansContract.list, { query: year ? { year } : {} }),
  planProgress: (code: string, year?: number) =>
    call(plansContract.progress, { params: { code }, query: year ? { year } : {} }),
  planMilestones: (code: string) => call(plansContract.milestones, { params: { code } }),
  regionPlanProgress: (ubigeo: string, year?: number) =>
    call(plansContract.byTerritory, { params: { ubigeo }, query: year ? { year } : {} }),
  trainings: (query: InputPart<typeof territoryContract.trainings.query>) =>
    call(territoryContract.trainings, { query }),
  // Territory maps and the regional view (territory-view.contract.ts)
  mapLayer: (query: InputPart<typeof territoryViewContract.map.query>) =>
    call(territoryViewContract.map, { query }),
  mapIndicators: (year?: number) =>
    call(territoryViewContract.mapIndicators, { query: year ? { year } : {} }),
  regionView: (ubigeo: string, year: number) =>
    call(territoryViewContract.region, { params: { ubigeo }, query: { year } }),
  regionReportUrl: (ubigeo: string, year: number, format: "docx" | "pdf") =>
    contractUrl(territoryViewContract.regionReport, {
      params: { ubigeo },
      query: { year, format },
    }),
  tipHistory: (year: number, point: number, entity: string) =>
    call(tipEntriesContract.entries, { query: { year, point, entity, history: "true" } }),
  createTipEntry: (body: TipEntryInput) => call(tipEntriesContract.create, { body }),
  reviewTipEntry: (id: number, note?: string) =>
    call(tipEntriesContract.review, { params: { id }, body: note ? { note } : {} }),

  // Record linkage (linkage.submit / linkage.manage; reads of results and pairs are audited)
  linkageUpload: (
    code: string,
    year: number,
    body: InputPart<typeof linkageContract.upload.body>,
  ) => call(linkageContract.upload, { params: { code }, query: { year }, body }),
  linkageBatches: (year: number) => call(linkageContract.batches, { query: { year } }),
  linkageRun: (year: number, threshold?: number, incremental = false) =>
    call(linkageContract.run, {
      body: {
        year,
        ...(threshold === undefined ? {} : { threshold }),
        ...(incremental ? { incremental } : {}),
      },
    }),
  linkagePublish: (id: number) => call(linkageContract.publish, { params: { id } }),
  linkageRuns: (year: number) => call(linkageContract.runs, { query: { year } }),
  linkageResult: (id: number) => call(linkageContract.result, { params: { id } }),
  linkagePairs: (id: number) => call(linkageContract.pairs, { params: { id } }),
  linkageDecide: (id: number, decision: "aceptar" | "rechazar", reason?: string) =>
    call(linkageContract.decide, {
      params: { id },
      body: reason ? { decision, reason } : { decision },
    }),

  // Notifications of the signed-in person
  notifications: (unreadOnly: boolean) =>
    call(notificationsContract.list, { query: { unread: unreadOnly ? "true" : undefined } }),
  notificationCount: () => call(notificationsContract.count, {}),
  markNotificationRead: (id: number) => call(notificationsContract.markRead, { params: { id } }),
  markAllNotificationsRead: () => call(notificationsContract.markAllRead, {}),

  // Reporting
  /** What «Mis tareas» needs offline; `since`: the version held (answer «unchanged» if current). */
  offlineData: (policy: string, since?: string) =>
    call(dataEntryContract.offlineData, { params: { code: policy }, query: { since } }),
  tasks: (policy: string) => call(dataEntryContract.tasks, { params: { code: policy } }),
  measurements: (policy: string, query: MeasurementFilters = {}) =>
    call(dataEntryContract.list, {
      params: { code: policy },
      query: query as InputPart<typeof dataEntryContract.list.query>,
    }),
  measurement: (id: number) => call(dataEntryContract.get, { params: { id } }),
  ruleContext: (
    policy: string,
    indicator: string,
    year: number,
    period: InputPart<typeof dataEntryContract.ruleContext.query>["period"],
  ) =>
    call(dataEntryContract.ruleContext, {
      params: { code: policy, indicator },
      query: { year, period },
    }),
  entryContext: (
    policy: string,
    indicator: string,
    year: number,
    period: InputPart<typeof dataEntryContract.entryContext.query>["period"],
  ) =>
    call(dataEntryContract.entryContext, {
      params: { code: policy, indicator },
      query: { year, period },
    }),
  createMeasurement: (
    policy: string,
    indicator: string,
    body: InputPart<typeof dataEntryContract.create.body>,
  ) => call(dataEntryContract.create, { params: { code: policy, indicator }, body }),
  updateMeasurement: (id: number, body: InputPart<typeof dataEntryContract.update.body>) =>
    call(dataEntryContract.update, { params: { id }, body }),
  submit: (id: number, body: InputPart<typeof dataEntryContract.submit.body>) =>
    call(dataEntryContract.submit, { params: { id }, body }),
  observe: (id: number, body: InputPart<typeof dataEntryContract.observe.body>) =>
    call(dataEntryContract.observe, { params: { id }, body }),
  validate: (id: number, body: InputPart<typeof dataEntryContract.validate.body>) =>
    call(dataEntryContract.validate, { params: { id }, body }),
  comment: (id: number, body: InputPart<typeof dataEntryContract.comment.body>) =>
    call(dataEntryContract.comment, { params: { id }, body }),
  uploadEvidence: (id: number, file: File) => {
    const form = new FormData();
    form.append("file", file, file.name);
    return call(dataEntryContract.uploadEvidence, { params: { id }, form });
  },
  /** A value not saved yet and its first evidence file, written together or not at all. */
  createMeasurementWithEvidence: (
    policy: string,
    indicator: string,
    body: InputPart<typeof dataEntryContract.create.body>,
    file: File,
  ) => {
    const form = new FormData();
    form.append("measurement", JSON.stringify(body));
    form.append("file", file, file.name);
    return call(dataEntryContract.createWithEvidence, {
      params: { code: policy, indicator },
      form,
    });
  },
  /** A plain link: the browser downloads the file with the session cookie. */
  evidenceUrl: (id: number) => contractUrl(dataEntryContract.downloadEvidence, { params: { id } }),

  // Administration
  periods: (policy: string) => call(periodsContract.list, { params: { code: policy } }),
  createPeriod: (policy: string, body: InputPart<typeof periodsContract.open.body>) =>
    call(periodsContract.open, { params: { code: policy }, body }),
  updatePeriod: (id: number, body: InputPart<typeof periodsContract.update.body>) =>
    call(periodsContract.update, { params: { id }, body }),
  users: () => call(usersContract.list, {}),
  resetPassword: (id: number) => call(usersContract.resetPassword, { params: { id } }),
  resetMfa: (id: number) => call(usersContract.resetMfa, { params: { id } }),
  createUser: (body: InputPart<typeof usersContract.create.body>) =>
    call(usersContract.create, { body }),
  updateUser: (id: number, body: InputPart<typeof usersContract.update.body>) =>
    call(usersContract.update, { params: { id }, body }),
  entities: () => call(usersContract.entities, {}),
  indicators: (policy: string) => call(catalogueContract.indicators, { params: { code: policy } }),
  reviseMeta: (
    policy: string,
    indicator: string,
    body: InputPart<typeof catalogueContract.reviseMeta.body>,
  ) => call(catalogueContract.reviseMeta, { params: { code: policy, indicator }, body }),
  commitments: (policy: string) => call(commitmentsContract.list, { params: { code: policy } }),
  commitment: (id: number) => call(commitmentsContract.get, { params: { id } }),
  commitmentCompliance: (policy: string, periodYear?: number) =>
    call(commitmentsContract.compliance, { params: { code: policy }, query: { periodYear } }),
  createCommitment: (policy: string, body: InputPart<typeof commitmentsContract.create.body>) =>
    call(commitmentsContract.create, { params: { code: policy }, body }),
  updateCommitment: (id: number, body: InputPart<typeof commitmentsContract.update.body>) =>
    call(commitmentsContract.update, { params: { id }, body }),
  closeCommitment: (id: number, body: InputPart<typeof commitmentsContract.close.body>) =>
    call(commitmentsContract.close, { params: { id }, body }),
  uploadCommitmentEvidence: (id: number, file: File) => {
    const form = new FormData();
    form.append("file", file, file.name);
    return call(commitmentsContract.uploadEvidence, { params: { id }, form });
  },
  commitmentEvidenceUrl: (id: number) =>
    contractUrl(commitmentsContract.downloadEvidence, { params: { id } }),
  ruleSettings: (policy: string) => call(ruleSettingsContract.list, { params: { code: policy } }),
  setRuleSettings: (
    policy: string,
    indicator: string,
    body: InputPart<typeof ruleSettingsContract.set.body>,
  ) => call(ruleSettingsContract.set, { params: { code: policy, indicator }, body }),
  ruleAlerts: (policy: string, year: number) =>
    call(ruleSettingsContract.alerts, { params: { code: policy }, query: { year } }),
  validateMany: (body: InputPart<typeof dataEntryContract.validateMany.body>) =>
    call(dataEntryContract.validateMany, { body }),
  fichaVersions: (policy: string, indicator: string) =>
    call(catalogueContract.fichaVersions, { params: { code: policy, indicator } }),
  createFichaVersion: (
    policy: string,
    indicator: string,
    body: InputPart<typeof catalogueContract.createFichaVersion.body>,
  ) => call(catalogueContract.createFichaVersion, { params: { code: policy, indicator }, body }),
  valoracionDeclarations: (policy: string, year: number) =>
    call(valoracionContract.declarations, { params: { code: policy }, query: { year } }),
  /** The level, rationale and evidence file of a criterion, written together or not at all. */
  declareValoracion: (
    policy: string,
    declaration: { year: number; criterion: string; level: string; rationale: string },
    file: File,
  ) => {
    const form = new FormData();
    form.append("declaration", JSON.stringify(declaration));
    form.append("file", file, file.name);
    return call(valoracionContract.declare, { params: { code: policy }, form });
  },
  valoracionEvidenceUrl: (id: number) =>
    contractUrl(valoracionContract.downloadEvidence, { params: { id } }),
  audit: (query: AuditQuery) => call(auditLogContract.list, { query }),
};
