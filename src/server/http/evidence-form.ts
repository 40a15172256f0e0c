import type { Context } from "hono";
import { MAX_EVIDENCE_BYTES } from "../../shared/limits.ts";
import { localizedError } from "../errors.ts";
import { serverMessage } from "../messages.ts";
import { readLimitedFormData } from "./multipart.ts";

/**
 * The multipart side of an evidence upload, shared by the routes that take evidence files:
 * the bounded body and its files in the field «file».
 */

/**
 * Room for the multipart framing and a JSON field next to `files` files of the maximum size;
 * each file itself is checked against MAX_EVIDENCE_BYTES once read.
 */
export const evidenceBodyLimit = (files = 1) => files * MAX_EVIDENCE_BYTES + 1024 * 1024;

export const readEvidenceForm = (http: Context, files = 1) =>
  readLimitedFormData(http, {
    maxBytes: evidenceBodyLimit(files),
    tooLarge: () =>
      localizedError("payload_too_large", "evidence.tooLarge", { limit: MAX_EVIDENCE_BYTES }),
    malformed: () => localizedError("invalid", "evidence.notMultipart"),
  });

/** The files of an upload form, in the field «file»; refused when there are more than `max`. */
export function filesOf(form: FormData, max: number): File[] {
  const files = form.getAll("file").filter((f): f is File => f instanceof File);
  if (files.length > max) throw localizedError("invalid", "evidence.tooManyFiles", { max });
  return files;
}

/** The one file of an upload form, in the field «file». */
export function fileOf(form: FormData): File {
  const files = form.getAll("file");
  const file = files[0];
  if (!(file instanceof File)) {
    throw localizedError("invalid", "evidence.missing", {}, [
      { path: "file", message: serverMessage("evidence.missingField", "es") },
    ]);
  }
  if (files.length > 1) throw localizedError("invalid", "evidence.oneFile");
  return file;
}
