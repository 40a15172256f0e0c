import { EvaluationSchema, PolicySummarySchema } from "../shared/schemas/api.schema.ts";
import {
  BudgetDepartmentsSchema,
  type BudgetExportQuerySchema,
  BudgetPliegoGroupSchema,
  BudgetPrintedChecksSchema,
  BudgetReviewSchema,
  BudgetSummarySchema,
  BudgetYearFiguresSchema,
} from "../shared/schemas/budget.schema.ts";
import { IndicatorUnit } from "../shared/schemas/catalogue.schema.ts";
import {
  AuditEventSchema,
  type CommentSchema,
  type CommitmentUpdateSchema,
  type LoginSchema,
  type MeasurementCreateSchema,
  MeasurementSchema,
  type MeasurementUpdateSchema,
  type MetaRevisionSchema,
  type ObserveSchema,
  type PeriodCreateSchema,
  PeriodSchema,
  type PeriodUpdateSchema,
  ReportingStatusSchema,
  RuleContextSchema,
  SessionSchema,
  type SubmitSchema,
  TaskSchema,
  TrendPointSchema,
  type UserCreateSchema,
  UserSchema,
  type UserUpdateSchema,
  type ValidateSchema,
} from "../shared/schemas/tablero.schema.ts";
import { z } from "../shared/schemas/zod-locale.ts";

/**
 * Typed client of the Vigía API for the browser. Same-origin cookies carry the session; the
 * CSRF token from the session response goes back as X-CSRF-Token on every mutating request.
 * Every response is parsed with the shared zod schemas, so a drift between server and web app
 * fails loudly here instead of showing wrong figures.
 */

