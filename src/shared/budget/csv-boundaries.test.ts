import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RecordBoundaryScanner } from "./csv-boundaries.ts";
import { csvRecords, parseCsvText } from "./csv-stream.ts";

// The ranges a file is cut into for the worker threads must hold, one after another, exactly
// the records of reading the whole file (ADR 0044), whatever quotes, line breaks inside
// quotes, comment and blank lines, CRLF or a missing last line break the file has.

async function recordsOf(text: string, atStart: boolean): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of csvRecords(
    (async function* () {
      yield text;
    })(),
    ",",
    null,
    { atStart },
  ))
    out.push(...batch);
  return out;
}

/** Scans `bytes` in blocks of `block` bytes and returns the ranges' records, range by range. */
async function throughRanges(bytes: Uint8Array, rangeBytes: number, block: number) {
  const scanner = new RecordBoundaryScanner(0, rangeBytes);
  const ranges = [];
  for (let at = 0; at < bytes.length; at += block) {
    scanner.scan(bytes.subarray(at, at + block), at);
    ranges.push(...scanner.take());
  }
  ranges.push(...scanner.finish(bytes.length));
  const decoder = new TextDecoder();
  const records: string[][] = [];
  let next = 1;
  let offset = 0;
  for (const r of ranges) {
    assert.equal(r.start, offset, "ranges follow each other");
    assert.equal(r.firstRow, next, "row numbers follow each other");
    const part = await recordsOf(decoder.decode(bytes.subarray(r.start, r.end)), r.start === 0);
    assert.equal(part.length, r.rows, "the range holds the records counted");
    records.push(...part);
    next += r.rows;
    offset = r.end;
  }
  assert.equal(offset, bytes.length, "the ranges cover the file");
  return { records, ranges: ranges.length };
}

const piece = fc.constantFrom("a", "b", "ñ", "€", ",", '"', '""', "\n", "\r\n", "#", " ", "1");

test("ranges cut at record boundaries read as the whole file, on random CSV text", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(piece, { maxLength: 300 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 1, max: 64 }),
      async (pieces, rangeBytes, block) => {
        const text = pieces.join("");
        const bytes = new TextEncoder().encode(text);
        const { records } = await throughRanges(bytes, rangeBytes, block);
        assert.deepEqual(records, await parseCsvText(text));
      },
    ),
    { numRuns: 400 },
  );
});

test("a quoted line break is never a boundary, and a file is cut in many ranges", async () => {
  const lines = Array.from({ length: 50 }, (_, i) => `${i},"nombre\ncon salto ${i}",x`);
  const text = `${lines.join("\n")}\n# nota\n\n50,fin,x`;
  const { records, ranges } = await throughRanges(new TextEncoder().encode(text), 30, 7);
  assert.ok(ranges > 10);
  assert.equal(records.length, 51);
  assert.deepEqual(records[7], ["7", "nombre\ncon salto 7", "x"]);
  assert.deepEqual(records[50], ["50", "fin", "x"]);
});
