import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";

/**
 * TOTP (RFC 6238) through `otpauth`, with the parameters every authenticator app accepts:
 * SHA-1, 6 digits, 30-second steps, a 160-bit secret (RFC 4226 §4 recommends 160 bits).
 * A code is checked against the step before, the current one and the one after (clock drift
 * of up to 30 s either way), and only at a step later than the last one accepted, so a code
 * seen over someone's shoulder cannot be replayed (RFC 6238 §5.2).
 */

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = "Vigía PNTP";

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, email: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: email,
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

export function totpStep(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The step whose code `code` is, within one step of `now` and after `lastStep`; else null. */
export function matchTotp(
  secret: string,
  code: string,
  now: number,
  lastStep: number,
): number | null {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const key = Secret.fromBase32(secret);
  const current = totpStep(now);
  for (const step of [current - 1, current, current + 1]) {
    if (step <= lastStep) continue;
    const expected = HOTP.generate({ secret: key, algorithm: "SHA1", digits: 6, counter: step });
    if (sameText(expected, digits)) return step;
  }
  return null;
}

/** Letters and digits without look-alikes (no 0/O, 1/l/I): read from paper, typed by hand. */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

/** Ten recovery codes `xxxxx-xxxxx` (about 49 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/**
 * What is stored of a recovery code: SHA-256 of its normalised form. A fast hash is enough for
 * a random 49-bit code that is refused after a few wrong tries (argon2 is for what people choose).
 */
export function recoveryCodeHash(code: string): string {
  const normalised = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  return createHash("sha256").update(`vigia-recovery:${normalised}`).digest("hex");
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/.test(code.trim());
}
