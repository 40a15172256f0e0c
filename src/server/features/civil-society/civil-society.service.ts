import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  ContributionCreate,
  Organization,
  OrganizationCreateSchema,
} from "../../../shared/contracts/civil-society.contract.ts";
import { todayInLima } from "../../../shared/dates.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { conflict, forbidden, invalid, localizedError, notFound } from "../../errors.ts";
import {
  checkUpload,
  type EvidenceUpload,
  sanitizeFileName,
  storeThen,
} from "../../files/evidence-upload.ts";
import type { FileStore } from "../../files/file-store.ts";
import { findIndicatorInForce } from "../catalogue/indicators.repository.ts";
import { findPolicyCode } from "../catalogue/policy.repository.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { createUser } from "../users/users.service.ts";
import {
  findAccessRequestSummary,
  findContributionPolicy,
  findEvidenceBySha,
  findMembership,
  findOrganization,
  findOrganizationByName,
  findServiceByCode,
  findUserForMembership,
  insertContribution,
  insertEvidence,
  insertMember,
  insertOrganization,
  listMembers,
  listOrganizations,
  lockContribution,
  setRemoval,
  setResponse,
} from "./civil-society.repository.ts";
import { readContribution } from "./civil-society-read.service.ts";

/**
 * Accredited organisations and what they publish (docs/open-data.md § Sociedad civil, ADR 0032).
 * The scope rule: a person of role sociedad_civil acts only for the one organisation an
 * administrator assigned them to, and changes only that organisation's contributions. Nothing
 * here writes a measurement: the official value is never changed. Every change is audited in
 * its own transaction.
 */

/** The most evidence files one publication carries. */
export const MAX_FILES_PER_CONTRIBUTION = 5;

async function presentOrganizations(db: Executor, ids?: readonly number[]) {
  const orgs = (await listOrganizations(db)).filter((o) => !ids || ids.includes(o.id));
  const members = await listMembers(
    db,
    orgs.map((o) => o.id),
  );
  return orgs.map(
    (o): Organization => ({
      id: o.id,
      name: o.name,
      acronym: o.acronym,
      website: o.website,
      isDemo: o.isDemo,
      accreditedAt: new Date(o.accreditedAt).toISOString(),
      members: members
        .filter((m) => m.organizationId === o.id)
        .map((m) => ({ userId: m.userId, email: m.email, name: m.name })),
    }),
  );
}

export async function listAccreditedOrganizations(db: Database, _actor: Actor) {
  return presentOrganizations(db);
}

export async function accreditOrganization(
  db: Database,
  actor: Actor,
  input: z.output<typeof OrganizationCreateSchema> & { isDemo?: boolean },
): Promise<Organization> {
  return db.transaction().execute(async (tx) => {
    if (await findOrganizationByName(tx, input.name)) {
      throw invalid(`Ya está acreditada una organización llamada «${input.name}».`, [
        { path: "name", message: "Nombre ya acreditado." },
      ]);
    }
    const row = {
      name: input.name,
      acronym: input.acronym ?? null,
      website: input.website ?? null,
      isDemo: input.isDemo ?? false,
      accreditedBy: actor.id,
    };
    const id = await insertOrganization(tx, row);
    await recordAudit(tx, actor, {
      action: "civil_organization.accredit",
      objectType: "civil_organization",
      objectId: String(id),
      after: row,
    });
    const [org] = await presentOrganizations(tx, [id]);
    if (!org) throw new Error("organisation not found after insert");
    return org;
  });
}

export async function addOrganizationMember(
  db: Database,
  actor: Actor,
  input: { organizationId: number; email: string },
): Promise<Organization> {
  return db.transaction().execute(async (tx) => {
    const org = await findOrganization(tx, input.organizationId);
    if (!org) throw notFound("No existe la organización.");
    const user = await findUserForMembership(tx, input.email);
    if (!user) {
      throw invalid(`No existe una cuenta con el correo ${input.email}.`, [
        { path: "email", message: "Cuenta inexistente." },
      ]);
    }
    if (user.role !== "sociedad_civil") {
      throw invalid(
        "Solo una cuenta de rol «sociedad_civil» puede pertenecer a una organización.",
        [{ path: "email", message: "La cuenta no tiene el rol sociedad_civil." }],
      );
    }
    if (user.organizationId !== null) {
      throw conflict(
        user.organizationId === org.id
          ? "La cuenta ya pertenece a esta organización."
          : "La cuenta ya pertenece a otra organización: una cuenta representa a una sola.",
      );
    }
    await insertMember(tx, { userId: user.id, organizationId: org.id, addedBy: actor.id });
    await recordAudit(tx, actor, {
      action: "civil_organization.member",
      objectType: "civil_organization",
      objectId: String(org.id),
      after: { userId: user.id },
    });
    const [out] = await presentOrganizations(tx, [org.id]);
    if (!out) throw new Error("organisation vanished");
    return out;
  });
}

