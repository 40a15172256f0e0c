import { processIo } from "./cli-support.ts";
import { runCli } from "./run-cli.ts";

// The `vigia` process: its streams, the database its environment configures, its exit code.
process.exitCode = await runCli(process.argv.slice(2), processIo());
