import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { crc32, createInflateRaw } from "node:zlib";

/**
 * The check an XLSX passes before exceljs opens it (ADR 0041). exceljs inflates whatever the zip
 * holds and keeps the shared strings in memory, so a zip bomb (a few kilobytes that inflate to
 * gigabytes) or a sharedStrings.xml of hundreds of megabytes would take the process down. The
 * central directory's declared sizes are checked first, then every entry is inflated once as a
 * stream into nothing, counting bytes: an entry that inflates to more than it declared is
 * stopped at the first byte over, so the declared sizes are the ones exceljs will meet. Entries
 * must tile the file (no bytes between them a sequential reader such as unzipper's could take for
 * a hidden entry), and each one's CRC-32 must match: a truncated or damaged file is named here
 * instead of failing somewhere inside the XML parser.
 */

export interface ZipLimits {
  maxEntries: number;
  /** Largest declared inflated size of one entry. */
  maxEntryBytes: number;
  /** Largest inflated size of the workbook's shared strings (exceljs keeps them in memory). */
  maxSharedStringsBytes: number;
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio of an entry over `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

export const XLSX_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxEntryBytes: 512 * MiB,
  maxSharedStringsBytes: 32 * MiB,
  maxTotalBytes: 1024 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  /** Where the next entry, or the central directory, begins. */
  end: number;
}

/** A refusal with the Spanish reason; the caller adds the file's name. */
export class ZipRefused extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const mb = (n: number) => `${Math.round((n / MiB) * 10) / 10} MB`;

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The central directory's entries, with the declared limits checked. */
export async function readZipDirectory(
  path: string,
  fileSize: number,
  limits: ZipLimits = XLSX_LIMITS,
): Promise<ZipEntry[]> {
  const damaged = "el archivo está dañado o incompleto (¿descarga interrumpida?)";
  if (fileSize < 22) throw new ZipRefused(`${damaged}: no es un zip.`);
  // The end record is the last 22 bytes plus a comment of up to 65,535.
  const tailStart = Math.max(0, fileSize - 22 - 65535);
  const tail = await readAt(path, tailStart, fileSize - tailStart);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      at = i;
      break;
    }
  if (at < 0) throw new ZipRefused(`${damaged}: falta el directorio central del zip.`);
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new ZipRefused(
      `es un zip de 64 bits (ZIP64), más grande de lo que Vigía admite (${mb(limits.maxTotalBytes)} descomprimidos).`,
    );
  if (count > limits.maxEntries)
    throw new ZipRefused(
      `tiene ${count} partes; un libro de Excel admitido tiene como máximo ${limits.maxEntries}.`,
    );
  if (cdOffset + cdSize > tailStart + at)
    throw new ZipRefused(`${damaged}: el directorio central sale del archivo.`);
  const cd = await readAt(path, cdOffset, cdSize);
  const entries: Omit<ZipEntry, "end">[] = [];
  let total = 0;
  for (let p = 0, i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw new ZipRefused(`${damaged}: el directorio central está roto en la parte ${i + 1}.`);
    const nameLength = cd.readUInt16LE(p + 28);
    const entry: Omit<ZipEntry, "end"> = {
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
      name: cd.toString("utf8", p + 46, p + 46 + nameLength),
    };
    p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    const part = `la parte ${entry.name}`;
    if (entry.flags & 1) throw new ZipRefused(`${part} está cifrada; guarde el libro sin clave.`);
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipRefused(`${part} usa una compresión no admitida (método ${entry.method}).`);
    const max =
      entry.name === "xl/sharedStrings.xml" ? limits.maxSharedStringsBytes : limits.maxEntryBytes;
    if (entry.size > max)
      throw new ZipRefused(
        `${part} se descomprime a ${mb(entry.size)}; el máximo admitido es ${mb(max)}.`,
      );
    if (
      entry.size > limits.ratioFloorBytes &&
      entry.size / Math.max(1, entry.compressedSize) > limits.maxRatio
    )
      throw new ZipRefused(
        `${part} se descomprime ${Math.round(entry.size / Math.max(1, entry.compressedSize))} veces su tamaño (máximo ${limits.maxRatio}): parece una bomba zip.`,
      );
    total += entry.size;
    if (total > limits.maxTotalBytes)
      throw new ZipRefused(
        `sus partes se descomprimen a más de ${mb(limits.maxTotalBytes)}, el máximo admitido.`,
      );
    entries.push(entry);
  }
  return inFileOrder(entries, cdOffset);
}

/** Entries in file order, each with where the next one (or the directory) begins. */
function inFileOrder(entries: Omit<ZipEntry, "end">[], cdOffset: number): ZipEntry[] {
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  if (sorted.length > 0 && sorted[0]?.offset !== 0)
    throw new ZipRefused("hay datos antes de la primera parte del zip.");
  return sorted.map((e, i) => ({ ...e, end: sorted[i + 1]?.offset ?? cdOffset }));
}

/** Inflates `entry` into nothing, stopping at the first byte over its declared size. */
async function inflateCounting(path: string, entry: ZipEntry, start: number): Promise<void> {
  const part = `la parte ${entry.name}`;
  if (entry.compressedSize === 0 && entry.size === 0) return;
  const input = createReadStream(path, { start, end: start + entry.compressedSize - 1 });
  let seen = 0;
  let crc = 0;
  const take = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > entry.size)
      throw new ZipRefused(
        `${part} se descomprime a más de los ${mb(entry.size)} que declara: parece una bomba zip.`,
      );
    crc = crc32(chunk, crc);
  };
  try {
    if (entry.method === 0) for await (const chunk of input) take(chunk as Buffer);
    else {
      const inflate = createInflateRaw();
      input.on("error", (err) => inflate.destroy(err));
      input.pipe(inflate);
      try {
        for await (const chunk of inflate) take(chunk as Buffer);
      } finally {
        input.unpipe(inflate);
        inflate.destroy();
      }
    }
  } catch (err) {
    input.destroy();
    if (err instanceof ZipRefused) throw err;
    throw new ZipRefused(`${part} está dañada: sus datos comprimidos no se pueden leer.`);
  } finally {
    input.destroy();
  }
  if (seen !== entry.size)
    throw new ZipRefused(
      `${part} está incompleta: da ${seen} bytes de los ${entry.size} que declara.`,
    );
  if (crc >>> 0 !== entry.crc)
    throw new ZipRefused(`${part} está dañada: su suma de control (CRC-32) no coincide.`);
}

/**
 * The whole check: the directory's limits, the local headers where the directory puts them,
 * entries that tile the file, and every entry inflated within its declared size with its CRC.
 * Memory holds one inflate window and one chunk, whatever the zip claims.
 */
export async function checkZip(
  path: string,
  fileSize: number,
  limits: ZipLimits = XLSX_LIMITS,
): Promise<ZipEntry[]> {
  const entries = await readZipDirectory(path, fileSize, limits);
  for (const entry of entries) {
    const part = `la parte ${entry.name}`;
    const local = await readAt(path, entry.offset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
      throw new ZipRefused(`${part} no está donde el directorio central la sitúa: zip dañado.`);
    const start = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const dataEnd = start + entry.compressedSize;
    const gap = entry.end - dataEnd;
    // A streamed entry is followed by its 12- or 16-byte descriptor; any other gap could hold
    // an entry the directory does not list.
    const allowed = entry.flags & 8 ? gap === 12 || gap === 16 : gap === 0;
    if (!allowed)
      throw new ZipRefused(
        dataEnd > entry.end
          ? `${part} se superpone con la siguiente o sale del archivo: zip dañado.`
          : `hay datos ocultos después de ${part}, fuera del directorio central.`,
      );
    await inflateCounting(path, entry, start);
  }
  return entries;
}
