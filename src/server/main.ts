import { serve } from "@hono/node-server";
import { systemActor } from "../shared/actor.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/connect.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { isDatabaseEmpty, seedBundledCatalogue } from "./features/catalogue/catalogue.service.ts";
import { todayInLima } from "./features/data-entry/tasks.service.ts";
import { loadUbigeoReference } from "./features/territory/territory.service.ts";
import { createDemoAccounts } from "./features/users/demo-accounts.ts";
import { createDiskFileStore } from "./files/file-store.ts";
import { createApp } from "./http/app.ts";

/** Composition root: configuration → database → migrations → first-run seed → HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  const where =
    config.database.backend === "postgres"
      ? "servidor PostgreSQL (DATABASE_URL)"
      : `PGlite en ${config.database.dataDir}`;
  console.log(`Vigía: base de datos ${where}`);
  const migrations = await migrateDatabase(database.db);
  if (migrations.applied.length)
    console.log(`Migraciones aplicadas: ${migrations.applied.join(", ")}`);

  if (config.seedOnEmpty && (await isDatabaseEmpty(database.db))) {
    const actor = systemActor("first-run");
    const summary = await seedBundledCatalogue(database.db, actor, {
      code: "pntp",
      replace: false,
    });
    console.log(
      `Base de datos vacía: se cargó la PNTP (${summary.counts.indicators} indicadores, datos 2022-2023).`,
    );
    await loadUbigeoReference(database.db, actor);
    if (config.demoAccounts) {
      const accounts = await createDemoAccounts(database.db, actor, {
        password: config.demoPassword,
        policyCode: "pntp",
        today: todayInLima(),
      });
      // Printed once, on the first run only: the passwords are not stored anywhere in clear.
      console.log(
        "\nCuentas de demostración (se muestran solo esta vez; desactive con VIGIA_DEMO=off):",
      );
      for (const a of accounts)
        console.log(`  ${a.role.padEnd(14)} ${a.email.padEnd(24)} ${a.password}`);
      console.log("Periodo abierto: PNTP 2024 ANUAL.\n");
    }
  }

  const app = createApp(database, {
    webRoot: config.webRoot,
    secureCookies: config.secureCookies,
    fileStore: createDiskFileStore(config.filesDir),
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Vigía escuchando en http://${config.host}:${info.port}/`);
  });
  const shutdown = () => {
    server.close();
    void database.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError || err instanceof DataDirLockedError ? `Error: ${err.message}` : err,
  );
  process.exit(1);
});
