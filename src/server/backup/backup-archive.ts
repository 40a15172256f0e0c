import { createHash } from "node:crypto";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { z } from "zod";

/**
 * The backup file (ADR 0036): a ZIP with `manifest.json`, one `tables/<table>.jsonl` per table
 * (its rows as canonical jsonb text, one a line, sorted bytewise) and the evidence files under
 * `files/<storage key>`. The manifest names the schema (every migration applied, with the
 * checksum of its text), the sequences, and the SHA-256 and size of every table and file, so a
 * restore can refuse a damaged file before it touches anything and prove afterwards that each
 * table went back byte for byte. The same format serves PGlite and PostgreSQL: a backup of one
 * restores into the other. Pure: bytes in, bytes out.
 */

export const BACKUP_FORMAT = "vigia-backup/1";

const EntrySchema = z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string() });

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  backend: z.enum(["pglite", "postgres"]),
  migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
  tables: z.array(EntrySchema.extend({ name: z.string(), rows: z.number().int() })),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
  files: z.array(EntrySchema.extend({ key: z.string() })),
});
export type BackupManifest = z.infer<typeof ManifestSchema>;

export class BackupFileError extends Error {}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A table's content as it is stored and checksummed: rows joined by line breaks. */
export const tableText = (rows: readonly string[]) =>
  rows.length === 0 ? "" : `${rows.join("\n")}\n`;

// A storage key is two hex digits and a UUID (file-store.ts); anything else in an archive is
// refused rather than written to a path it names.
const FILE_KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

export function buildArchive(input: {
  createdAt: string;
  backend: "pglite" | "postgres";
  migrations: BackupManifest["migrations"];
  tables: { name: string; rows: readonly string[] }[];
  sequences: BackupManifest["sequences"];
  files: { key: string; bytes: Uint8Array }[];
}): { archive: Uint8Array; manifest: BackupManifest } {
  const entries: Record<string, Uint8Array> = {};
  const tables = input.tables.map((t) => {
    const bytes = strToU8(tableText(t.rows));
    const path = `tables/${t.name}.jsonl`;
    entries[path] = bytes;
    return { name: t.name, rows: t.rows.length, path, bytes: bytes.length, sha256: sha256(bytes) };
  });
  const files = input.files.map((f) => {
    if (!FILE_KEY.test(f.key)) throw new BackupFileError(`clave de archivo inválida: ${f.key}`);
    const path = `files/${f.key}`;
    entries[path] = f.bytes;
    return { key: f.key, path, bytes: f.bytes.length, sha256: sha256(f.bytes) };
  });
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: input.createdAt,
    backend: input.backend,
    migrations: input.migrations,
    tables,
    sequences: input.sequences,
    files,
  };
  entries["manifest.json"] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  // Evidence (PDF, images, OOXML) is already compressed: stored, not deflated again.
  const zipped = zipSync(
    Object.fromEntries(
      Object.entries(entries).map(([path, bytes]) => [
        path,
        [bytes, { level: path.startsWith("files/") ? 0 : 6 }],
      ]),
    ),
  );
  return { archive: zipped, manifest };
}

export interface OpenedArchive {
  manifest: BackupManifest;
  tableRows(name: string): string[];
  file(key: string): Uint8Array;
}

/** Reads a backup and checks every entry against the manifest before anything is used. */
export function openArchive(bytes: Uint8Array): OpenedArchive {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new BackupFileError(
      `no es un respaldo de Vigía (ZIP ilegible): ${(err as Error).message}`,
    );
  }
  const rawManifest = entries["manifest.json"];
  if (!rawManifest) throw new BackupFileError("no es un respaldo de Vigía: falta manifest.json");
  const parsed = ManifestSchema.safeParse(JSON.parse(strFromU8(rawManifest)));
  if (!parsed.success) {
    throw new BackupFileError(`manifest.json inválido: ${parsed.error.issues[0]?.message}`);
  }
  const manifest = parsed.data;
  for (const entry of [...manifest.tables, ...manifest.files]) {
    const content = entries[entry.path];
    if (!content) throw new BackupFileError(`falta ${entry.path} en el respaldo`);
    if (content.length !== entry.bytes || sha256(content) !== entry.sha256) {
      throw new BackupFileError(
        `${entry.path} no coincide con su suma SHA-256 del manifiesto: el respaldo está dañado`,
      );
    }
  }
  for (const f of manifest.files) {
    if (!FILE_KEY.test(f.key)) throw new BackupFileError(`clave de archivo inválida: ${f.key}`);
  }
  return {
    manifest,
    tableRows(name) {
      const entry = manifest.tables.find((t) => t.name === name);
      const content = entry ? entries[entry.path] : undefined;
      if (!content) return [];
      const text = strFromU8(content);
      return text === "" ? [] : text.slice(0, -1).split("\n");
    },
    file(key) {
      const content = entries[`files/${key}`];
      if (!content) throw new BackupFileError(`falta files/${key} en el respaldo`);
      return content;
    },
  };
}

/**
 * Whether this code can take the backup's schema: each of its migrations must be one the code
 * has, with the same text. Returns the last one (the restore migrates up to it first).
 */
export function checkSchema(
  manifest: BackupManifest,
  code: readonly { name: string; checksum: string }[],
): string | null {
  const known = new Map(code.map((m) => [m.name, m.checksum]));
  const latest = code.at(-1)?.name ?? "ninguna";
  for (const m of manifest.migrations) {
    const checksum = known.get(m.name);
    if (checksum === undefined) {
      throw new BackupFileError(
        `el respaldo es de un esquema más nuevo que este Vigía (migración ${m.name}; la última que este Vigía conoce es ${latest}): actualice Vigía antes de restaurar. / The backup comes from a newer schema than this Vigía.`,
      );
    }
    if (checksum !== m.checksum) {
      throw new BackupFileError(
        `la migración ${m.name} del respaldo no es la de este Vigía (texto distinto): no se puede restaurar en este esquema.`,
      );
    }
  }
  return manifest.migrations.at(-1)?.name ?? null;
}
