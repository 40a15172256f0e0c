import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { EncoderKeys } from "../../../shared/linkage/bloom-encoding.ts";
import { filterBits } from "../../../shared/linkage/bloom-encoding.ts";
import { canonicalJson, type LinkageSchema } from "../../../shared/linkage/linkage-schema.ts";

/**
 * The keyed parts of the encoding, run where the secret is: at the institution, by `vigia
 * linkage encode`. From the shared secret, HKDF-SHA256 (RFC 5869, as clkhash's "kdf") derives
 * one key per feature, one for the blocking keys and one for the balancing permutation; a
 * token's bit positions come from HMAC-SHA256 of the token under its feature's key. Without
 * the secret nobody, Vigía included, can compute the encoding of a guessed name.
 */

/** The secret must be long enough that guessing it is not an attack (32 bytes recommended). */
export const MIN_SECRET_BYTES = 16;

function derive(secret: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, salt, `vigia-linkage/v1/${info}`, 32));
}

/** "sha256:" + hex of the schema's canonical JSON: files under other schemas are not compared. */
export function schemaHash(schema: LinkageSchema): string {
  return `sha256:${createHash("sha256").update(canonicalJson(schema)).digest("hex")}`;
}

export interface LinkageKeys extends EncoderKeys {
  /** A plaintext blocking key → its keyed form (base64url of 12 bytes of HMAC-SHA256). */
  blockKey(text: string): string;
}

export function linkageKeys(secret: Uint8Array, schema: LinkageSchema): LinkageKeys {
  const salt = Buffer.from(schema.clk.kdf.salt, "base64");
  const featureKeys = schema.features.map((f) => derive(secret, salt, `feature/${f.identifier}`));
  const blockingKey = derive(secret, salt, "blocking");
  // Names share most bigrams, so each (feature, token) is hashed once per run; the cache holds
  // only hashes, in this process, and goes with it.
  const caches = schema.features.map(() => new Map<string, readonly [number, number]>());
  const hash = (feature: number, token: string): readonly [number, number] => {
    const cache = caches[feature];
    const key = featureKeys[feature];
    if (!cache || !key) throw new Error(`no key for feature ${feature}`);
    let h = cache.get(token);
    if (!h) {
      const digest = createHmac("sha256", key).update(token, "utf8").digest();
      h = [digest.readUInt32LE(0), digest.readUInt32LE(4)] as const;
      cache.set(token, h);
    }
    return h;
  };
  const blockKey = (text: string) =>
    createHmac("sha256", blockingKey)
      .update(text, "utf8")
      .digest()
      .subarray(0, 12)
      .toString("base64url");
  const permutation =
    schema.clk.hardening.type === "balance"
      ? keyedPermutation(derive(secret, salt, "balance"), filterBits(schema) * 2)
      : null;
  return { hash, blockKey, permutation };
}

/**
 * Fisher–Yates over 0…n−1 driven by HMAC-SHA256(key, counter) as a stream of 32-bit words;
 * rejection sampling keeps each position uniform.
 */
export function keyedPermutation(key: Uint8Array, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  let block: Buffer = Buffer.alloc(0);
  let offset = 0;
  let counter = 0;
  const next = () => {
    if (offset + 4 > block.length) {
      block = createHmac("sha256", key).update(String(counter++)).digest();
      offset = 0;
    }
    const v = block.readUInt32LE(offset);
    offset += 4;
    return v;
  };
  for (let i = n - 1; i > 0; i--) {
    const range = i + 1;
    const limit = Math.floor(0x100000000 / range) * range;
    let v = next();
    while (v >= limit) v = next();
    const j = v % range;
    const t = out[i] ?? 0;
    out[i] = out[j] ?? 0;
    out[j] = t;
  }
  return out;
}
