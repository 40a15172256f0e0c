import { keepPreviousData, QueryClient, type QueryKey, queryOptions } from "@tanstack/react-query";
import { accessRequestsContract } from "../shared/contracts/access-requests.contract.ts";
import { authContract } from "../shared/contracts/auth.contract.ts";
import { budgetContract } from "../shared/contracts/budget.contract.ts";
import { catalogueContract } from "../shared/contracts/catalogue.contract.ts";
import { civilSocietyContract } from "../shared/contracts/civil-society.contract.ts";
import { commitmentsContract } from "../shared/contracts/commitments.contract.ts";
import type { Contract } from "../shared/contracts/contract.ts";
import { dataEntryContract } from "../shared/contracts/data-entry.contract.ts";
import { linkageContract } from "../shared/contracts/linkage.contract.ts";
import { notificationsContract } from "../shared/contracts/notifications.contract.ts";
import { periodsContract } from "../shared/contracts/periods.contract.ts";
import { plansContract } from "../shared/contracts/plans.contract.ts";
import { publicationContract } from "../shared/contracts/publication.contract.ts";
import { ruleSettingsContract } from "../shared/contracts/rule-settings.contract.ts";
import { statisticsContract } from "../shared/contracts/statistics.contract.ts";
import { tipEntriesContract } from "../shared/contracts/tip-entries.contract.ts";
import { usersContract } from "../shared/contracts/users.contract.ts";
import { valoracionContract } from "../shared/contracts/valoracion.contract.ts";
import { veeduriasContract } from "../shared/contracts/veedurias.contract.ts";
import {
  ApiError,
  type AuditQuery,
  api,
  type MapQuery,
  type MeasurementFilters,
  setMutationListener,
} from "./api-client.ts";
import { orOffline } from "./offline/offline-data.ts";
import type { PeriodCode } from "./offline/store.ts";

/**
 * The web app's reads through TanStack Query (ADR 0014): the cache's rules (what is retried,
 * what a change makes stale) and one entry per read, its key and its call. The calls still go
 * through api-client.ts, which parses every answer with the contracts.
 */

/**
 * Only reads are retried; a change never is (a validation retried after a lost answer could
 * run twice). A read is retried, twice at most, when the failure may pass: no connection, or a
 * server error (5xx). A 4xx would get the same answer again, and an answer that does not match
 * its contract is a bug, not bad luck.
 */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (failures >= 2 || !(error instanceof ApiError)) return false;
  return error.code === "network" || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // For half a minute a page seen again is shown from the cache without asking; after
        // that it is shown from the cache while it asks again (stale-while-revalidate). A change
        // made in this tab does not wait for that: it marks what it moved stale (STALE_AFTER).
        staleTime: 30_000,
        // Other filters or another year: the figures shown stay until the new ones arrive.
        placeholderData: keepPreviousData,
        // Coming back to the tab asks again only where other people's work shows (see FOCUS).
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * Reads that change by other people's work (a focal point submits, a reviewer validates in
 * another tab): they ask again whenever the tab comes back into view, fresh or not.
 */
const FOCUS = { refetchOnWindowFocus: "always" } as const;

/** Everything that a change to a value moves: the value, the lists, the figures. */
const VALUES: QueryKey[] = [
  ["measurements"],
  ["measurement"],
  ["tasks"],
  ["rule-context"],
  ["dashboard"],
  ["evaluation"],
  ["plans"],
];

/**
 * What a successful change makes stale, by the first segment of the query keys below. The
 * reads on screen ask again at once, the others when next shown. Sign-in and sign-out empty the
 * cache instead (session.tsx): another person must not see the last one's data.
 */
