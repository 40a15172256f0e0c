import type { Actor } from "../../../shared/actor.ts";
import type { Database } from "../../db/connect.ts";
import { generateTemporaryPassword } from "../auth/password.service.ts";
import { openPeriod } from "../periods/periods.service.ts";
import { createUser } from "./users.service.ts";

/**
 * First-run demo: the conductor and two focal points (SUNAFIL, MIMP), marked as demo accounts,
 * and an open annual period, so a newcomer can walk the whole reporting loop at once.
 * Disabled with VIGIA_DEMO=off and always in production. The printed passwords must be
 * changed at the first sign-in.
 */
const DEMO_ACCOUNTS = [
  {
    email: "admin@demo.vigia.pe",
    displayName: "Administración DGSD (demo)",
    role: "administrador",
    entities: [],
  },
  {
    email: "sunafil@demo.vigia.pe",
    displayName: "Punto focal SUNAFIL (demo)",
    role: "punto_focal",
    entities: ["SUNAFIL"],
  },
  {
    email: "mimp@demo.vigia.pe",
    displayName: "Punto focal MIMP (demo)",
    role: "punto_focal",
    entities: ["MIMP"],
  },
] as const;

export async function createDemoAccounts(
  db: Database,
  actor: Actor,
  input: { password: string | null; policyCode: string; today: string },
): Promise<{ email: string; role: string; password: string }[]> {
  const created: { email: string; role: string; password: string }[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = input.password ?? generateTemporaryPassword();
    await createUser(db, actor, {
      ...account,
      entities: [...account.entities],
      proxyEntities: [],
      password,
      isDemo: true,
      // A generated password is printed to the console, where anyone near it may read it: the
      // first sign-in replaces it. One the operator chose (VIGIA_DEMO_PASSWORD, as the browser
      // test does) is theirs already.
      mustChangePassword: input.password === null,
    });
    created.push({ email: account.email, role: account.role, password });
  }
  // The 2024 annual values are due now: 2024 has metas for several indicators (Matriz de compromisos).
  const deadline = new Date(`${input.today}T12:00:00Z`);
  deadline.setUTCDate(deadline.getUTCDate() + 30);
  await openPeriod(db, actor, {
    policyCode: input.policyCode,
    year: 2024,
    period: "ANUAL",
    opensOn: input.today,
    deadline: deadline.toISOString().slice(0, 10),
  });
  return created;
}
