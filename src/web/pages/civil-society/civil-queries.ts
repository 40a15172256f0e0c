import { queryOptions } from "@tanstack/react-query";
import { civilSocietyContract as c } from "../../../shared/contracts/civil-society.contract.ts";
import { call } from "../../api-client.ts";

/**
 * The civil-society reads (TanStack Query, ADR 0014), under the key «civil-society», which
 * every accepted civil-society change makes stale (STALE_AFTER in queries.ts).
 */
export const civilQueries = {
  publicList: (policy: string, year: number | null | undefined) =>
    queryOptions({
      queryKey: ["civil-society", "public", policy, year],
      queryFn: () =>
        call(c.publicList, { params: { code: policy }, query: { year: year ?? undefined } }),
      enabled: typeof year === "number",
    }),
  missing: (policy: string, year: number | null | undefined) =>
    queryOptions({
      queryKey: ["civil-society", "missing", policy, year],
      queryFn: () => call(c.missing, { params: { code: policy }, query: { year: year ?? 0 } }),
      enabled: typeof year === "number",
    }),
  workspace: (policy: string) =>
    queryOptions({
      queryKey: ["civil-society", "workspace", policy],
      queryFn: () => call(c.workspace, { params: { code: policy } }),
    }),
  organizations: () =>
    queryOptions({
      queryKey: ["civil-society", "organizations"],
      queryFn: () => call(c.organizations, {}),
    }),
};
