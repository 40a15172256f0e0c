import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { type DatabaseHandle, openDatabase } from "../../src/server/db/connect.ts";
import { migrateDatabase } from "../../src/server/db/migrate.ts";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or, when
 * DATABASE_URL is set (npm run test:pg), a schema of its own on that server, dropped at the
 * end, so suites never see each other's rows.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `test_${randomBytes(6).toString("hex")}` : null;
  const handle = await openDatabase(
    url && schema ? { backend: "postgres", url, schema } : { backend: "pglite", dataDir: null },
  );
  await migrateDatabase(handle.db);
  return {
    ...handle,
    async dispose() {
      if (schema) await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(handle.db);
      await handle.close();
    },
  };
}
