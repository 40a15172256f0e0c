import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/**
 * Evidence files on disk under the data directory. The database keeps the name, type, size
 * and SHA-256; the store keeps bytes under a random key, so a file name typed by a user never
 * becomes a path.
 */
export interface FileStore {
  put(bytes: Uint8Array): Promise<{ key: string; sha256: string }>;
  get(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
}

export function createDiskFileStore(root: string): FileStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid storage key ${key}`);
    return join(base, key);
  };
  return {
    async put(bytes) {
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const key = `${sha256.slice(0, 2)}/${randomUUID()}`;
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes, { flag: "wx" });
      return { key, sha256 };
    },
    get: (key) => readFile(pathOf(key)),
    remove: (key) => rm(pathOf(key), { force: true }),
  };
}

export { MAX_EVIDENCE_BYTES } from "../../shared/limits.ts";

/**
 * The real type of an upload, from its first bytes (never from the name or the browser's
 * claim): PDF, PNG, JPEG, or an Office Open XML package (XLSX, DOCX).
 */
export function sniffEvidenceType(
  bytes: Uint8Array,
): { mediaType: string; extension: string } | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d))
    return { mediaType: "application/pdf", extension: "pdf" };
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return { mediaType: "image/png", extension: "png" };
  if (starts(0xff, 0xd8, 0xff)) return { mediaType: "image/jpeg", extension: "jpg" };
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // Entry names of a zip are stored in clear text; an OOXML package names its parts.
    const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString("latin1");
    if (!head.includes("[Content_Types].xml")) return null;
    if (head.includes("xl/")) {
      return {
        mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extension: "xlsx",
      };
    }
    if (head.includes("word/")) {
      return {
        mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extension: "docx",
      };
    }
  }
  return null;
}
