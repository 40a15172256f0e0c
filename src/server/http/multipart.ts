import type { Context } from "hono";
import { MAX_EVIDENCE_BYTES } from "../../shared/limits.ts";
import { type DomainError, localizedError } from "../errors.ts";
import { serverMessage } from "../messages.ts";

/**
 * Reads a multipart/form-data body of at most `maxBytes`. A declared Content-Length above the
 * limit is refused before a byte is read; a body without one (chunked) is counted as it
 * streams in and cut off at the limit, so no request holds more than `maxBytes` in memory.
 */
export async function readLimitedFormData(
  c: Context,
  options: { maxBytes: number; tooLarge: () => DomainError; malformed: () => DomainError },
): Promise<FormData> {
  const declared = c.req.header("content-length");
  if (declared !== undefined && Number(declared) > options.maxBytes) throw options.tooLarge();
  const source = c.req.raw.body;
  if (!source) throw options.malformed();
  let seen = 0;
  let overflow = false;
  const counted = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > options.maxBytes) {
          overflow = true;
          controller.error(options.tooLarge());
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  const request = new Request(c.req.url, {
    method: c.req.method,
    headers: c.req.raw.headers,
    body: counted,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  try {
    return await request.formData();
  } catch {
    throw overflow ? options.tooLarge() : options.malformed();
  }
}

/**
 * Room for the multipart framing and the value's JSON next to a file of the maximum size; the
 * file itself is checked against MAX_EVIDENCE_BYTES once read.
 */
const EVIDENCE_BODY_LIMIT = MAX_EVIDENCE_BYTES + 1024 * 1024;

export const readEvidenceForm = (http: Context) =>
  readLimitedFormData(http, {
    maxBytes: EVIDENCE_BODY_LIMIT,
    tooLarge: () =>
      localizedError("payload_too_large", "evidence.tooLarge", { limit: MAX_EVIDENCE_BYTES }),
    malformed: () => localizedError("invalid", "evidence.notMultipart"),
  });

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
