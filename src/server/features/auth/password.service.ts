import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane). */
const OPTIONS = {
  // 2 = Algorithm.Argon2id (a const enum, which isolated modules cannot import).
  algorithm: 2 as const,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the e-mail is unknown makes both answers take the same
// time, so response times do not reveal which accounts exist.
let dummyHash: Promise<string> | null = null;
export async function burnVerificationTime(password: string): Promise<void> {
  dummyHash ??= hash("vigia-dummy-password-0", OPTIONS);
  await verifyPassword(await dummyHash, password);
}

/**
 * A readable random password that meets the policy (14 letters without look-alikes, then two
 * digits): a demo account's printed one and an administrator's reset. Whoever receives it must
 * replace it at the first sign-in, so it only has to survive being read aloud or copied once.
 */
export function generateTemporaryPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  const bytes = randomBytes(15);
  const letters = [...bytes.subarray(0, 14)].map((b) => alphabet[b % alphabet.length]).join("");
  return `${letters}${String(10 + ((bytes[14] ?? 0) % 90))}`;
}
