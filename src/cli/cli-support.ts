import { readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { type DatabaseConfig, loadConfig } from "../server/config.ts";
import { type Database, openDatabase } from "../server/db/connect.ts";
import { migrateDatabase } from "../server/db/migrate.ts";
import { DomainError } from "../server/errors.ts";
import { configureDisclosureK } from "../server/lib/disclosure-k.ts";
import type { Actor } from "../shared/actor.ts";
import { YearQuerySchema } from "../shared/schemas/common.schema.ts";

/** What every `vigia` command shares: its actor, the database, argument and file helpers. */

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** The parsed options of the command line (see `parseArgs` in main.ts). */
export interface CliValues {
  policy?: string;
  year?: string;
  format?: string;
  replace?: boolean;
  preview?: boolean;
  out?: string;
  period?: string;
  section?: string;
  file?: string;
  email?: string;
  role?: string;
  name?: string;
  entity?: string[];
  "proxy-entity"?: string[];
  "password-stdin"?: boolean;
  "dry-run"?: boolean;
  "skip-invalid"?: boolean;
  "update-entities"?: boolean;
  /** Where a replace saves the policy it replaces (every ficha version and value). */
  "with-values"?: string;
  table?: string;
  source?: string;
  concept?: string;
  audience?: string;
  method?: string;
  incremental?: boolean;
  run?: string;
  level?: string;
  anchor?: string[];
  schema?: string;
  "secret-file"?: string;
  in?: string;
  records?: string;
  seed?: string;
  threshold?: string;
  truth?: string;
}

/** Where a text stream goes: process.stdout/stderr, or a buffer when a test runs the CLI. */
export interface TextSink {
  write(text: string): unknown;
  /** A terminal redraws progress in place; a pipe or a log gets one line per step. */
  isTTY?: boolean;
}

/**
 * Everything a command reaches outside its arguments. `vigia` passes the process's streams and
 * opens the configured database; a test passes buffers and a database it already holds, so the
 * commands run in the test's process with the same code path.
 */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  readStdin(): Promise<string>;
  /** Runs `fn` on the migrated database. */
  withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  backend(): DatabaseConfig["backend"];
}

export interface CommandInput {
  /** Positionals after the command's name: `vigia catalogue import F` → ["import", "F"]. */
  args: string[];
  values: CliValues;
  actor: Actor;
  out: (text: string) => void;
  /** A line on stderr (messages for the person, so stdout stays clean for pipes). */
  err: (line: string) => void;
  io: CliIo;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export const cliActor = (): Actor => ({
  id: `cli:${userInfo().username}`,
  kind: "cli",
  ip: null,
});

/** The process's streams and the database the environment configures, opened per command. */
export function processIo(): CliIo {
  // Read when a command needs it, so that a bad environment is a command's error (exit 1) and
  // `vigia --help` works whatever the environment says.
  const config = () => {
    const loaded = loadConfig();
    // The documents a command writes use the configured k per output (a bad k stops here).
    configureDisclosureK(loaded.disclosureK);
    return loaded.database;
  };
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: readProcessStdin,
    backend: () => config().backend,
    async withDatabase(fn) {
      const handle = await openDatabase(config());
      try {
        await migrateDatabase(handle.db);
        return await fn(handle.db);
      } finally {
        await handle.close();
      }
    },
  };
}

/** `--year AAAA`, required. */
export function requireYear(value: string | undefined): number {
  const year = YearQuerySchema.safeParse(value);
  if (!year.success) throw new UsageError("Indique un año válido: --year AAAA");
  return year.data;
}

/** Largest JSON document a command reads: a catalogue or a rules file, not a data dump. */
export const MAX_JSON_FILE_BYTES = 20 * 1024 * 1024;

/**
 * A JSON file from outside, refused in Spanish when it is too large, is not UTF-8, holds a NUL
 * byte (a binary file renamed) or does not parse; the syntax error names line and column.
 */
export async function readJsonFile(path: string): Promise<unknown> {
  const refuse = (reason: string) =>
    new DomainError("invalid", `No se pudo leer ${path} como JSON: ${reason}`);
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.size > MAX_JSON_FILE_BYTES)
      throw refuse(`pesa más de ${MAX_JSON_FILE_BYTES / 1024 / 1024} MB.`);
    bytes = await readFile(path);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse("no se encontró el archivo.");
  }
  const lineOf = (offset: number) => {
    const before = bytes.subarray(0, offset).toString("utf8");
    return { line: before.split("\n").length, column: before.length - before.lastIndexOf("\n") };
  };
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw refuse(
      `línea ${lineOf(nul).line}: contiene un carácter nulo (byte 0); el archivo parece binario o dañado.`,
    );
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refuse("contiene bytes que no son UTF-8 válido: guarde el archivo como UTF-8.");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message);
    if (!position) throw refuse("el documento está incompleto o no es JSON.");
    const offset = Buffer.byteLength(text.slice(0, Number(position[1])), "utf8");
    const { line, column } = lineOf(offset);
    throw refuse(`error de sintaxis en la línea ${line}, columna ${column}.`);
  }
}