/** The organisation the actor publishes for; refused for anyone who belongs to none. */
export async function requireOwnOrganization(db: Executor, actor: Actor) {
  const membership = actor.user ? await findMembership(db, actor.user.id) : undefined;
  if (!membership) {
    throw forbidden(
      "Su cuenta no pertenece a ninguna organización acreditada: pida al administrador que la asigne.",
    );
  }
  return membership;
}

async function checkCitation(tx: Executor, accessRequestId: number | undefined) {
  if (accessRequestId === undefined) return null;
  if (!(await findAccessRequestSummary(tx, accessRequestId))) {
    throw invalid(`No existe la solicitud de acceso n.º ${accessRequestId} en el registro.`, [
      { path: "accessRequestId", message: "Solicitud inexistente." },
    ]);
  }
  return accessRequestId;
}

/** The evidence row and its audit event, inside the caller's transaction. */
async function attach(
  tx: Executor,
  actor: Actor,
  contributionId: number,
  file: EvidenceUpload,
  type: { mediaType: string; extension: string },
  stored: { key: string; sha256: string },
) {
  const twin = await findEvidenceBySha(tx, contributionId, stored.sha256);
  if (twin) {
    throw localizedError("conflict", "evidence.duplicate", {
      fileName: twin.fileName,
      sha256: stored.sha256,
    });
  }
  const fileName = sanitizeFileName(file.fileName, type.extension);
  const id = await insertEvidence(tx, {
    contributionId,
    fileName,
    mediaType: type.mediaType,
    sizeBytes: file.bytes.length,
    sha256: stored.sha256,
    storageKey: stored.key,
    uploadedBy: actor.id,
  });
  await recordAudit(tx, actor, {
    action: "civil_contribution.evidence",
    objectType: "civil_contribution",
    objectId: String(contributionId),
    after: { evidenceId: id, fileName, mediaType: type.mediaType, sha256: stored.sha256 },
  });
}

/** Stores every file, then runs `write`; a failure removes all the files it stored. */
async function storeAll<T>(
  store: FileStore,
  files: readonly EvidenceUpload[],
  write: (stored: { key: string; sha256: string }[]) => Promise<T>,
  done: { key: string; sha256: string }[] = [],
): Promise<T> {
  const [first, ...rest] = files;
  if (!first) return write(done);
  return storeThen(store, first.bytes, (stored) => storeAll(store, rest, write, [...done, stored]));
}

/**
 * Publishes an alternative value or a service assessment under the actor's organisation, with
 * its evidence files, all or nothing. An alternative value needs at least one file: the public
 * weighs it against an official figure, and the evidence is what it rests on.
 */
export async function publishContribution(
  db: Database,
  actor: Actor,
  input: ContributionCreate & {
    files: readonly EvidenceUpload[];
    store: FileStore;
    today?: string;
  },
) {
  const { files, store, today = todayInLima(), ...c } = input;
  if (files.length > MAX_FILES_PER_CONTRIBUTION) {
    throw localizedError("invalid", "evidence.tooManyFiles", { max: MAX_FILES_PER_CONTRIBUTION });
  }
  if (c.kind === "valor_alternativo" && files.length === 0) {
    throw invalid("Adjunte al menos una evidencia del valor alternativo (campo «file»).", [
      { path: "file", message: "Falta la evidencia." },
    ]);
  }
  const types = files.map((f) => checkUpload(f));
  const currentYear = Number(today.slice(0, 4));
  if (c.year > currentYear) {
    throw invalid(`El año ${c.year} aún no ha llegado.`, [
      { path: "year", message: `Año posterior a ${currentYear}.` },
    ]);
  }
  const policyId = await requirePolicyId(db, c.policy);
  const id = await storeAll(store, files, (stored) =>
    db.transaction().execute(async (tx) => {
      const org = await requireOwnOrganization(tx, actor);
      let indicatorId: number | null = null;
      let serviceId: number | null = null;
      if (c.kind === "valor_alternativo") {
        const indicator = await findIndicatorInForce(tx, policyId, c.indicator, c.year);
        if (!indicator) {
          throw invalid(`El indicador «${c.indicator}» no existe o no está vigente en ${c.year}.`, [
            { path: "indicator", message: "Indicador inexistente en el año." },
          ]);
        }
        indicatorId = indicator.id;
      } else {
        const service = await findServiceByCode(tx, policyId, c.service);
        if (!service) {
          throw invalid(`El servicio «${c.service}» no existe en la política.`, [
            { path: "service", message: "Servicio inexistente." },
          ]);
        }
        serviceId = service.id;
      }
      const row = {
        organizationId: org.id,
        policyId,
        kind: c.kind,
        indicatorId,
        serviceId,
        year: c.year,
        value: c.kind === "valor_alternativo" ? c.value : null,
        method: c.kind === "valor_alternativo" ? c.method : null,
        assessment: c.kind === "valoracion_servicio" ? c.assessment : null,
        source: c.source,
        comment: c.comment ?? null,
        accessRequestId: await checkCitation(tx, c.accessRequestId),
        publishedBy: actor.id,
      };
      const contributionId = await insertContribution(tx, row);
      await recordAudit(tx, actor, {
        action: "civil_contribution.publish",
        objectType: "civil_contribution",
        objectId: String(contributionId),
        after: row,
      });
      for (const [i, file] of files.entries()) {
        const type = types[i];
        const key = stored[i];
        if (type && key) await attach(tx, actor, contributionId, file, type, key);
      }
      return contributionId;
    }),
  );
  return readContribution(db, actor, c.policy, id);
}

