import { createHash } from "node:crypto";
import type { Actor } from "../../../shared/actor.ts";
import {
  type OpenDataRelease,
  OpenDataReleaseSchema,
} from "../../../shared/open-data/open-data-datasets.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import { findLatestPublication } from "../evaluation/evaluation.repository.ts";
import { notPublished } from "../evaluation/evaluation.service.ts";
import { buildEvaluationDocument } from "../reports/evaluation/evaluation-document.builder.ts";
import { buildEvaluationReportModel } from "../reports/evaluation/evaluation-model.service.ts";
import { buildOpenDataRelease } from "../reports/publication/open-data-release.service.ts";
import { packageFromModel } from "../reports/publication/publication-package.service.ts";
import { type GeneratedFile, renderReport } from "../reports/reports.service.ts";
import {
  countValidatedAnnualValues,
  findPublicationFile,
  insertPublication,
  insertPublicationFiles,
  listStandingPublications,
  markPublicationWithdrawn,
} from "./publication.repository.ts";

/**
 * What the public sees of a policy: the years the conductor published, each a frozen copy of
 * the validated evaluation with the Informe (PDF) and the publication package generated from
 * the same reading of the data. A publication can be withdrawn, with a reason; the public then
 * sees the year as not published. Every reader, signed in or not, reads the same thing here:
 * the live figures are the Tablero's.
 */

export type PublicationFileKind = "informe" | "paquete" | "datos-abiertos";

const MIN_REASON = 10;
const MAX_REASON = 2000;

/**
 * Freezes the validated evaluation of a year as what the public sees, with its Informe and
 * package. A year without any validated value is refused: there would be nothing to show.
 */
export async function publishEvaluation(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; now?: Date },
) {
  const policyId = await requirePolicyId(db, input.policyCode);
  if ((await countValidatedAnnualValues(db, policyId, input.year)) === 0) {
    throw invalid(
      `No se puede publicar ${input.year}: el año no tiene ningún valor validado. Valide al menos un valor antes de publicar.`,
      [{ path: "year", message: `${input.year} no tiene valores validados` }],
    );
  }
  // One reading of the data for the figures and the documents, so they cannot disagree.
  const model = await buildEvaluationReportModel(db, actor, input);
  const doc = buildEvaluationDocument(model);
  const informe = await renderReport(doc, "pdf");
  const paquete = await packageFromModel(db, actor, model, doc, informe);
  const release = await buildOpenDataRelease(db, actor, model);
  const datos: GeneratedFile = {
    fileName: `datos-abiertos-${input.policyCode}-${input.year}.json`,
    contentType: "application/json",
    bytes: new TextEncoder().encode(JSON.stringify(release)),
  };
  const files = [
    { kind: "informe" as const, file: informe },
    { kind: "paquete" as const, file: paquete },
    { kind: "datos-abiertos" as const, file: datos },
  ].map(({ kind, file }) => ({
    kind,
    fileName: file.fileName,
    contentType: file.contentType,
    bytes: file.bytes,
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
  }));
  const evaluation = model.evaluation;
  return db.transaction().execute(async (tx) => {
    const row = await insertPublication(tx, {
      policyId,
      year: input.year,
      snapshot: JSON.stringify(evaluation),
      publishedBy: actor.id,
    });
    await insertPublicationFiles(
      tx,
      files.map((f) => ({ ...f, publicationId: row.id })),
    );
    await recordAudit(tx, actor, {
      action: "evaluation.publish",
      objectType: "publication",
      objectId: String(row.id),
      after: {
        policy: input.policyCode,
        year: input.year,
        index: evaluation.index.tipo2,
        valoracion: evaluation.valoracion.total,
        files: files.map((f) => ({ kind: f.kind, fileName: f.fileName, sha256: f.sha256 })),
      },
    });
    return { year: input.year, publishedAt: new Date(row.publishedAt).toISOString() };
  });
}

