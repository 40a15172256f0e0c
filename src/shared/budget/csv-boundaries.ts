/**
 * Where the records of a CSV file begin and end, from its bytes, so the file can be split
 * between worker threads at record boundaries (ADR 0044). It follows `csvRecords`
 * (csv-stream.ts) line by line: a line with an odd number of quotes opens a record that runs
 * until the quotes are even again (a quoted line break), and outside a record blank lines and
 * lines starting with "#" are skipped. It looks only at line breaks, quotes and a line's first
 * byte, which are single bytes in UTF-8 and Latin-1 alike and never part of another character,
 * so the bytes say what the decoded text would. Pure: the caller reads the file.
 *
 * The worker that reads a part checks that it finds as many records as were counted here.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;
const HASH = 35;

/** A run of whole records: bytes [start, end) hold records firstRow … firstRow + rows − 1. */
export interface RecordRange {
  start: number;
  end: number;
  /** Number of the first record, counting from 1 after `records` given to the scanner. */
  firstRow: number;
  rows: number;
  /** Lines of the file before `start` (blank, comment and quoted lines counted). */
  linesBefore: number;
  /** Lines in the range. */
  lines: number;
}

export class RecordBoundaryScanner {
  private readonly ranges: RecordRange[] = [];
  private rangeStart: number;
  private rangeFirst: number;
  private rangeLines: number;
  private lines: number;
  private records: number;
  /** Inside a record whose quoted field spans lines. */
  private pending = false;
  private pendingQuotes = 0;
  // The line being read, possibly begun in an earlier block.
  private lineLength = 0;
  private lineFirst = -1;
  private lineQuotes = 0;

  /**
   * @param start offset of the first byte to scan (after the header)
   * @param rangeBytes a range is closed at the first record end at least this far from its start
   * @param recordsBefore records already counted before `start` (the first range's rows follow)
   */
  constructor(
    start: number,
    private readonly rangeBytes: number,
    recordsBefore = 0,
    linesBefore = 0,
  ) {
    this.rangeStart = start;
    this.lines = linesBefore;
    this.rangeLines = linesBefore;
    this.records = recordsBefore;
    this.rangeFirst = recordsBefore + 1;
  }

  /** Scans the next block of the file, which begins at file offset `offset`. */
  scan(block: Uint8Array, offset: number): void {
    const n = block.length;
    let pos = 0;
    let quote = block.indexOf(QUOTE, 0);
    while (pos < n) {
      const nl = block.indexOf(LF, pos);
      const end = nl < 0 ? n : nl;
      if (this.lineLength === 0 && end > pos) this.lineFirst = block[pos] as number;
      this.lineLength += end - pos;
      while (quote >= 0 && quote < end) {
        this.lineQuotes += 1;
        quote = block.indexOf(QUOTE, quote + 1);
      }
      if (nl < 0) return;
      this.endLine(offset + nl + 1);
      pos = nl + 1;
    }
  }

  private endLine(after: number): void {
    this.lines += 1;
    const quotes = this.lineQuotes;
    const blank = this.lineLength === 0 || (this.lineLength === 1 && this.lineFirst === CR);
    const first = this.lineFirst;
    this.lineLength = 0;
    this.lineFirst = -1;
    this.lineQuotes = 0;
    if (this.pending) {
      this.pendingQuotes += quotes;
      if (this.pendingQuotes % 2 === 1) return;
      this.pending = false;
    } else if (blank || first === HASH) {
      return;
    } else if (quotes % 2 === 1) {
      this.pending = true;
      this.pendingQuotes = quotes;
      return;
    }
    this.records += 1;
    if (after - this.rangeStart >= this.rangeBytes) this.close(after);
  }

  private close(end: number): void {
    const rows = this.records - this.rangeFirst + 1;
    if (rows > 0 || end > this.rangeStart)
      this.ranges.push({
        start: this.rangeStart,
        end,
        firstRow: this.rangeFirst,
        rows,
        linesBefore: this.rangeLines,
        lines: this.lines - this.rangeLines,
      });
    this.rangeStart = end;
    this.rangeLines = this.lines;
    this.rangeFirst = this.records + 1;
  }

  /** The ranges closed since the last call. */
  take(): RecordRange[] {
    return this.ranges.splice(0, this.ranges.length);
  }

  /**
   * The end of the file at `size`: a last line without a line break is a record too, and so is
   * a record whose quote never closes (it runs to the end, as csvRecords reads it).
   */
  finish(size: number): RecordRange[] {
    if (this.lineLength > 0) this.endLine(size);
    if (this.pending) {
      this.pending = false;
      this.records += 1;
    }
    if (size > this.rangeStart || this.records >= this.rangeFirst) this.close(size);
    return this.take();
  }

  /** Records counted so far. */
  get count(): number {
    return this.records;
  }
}
