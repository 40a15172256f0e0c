import { createHash } from "node:crypto";
import { readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";

/**
 * PGlite's data directory may be opened by one process only: a second process (the CLI while
 * the server runs) would not see the first one's writes and could corrupt the files.
 *
 * The lock is held by the operating system for the life of the process, not by a file: the
 * process listens on a local socket named after the data directory (an abstract Unix socket
 * on Linux, a named pipe on Windows). The kernel lets one process bind a name and frees it the
 * moment that process dies, kill -9 included, so a dead owner never blocks a restart, a pid
 * reused by another program means nothing, and of twenty simultaneous starts exactly one binds
 * (ADR 0036). The `<dataDir>.lock` file beside it only carries the owner's pid for the error
 * message; an empty, stale or foreign file is overwritten.
 *
 * Elsewhere (macOS, BSD) abstract sockets do not exist: a socket file is used, and one left by
 * a dead process is recognised because nobody answers on it.
 */
export class DataDirLockedError extends Error {}

function socketAddress(dataDir: string): { address: string; file: string | null } {
  const digest = createHash("sha256").update(realpathSync(dataDir)).digest("hex").slice(0, 32);
  if (process.platform === "linux") return { address: `\0vigia-pglite-${digest}`, file: null };
  if (process.platform === "win32")
    return { address: `\\\\.\\pipe\\vigia-pglite-${digest}`, file: null };
  return { address: `${dataDir}.lock.sock`, file: `${dataDir}.lock.sock` };
}

function listen(address: string): Promise<Server | NodeJS.ErrnoException> {
  return new Promise((done) => {
    const server = createServer((socket) => socket.destroy());
    server.once("error", (err) => done(err as NodeJS.ErrnoException));
    server.listen(address, () => {
      // The lock must not keep a CLI process alive once its work is done.
      server.unref();
      done(server);
    });
  });
}

/** A socket file nobody answers on was left by a dead process (non-Linux fallback only). */
function answers(address: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(address);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

function ownerPid(lockFile: string): string {
  try {
    const text = readFileSync(lockFile, "utf8").trim();
    return /^\d+$/.test(text) ? text : "desconocido";
  } catch {
    return "desconocido";
  }
}

/** Takes the data directory's lock for this process; the returned function releases it. */
export async function lockDataDir(dataDir: string): Promise<() => void> {
  const lockFile = `${dataDir}.lock`;
  const { address, file } = socketAddress(dataDir);
  let bound = await listen(address);
  const stale = bound instanceof Error && bound.code === "EADDRINUSE" && file !== null;
  if (stale && file && !(await answers(address))) {
    rmSync(file, { force: true });
    bound = await listen(address);
  }
  if (bound instanceof Error) {
    if (bound.code !== "EADDRINUSE") throw bound;
    throw new DataDirLockedError(
      `El directorio de datos ${dataDir} está en uso por el proceso ${ownerPid(lockFile)} (¿el servidor Vigía está en marcha?). PGlite admite un solo proceso: detenga el servidor o use la API. / The data directory is in use by another process.`,
    );
  }
  const server = bound;
  writeFileSync(lockFile, String(process.pid));
  return () => {
    server.close();
    if (ownerPid(lockFile) === String(process.pid)) rmSync(lockFile, { force: true });
  };
}
