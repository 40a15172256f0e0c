import type { Context } from "hono";
import type { DomainError } from "../errors.ts";

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