async function policyCodeOf(db: Executor, contributionId: number) {
  const found = await findContributionPolicy(db, contributionId);
  if (!found) throw notFound("No existe el aporte de la sociedad civil.");
  return { ...found, code: (await findPolicyCode(db, found.policyId)) ?? "" };
}

/** Adds an evidence file to one of the actor's organisation's standing contributions. */
export async function addContributionEvidence(
  db: Database,
  actor: Actor,
  input: { id: number; store: FileStore } & EvidenceUpload,
) {
  const type = checkUpload(input);
  const check = async (tx: Executor) => {
    const org = await requireOwnOrganization(tx, actor);
    const row = await lockContribution(tx, input.id);
    // Another organisation's contribution answers as one that does not exist.
    if (!row || row.organizationId !== org.id) {
      throw notFound("No existe el aporte de la sociedad civil en su organización.");
    }
    if (row.removedAt !== null) throw conflict("El aporte fue retirado por el moderador.");
  };
  await db.transaction().execute(check);
  await storeThen(input.store, input.bytes, (stored) =>
    db.transaction().execute(async (tx) => {
      await check(tx);
      await attach(tx, actor, input.id, input, type, stored);
    }),
  );
  const { code } = await policyCodeOf(db, input.id);
  return readContribution(db, actor, code, input.id);
}

/** The conductor's response, published next to the contribution (a new one replaces it). */
export async function respondToContribution(
  db: Database,
  actor: Actor,
  input: { id: number; text: string },
) {
  await db.transaction().execute(async (tx) => {
    const row = await lockContribution(tx, input.id);
    if (!row) throw notFound("No existe el aporte de la sociedad civil.");
    if (row.removedAt !== null) throw conflict("El aporte fue retirado por el moderador.");
    await setResponse(tx, input.id, { response: input.text, respondedBy: actor.id });
    await recordAudit(tx, actor, {
      action: "civil_contribution.respond",
      objectType: "civil_contribution",
      objectId: String(input.id),
      before: { response: row.response },
      after: { response: input.text },
    });
  });
  const { code } = await policyCodeOf(db, input.id);
  return readContribution(db, actor, code, input.id);
}

/**
 * Removal for personal data, the only moderation there is: the contribution stays listed as
 * «retirado por el moderador: <motivo>» and its content and evidence stop being served. The
 * audit keeps the reason; it does not copy the content, which is what was removed.
 */
export async function removeContribution(
  db: Database,
  actor: Actor,
  input: { id: number; reason: string },
) {
  await db.transaction().execute(async (tx) => {
    const row = await lockContribution(tx, input.id);
    if (!row) throw notFound("No existe el aporte de la sociedad civil.");
    if (row.removedAt !== null) throw conflict("El aporte ya fue retirado.");
    await setRemoval(tx, input.id, { removalReason: input.reason, removedBy: actor.id });
    await recordAudit(tx, actor, {
      action: "civil_contribution.remove",
      objectType: "civil_contribution",
      objectId: String(input.id),
      after: { reason: input.reason },
    });
  });
  const { code } = await policyCodeOf(db, input.id);
  return readContribution(db, actor, code, input.id);
}

/**
 * First-run demo: an organisation labelled as a demo and one account of role sociedad_civil in
 * it, printed with the other demo accounts.
 */
export const DEMO_ORGANIZATION = {
  name: "Organización de demostración (sociedad civil)",
  acronym: "DEMO-OSC",
  email: "sociedad-civil@demo.vigia.pe",
  displayName: "Organización de demostración (demo)",
} as const;

export async function createDemoOrganization(
  db: Database,
  actor: Actor,
  input: { password: string; mustChangePassword: boolean },
) {
  const org = await accreditOrganization(db, actor, {
    name: DEMO_ORGANIZATION.name,
    acronym: DEMO_ORGANIZATION.acronym,
    isDemo: true,
  });
  await createUser(db, actor, {
    email: DEMO_ORGANIZATION.email,
    displayName: DEMO_ORGANIZATION.displayName,
    role: "sociedad_civil",
    entities: [],
    proxyEntities: [],
    password: input.password,
    isDemo: true,
    mustChangePassword: input.mustChangePassword,
  });
  await addOrganizationMember(db, actor, {
    organizationId: org.id,
    email: DEMO_ORGANIZATION.email,
  });
  return { email: DEMO_ORGANIZATION.email, role: "sociedad_civil", password: input.password };
}
