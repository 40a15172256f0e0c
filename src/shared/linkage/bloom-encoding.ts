import type { LinkageSchema } from "./linkage-schema.ts";
import { featureText, tokenize, type VictimRecord } from "./victim-record.ts";

/**
 * Record-level Bloom filters ("cryptographic long-term keys", CLK; Schnell, Bachteler & Reiher
 * 2011) built from keyed token hashes. The keyed part (HMAC-SHA256 under keys derived from the
 * shared secret) is passed in as a `TokenHasher`, so this file stays pure and the same code
 * runs in Node and in a browser; src/server/features/linkage/linkage-keys.ts supplies it.
 */

/**
 * The two 32-bit values of a token's keyed hash under one feature's key: the k bit positions
 * are h1 + i·h2 mod m (double hashing, as in clkhash's "doubleHash").
 */
export type TokenHasher = (featureIndex: number, token: string) => readonly [number, number];

export interface EncoderKeys {
  hash: TokenHasher;
  /** The keyed permutation of the encoding's bits for `balance` hardening; null otherwise. */
  permutation: Uint32Array | null;
}

/** Length in bits of the filter the tokens are hashed into, before hardening. */
export function filterBits(schema: LinkageSchema): number {
  const { bits, hardening } = schema.clk;
  if (hardening.type === "xorFold") return bits * 2;
  if (hardening.type === "balance") return bits / 2;
  return bits;
}

function setBits(filter: Uint32Array, m: number, h1: number, h2: number, k: number): void {
  // An h2 ≡ 0 (mod m) would put all k bits in one place (clkhash issue 33, "prevent singularity").
  let step = h2 % m;
  if (step === 0) step = 1;
  let pos = h1 % m;
  for (let i = 0; i < k; i++) {
    filter[pos >>> 5] = (filter[pos >>> 5] ?? 0) | (1 << (pos & 31));
    pos += step;
    if (pos >= m) pos -= m;
  }
}

/** XOR folding: the two halves of the filter XORed (Schnell & Borgs 2016). */
export function xorFold(filter: Uint32Array): Uint32Array {
  const half = filter.length / 2;
  const out = new Uint32Array(half);
  for (let i = 0; i < half; i++) out[i] = ((filter[i] ?? 0) ^ (filter[i + half] ?? 0)) >>> 0;
  return out;
}

/** Balanced Bloom filter: filter ‖ ¬filter, then its bits moved by a keyed permutation. */
export function balance(filter: Uint32Array, permutation: Uint32Array): Uint32Array {
  const n = filter.length * 32;
  if (permutation.length !== n * 2) throw new Error("permutation length does not match filter");
  const out = new Uint32Array(filter.length * 2);
  for (let i = 0; i < n * 2; i++) {
    const src = i < n ? i : i - n;
    let bit = ((filter[src >>> 5] ?? 0) >>> (src & 31)) & 1;
    if (i >= n) bit ^= 1;
    if (bit) {
      const to = permutation[i] ?? 0;
      out[to >>> 5] = (out[to >>> 5] ?? 0) | (1 << (to & 31));
    }
  }
  return out;
}

/** The record's encoding: every feature's tokens into one filter, then the hardening. */
export function encodeRecord(
  record: VictimRecord,
  schema: LinkageSchema,
  keys: EncoderKeys,
): Uint32Array {
  const m = filterBits(schema);
  const filter = new Uint32Array(m / 32);
  schema.features.forEach((feature, f) => {
    const text = featureText(record, feature);
    if (text === null || text === "") return;
    const tokens = [...new Set(tokenize(text, feature.tokenizer))];
    if (tokens.length === 0) return;
    const k =
      "k" in feature.strategy
        ? feature.strategy.k
        : Math.max(1, Math.ceil(feature.strategy.numBits / tokens.length));
    for (const token of tokens) {
      const [h1, h2] = keys.hash(f, token);
      setBits(filter, m, h1, h2, k);
    }
  });
  const { hardening } = schema.clk;
  if (hardening.type === "xorFold") return xorFold(filter);
  if (hardening.type === "balance") {
    if (!keys.permutation) throw new Error("balance hardening needs a keyed permutation");
    return balance(filter, keys.permutation);
  }
  return filter;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** The encoding's bytes (little-endian words, bit i of the filter is bit i%8 of byte i/8). */
export function encodingToBase64(filter: Uint32Array): string {
  const bytes = new Uint8Array(filter.buffer, filter.byteOffset, filter.byteLength);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63];
    out += B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64[n & 63] : "=";
  }
  return out;
}

/** Decodes `text` into `words` (its length fixes the expected size); false when malformed. */
export function base64IntoWords(text: string, words: Uint32Array): boolean {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const expected = Math.ceil(bytes.length / 3) * 4;
  if (text.length !== expected) return false;
  let o = 0;
  const value = (at: number) => {
    const code = text.charCodeAt(at);
    return code === 61 ? 0 : code < 128 ? (B64_INDEX[code] ?? -1) : -1;
  };
  for (let i = 0; i < text.length; i += 4) {
    const c0 = value(i);
    const c1 = value(i + 1);
    const c2 = value(i + 2);
    const c3 = value(i + 3);
    if ((c0 | c1 | c2 | c3) < 0) return false;
    const n = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (o < bytes.length) bytes[o++] = (n >> 16) & 255;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return true;
}
