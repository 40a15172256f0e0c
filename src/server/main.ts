import { serve } from "@hono/node-server";
import { systemActor } from "../shared/actor.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/connect.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { isDatabaseEmpty, seedBundledCatalogue } from "./features/catalogue/catalogue.service.ts";
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
    const summary = await seedBundledCatalogue(database.db, systemActor("first-run"), {
      code: "pntp",
      replace: false,
    });
    console.log(
      `Base de datos vacía: se cargó la PNTP (${summary.counts.indicators} indicadores, datos 2022-2023).`,
    );
  }

  const app = createApp(database);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Vigía escuchando en http://${config.host}:${info.port}/api/health`);
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
