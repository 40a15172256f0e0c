import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PublicRateLimiter, parseRateLimit } from "./public-rate-limit.ts";

describe("public rate limit (token bucket per address)", () => {
  test("a burst of the limit passes, the next waits for one token, and refills over time", () => {
    let now = 0;
    const limiter = new PublicRateLimiter({ requests: 3, seconds: 60 }, () => now);
    assert.deepEqual(
      [1, 2, 3].map(() => limiter.take("10.0.0.1")),
      [0, 0, 0],
    );
    // One token every 20 s: the fourth request is told to wait 20 s.
    assert.equal(limiter.take("10.0.0.1"), 20);
    // Another address has its own bucket.
    assert.equal(limiter.take("10.0.0.2"), 0);
    now = 15_000;
    assert.equal(Math.round(limiter.take("10.0.0.1")), 5);
    now = 20_000;
    assert.equal(limiter.take("10.0.0.1"), 0);
    assert.ok(limiter.take("10.0.0.1") > 0);
  });

  test("the setting is requests/seconds or off, and anything else is refused", () => {
    assert.deepEqual(parseRateLimit("600/60"), { requests: 600, seconds: 60 });
    assert.deepEqual(parseRateLimit(" 5 / 1 "), { requests: 5, seconds: 1 });
    assert.equal(parseRateLimit("off"), null);
    for (const bad of ["", "600", "0/60", "600/0", "-1/60", "muchos"]) {
      assert.throws(() => parseRateLimit(bad), /VIGIA_PUBLIC_RATE_LIMIT/, bad);
    }
  });
});