/** Withdraws the standing publication of a year, with the reason, audited. */
export async function withdrawPublication(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year: number; reason: string },
) {
  const reason = input.reason.trim();
  if (reason.length < MIN_REASON || reason.length > MAX_REASON) {
    throw invalid("Indique el motivo del retiro.", [
      {
        path: "reason",
        message: `el motivo debe tener entre ${MIN_REASON} y ${MAX_REASON} caracteres`,
      },
    ]);
  }
  const policyId = await requirePolicyId(db, input.policyCode);
  return db.transaction().execute(async (tx) => {
    const current = await findLatestPublication(tx, policyId, input.year);
    if (!current || current.withdrawnAt !== null) {
      throw notFound(
        `La evaluación ${input.year} de "${input.policyCode}" no está publicada: no hay publicación que retirar.`,
      );
    }
    const row = await markPublicationWithdrawn(tx, current.id, {
      withdrawnBy: actor.id,
      reason,
    });
    if (!row) throw conflict("La publicación acaba de ser retirada por otra persona.");
    const withdrawnAt = new Date(row.withdrawnAt ?? Date.now()).toISOString();
    await recordAudit(tx, actor, {
      action: "evaluation.withdraw",
      objectType: "publication",
      objectId: String(current.id),
      before: {
        policy: input.policyCode,
        year: input.year,
        publishedAt: new Date(current.publishedAt).toISOString(),
        publishedBy: current.publishedBy,
      },
      after: { withdrawnAt, reason },
    });
    return { year: input.year, withdrawnAt, reason };
  });
}

/** The years the public can read, newest first. */
export async function listPublications(db: Database, _actor: Actor, input: { policyCode: string }) {
  const policyId = await requirePolicyId(db, input.policyCode);
  const rows = await listStandingPublications(db, policyId);
  return rows.map((r) => ({ year: r.year, publishedAt: new Date(r.publishedAt).toISOString() }));
}

/** A document of a published year, as frozen at publication; 404 when not published. */
export async function getPublishedFile(
  db: Database,
  _actor: Actor,
  input: { policyCode: string; year: number; kind: PublicationFileKind },
): Promise<GeneratedFile> {
  const policyId = await requirePolicyId(db, input.policyCode);
  const publication = await findLatestPublication(db, policyId, input.year);
  if (!publication || publication.withdrawnAt !== null)
    throw notPublished(input.policyCode, input.year);
  const file = await findPublicationFile(db, publication.id, input.kind);
  // Publications made before the documents were frozen with them have none.
  if (!file)
    throw notFound(
      `La publicación ${input.year} de "${input.policyCode}" no incluye este documento: vuelva a publicar el año para generarlo.`,
    );
  return {
    fileName: file.fileName,
    contentType: file.contentType,
    bytes: new Uint8Array(file.bytes),
  };
}

/** A standing publication's open-data release, as frozen when it was published. */
export interface PublishedRelease {
  publicationId: number;
  publishedAt: Date;
  sha256: string;
  release: OpenDataRelease;
}

// A publication never changes once written (a new one, or a withdrawal, is another row), so a
// release parsed once serves every later request of the same publication. Kept per database, as
// the read cache is: a publication id means nothing in another database (a second data dir, a
// test suite that shares the process).
const releasesByDatabase = new WeakMap<Database, Map<number, PublishedRelease>>();
const MAX_CACHED_RELEASES = 64;

/**
 * The open-data release of a year's standing publication; null when the year is not published
 * (or was withdrawn), and when it was published before releases were frozen with it.
 */
export async function findPublishedRelease(
  db: Database,
  _actor: Actor,
  input: { policyCode: string; year: number },
): Promise<PublishedRelease | null> {
  const policyId = await requirePolicyId(db, input.policyCode);
  const publication = await findLatestPublication(db, policyId, input.year);
  if (!publication || publication.withdrawnAt !== null) return null;
  let releases = releasesByDatabase.get(db);
  if (!releases) {
    releases = new Map();
    releasesByDatabase.set(db, releases);
  }
  const known = releases.get(publication.id);
  if (known) return known;
  const file = await findPublicationFile(db, publication.id, "datos-abiertos");
  if (!file) return null;
  const release: PublishedRelease = {
    publicationId: publication.id,
    publishedAt: new Date(publication.publishedAt),
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    release: OpenDataReleaseSchema.parse(JSON.parse(new TextDecoder().decode(file.bytes))),
  };
  if (releases.size >= MAX_CACHED_RELEASES) releases.delete(releases.keys().next().value as number);
  releases.set(publication.id, release);
  return release;
}
