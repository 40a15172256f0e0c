import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock.ts";

/**
 * The data-directory lock is the operating system's, held for the process's life (ADR 0036):
 * the cases the issue-18 probe found with the pid file (an empty file blocked start, a reused
 * pid blocked, 4 of 20 simultaneous starts got in) and a holder killed with SIGKILL.
 */

const root = mkdtempSync(join(tmpdir(), "vigia-lock-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(root, `d${++n}`, "pgdata");
  mkdirSync(dir, { recursive: true });
  return dir;
};

const LOCK_MODULE = join(import.meta.dirname, "data-dir-lock.ts");

/** A child process that waits for `at` (ms since epoch), takes the lock, says so and holds it. */
function contender(dir: string, at: number, holdMs: number) {
  const code = `
    const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});
    while (Date.now() < ${at}) await new Promise((r) => setTimeout(r, 2));
    try {
      await lockDataDir(${JSON.stringify(dir)});
      console.log("won");
      await new Promise((r) => setTimeout(r, ${holdMs}));
    } catch (err) {
      console.log(err.constructor.name === "DataDirLockedError" ? "locked" : "error " + err.message);
    }`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += String(d);
  });
  const done = new Promise<string>((resolve) => child.on("exit", () => resolve(out.trim())));
  return { child, done, output: () => out };
}

describe("PGlite data-directory lock", () => {
  test("an empty lock file does not block start", async () => {
    const dir = freshDir();
    writeFileSync(`${dir}.lock`, "");
    const unlock = await lockDataDir(dir);
    assert.equal(readFileSync(`${dir}.lock`, "utf8"), String(process.pid));
    unlock();
  });

  test("a lock file naming a live process that is not Vigía (a reused pid) does not block", async () => {
    const dir = freshDir();
    // pid 1 is always alive; the old pid-file lock refused to start over it.
    writeFileSync(`${dir}.lock`, "1");
    const unlock = await lockDataDir(dir);
    unlock();
  });

  test("a second holder in the same or another process is refused with the owner's pid", async () => {
    const dir = freshDir();
    const unlock = await lockDataDir(dir);
    await assert.rejects(lockDataDir(dir), (err: Error) => {
      assert.ok(err instanceof DataDirLockedError);
      assert.match(err.message, new RegExp(`en uso por el proceso ${process.pid}`));
      return true;
    });
    const other = contender(dir, 0, 0);
    assert.equal(await other.done, "locked");
    unlock();
    // Released: taken again at once.
    (await lockDataDir(dir))();
  });

  test("a holder killed with SIGKILL never blocks the next start", async () => {
    const dir = freshDir();
    const holder = contender(dir, 0, 60_000);
    while (!holder.output().includes("won")) await new Promise((r) => setTimeout(r, 20));
    holder.child.kill("SIGKILL");
    await holder.done;
    // The lock file still names the dead process; the OS lock died with it.
    assert.match(readFileSync(`${dir}.lock`, "utf8"), /^\d+$/);
    const unlock = await lockDataDir(dir);
    unlock();
  });

  test("of 20 simultaneous starts exactly one gets in", { timeout: 60_000 }, async () => {
    const dir = freshDir();
    writeFileSync(`${dir}.lock`, "999999");
    // Every child loads first, then all try at the same instant.
    const at = Date.now() + 6000;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => contender(dir, at, 5000).done),
    );
    assert.equal(results.filter((r) => r === "won").length, 1, results.join(","));
    assert.equal(results.filter((r) => r === "locked").length, 19, results.join(","));
  });
});
