import type { Actor } from "../../../shared/actor.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { DomainError, notFound } from "../../errors.ts";
import { type FileStore, MAX_EVIDENCE_BYTES, sniffEvidenceType } from "../../files/file-store.ts";
import { ownName } from "../users/actor-names.ts";
import { findEvidence, insertEvidence } from "./measurements.repository.ts";
import { assertCanRead, loadForReporter, loadRow } from "./measurements.service.ts";

/** Keeps a readable, harmless file name: no path, no control characters, bounded length. */
export function sanitizeFileName(name: string, extension: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "evidencia")
    .normalize("NFC")
    .replace(/[^\p{L}\p{N} ._()-]/gu, "_")
    .replace(/^\.+/, "")
    .slice(0, 120)
    .trim();
  const stem = base.replace(/\.[^.]*$/, "") || "evidencia";
  return `${stem}.${extension}`;
}

/**
 * Attaches an evidence file to a value still being edited. The type is sniffed from the bytes,
 * the size is bounded, the checksum stored; bytes go to disk first and are removed again if the
 * database write fails, so nothing is left half-saved.
 */
export async function uploadEvidence(
  db: Database,
  actor: Actor,
  input: { measurementId: number; fileName: string; bytes: Uint8Array; store: FileStore },
) {
  if (input.bytes.length === 0) throw new DomainError("invalid", "El archivo está vacío.");
  if (input.bytes.length > MAX_EVIDENCE_BYTES) {
    throw new DomainError(
      "payload_too_large",
      `El archivo supera el límite de ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB.`,
    );
  }
  const type = sniffEvidenceType(input.bytes);
  if (!type) {
    throw new DomainError(
      "unsupported_media_type",
      "Tipo de archivo no admitido: suba PDF, XLSX, DOCX, PNG o JPG.",
    );
  }
  // Scope, state and period are checked before any byte is written.
  await db.transaction().execute((tx) => loadForReporter(tx, actor, input.measurementId, "edit"));
  const stored = await input.store.put(input.bytes);
  try {
    return await db.transaction().execute(async (tx) => {
      await loadForReporter(tx, actor, input.measurementId, "edit");
      const fileName = sanitizeFileName(input.fileName, type.extension);
      const id = await insertEvidence(tx, {
        measurementId: input.measurementId,
        fileName,
        mediaType: type.mediaType,
        sizeBytes: input.bytes.length,
        sha256: stored.sha256,
        storageKey: stored.key,
        uploadedBy: actor.id,
      });
      await recordAudit(tx, actor, {
        action: "evidence.upload",
        objectType: "measurement",
        objectId: String(input.measurementId),
        after: {
          evidenceId: id,
          fileName,
          mediaType: type.mediaType,
          sizeBytes: input.bytes.length,
          sha256: stored.sha256,
        },
      });
      return {
        id,
        fileName,
        mediaType: type.mediaType,
        sizeBytes: input.bytes.length,
        sha256: stored.sha256,
        uploadedBy: actor.id,
        uploadedByUser: ownName(actor),
        uploadedAt: new Date().toISOString(),
      };
    });
  } catch (err) {
    await input.store.remove(stored.key);
    throw err;
  }
}

export async function downloadEvidence(
  db: Database,
  actor: Actor,
  input: { id: number; store: FileStore },
) {
  const file = await findEvidence(db, input.id);
  if (!file) throw notFound("No existe el archivo.");
  assertCanRead(actor, await loadRow(db, file.measurementId));
  return {
    fileName: file.fileName,
    mediaType: file.mediaType,
    sha256: file.sha256,
    bytes: await input.store.get(file.storageKey),
  };
}
