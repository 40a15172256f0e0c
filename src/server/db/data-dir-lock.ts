import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * PGlite's data directory may be opened by one process only: a second process (the CLI while
 * the server runs) would not see the first one's writes and could corrupt the files. A lock
 * file with the owner's pid turns that into a clear error; a lock left by a dead process is
 * taken over.
 */
export class DataDirLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockDataDir(dataDir: string): () => void {
  const path = `${dataDir}.lock`;
  try {
    writeFileSync(path, String(process.pid), { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const owner = Number(readFileSync(path, "utf8").trim());
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new DataDirLockedError(
        `El directorio de datos ${dataDir} está en uso por el proceso ${owner} (¿el servidor Vigía está en marcha?). PGlite admite un solo proceso: detenga el servidor o use la API.`,
      );
    }
    writeFileSync(path, String(process.pid));
  }
  return () => rmSync(path, { force: true });
}
