import type { Actor } from "../../../shared/actor.ts";
import type { Contribution } from "../../../shared/contracts/civil-society.contract.ts";
import {
  civilSocietyPaths,
  SIN_INFORMACION_PUBLICA,
} from "../../../shared/open-data/civil-society-datasets.ts";
import type { Database } from "../../db/connect.ts";
import { localizedError, notFound } from "../../errors.ts";
import type { FileStore } from "../../files/file-store.ts";
import { listIndicatorsLatestVersion } from "../catalogue/indicators.repository.ts";
import { listPolicies } from "../catalogue/policy.repository.ts";
import { requirePolicy } from "../catalogue/policy.service.ts";
import { findPublishedRelease } from "../publication/publication.service.ts";
import {
  type ContributionRow,
  findAccessRequestSummary,
  findEvidenceFile,
  listContributionRows,
  listEvidenceRows,
} from "./civil-society.repository.ts";

/**
 * Civil society's contributions as everyone reads them (docs/open-data.md § Sociedad civil):
 * each beside the official value the public can read (the year's published release), labelled
 * with who says it. A removed contribution keeps its place and shows only the moderator's
 * reason: what it said, its evidence included, is no longer served.
 */

/** The official figure of each indicator in the published release of `year`, or null. */
export async function publishedOfficialValues(
  db: Database,
  actor: Actor,
  policyCode: string,
  year: number,
) {
  const published = await findPublishedRelease(db, actor, { policyCode, year });
  if (!published) return null;
  const values = new Map<string, number | null>();
  for (const row of published.release.tables["evaluacion-indicadores"] ?? []) {
    const value = row.valor;
    values.set(String(row.indicador), typeof value === "number" ? value : null);
  }
  return { conductor: published.release.policy.conductor, values };
}

const iso = (d: string | Date) => new Date(d).toISOString();

function present(
  row: ContributionRow,
  names: Map<string, string>,
  evidence: Awaited<ReturnType<typeof listEvidenceRows>>,
  accessRequest: Contribution["accessRequest"],
  official: Contribution["official"],
): Contribution {
  const removed = row.removedAt !== null;
  const code =
    row.kind === "valor_alternativo" ? (row.indicatorCode ?? "") : (row.serviceCode ?? "");
  const name =
    row.kind === "valor_alternativo" ? (names.get(code) ?? code) : (row.serviceName ?? code);
  return {
    id: row.id,
    kind: row.kind,
    policy: row.policyCode,
    year: row.year,
    target: { code, name },
    organization: {
      id: row.organizationId,
      name: row.organizationName,
      acronym: row.organizationAcronym,
      isDemo: row.organizationIsDemo,
    },
    publishedAt: iso(row.publishedAt),
    official,
    status: removed ? "retirado" : "publicado",
    statusLabel: removed ? `retirado por el moderador: ${row.removalReason}` : "publicado",
    // What a removed contribution said may hold the personal data it was removed for.
    value: removed || row.value === null ? null : Number(row.value),
    method: removed ? null : row.method,
    assessment: removed ? null : row.assessment,
    source: removed ? null : row.source,
    comment: removed ? null : row.comment,
    accessRequest: removed ? null : accessRequest,
    evidence: removed
      ? []
      : evidence
          .filter((e) => e.contributionId === row.id)
          .map((e) => ({
            id: e.id,
            fileName: e.fileName,
            mediaType: e.mediaType,
            sizeBytes: e.sizeBytes,
            sha256: e.sha256,
            url: civilSocietyPaths.evidence(e.id),
          })),
    response:
      row.response !== null && row.respondedAt !== null
        ? { text: row.response, respondedAt: iso(row.respondedAt) }
        : null,
    removal:
      removed && row.removalReason !== null && row.removedAt !== null
        ? { reason: row.removalReason, removedAt: iso(row.removedAt) }
        : null,
  };
}

/** Contributions of a policy (a year, an organisation, one id) as the API shows them. */
export async function readContributions(
  db: Database,
  actor: Actor,
  filter: { policyCode: string; year?: number; organizationId?: number; id?: number },
): Promise<Contribution[]> {
  const policy = await requirePolicy(db, filter.policyCode);
  const rows = await listContributionRows(db, {
    policyId: policy.id,
    ...(filter.year !== undefined ? { year: filter.year } : {}),
    ...(filter.organizationId !== undefined ? { organizationId: filter.organizationId } : {}),
    ...(filter.id !== undefined ? { id: filter.id } : {}),
  });
  const evidence = await listEvidenceRows(
    db,
    rows.map((r) => r.id),
  );
  const names = new Map(
    (await listIndicatorsLatestVersion(db, policy.id)).map((i) => [i.code, i.name]),
  );
  const officialByYear = new Map<number, Awaited<ReturnType<typeof publishedOfficialValues>>>();
  for (const year of new Set(rows.map((r) => r.year))) {
    officialByYear.set(year, await publishedOfficialValues(db, actor, filter.policyCode, year));
  }
  const out: Contribution[] = [];
  for (const row of rows) {
    const request =
      row.accessRequestId !== null ? await findAccessRequestSummary(db, row.accessRequestId) : null;
    let official: Contribution["official"] = null;
    if (row.kind === "valor_alternativo") {
      const published = officialByYear.get(row.year);
      const value = published?.values.get(row.indicatorCode ?? "") ?? null;
      official = {
        value,
        label:
          value === null
            ? SIN_INFORMACION_PUBLICA
            : `${published?.conductor ?? ""} (valor oficial publicado)`,
      };
    }
    out.push(
      present(
        row,
        names,
        evidence,
        request
          ? {
              id: request.id,
              entity: request.entity,
              sentOn: String(request.sentOn).slice(0, 10),
              reference: request.reference,
            }
          : null,
        official,
      ),
    );
  }
  return out;
}

export async function readContribution(db: Database, actor: Actor, policyCode: string, id: number) {
  const [found] = await readContributions(db, actor, { policyCode, id });
  if (!found) throw notFound("No existe el aporte de la sociedad civil.");
  return found;
}

/** The public list: a policy's contributions of a year (or all), removed ones with their reason. */
export async function listPublicContributions(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year?: number },
) {
  await requirePolicy(db, input.policyCode);
  const policy = (await listPolicies(db)).find((p) => p.code === input.policyCode);
  return {
    policy: {
      code: input.policyCode,
      name: policy?.name ?? input.policyCode,
      conductor: policy?.conductor ?? "",
    },
    year: input.year ?? null,
    contributions: await readContributions(db, actor, input),
  };
}

/** An evidence file of a standing contribution; a removed one's evidence is not served. */
export async function downloadPublicEvidence(
  db: Database,
  _actor: Actor,
  input: { id: number; store: FileStore },
) {
  const file = await findEvidenceFile(db, input.id);
  if (!file || file.removedAt !== null) throw localizedError("not_found", "evidence.notFound");
  return {
    fileName: file.fileName,
    mediaType: file.mediaType,
    sha256: file.sha256,
    bytes: await input.store.get(file.storageKey),
  };
}
