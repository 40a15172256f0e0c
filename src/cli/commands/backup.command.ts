import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recreateCurrentSchema } from "../../server/backup/backup.repository.ts";
import {
  createBackup,
  databaseHasTables,
  listStoredFiles,
  restoreBackup,
} from "../../server/backup/backup.service.ts";
import { BackupFileError, checkSchema, openArchive } from "../../server/backup/backup-archive.ts";
import { loadConfig } from "../../server/config.ts";
import { openDatabase } from "../../server/db/connect.ts";
import { lockDataDir } from "../../server/db/data-dir-lock.ts";
import { codeMigrations, migrateDatabase } from "../../server/db/migrate.ts";
import { DomainError } from "../../server/errors.ts";
import { type CommandInput, UsageError } from "../cli-support.ts";

/**
 * `vigia backup --out FILE` and `vigia restore FILE [--replace]` (ADR 0036). They open the
 * configured database themselves: a restore must see it before migrations run, and both need
 * the evidence store. On PGlite the server must be stopped (the data-directory lock says so).
 */

const nonEmpty = (dir: string) => {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
};

function emptyDir(dir: string) {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}

export async function runBackup({ values, out, err }: CommandInput): Promise<void> {
  if (!values.out) throw new UsageError("Uso: vigia backup --out ARCHIVO");
  const config = loadConfig();
  const handle = await openDatabase(config.database);
  try {
    await migrateDatabase(handle.db);
    const { archive, manifest } = await createBackup(handle.db, {
      backend: handle.backend,
      filesDir: config.filesDir,
    });
    writeFileSync(values.out, archive);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    err(
      `Respaldo escrito en ${values.out}: ${manifest.tables.length} tablas, ${rows.toLocaleString("es-PE")} filas, ${manifest.files.length} archivos de evidencia, esquema ${manifest.migrations.at(-1)?.name ?? "-"}.`,
    );
    out(
      `${JSON.stringify({ file: values.out, bytes: archive.length, tables: manifest.tables.length, rows, files: manifest.files.length })}\n`,
    );
  } finally {
    await handle.close();
  }
}

export async function runRestore({ args, values, actor, out, err }: CommandInput): Promise<void> {
  const [file] = args;
  if (!file || args.length > 1) throw new UsageError("Uso: vigia restore ARCHIVO [--replace]");
  const archive = new Uint8Array(readFileSync(file));
  // Refused before anything is touched: a damaged file, or one from a newer schema.
  try {
    checkSchema(openArchive(archive).manifest, codeMigrations());
  } catch (e) {
    if (e instanceof BackupFileError)
      throw new DomainError("conflict", `No se restauró: ${e.message}`);
    throw e;
  }
  const config = loadConfig();
  const replace = values.replace === true;
  const refuse = (what: string) => {
    throw new DomainError(
      "conflict",
      `No se restauró: ${what} no está vacío. Restaure en una instalación nueva, o agregue --replace para BORRAR lo que contiene y reemplazarlo por el respaldo.`,
    );
  };
  if (nonEmpty(config.filesDir) && (await listStoredFiles(config.filesDir)).length > 0 && !replace)
    refuse(`el directorio de evidencias ${config.filesDir}`);
  if (config.database.backend === "pglite" && config.database.dataDir) {
    const dir = config.database.dataDir;
    if (nonEmpty(dir)) {
      if (!replace) refuse(`el directorio de datos ${dir}`);
      // Held while the directory is emptied: a running server makes this fail instead.
      mkdirSync(dir, { recursive: true });
      const unlock = await lockDataDir(dir);
      emptyDir(dir);
      unlock();
    }
  }
  const handle = await openDatabase(config.database);
  try {
    if (handle.backend === "postgres" && (await databaseHasTables(handle.db))) {
      if (!replace) refuse("el esquema de PostgreSQL");
      const schema = await recreateCurrentSchema(handle.db);
      err(`Esquema ${schema} borrado para reemplazarlo por el respaldo.`);
    }
    if (replace) emptyDir(config.filesDir);
    const summary = await restoreBackup(handle.db, actor, { archive, filesDir: config.filesDir });
    err(
      `Respaldo restaurado: ${summary.tables} tablas idénticas al manifiesto (SHA-256), ${summary.rows.toLocaleString("es-PE")} filas, ${summary.files} archivos de evidencia${summary.migratedAfter.length ? `; migraciones aplicadas después: ${summary.migratedAfter.join(", ")}` : ""}.`,
    );
    out(`${JSON.stringify(summary)}\n`);
  } catch (e) {
    if (e instanceof BackupFileError)
      throw new DomainError("conflict", `No se restauró: ${e.message}`);
    throw e;
  } finally {
    await handle.close();
  }
}
