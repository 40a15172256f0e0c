import { localizedError } from "../errors.ts";
import { type FileStore, MAX_EVIDENCE_BYTES, sniffEvidenceType } from "./file-store.ts";

/**
 * The checks every evidence upload goes through, whatever it is attached to (a reported value,
 * a commitment's compliance): a harmless name, a bounded size, a type sniffed from the bytes,
 * and bytes that leave no file behind when the database write is refused.
 */

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

/** What an upload carries: the name the browser gave and the bytes. */
export interface EvidenceUpload {
  fileName: string;
  bytes: Uint8Array;
}

/** Checks an upload before anything is written: not empty, not too large, a known type. */
export function checkUpload(file: EvidenceUpload) {
  if (file.bytes.length === 0) throw localizedError("invalid", "evidence.empty");
  if (file.bytes.length > MAX_EVIDENCE_BYTES) {
    throw localizedError("payload_too_large", "evidence.tooLarge", { limit: MAX_EVIDENCE_BYTES });
  }
  const type = sniffEvidenceType(file.bytes);
  if (!type) throw localizedError("unsupported_media_type", "evidence.type");
  return type;
}

/**
 * Bytes go to disk first (a file store is not transactional) and are removed again if the
 * database write fails, so a refused upload leaves neither a row nor a file.
 */
export async function storeThen<T>(
  store: FileStore,
  bytes: Uint8Array,
  write: (stored: { key: string; sha256: string }) => Promise<T>,
): Promise<T> {
  const stored = await store.put(bytes);
  try {
    return await write(stored);
  } catch (err) {
    await store.remove(stored.key);
    throw err;
  }
}
