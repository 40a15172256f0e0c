import type { Executor } from "../../db/connect.ts";
import type { CivilContribution, CivilEvidenceFile } from "../../db/schema.generated.ts";

/** SQL of the civil-society contributions (migration 0026). */

export async function listOrganizations(db: Executor) {
  return db
    .selectFrom("civilOrganization")
    .select(["id", "name", "acronym", "website", "isDemo", "accreditedAt"])
    .orderBy("name")
    .execute();
}

export async function findOrganization(db: Executor, id: number) {
  return db
    .selectFrom("civilOrganization")
    .select(["id", "name", "acronym", "website", "isDemo", "accreditedAt"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function findOrganizationByName(db: Executor, name: string) {
  return db
    .selectFrom("civilOrganization")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertOrganization(
  db: Executor,
  row: {
    name: string;
    acronym: string | null;
    website: string | null;
    isDemo: boolean;
    accreditedBy: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto("civilOrganization")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function listMembers(db: Executor, organizationIds: readonly number[]) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom("civilOrganizationMember as m")
    .innerJoin("appUser as u", "u.id", "m.userId")
    .select(["m.organizationId", "u.id as userId", "u.email", "u.displayName as name"])
    .where("m.organizationId", "in", organizationIds)
    .orderBy("u.email")
    .execute();
}

export async function findUserForMembership(db: Executor, email: string) {
  return db
    .selectFrom("appUser as u")
    .leftJoin("civilOrganizationMember as m", "m.userId", "u.id")
    .select(["u.id", "u.role", "u.isActive", "m.organizationId"])
    .where("u.email", "=", email)
    .executeTakeFirst();
}

export async function insertMember(
  db: Executor,
  row: { userId: number; organizationId: number; addedBy: string },
) {
  await db.insertInto("civilOrganizationMember").values(row).execute();
}

/** The organisation a signed-in person acts for, if any. */
export async function findMembership(db: Executor, userId: number) {
  return db
    .selectFrom("civilOrganizationMember as m")
    .innerJoin("civilOrganization as o", "o.id", "m.organizationId")
    .select(["o.id", "o.name", "o.acronym", "o.website", "o.isDemo", "o.accreditedAt"])
    .where("m.userId", "=", userId)
    .executeTakeFirst();
}

/** A policy's services with the entities responsible in `year` (codes, in their order). */
export async function listServices(db: Executor, policyId: number, year: number) {
  const services = await db
    .selectFrom("service")
    .select(["id", "code", "name", "provider"])
    .where("policyId", "=", policyId)
    .orderBy("position")
    .execute();
  const responsibles = await db
    .selectFrom("serviceResponsibility as r")
    .innerJoin("service as s", "s.id", "r.serviceId")
    .innerJoin("entity as e", "e.id", "r.entityId")
    .select(["r.serviceId", "e.code", "e.name"])
    .where("s.policyId", "=", policyId)
    .where("r.fromYear", "<=", year)
    .where((eb) => eb.or([eb("r.toYear", "is", null), eb("r.toYear", ">=", year)]))
    .orderBy("r.serviceId")
    .orderBy("r.position")
    .execute();
  return services.map((s) => ({
    ...s,
    responsibles: responsibles.filter((r) => r.serviceId === s.id),
  }));
}

export async function findServiceByCode(db: Executor, policyId: number, code: string) {
  return db
    .selectFrom("service")
    .select(["id", "code", "name"])
    .where("policyId", "=", policyId)
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function listEntityNames(db: Executor) {
  return db.selectFrom("entity").select(["code", "name"]).execute();
}

export async function findAccessRequestSummary(db: Executor, id: number) {
  return db
    .selectFrom("accessRequest as a")
    .innerJoin("entity as e", "e.id", "a.entityId")
    .select(["a.id", "e.code as entity", "a.sentOn", "a.reference", "a.requester"])
    .where("a.id", "=", id)
    .executeTakeFirst();
}

export async function listAccessRequestSummaries(db: Executor) {
  return db
    .selectFrom("accessRequest as a")
    .innerJoin("entity as e", "e.id", "a.entityId")
    .select(["a.id", "e.code as entity", "a.sentOn", "a.reference", "a.requester"])
    .orderBy("a.sentOn", "desc")
    .orderBy("a.id", "desc")
    .execute();
}

export async function insertContribution(
  db: Executor,
  row: Pick<
    CivilContribution,
    | "organizationId"
    | "policyId"
    | "kind"
    | "indicatorId"
    | "serviceId"
    | "year"
    | "value"
    | "method"
    | "assessment"
    | "source"
    | "comment"
    | "accessRequestId"
    | "publishedBy"
  >,
): Promise<number> {
  const { id } = await db
    .insertInto("civilContribution")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** The contribution locked for the rest of the transaction. */
export async function lockContribution(db: Executor, id: number) {
  return db
    .selectFrom("civilContribution")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function setResponse(
  db: Executor,
  id: number,
  row: { response: string; respondedBy: string },
) {
  await db
    .updateTable("civilContribution")
    .set({ ...row, respondedAt: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export async function setRemoval(
  db: Executor,
  id: number,
  row: { removalReason: string; removedBy: string },
) {
  await db
    .updateTable("civilContribution")
    .set({ ...row, removedAt: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

/** Contributions with their target and organisation, newest first. */
export async function listContributionRows(
  db: Executor,
  filter: { policyId: number; year?: number; organizationId?: number; id?: number },
) {
  let q = db
    .selectFrom("civilContribution as c")
    .innerJoin("civilOrganization as o", "o.id", "c.organizationId")
    .innerJoin("policy as p", "p.id", "c.policyId")
    .leftJoin("indicator as i", "i.id", "c.indicatorId")
    .leftJoin("service as s", "s.id", "c.serviceId")
    .select([
      "c.id",
      "c.kind",
      "c.year",
      "c.value",
      "c.method",
      "c.assessment",
      "c.source",
      "c.comment",
      "c.accessRequestId",
      "c.publishedAt",
      "c.response",
      "c.respondedAt",
      "c.removedAt",
      "c.removalReason",
      "c.indicatorId",
      "i.code as indicatorCode",
      "s.code as serviceCode",
      "s.name as serviceName",
      "p.code as policyCode",
      "o.id as organizationId",
      "o.name as organizationName",
      "o.acronym as organizationAcronym",
      "o.isDemo as organizationIsDemo",
    ])
    .where("c.policyId", "=", filter.policyId);
  if (filter.year !== undefined) q = q.where("c.year", "=", filter.year);
  if (filter.organizationId !== undefined)
    q = q.where("c.organizationId", "=", filter.organizationId);
  if (filter.id !== undefined) q = q.where("c.id", "=", filter.id);
  return q
    .orderBy("c.year", "desc")
    .orderBy("c.publishedAt", "desc")
    .orderBy("c.id", "desc")
    .execute();
}
export type ContributionRow = Awaited<ReturnType<typeof listContributionRows>>[number];

export async function findContributionPolicy(db: Executor, id: number) {
  return db
    .selectFrom("civilContribution")
    .select(["policyId", "organizationId"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function listEvidenceRows(db: Executor, contributionIds: readonly number[]) {
  if (contributionIds.length === 0) return [];
  return db
    .selectFrom("civilEvidenceFile")
    .select(["id", "contributionId", "fileName", "mediaType", "sizeBytes", "sha256"])
    .where("contributionId", "in", contributionIds)
    .orderBy("id")
    .execute();
}

export async function findEvidenceBySha(db: Executor, contributionId: number, sha256: string) {
  return db
    .selectFrom("civilEvidenceFile")
    .select(["id", "fileName"])
    .where("contributionId", "=", contributionId)
    .where("sha256", "=", sha256)
    .executeTakeFirst();
}

export async function insertEvidence(
  db: Executor,
  row: Omit<CivilEvidenceFile, "id" | "uploadedAt">,
): Promise<number> {
  const { id } = await db
    .insertInto("civilEvidenceFile")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** An evidence file with whether its contribution was removed. */
export async function findEvidenceFile(db: Executor, id: number) {
  return db
    .selectFrom("civilEvidenceFile as f")
    .innerJoin("civilContribution as c", "c.id", "f.contributionId")
    .select(["f.fileName", "f.mediaType", "f.sha256", "f.storageKey", "c.removedAt"])
    .where("f.id", "=", id)
    .executeTakeFirst();
}
