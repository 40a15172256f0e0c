import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { Actor } from "../../shared/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Database } from "../db/connect.ts";
import { codeMigrations, migrateDatabase } from "../db/migrate.ts";
import {
  enterBackupSnapshot,
  enterRestoreMode,
  insertJsonRows,
  leaveRestoreMode,
  listAppliedMigrations,
  listSequences,
  listTables,
  listWritableColumns,
  setSequence,
  tableRowsAsJson,
  truncateTables,
} from "./backup.repository.ts";
import {
  BackupFileError,
  type BackupManifest,
  buildArchive,
  checkSchema,
  openArchive,
  sha256,
  tableText,
} from "./backup-archive.ts";

/**
 * `vigia backup` and `vigia restore` (issue 18, item 4; ADR 0036): every table of the schema
 * read in one snapshot and every evidence file, into the archive of backup-archive.ts; back
 * in one transaction, checked table by table against the manifest before it commits.
 */

/** Every file under the evidence store, by storage key ("ab/uuid"). */
async function listStoredFiles(root: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return entries.sort();
}

export async function createBackup(
  db: Database,
  input: { backend: "pglite" | "postgres"; filesDir: string; now?: Date },
): Promise<{ archive: Uint8Array; manifest: BackupManifest }> {
  const snapshot = await db.transaction().execute(async (tx) => {
    await enterBackupSnapshot(tx);
    const applied = new Set(await listAppliedMigrations(tx));
    const tables: { name: string; rows: string[] }[] = [];
    for (const name of await listTables(tx)) {
      tables.push({ name, rows: await tableRowsAsJson(tx, name) });
    }
    return { applied, tables, sequences: await listSequences(tx) };
  });
  const migrations = codeMigrations().filter((m) => snapshot.applied.has(m.name));
  if (migrations.length !== snapshot.applied.size) {
    throw new BackupFileError(
      "la base tiene migraciones que este Vigía no conoce: haga el respaldo con la versión de Vigía que la migró.",
    );
  }
  // Files are read after the snapshot: a file uploaded meanwhile is in the archive without
  // its row (harmless, like the orphan a failed upload leaves), never a row without its file.
  const files: { key: string; bytes: Uint8Array }[] = [];
  for (const key of await listStoredFiles(input.filesDir)) {
    files.push({ key, bytes: new Uint8Array(await readFile(join(input.filesDir, key))) });
  }
  return buildArchive({
    createdAt: (input.now ?? new Date()).toISOString(),
    backend: input.backend,
    migrations,
    tables: snapshot.tables,
    sequences: snapshot.sequences,
    files,
  });
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  files: number;
  migratedAfter: string[];
}

/**
 * Loads a backup into an empty database (the caller has emptied it) and evidence store. The
 * schema is migrated to the backup's migration, the rows go back with triggers off, every
 * table is read again and compared with the manifest's checksum (any difference rolls the
 * whole restore back), the restore is audited, and the schema is brought forward to this
 * code's migrations. A backup from a newer schema is refused before anything is written.
 */
export async function restoreBackup(
  db: Database,
  actor: Actor,
  input: { archive: Uint8Array; filesDir: string },
): Promise<RestoreSummary> {
  const opened = openArchive(input.archive);
  const { manifest } = opened;
  const upTo = checkSchema(manifest, codeMigrations());
  if (upTo === null) throw new BackupFileError("el respaldo no registra ninguna migración");
  await migrateDatabase(db, undefined, { upTo });

  let rows = 0;
  await db.transaction().execute(async (tx) => {
    await enterRestoreMode(tx);
    const present = new Set(await listTables(tx));
    for (const t of manifest.tables) {
      if (!present.has(t.name)) {
        throw new BackupFileError(`la tabla ${t.name} del respaldo no existe en el esquema`);
      }
    }
    await truncateTables(tx, [...present]);
    for (const t of manifest.tables) {
      const columns = await listWritableColumns(tx, t.name);
      const all = opened.tableRows(t.name);
      for (let i = 0; i < all.length; i += 1000) {
        await insertJsonRows(tx, t.name, columns, all.slice(i, i + 1000));
      }
      rows += all.length;
    }
    for (const s of manifest.sequences) await setSequence(tx, s.name, s.lastValue, s.isCalled);
    // The proof: every table as the database now holds it, byte for byte the archive's.
    for (const t of manifest.tables) {
      const again = sha256(new TextEncoder().encode(tableText(await tableRowsAsJson(tx, t.name))));
      if (again !== t.sha256) {
        throw new BackupFileError(
          `la tabla ${t.name} restaurada no coincide con el respaldo (SHA-256 ${again}, esperado ${t.sha256}); no se restauró nada`,
        );
      }
    }
    await leaveRestoreMode(tx);
    await recordAudit(tx, actor, {
      action: "backup.restore",
      objectType: "backup",
      objectId: manifest.createdAt,
      after: {
        createdAt: manifest.createdAt,
        backend: manifest.backend,
        tables: manifest.tables.length,
        rows,
        files: manifest.files.length,
      },
    });
  });

  for (const f of manifest.files) {
    const path = join(input.filesDir, f.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, opened.file(f.key), { flag: "wx" });
  }
  const after = await migrateDatabase(db);
  return {
    tables: manifest.tables.length,
    rows,
    files: manifest.files.length,
    migratedAfter: after.applied,
  };
}

/** Whether a database has anything in it yet (a restore goes only into an empty one). */
export async function databaseHasTables(db: Database): Promise<boolean> {
  return (await listTables(db)).length > 0;
}

export { listStoredFiles };
