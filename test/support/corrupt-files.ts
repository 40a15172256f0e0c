import { constants, crc32, deflateRawSync } from "node:zlib";
import { unzipSync } from "fflate";
import { loadExcelJs } from "../../src/server/lib/lazy-modules.ts";

/**
 * Damaged and hostile import files, built at test time: a zip writer that can declare sizes its
 * data does not have, and a deflate stream of any length of zeros in a few kilobytes.
 */

export interface RawEntry {
  name: string;
  /** The stored bytes (deflated when `method` is 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  size: number;
}

export const deflated = (name: string, content: Uint8Array | string): RawEntry => {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  return { name, data: deflateRawSync(bytes), method: 8, crc: crc32(bytes), size: bytes.length };
};

/** A zip of the entries as given: sizes and CRCs are written as declared, true or not. */
export function buildZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.data));
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * Raw deflate data that inflates to the pieces in order, each repeated `times`, in a few
 * kilobytes: every piece is compressed on its own and ends on a byte boundary (sync flush), so
 * copies of it can follow one another; an empty final block closes the stream.
 */
export function deflateBomb(pieces: readonly { text: string | Buffer; times: number }[]): Buffer {
  const parts: Buffer[] = [];
  for (const { text, times } of pieces) {
    const block = deflateRawSync(typeof text === "string" ? Buffer.from(text) : text, {
      level: 9,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    for (let i = 0; i < times; i++) parts.push(block);
  }
  return Buffer.concat([...parts, Buffer.from([3, 0])]);
}

/** A deflate stream of `mebibytes` MiB of zeros. */
export const zeroBomb = (mebibytes: number) =>
  deflateBomb([{ text: Buffer.alloc(1024 * 1024), times: mebibytes }]);

/** The parts of a real workbook (exceljs) holding `rows`, to rebuild with one part changed. */
export async function workbookEntries(rows: readonly (string | number)[][]): Promise<RawEntry[]> {
  const workbook = new (loadExcelJs().Workbook)();
  const sheet = workbook.addWorksheet("Hoja1");
  for (const row of rows) sheet.addRow([...row]);
  const zip = Buffer.from(await workbook.xlsx.writeBuffer());
  return Object.entries(unzipSync(new Uint8Array(zip))).map(([name, bytes]) =>
    deflated(name, bytes),
  );
}
