import { type BudgetExportTable, budgetContract } from "../shared/contracts/budget.contract.ts";
import type { Contract, ContractResponse, InputPart } from "../shared/contracts/contract.ts";
import { dataEntryContract } from "../shared/contracts/data-entry.contract.ts";
import { periodsContract } from "../shared/contracts/periods.contract.ts";
import { EvaluationSchema, PolicySummarySchema } from "../shared/schemas/api.schema.ts";
import {
  AuditEventSchema,
  type CommitmentUpdateSchema,
  type LoginSchema,
  type MetaRevisionSchema,
  ReportingStatusSchema,
  SessionSchema,
  TrendPointSchema,
  type UserCreateSchema,
  UserSchema,
  type UserUpdateSchema,
} from "../shared/schemas/tablero.schema.ts";
import { z } from "../shared/schemas/zod-locale.ts";

/**
 * Typed client of the Vigía API for the browser. Same-origin cookies carry the session; the
 * CSRF token from the session response goes back as X-CSRF-Token on every mutating request.
 * Every response is parsed with the shared zod schemas, so a drift between server and web app
 * fails loudly here instead of showing wrong figures.
 */

// Shapes the contract describes in prose but does not export yet (see the report to the lead).
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
  unit: z.enum(["porcentaje", "numero", "tasa", "razon"]),
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
export type {
  EvidenceItem,
  Measurement,
  RuleContext,
  Task,
} from "../shared/contracts/data-entry.contract.ts";
export type { Period } from "../shared/contracts/periods.contract.ts";
export type User = z.infer<typeof UserSchema>;
export type Evaluation = z.infer<typeof EvaluationSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type CatalogueIndicator = z.infer<typeof CatalogueIndicatorSchema>;
export type CommitmentRow = z.infer<typeof CommitmentRowSchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type PolicySummary = z.infer<typeof PolicySummarySchema>;
export type {
  BudgetDepartments,
  BudgetExportTable,
  BudgetPliegoGroup,
  BudgetPrintedChecks,
  BudgetReview,
  BudgetSummary,
  BudgetYearFigures,
} from "../shared/contracts/budget.contract.ts";

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

const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    key: z.string().optional(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

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
    const parsed = ErrorBodySchema.safeParse(json);
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

type In<S extends z.ZodType> = z.input<S>;

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
export function call<C extends Contract>(
  contract: C,
  args: CallArgs<C>,
): Promise<ContractResponse<C>> {
  const schema = (contract.response ?? null) as z.ZodType<ContractResponse<C>> | null;
  return request(
    contract.method.toUpperCase() as Method,
    contractPath(contract, args.params as Record<string, unknown> | undefined),
    schema,
    {
      body: args.body,
      form: args.form,
      query: args.query as Query | undefined,
      quiet401: args.quiet401,
    },
  );
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

  // Reporting
  tasks: (policy: string) => call(dataEntryContract.tasks, { params: { code: policy } }),
  // The filters come from <select> values (plain strings); the server refuses one it does not know.
  measurements: (policy: string, query: { year?: number; period?: string; status?: string } = {}) =>
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
