import { runCli } from "../../src/cli/run-cli.ts";
import { createTestDatabase } from "./test-db.ts";

/**
 * The `vigia` command run inside the test's process, on a database copied from a template
 * (test-db.ts): the same `runCli` the executable calls, with the output captured. A process
 * start costs tsx's loader and a PGlite open per command (seconds each on two cores); the few
 * things only a real process shows (stdin, exit codes, the data-directory lock) are tested in
 * cli-process.db.test.ts.
 */
export async function createCliSession(options: { seed?: "pntp" } = {}) {
  const database = await createTestDatabase(options);
  let stdin = "";
  const vigia = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await runCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      readStdin: async () => stdin,
      backend: () => database.backend,
      withDatabase: (fn) => fn(database.db),
    });
    stdin = "";
    return { code, stdout, stderr };
  };
  /** The next command's standard input. */
  const input = (text: string) => {
    stdin = text;
  };
  return { database, vigia, input, dispose: () => database.dispose() };
}
