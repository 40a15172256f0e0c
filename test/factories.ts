import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import type { Database } from "../src/server/db/connect.ts";
import { createUser } from "../src/server/features/users/users.service.ts";
import { systemActor } from "../src/shared/actor.ts";
import type { Role } from "../src/shared/permissions.ts";
import { ApiSession } from "./support/api-session.ts";

/** Test data built per test, never shared fixtures: each user gets its own e-mail. */

export const TEST_PASSWORD = "clave-de-prueba-2024";

export async function buildUser(
  db: Database,
  role: Role,
  options: { entities?: string[]; proxyEntities?: string[] } = {},
) {
  const email = `${role}-${randomBytes(4).toString("hex")}@prueba.vigia.pe`;
  const displayName = `Usuario ${role}`;
  const user = await createUser(db, systemActor("test"), {
    email,
    displayName,
    role,
    entities: options.entities ?? [],
    proxyEntities: options.proxyEntities ?? [],
    password: TEST_PASSWORD,
  });
  return { ...user, displayName, password: TEST_PASSWORD };
}

/** A signed-in session of a new user with the role (and entities, for focal points). */
export async function signIn(
  app: Hono,
  db: Database,
  role: Role,
  options: { entities?: string[]; proxyEntities?: string[] } = {},
) {
  const user = await buildUser(db, role, options);
  const session = new ApiSession(app);
  const res = await session.login(user.email, user.password);
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.json)}`);
  return { session, user };
}

/** The smallest valid PDF, for evidence uploads. */
export function minimalPdf(text = "Evidencia de prueba"): Uint8Array<ArrayBuffer> {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return new Uint8Array(new TextEncoder().encode(body));
}
