/**
 * The rate limit of the public data API (`/api/public/*`, ADR 0033): a token bucket per client
 * address, so that one harvester or a loop in someone's script cannot take the server from
 * everyone else, while a person browsing the portal never meets it. The address is the one
 * the audit log records (`clientIp`: the socket's peer, or `X-Forwarded-For` behind a
 * configured proxy, VIGIA_TRUSTED_PROXIES); behind an unconfigured proxy every visitor shares
 * one bucket, which is why the proxy must be declared.
 *
 * In memory and per process: the limit protects this process's event loop, which is what a
 * burst exhausts. Several processes behind a balancer each allow the limit.
 */

export interface RateLimit {
  /** Requests allowed in a burst, and refilled over `seconds`. */
  requests: number;
  seconds: number;
}

/** 600 requests a minute per address: the portal's pages ask a handful each. */
export const DEFAULT_PUBLIC_RATE_LIMIT: RateLimit = { requests: 600, seconds: 60 };

/** The routes it applies to; the OpenAPI document lists their 429. */
export const isRateLimitedPath = (path: string) => path.startsWith("/api/public/");

/** `600/60` (requests per seconds) or `off`; null means off. */
export function parseRateLimit(text: string): RateLimit | null {
  if (text.trim() === "off") return null;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const requests = Number(m?.[1]);
  const seconds = Number(m?.[2]);
  if (!m || requests < 1 || seconds < 1 || !Number.isSafeInteger(requests)) {
    throw new Error(
      `VIGIA_PUBLIC_RATE_LIMIT: use solicitudes/segundos (p. ej. 600/60) u «off», no «${text}».`,
    );
  }
  return { requests, seconds };
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Addresses remembered before full buckets are forgotten (a full bucket is a fresh one). */
const MAX_BUCKETS = 10_000;

export class PublicRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = limit.requests / (limit.seconds * 1000);
  }

  /** Takes one request for `address`: 0 when allowed, else the seconds until one would be. */
  take(address: string): number {
    const now = this.now();
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.forgetFull(now);
      bucket = { tokens: this.limit.requests, at: now };
      this.buckets.set(address, bucket);
    } else {
      bucket.tokens = Math.min(this.limit.requests, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / this.perMs / 1000;
  }

  private forgetFull(now: number) {
    for (const [address, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.limit.requests) this.buckets.delete(address);
    }
    // Still full of busy addresses: drop the oldest, which at worst lets one burst again.
    while (this.buckets.size >= MAX_BUCKETS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}
