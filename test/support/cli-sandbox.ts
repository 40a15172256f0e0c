import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { createPgliteDataDir } from "./test-db.ts";

const run = promisify(execFile);
export const BIN = join(import.meta.dirname, "..", "..", "bin", "vigia.mjs");

/**
 * A database of its own for process-level tests of the `vigia` command: PGlite in a temp data
 * directory, or, under npm run test:pg, a schema of its own on the server. `dispose` removes it.
 */
export function createCliSandbox(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `vigia-${prefix}-`));
  const url = process.env.DATABASE_URL;
  const schema = url ? `test_${prefix.replace(/-/g, "_")}_${randomBytes(5).toString("hex")}` : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIA_DATA_DIR: undefined,
    VIGIA_DB_SCHEMA: undefined,
  };
  if (url && schema) env.VIGIA_DB_SCHEMA = schema;
  else env.VIGIA_DATA_DIR = join(dir, "data");

  const vigia = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env,
        maxBuffer: 32 << 20,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  /** Starts the PGlite data directory from the migrated empty template (no initdb per test). */
  const prepare = async () => {
    if (!url) await createPgliteDataDir(join(dir, "data", "pgdata"));
  };

  const dispose = async () => {
    if (url && schema) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    rmSync(dir, { recursive: true, force: true });
  };

  return { dir, env, url, vigia, prepare, dispose };
}