const STALE_AFTER: [Record<string, Contract>, QueryKey[]][] = [
  [dataEntryContract, VALUES],
  [periodsContract, [["periods"], ...VALUES]],
  [catalogueContract, [["indicators"], ["commitments"], ...VALUES]],
  // A commitment's metas are meta revisions: the catalogue and the evaluations change too.
  [commitmentsContract, [["commitments"], ["indicators"], ...VALUES]],
  [ruleSettingsContract, [["rule-settings"], ...VALUES]],
  [catalogueContract, [["indicators"], ["commitments"], ["ficha-versions"], ...VALUES]],
  [valoracionContract, [["valoracion"], ["evaluation"], ["dashboard"]]],
  [publicationContract, [["publications"], ["published"], ["dashboard"], ["open-data"]]],
  [accessRequestsContract, [["access-requests"]]],
  [usersContract, [["users"]]],
  [budgetContract, [["budget"]]],
  [plansContract, [["plans"]]],
  [statisticsContract, [["statistics"]]],
  [tipEntriesContract, [["tip"]]],
  [notificationsContract, [["notifications"]]],
  [linkageContract, [["linkage"]]],
  [civilSocietyContract, [["civil-society"]]],
  [veeduriasContract, [["veedurias"], ["open-data"]]],
  [authContract, []],
];
const staleAfter = new Map<Contract, QueryKey[]>(
  STALE_AFTER.flatMap(([group, keys]) =>
    Object.values(group)
      .filter((c) => c.method !== "get")
      .map((c): [Contract, QueryKey[]] => [c, keys]),
  ),
);

/** The query keys a change through `contract` makes stale; null: all of them (not listed). */
export function keysStaleAfter(contract: Contract): readonly QueryKey[] | null {
  return staleAfter.get(contract) ?? null;
}