// Shapes the contract describes in prose but does not export yet (see the report to the lead).
export const EvidenceItemSchema = MeasurementSchema.shape.evidence.element;
export const FlaggedSchema = z.object({
  indicator: z.string(),
  entity: z.string(),
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string(),
});
export const PublishedSchema = z.object({ year: z.number().int(), publishedAt: z.string() });
export const DashboardSchema = z.object({
  evaluation: EvaluationSchema,
  reporting: z.array(ReportingStatusSchema),
  flagged: z.array(FlaggedSchema),
  trend: z.array(TrendPointSchema),
  published: PublishedSchema.nullable(),
});
export const EntitySchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string().nullable().optional(),
  parent: z.string().nullable().optional(),
});
export const CatalogueIndicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  objective: z.string().nullable(),
  service: z.string().nullable(),
  unit: z.enum(IndicatorUnit.options),
  responsible: z.string(),
  version: z.number().int(),
  metas: z.array(
    z.object({
      year: z.number().int(),
      value: z.number(),
      revision: z.number().int(),
      source: z.string().nullable(),
    }),
  ),
});
export const CommitmentRowSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  periodYear: z.number().int(),
  aspect: z.string(),
  indicator: z.string().nullable().optional(),
  service: z.string().nullable().optional(),
  recommendation: z.string(),
  keyAction: z.string().nullable().optional(),
  verificationMeans: z.string().nullable().optional(),
  responsibleUnit: z.string().nullable().optional(),
  deadline: z.string().nullable().optional(),
  status: z.enum(["pendiente", "en_proceso", "cumplido", "no_cumplido"]),
  comment: z.string().nullable().optional(),
});
export type Session = z.infer<typeof SessionSchema>;
export type Measurement = z.infer<typeof MeasurementSchema>;
export type RuleContext = z.infer<typeof RuleContextSchema>;
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type Period = z.infer<typeof PeriodSchema>;
export type User = z.infer<typeof UserSchema>;
export type Evaluation = z.infer<typeof EvaluationSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type CatalogueIndicator = z.infer<typeof CatalogueIndicatorSchema>;
export type CommitmentRow = z.infer<typeof CommitmentRowSchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type PolicySummary = z.infer<typeof PolicySummarySchema>;
export type BudgetSummary = z.infer<typeof BudgetSummarySchema>;
export type BudgetYearFigures = z.infer<typeof BudgetYearFiguresSchema>;
export type BudgetPliegoGroup = z.infer<typeof BudgetPliegoGroupSchema>;
export type BudgetDepartments = z.infer<typeof BudgetDepartmentsSchema>;
export type BudgetPrintedChecks = z.infer<typeof BudgetPrintedChecksSchema>;
export type BudgetReview = z.infer<typeof BudgetReviewSchema>;
export type BudgetExportTable = z.infer<typeof BudgetExportQuerySchema>["table"];

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
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Called with the session response: the token to echo on mutating requests. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Lets the session layer react when a call finds the session gone (401). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
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
  const headers: Record<string, string> = { Accept: "application/json" };
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
    const parsed = ErrorBodySchema.safeParse(json);
    const error = parsed.success
      ? new ApiError(
          response.status,
          parsed.data.error.code,
          parsed.data.error.message,
          parsed.data.error.issues ?? [],
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

type In<S extends z.ZodType> = z.input<S>;

/** A read of one policy-year of the budget, the shape of most budget routes. */
function budgetYearRead<T>(path: string, schema: z.ZodType<T>) {
  return (policy: string, year: number) =>
    request("GET", `/api/policies/${encodeURIComponent(policy)}/budget${path}`, schema, {
      query: { year },
    });
}

export const api = {
  // Session
  login: (body: In<typeof LoginSchema>) =>
    request("POST", "/api/session", SessionSchema, { body, quiet401: true }),
  session: () => request("GET", "/api/session", SessionSchema, { quiet401: true }),
  logout: () => request("DELETE", "/api/session", null, { quiet401: true }),
  logoutEverywhere: () => request("DELETE", "/api/sessions", null, { quiet401: true }),

  // Policies and evaluation
  policies: () => request("GET", "/api/policies", z.array(PolicySummarySchema)),
  evaluation: (policy: string, year: number, preview = false) =>
    request("GET", `/api/policies/${encodeURIComponent(policy)}/evaluation`, EvaluationSchema, {
      query: { year, preview: preview ? "true" : undefined },
      quiet401: true,
    }),
  dashboard: (policy: string, year: number, preview = false) =>
    request("GET", `/api/policies/${encodeURIComponent(policy)}/dashboard`, DashboardSchema, {
      query: { year, preview: preview ? "true" : undefined },
    }),
  publish: (policy: string, year: number) =>
    request("POST", `/api/policies/${encodeURIComponent(policy)}/publications`, PublishedSchema, {
      body: { year },
    }),

  // Budget (MEF lines tagged to the policy's services)
  budgetYears: (policy: string) =>
    request(
      "GET",
      `/api/policies/${encodeURIComponent(policy)}/budget/years`,
      z.array(BudgetYearFiguresSchema),
    ),
  budget: budgetYearRead("", BudgetSummarySchema),
  budgetPliegos: budgetYearRead("/pliegos", z.array(BudgetPliegoGroupSchema)),
  budgetDepartments: budgetYearRead("/departments", BudgetDepartmentsSchema),
  budgetReview: budgetYearRead("/review", BudgetReviewSchema),
  budgetPrintedChecks: (policy: string) =>
    request(
      "GET",
      `/api/policies/${encodeURIComponent(policy)}/budget/printed-checks`,
      BudgetPrintedChecksSchema,
    ),
  /** A plain link: the browser downloads the file with the session cookie. */
  budgetExportUrl: (
    policy: string,
    year: number,
    format: "csv" | "xlsx",
    table: BudgetExportTable = "servicios",
  ) =>
    withQuery(`/api/policies/${encodeURIComponent(policy)}/budget/export`, {
      year,
      format,
      table: format === "csv" ? table : undefined,
    }),

  // Reporting
  tasks: (policy: string) =>
    request("GET", `/api/policies/${encodeURIComponent(policy)}/tasks`, z.array(TaskSchema)),
  measurements: (policy: string, query: { year?: number; period?: string; status?: string } = {}) =>
    request(
      "GET",
      `/api/policies/${encodeURIComponent(policy)}/measurements`,
      z.array(MeasurementSchema),
      { query },
    ),
  measurement: (id: number) => request("GET", `/api/measurements/${id}`, MeasurementSchema),
  ruleContext: (policy: string, indicator: string, year: number, period: string) =>
    request(
      "GET",
      `/api/policies/${encodeURIComponent(policy)}/indicators/${encodeURIComponent(indicator)}/rule-context`,
      RuleContextSchema,
      { query: { year, period } },
    ),
  createMeasurement: (
    policy: string,
    indicator: string,
    body: In<typeof MeasurementCreateSchema>,
  ) =>
    request(
      "POST",
      `/api/policies/${encodeURIComponent(policy)}/indicators/${encodeURIComponent(indicator)}/measurements`,
      MeasurementSchema,
      { body },
    ),
  updateMeasurement: (id: number, body: In<typeof MeasurementUpdateSchema>) =>
    request("PUT", `/api/measurements/${id}`, MeasurementSchema, { body }),
  submit: (id: number, body: In<typeof SubmitSchema>) =>
    request("POST", `/api/measurements/${id}/submit`, MeasurementSchema, { body }),
  observe: (id: number, body: In<typeof ObserveSchema>) =>
    request("POST", `/api/measurements/${id}/observe`, MeasurementSchema, { body }),
  validate: (id: number, body: In<typeof ValidateSchema>) =>
    request("POST", `/api/measurements/${id}/validate`, MeasurementSchema, { body }),
  comment: (id: number, body: In<typeof CommentSchema>) =>
    request("POST", `/api/measurements/${id}/comments`, MeasurementSchema, { body }),
  uploadEvidence: (id: number, file: File) => {
    const form = new FormData();
    form.append("file", file, file.name);
    return request("POST", `/api/measurements/${id}/evidence`, EvidenceItemSchema, { form });
  },
  evidenceUrl: (id: number) => `/api/evidence/${id}`,

  // Administration
  periods: (policy: string) =>
    request("GET", `/api/policies/${encodeURIComponent(policy)}/periods`, z.array(PeriodSchema)),
  createPeriod: (policy: string, body: In<typeof PeriodCreateSchema>) =>
    request("POST", `/api/policies/${encodeURIComponent(policy)}/periods`, PeriodSchema, { body }),
  updatePeriod: (id: number, body: In<typeof PeriodUpdateSchema>) =>
    request("PATCH", `/api/periods/${id}`, PeriodSchema, { body }),
  users: () => request("GET", "/api/users", z.array(UserSchema)),
  createUser: (body: In<typeof UserCreateSchema>) =>
    request("POST", "/api/users", UserSchema, { body }),
  updateUser: (id: number, body: In<typeof UserUpdateSchema>) =>
    request("PATCH", `/api/users/${id}`, UserSchema, { body }),
  entities: () => request("GET", "/api/entities", z.array(EntitySchema)),
  indicators: (policy: string) =>
    request(
      "GET",
      `/api/policies/${encodeURIComponent(policy)}/indicators`,
      z.array(CatalogueIndicatorSchema),
    ),
  reviseMeta: (policy: string, indicator: string, body: In<typeof MetaRevisionSchema>) =>
    request(
      "POST",
      `/api/policies/${encodeURIComponent(policy)}/indicators/${encodeURIComponent(indicator)}/metas`,
      null,
      { body },
    ),
  commitments: (policy: string) =>
    request(
      "GET",
      `/api/policies/${encodeURIComponent(policy)}/commitments`,
      z.array(CommitmentRowSchema),
    ),
  updateCommitment: (id: number, body: In<typeof CommitmentUpdateSchema>) =>
    request("PATCH", `/api/commitments/${id}`, null, { body }),
  audit: (query: {
    actor?: string;
    action?: string;
    objectType?: string;
    from?: string;
    to?: string;
    limit?: number;
  }) => request("GET", "/api/audit", z.array(AuditEventSchema), { query }),
};
