import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { lockDataDir } from "../src/server/db/data-dir-lock.ts";
import { BIN, createCliSandbox } from "./support/cli-sandbox.ts";

// What only a real `vigia` process shows: the exit code, the password read from the process's
// standard input, the configuration read from the environment and the data-directory lock.
// Everything else the commands do is tested in this process (cli.db.test.ts).

describe("vigia as a process (database)", () => {
  const { dir, env, url, vigia, prepare, dispose } = createCliSandbox("cli-process");
  before(prepare);
  after(dispose);

  test("--help prints the usage and exits 0; a usage mistake exits 2 and explains", async () => {
    const help = await vigia("--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Uso: vigia <comando>/);
    const bad = await vigia("evaluate", "--policy", "pntp", "--year", "dos");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /año válido/);
  });

  test("user create reads the password from the process's stdin; user list shows the account", async () => {
    const created = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [
          BIN,
          "user",
          "create",
          "--email",
          "fp@prueba.vigia.pe",
          "--role",
          "revisor",
          "--password-stdin",
        ],
        { env },
        (err, _stdout, stderr) =>
          resolve({ code: err ? (err as { code: number }).code : 0, stderr }),
      );
      child.stdin?.end("clave-segura-2024\n");
    });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /Usuario creado: fp@prueba\.vigia\.pe/);
    const list = await vigia("user", "list");
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^fp@prueba\.vigia\.pe\trevisor\t\tactivo$/m);
  });

  test("a data directory in use by another process is refused", {
    skip: Boolean(url),
  }, async () => {
    // The lock is the operating system's, held by a live process (ADR 0036): this one.
    const unlock = await lockDataDir(join(dir, "data", "pgdata"));
    try {
      const { code, stderr } = await vigia("policies");
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`en uso por el proceso ${process.pid}`));
    } finally {
      unlock();
    }
  });
});
