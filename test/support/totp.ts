import { HOTP, Secret } from "otpauth";

/**
 * The tests' authenticator app: computes codes from a secret with the same library the server
 * checks them with, as a phone would. Remembers each secret's last step used, since the server
 * refuses a code twice: a test that signs in again within 30 s gets the next step's code (the
 * server accepts one step of drift), and waits only when both are spent.
 */

const PERIOD_MS = 30_000;
const lastStep = new Map<string, number>();

export function totpCodeAt(secret: string, step: number): string {
  return HOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    counter: step,
  });
}

/** A code the server has not yet seen for this secret. */
export async function nextTotpCode(secret: string): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / PERIOD_MS);
    const used = lastStep.get(secret) ?? -Infinity;
    const step = Math.max(current, used + 1);
    if (step <= current + 1) {
      lastStep.set(secret, step);
      return totpCodeAt(secret, step);
    }
    await new Promise((r) => setTimeout(r, (current + 1) * PERIOD_MS - Date.now() + 50));
  }
}

/** The secrets of the accounts enrolled by the test helpers, by e-mail. */
export const enrolledSecrets = new Map<string, string>();
