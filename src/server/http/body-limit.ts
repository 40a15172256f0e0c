import type { Context } from "hono";
import type { Contract } from "../../shared/contracts/contract.ts";
import { localizedError } from "../errors.ts";

/**
 * Request bodies are bounded while they stream, never after they are held in memory: the
 * probe of issue 18 sent 300 MB to the login route and the server read it whole. JSON routes
 * take at most DEFAULT_JSON_BODY_LIMIT unless their contract sets `maxBodyBytes`; multipart
 * uploads enforce their own limit in `multipart.ts` with the same counting.
 */
export const DEFAULT_JSON_BODY_LIMIT = 64 * 1024;

const tooLarge = (limit: number) =>
  localizedError("payload_too_large", "request.tooLarge", { limit });

/** A declared Content-Length over the route's JSON limit: 413 before a byte is read. */
export function refuseDeclaredBody(
  c: Context,
  route: Pick<Contract, "multipart" | "maxBodyBytes">,
) {
  if (route.multipart) return;
  const declared = c.req.header("content-length");
  const limit = route.maxBodyBytes ?? DEFAULT_JSON_BODY_LIMIT;
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
}

/** The body's bytes, read chunk by chunk and refused as soon as they pass `maxBytes`. */
export async function readLimitedBody(c: Context, maxBytes: number): Promise<Uint8Array> {
  const source = c.req.raw.body;
  if (!source) return new Uint8Array(0);
  const reader = source.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(seen);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