/** Marks what a change through `contract` moved stale; the reads on screen ask again. */
export function markStale(client: QueryClient, contract: Contract): Promise<unknown> {
  const keys = keysStaleAfter(contract);
  if (keys === null) return client.invalidateQueries();
  return Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

export const queryClient = createQueryClient();
setMutationListener((contract) => void markStale(queryClient, contract));

/** The reads of the pages: `useQuery(queries.tasks(policy))`. */
export const queries = {
  publications: (policy: string) =>
    queryOptions({
      queryKey: ["publications", policy],
      queryFn: () => api.publications(policy),
    }),
  /** The public page's figures: the published copy, or the live ones in preview. */
  publicEvaluation: (policy: string, year: number | null | undefined, preview: boolean) =>
    queryOptions({
      queryKey: [preview ? "evaluation" : "published", policy, year],
      queryFn: async () => ({
        preview,
        evaluation: await (preview
          ? api.evaluation(policy, year as number)
          : api.publishedEvaluation(policy, year as number)),
      }),
      enabled: typeof year === "number",
    }),
  dashboard: (policy: string, year: number, preview: boolean) =>
    queryOptions({
      queryKey: ["dashboard", policy, year, preview],
      queryFn: () => api.dashboard(policy, year, preview),
      ...FOCUS,
    }),

  budgetYears: (policy: string) =>
    queryOptions({
      queryKey: ["budget", "years", policy],
      queryFn: () => api.budgetYears(policy),
    }),
  budget: (policy: string, year: number) =>
    queryOptions({
      queryKey: ["budget", "summary", policy, year],
      queryFn: () => api.budget(policy, year),
    }),
  budgetPliegos: (policy: string, year: number) =>
    queryOptions({
      queryKey: ["budget", "pliegos", policy, year],
      queryFn: () => api.budgetPliegos(policy, year),
    }),
  budgetDepartments: (policy: string, year: number) =>
    queryOptions({
      queryKey: ["budget", "departments", policy, year],
      queryFn: () => api.budgetDepartments(policy, year),
    }),
  budgetPrintedChecks: (policy: string) =>
    queryOptions({
      queryKey: ["budget", "printed-checks", policy],
      queryFn: () => api.budgetPrintedChecks(policy),
    }),
  budgetReview: (policy: string, year: number) =>
    queryOptions({
      queryKey: ["budget", "review", policy, year],
      queryFn: () => api.budgetReview(policy, year),
    }),

  coordinationSpaces: (level?: string, department?: string) =>
    queryOptions({
      queryKey: ["territory", "spaces", level ?? "", department ?? ""],
      queryFn: () =>
        api.coordinationSpaces({
          ...(level ? { level: level as "regional" } : {}),
          ...(department ? { department } : {}),
        }),
    }),
  spaceSummary: () =>
    queryOptions({ queryKey: ["territory", "summary"], queryFn: () => api.spaceSummary() }),
  plans: (year?: number) =>
    queryOptions({ queryKey: ["plans", "list", year ?? null], queryFn: () => api.plans(year) }),
  planProgress: (code: string, year?: number) =>
    queryOptions({
      queryKey: ["plans", "progress", code, year ?? null],
      queryFn: () => api.planProgress(code, year),
    }),
  planMilestones: (code: string) =>
    queryOptions({
      queryKey: ["plans", "milestones", code],
      queryFn: () => api.planMilestones(code),
    }),
  /** The «avance del plan» of a region (for the consolidated regional view). */
  regionPlanProgress: (ubigeo: string, year?: number) =>
    queryOptions({
      queryKey: ["plans", "region", ubigeo, year ?? null],
      queryFn: () => api.regionPlanProgress(ubigeo, year),
    }),
  trainings: () =>
    queryOptions({ queryKey: ["territory", "trainings"], queryFn: () => api.trainings({}) }),
  mapLayer: (query: MapQuery) =>
    queryOptions({
      queryKey: ["territory", "map", JSON.stringify(query)],
      queryFn: () => api.mapLayer(query),
    }),
  mapIndicators: (year?: number) =>
    queryOptions({
      queryKey: ["territory", "map-indicators", year ?? 0],
      queryFn: () => api.mapIndicators(year),
    }),
  regionView: (ubigeo: string, year: number) =>
    queryOptions({
      queryKey: ["territory", "region", ubigeo, year],
      queryFn: () => api.regionView(ubigeo, year),
    }),
  linkageBatches: (year: number) =>
    queryOptions({
      queryKey: ["linkage", "batches", year],
      queryFn: () => api.linkageBatches(year),
    }),
  linkageRuns: (year: number) =>
    queryOptions({ queryKey: ["linkage", "runs", year], queryFn: () => api.linkageRuns(year) }),
  linkageResult: (id: number) =>
    queryOptions({ queryKey: ["linkage", "result", id], queryFn: () => api.linkageResult(id) }),
  linkagePairs: (id: number) =>
    queryOptions({ queryKey: ["linkage", "pairs", id], queryFn: () => api.linkagePairs(id) }),

  tipPoints: (year: number) =>
    queryOptions({ queryKey: ["tip", "points", year], queryFn: () => api.tipPoints(year) }),
  statisticsFigures: () =>
    queryOptions({ queryKey: ["statistics", "figures"], queryFn: () => api.statisticsFigures() }),
  reconciliation: (year: number) =>
    queryOptions({
      queryKey: ["statistics", "reconciliation", year],
      queryFn: () => api.reconciliation(year),
    }),
  openData: () => queryOptions({ queryKey: ["open-data"], queryFn: () => api.openDataCatalogue() }),
  veeduriaSemaforo: (policyCode: string, period: string | null) =>
    queryOptions({
      queryKey: ["veedurias", policyCode, period],
      queryFn: () => api.veeduriaSemaforo(policyCode, period ?? undefined),
    }),
  accessRequests: () =>
    queryOptions({ queryKey: ["access-requests", "list"], queryFn: () => api.accessRequests() }),
  accessReminders: () =>
    queryOptions({
      queryKey: ["access-requests", "reminders"],
      queryFn: () => api.accessReminders(),
    }),
  accessCompliance: () =>
    queryOptions({
      queryKey: ["access-requests", "compliance"],
      queryFn: () => api.accessCompliance(),
    }),
  publicStatistics: (view: "publica" | "interna") =>
    queryOptions({
      queryKey: ["statistics", "public", view],
      queryFn: () => api.publicStatistics(view),
    }),

  /** The bell: asked again every minute and when the tab comes back, as news arrives. */
  notificationCount: (enabled: boolean) =>
    queryOptions({
      queryKey: ["notifications", "count"],
      queryFn: () => api.notificationCount(),
      refetchInterval: 60_000,
      enabled,
      ...FOCUS,
    }),
  notifications: (unreadOnly: boolean) =>
    queryOptions({
      queryKey: ["notifications", "list", unreadOnly],
      queryFn: () => api.notifications(unreadOnly),
      ...FOCUS,
    }),
  // The reads of data entry answer from the device's offline data when there is no connection
  // (ADR 0024), so they run whatever the browser says of the network ("always").
  tasks: (policy: string) =>
    queryOptions({
      queryKey: ["tasks", policy],
      queryFn: () =>
        orOffline(
          () => api.tasks(policy),
          (d) => d.tasks,
          policy,
        ),
      networkMode: "always",
      ...FOCUS,
    }),
  measurements: (policy: string, filters: MeasurementFilters) =>
    queryOptions({
      queryKey: ["measurements", policy, filters],
      queryFn: () => api.measurements(policy, filters),
      ...FOCUS,
    }),
  measurement: (id: number) =>
    queryOptions({
      queryKey: ["measurement", id],
      queryFn: () =>
        orOffline(
          () => api.measurement(id),
          (d) => d.measurements.find((m) => m.id === id),
        ),
      networkMode: "always",
    }),
  /** What the rules need before a value's first save; null when it cannot be had. */
  ruleContext: (
    policy: string,
    fresh: { indicator: string; year: number; period: PeriodCode } | null,
  ) =>
    queryOptions({
      queryKey: ["rule-context", policy, fresh?.indicator, fresh?.year, fresh?.period],
      queryFn: () =>
        fresh
          ? orOffline(
              () => api.ruleContext(policy, fresh.indicator, fresh.year, fresh.period),
              (d) =>
                d.ruleContexts.find(
                  (r) =>
                    r.indicator === fresh.indicator &&
                    r.year === fresh.year &&
                    r.period === fresh.period,
                )?.context,
              policy,
            ).catch(() => null)
          : null,
      enabled: fresh !== null,
      networkMode: "always",
    }),
  /** What the form shows beside its fields (ficha, baseline, meta, earlier values); online only. */
  entryContext: (
    policy: string,
    key: { indicator: string; year: number; period: PeriodCode } | null,
  ) =>
    queryOptions({
      queryKey: ["entry-context", policy, key?.indicator, key?.year, key?.period],
      queryFn: () => (key ? api.entryContext(policy, key.indicator, key.year, key.period) : null),
      enabled: key !== null,
      retry: false,
    }),
  periods: (policy: string) =>
    queryOptions({
      queryKey: ["periods", policy],
      queryFn: () =>
        orOffline(
          () => api.periods(policy),
          (d) => d.periods,
          policy,
        ),
      networkMode: "always",
    }),

  users: () => queryOptions({ queryKey: ["users"], queryFn: () => api.users() }),
  entities: () => queryOptions({ queryKey: ["entities"], queryFn: () => api.entities() }),
  indicators: (policy: string) =>
    queryOptions({ queryKey: ["indicators", policy], queryFn: () => api.indicators(policy) }),
  commitments: (policy: string) =>
    queryOptions({ queryKey: ["commitments", policy], queryFn: () => api.commitments(policy) }),
  commitment: (id: number) =>
    queryOptions({ queryKey: ["commitments", "one", id], queryFn: () => api.commitment(id) }),
  commitmentCompliance: (policy: string, periodYear?: number) =>
    queryOptions({
      queryKey: ["commitments", "compliance", policy, periodYear ?? null],
      queryFn: () => api.commitmentCompliance(policy, periodYear),
    }),
  ruleSettings: (policy: string) =>
    queryOptions({ queryKey: ["rule-settings", policy], queryFn: () => api.ruleSettings(policy) }),
  ruleAlerts: (policy: string, year: number) =>
    queryOptions({
      queryKey: ["rule-settings", "alerts", policy, year],
      queryFn: () => api.ruleAlerts(policy, year),
    }),
  fichaVersions: (policy: string, indicator: string) =>
    queryOptions({
      queryKey: ["ficha-versions", policy, indicator],
      queryFn: () => api.fichaVersions(policy, indicator),
    }),
  /** The live evaluation of a year (validated values), for the administration pages. */
  liveEvaluation: (policy: string, year: number) =>
    queryOptions({
      queryKey: ["evaluation", "live", policy, year],
      queryFn: () => api.evaluation(policy, year),
    }),
  valoracionDeclarations: (policy: string, year: number) =>
    queryOptions({
      queryKey: ["valoracion", policy, year],
      queryFn: () => api.valoracionDeclarations(policy, year),
    }),
  audit: (query: AuditQuery) =>
    queryOptions({ queryKey: ["audit", query], queryFn: () => api.audit(query) }),
};
