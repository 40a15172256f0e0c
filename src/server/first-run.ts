import type { Actor } from "../shared/actor.ts";
import { PASSWORD_MIN_LENGTH } from "../shared/contracts/auth.contract.ts";
import { todayInLima } from "../shared/dates.ts";
import type { AppConfig } from "./config.ts";
import type { Database } from "./db/connect.ts";
import { generateTemporaryPassword } from "./features/auth/password.service.ts";
import { isDatabaseEmpty, seedBundledCatalogue } from "./features/catalogue/catalogue.service.ts";
import { createDemoOrganization } from "./features/civil-society/civil-society.service.ts";
import {
  createDemoPlans,
  DEMO_PLAN_CODE,
  DEMO_PLAN_YEAR,
} from "./features/plans/demo-plans.service.ts";
import { loadUbigeoReference } from "./features/territory/territory.service.ts";
import { createDemoAccounts } from "./features/users/demo-accounts.service.ts";
import { hasAnyUser } from "./features/users/users.service.ts";
import { importVeeduriaReference } from "./features/veedurias/veeduria-reference.service.ts";

/**
 * How to create the first account, for a database nobody can sign in to (seeded with demo
 * accounts off, or by an older version). Shared by the server's start and `vigia user list`.
 */
export function firstAccountHint(backend: AppConfig["database"]["backend"]): string[] {
  return [
    `Cree un administrador${backend === "pglite" ? " (detenga antes el servidor: la base PGlite admite un solo proceso)" : ""}:`,
    "  npx vigia user create --email admin@entidad.gob.pe --role administrador --name 'Nombre' --password-stdin",
    `  La contraseña (${PASSWORD_MIN_LENGTH} caracteres o más, con letras y dígitos) se lee de la entrada estándar;`,
    "  use las mismas variables VIGIA_DATA_DIR o DATABASE_URL que el servidor.",
    "O bien, sobre una base de datos vacía (otro VIGIA_DATA_DIR), `npm start` crea las cuentas de",
    "demostración, salvo con NODE_ENV=production o VIGIA_DEMO=off.",
  ];
}

/**
 * What `npm start` does to a database before serving it: on an empty one, load the PNTP and
 * the ubigeos, and (outside production) create the demo accounts and open 2024 ANUAL, printing
 * their passwords once. On any database without accounts, say how to create one, since nobody
 * could sign in otherwise.
 */
export async function prepareFirstRun(
  db: Database,
  actor: Actor,
  config: Pick<AppConfig, "database" | "seedOnEmpty" | "demoAccounts" | "demoPassword">,
  log: (line: string) => void,
): Promise<void> {
  if (config.seedOnEmpty && (await isDatabaseEmpty(db))) {
    const summary = await seedBundledCatalogue(db, actor, { code: "pntp", replace: false });
    log(
      `Base de datos vacía: se cargó la PNTP (${summary.counts.indicators} indicadores, datos 2022-2023).`,
    );
    await loadUbigeoReference(db, actor);
    // Seed 000's semáforo counts (transcribed, labelled): the public map is not empty.
    await importVeeduriaReference(db, actor);
    if (config.demoAccounts) {
      const accounts = await createDemoAccounts(db, actor, {
        password: config.demoPassword,
        policyCode: "pntp",
        today: todayInLima(),
      });
      // An accredited organisation labelled as a demo, with its sociedad_civil account.
      accounts.push(
        await createDemoOrganization(db, actor, {
          password: config.demoPassword ?? generateTemporaryPassword(),
          mustChangePassword: config.demoPassword === null,
        }),
      );
      // The example regional plans (not official; catalogues/demo) and their accounts.
      accounts.push(
        ...(await createDemoPlans(db, actor, {
          password: config.demoPassword,
          today: todayInLima(),
        })),
      );
      // Printed once, on the first run only: the passwords are not stored anywhere in clear.
      log("");
      log("Cuentas de demostración (se muestran solo esta vez; desactive con VIGIA_DEMO=off):");
      for (const a of accounts) log(`  ${a.role.padEnd(18)} ${a.email.padEnd(30)} ${a.password}`);
      log("Periodo abierto: PNTP 2024 ANUAL.");
      log(
        `Plan regional de ejemplo (no oficial): ${DEMO_PLAN_CODE}, periodos ${DEMO_PLAN_YEAR} T1–T4 abiertos.`,
      );
      log("");
    }
  }
  if (!(await hasAnyUser(db, actor))) {
    log("");
    log("Aviso: la base de datos no tiene ninguna cuenta de usuario; nadie puede iniciar sesión.");
    for (const line of firstAccountHint(config.database.backend)) log(line);
    log("");
  }
}
