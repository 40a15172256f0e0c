import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type { MeasurementCreateSchema } from "../../../shared/contracts/data-entry.contract.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { localizedError } from "../../errors.ts";
import {
  checkUpload,
  type EvidenceUpload,
  sanitizeFileName,
  storeThen,
} from "../../files/evidence-upload.ts";
import type { FileStore } from "../../files/file-store.ts";
import { ownName } from "../users/actor-names.service.ts";
import { findEvidence, findEvidenceBySha, insertEvidence } from "./measurements.repository.ts";
import {
  assertCanRead,
  createMeasurement,
  loadForReporter,
  loadRow,
} from "./measurements.service.ts";

/** The evidence row and its audit event, inside the caller's transaction. */
async function attach(
  tx: Executor,
  actor: Actor,
  measurementId: number,
  file: EvidenceUpload,
  type: { mediaType: string; extension: string },
  stored: { key: string; sha256: string },
) {
  // The same bytes twice add nothing for the reviewer and hide which file is the evidence.
  const twin = await findEvidenceBySha(tx, measurementId, stored.sha256);
  if (twin) {
    throw localizedError("conflict", "evidence.duplicate", {
      fileName: twin.fileName,
      sha256: stored.sha256,
    });
  }
  const fileName = sanitizeFileName(file.fileName, type.extension);
  const id = await insertEvidence(tx, {
    measurementId,
    fileName,
    mediaType: type.mediaType,
    sizeBytes: file.bytes.length,
    sha256: stored.sha256,
    storageKey: stored.key,
    uploadedBy: actor.id,
  });
  await recordAudit(tx, actor, {
    action: "evidence.upload",
    objectType: "measurement",
    objectId: String(measurementId),
    after: {
      evidenceId: id,
      fileName,
      mediaType: type.mediaType,
      sizeBytes: file.bytes.length,
      sha256: stored.sha256,
    },
  });
  return {
    id,
    fileName,
    mediaType: type.mediaType,
    sizeBytes: file.bytes.length,
    sha256: stored.sha256,
    uploadedBy: actor.id,
    uploadedByUser: ownName(actor),
    uploadedAt: new Date().toISOString(),
  };
}

/**
 * Attaches an evidence file to a value still being edited. The type is sniffed from the bytes,
 * the size is bounded, the checksum stored and a second copy of the same file refused.
 */
export async function uploadEvidence(
  db: Database,
  actor: Actor,
  input: { measurementId: number; store: FileStore } & EvidenceUpload,
) {
  const type = checkUpload(input);
  // Scope, state and period are checked before any byte is written.
  await db.transaction().execute((tx) => loadForReporter(tx, actor, input.measurementId, "edit"));
  return storeThen(input.store, input.bytes, (stored) =>
    db.transaction().execute(async (tx) => {
      await loadForReporter(tx, actor, input.measurementId, "edit");
      return attach(tx, actor, input.measurementId, input, type, stored);
    }),
  );
}

/**
 * The first evidence of a value not saved yet: the draft and the file in one transaction. A
 * refused file (type, size) is refused before anything is written; a refused draft (rules of
 * createMeasurement) leaves no file behind. Either both exist afterwards or neither does.
 */
export async function createMeasurementWithEvidence(
  db: Database,
  actor: Actor,
  input: { policyCode: string; indicatorCode: string } & z.output<
    typeof MeasurementCreateSchema
  > & { file: EvidenceUpload; store: FileStore },
) {
  const { file, store, ...measurement } = input;
  const type = checkUpload(file);
  return storeThen(store, file.bytes, (stored) =>
    createMeasurement(db, actor, measurement, async (tx, measurementId) => {
      await attach(tx, actor, measurementId, file, type, stored);
    }),
  );
}

export async function downloadEvidence(
  db: Database,
  actor: Actor,
  input: { id: number; store: FileStore },
) {
  const file = await findEvidence(db, input.id);
  if (!file) throw localizedError("not_found", "evidence.notFound");
  await assertCanRead(db, actor, await loadRow(db, file.measurementId));
  return {
    fileName: file.fileName,
    mediaType: file.mediaType,
    sha256: file.sha256,
    bytes: await input.store.get(file.storageKey),
  };
}
