import { serve } from "@hono/node-server";
import { systemActor } from "../shared/actor.ts";
import { anchorAuditChain } from "./audit/audit-chain.service.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/connect.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { createDiskFileStore } from "./files/file-store.ts";
import { prepareFirstRun } from "./first-run.ts";
import { createApp } from "./http/app.ts";
import { startNotificationJobs } from "./jobs/notification-jobs.ts";
import { configureDisclosureK } from "./lib/disclosure-k.ts";
import { createSmtpMailer } from "./mail/mailer.ts";

/** Composition root: configuration → database → migrations → first-run seed → HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  configureDisclosureK(config.disclosureK);
  const database = await openDatabase(config.database);
  const where =
    config.database.backend === "postgres"
      ? "servidor PostgreSQL (DATABASE_URL)"
      : `PGlite en ${config.database.dataDir}`;
  console.log(`Vigía: base de datos ${where}`);
  const migrations = await migrateDatabase(database.db);
  if (migrations.applied.length)
    console.log(`Migraciones aplicadas: ${migrations.applied.join(", ")}`);

  await prepareFirstRun(database.db, systemActor("first-run"), config, console.log);

  // The audit chain's head, anchored once a day and copied to the log (migration 0021): at
  // start, then every hour, which records a new day's anchor within an hour of midnight.
  const anchor = () =>
    anchorAuditChain(database.db, console.log).catch((err: unknown) => {
      console.error(`No se pudo registrar el ancla de auditoría: ${(err as Error).message}`);
    });
  await anchor();
  setInterval(anchor, 60 * 60 * 1000).unref();

  const app = createApp(database, {
    webRoot: config.webRoot,
    secureCookies: config.secureCookies,
    trustedProxies: config.trustedProxies,
    publicRateLimit: config.publicRateLimit,
    fileStore: createDiskFileStore(config.filesDir),
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`Vigía escuchando en http://${config.host}:${info.port}/`);
  });
  // The address and credentials in VIGIA_SMTP_URL are never printed.
  console.log(
    config.mail
      ? "Vigía: correo de notificaciones por SMTP (VIGIA_SMTP_URL)"
      : "Vigía: sin VIGIA_SMTP_URL, las notificaciones quedan solo en la aplicación",
  );
  const jobs = startNotificationJobs({
    db: database.db,
    mailer: config.mail ? createSmtpMailer(config.mail) : null,
    publicUrl: config.publicUrl,
    linkageRetentionDays: config.linkageRetentionDays,
  });
  const shutdown = () => {
    server.close();
    void jobs
      .stop()
      .then(() => database.close())
      .finally(() => process.exit(0));
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
