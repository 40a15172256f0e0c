import type { Actor } from "../../../shared/actor.ts";
import type { Database } from "../../db/connect.ts";
import { listIndicatorsLatestVersion } from "../catalogue/indicators.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { listAccessRequestSummaries, listServices } from "./civil-society.repository.ts";
import { requireOwnOrganization } from "./civil-society.service.ts";
import { readContributions } from "./civil-society-read.service.ts";

/**
 * What an organisation's page needs: its own contributions (removed ones included, with their
 * reason), what it may attach to (indicators and services) and the access-to-information
 * requests of the register it may cite. Requests are summarised (entity, date, reference):
 * the role does not read the register itself.
 */
export async function getOwnWorkspace(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year?: number },
) {
  const org = await requireOwnOrganization(db, actor);
  const policyId = await requirePolicyId(db, input.policyCode);
  const year = input.year ?? new Date().getUTCFullYear();
  const indicators = await listIndicatorsLatestVersion(db, policyId);
  const services = await listServices(db, policyId, year);
  return {
    organization: {
      id: org.id,
      name: org.name,
      acronym: org.acronym,
      website: org.website,
      isDemo: org.isDemo,
      accreditedAt: new Date(org.accreditedAt).toISOString(),
    },
    contributions: await readContributions(db, actor, {
      policyCode: input.policyCode,
      organizationId: org.id,
    }),
    indicators: indicators.map((i) => ({ code: i.code, name: i.name })),
    services: services.map((s) => ({ code: s.code, name: s.name })),
    accessRequests: (await listAccessRequestSummaries(db)).map((r) => ({
      ...r,
      sentOn: String(r.sentOn).slice(0, 10),
    })),
  };
}
