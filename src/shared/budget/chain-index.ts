import type { BudgetLineInput } from "./budget-fields.ts";

/**
 * The budget chain that identifies a line: two lines with the same chain in one year are the
 * same line twice (an export pasted twice, a join gone wrong). A million-line file would need a
 * million chain strings in a Map: about 250 MB of heap, and 4 µs a line between building the
 * strings and the collector moving them. Instead each chain is reduced to a 128-bit hash (four
 * independent 32-bit lanes over an unambiguous encoding of its values), kept in typed arrays
 * behind an open-addressing table: 24 bytes a line, outside the collector's way.
 *
 * Two different chains are taken for the same one only if all 128 bits collide: for a file of a
 * million lines, a chance of about 10^-27, far below that of a memory error in the machine
 * running it. That is the only approximation; an equal chain is always found.
 */
const LANES = 4;

/** Marks between and around values, outside the range of UTF-16 code units (0–0xFFFF). */
const NULL_MARK = 0x10000;
const NUMBER_MARK = 0x20000;
const END_MARK = 0x30000;

export class ChainIndex {
  private hashes = new Int32Array(LANES * 1024);
  private rows = new Int32Array(1024);
  /** Slot → entry + 1 (0 = empty). Kept at most half full. */
  private table = new Int32Array(2048);
  private count = 0;
  private readonly lanes = new Int32Array(LANES);
  private readonly values: (string | number | null)[] = [];

  get size(): number {
    return this.count;
  }

  /** The chain's values, in a fixed order; names and amounts are not part of it. */
  private hashLine(line: BudgetLineInput): void {
    const c = line.codes;
    let a = 0x811c9dc5;
    let b = 0x9e3779b9;
    let d = 0x85ebca6b;
    let e = 0xc2b2ae35;
    const values = this.values;
    values.length = 0;
    values.push(
      line.year,
      line.nivel,
      c.pliego,
      c.ejecutora,
      c.programa,
      c.producto,
      c.actividad,
      c.funcion,
      c.division,
      c.grupo,
      line.metaCode,
      c.finalidad,
      c.fuente,
      c.generica,
      line.departmentCode,
      line.provinceCode,
      line.districtCode,
    );
    for (let v = 0; v < values.length; v++) {
      const value = values[v];
      let units: number;
      if (value === null || value === undefined) units = NULL_MARK;
      else if (typeof value === "number") units = NUMBER_MARK + value;
      else {
        for (let i = 0; i < value.length; i++) {
          const u = value.charCodeAt(i);
          a = Math.imul(a ^ u, 0x01000193);
          b = Math.imul(b ^ u, 0x5bd1e995);
          d = Math.imul(d ^ u, 0x27d4eb2d);
          e = Math.imul(e ^ u, 0x165667b1);
        }
        units = END_MARK + value.length;
      }
      a = Math.imul(a ^ units, 0x01000193);
      b = Math.imul(b ^ units, 0x5bd1e995);
      d = Math.imul(d ^ units, 0x27d4eb2d);
      e = Math.imul(e ^ units, 0x165667b1);
    }
    // Final avalanche (murmur3's fmix32), each lane stirred with another.
    const l = this.lanes;
    l[0] = fmix(a ^ Math.imul(d, 0x2c1b3c6d));
    l[1] = fmix(b ^ Math.imul(e, 0x297a2d39));
    l[2] = fmix(d ^ Math.imul(a, 0x7feb352d));
    l[3] = fmix(e ^ Math.imul(b, 0x846ca68b));
  }

  private findSlot(table: Int32Array, at: number, hashes: Int32Array): number {
    const mask = table.length - 1;
    let slot = (hashes[at] as number) & mask;
    for (;;) {
      const entry = table[slot] as number;
      if (entry === 0) return slot;
      const other = (entry - 1) * LANES;
      if (
        this.hashes[other] === hashes[at] &&
        this.hashes[other + 1] === hashes[at + 1] &&
        this.hashes[other + 2] === hashes[at + 2] &&
        this.hashes[other + 3] === hashes[at + 3]
      )
        return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const rows = new Int32Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
    const table = new Int32Array(this.table.length * 2);
    for (let e = 0; e < this.count; e++) table[this.findSlot(table, e * LANES, hashes)] = e + 1;
    this.table = table;
  }

  /**
   * Records the line's chain as first seen at `rowNo`. Returns the row where the same chain was
   * first seen, or undefined when it is new.
   */
  add(line: BudgetLineInput, rowNo: number): number | undefined {
    this.hashLine(line);
    return this.addHash(this.lanes, 0, rowNo);
  }

  /** The line's 128-bit chain hash, written to `out` at `at` (four lanes). */
  hashInto(line: BudgetLineInput, out: Int32Array, at: number): void {
    this.hashLine(line);
    out.set(this.lanes, at);
  }

  /** `add` for a hash computed elsewhere (a worker thread, by `hashInto`). */
  addHash(hashes: Int32Array, at: number, rowNo: number): number | undefined {
    if (this.count >= this.rows.length) this.grow();
    const slot = this.findSlot(this.table, at, hashes);
    const entry = this.table[slot] as number;
    if (entry !== 0) return this.rows[entry - 1];
    this.hashes.set(hashes.subarray(at, at + LANES), this.count * LANES);
    this.rows[this.count] = rowNo;
    this.count += 1;
    this.table[slot] = this.count;
    return undefined;
  }

  /**
   * Adds every hash of a batch whose chains are distinct among themselves, but only when none
   * of them is already known: false (and nothing added) when one is, so the caller can go back
   * to adding them one by one and name the first row of each duplicate.
   */
  addAllIfNew(hashes: Int32Array, rows: Int32Array): boolean {
    for (let i = 0; i < rows.length; i++) {
      const entry = this.table[this.findSlot(this.table, i * LANES, hashes)] as number;
      if (entry !== 0) return false;
    }
    for (let i = 0; i < rows.length; i++) this.addHash(hashes, i * LANES, rows[i] as number);
    return true;
  }

  /** Empties the index, keeping its memory for the next file part. */
  clear(): void {
    this.table.fill(0);
    this.count = 0;
  }
}

export const CHAIN_HASH_LANES = LANES;

function fmix(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
