import { lineCopyText, reviewCopyText, tagCopyText } from "./budget-copy-text.ts";
import type { ImportField } from "./budget-fields.ts";
import { DIMENSIONS, type Dimension, LEVELS, type Level } from "./budget-fields.ts";
import { CHAIN_HASH_LANES, ChainIndex } from "./chain-index.ts";
import { detach } from "./csv-stream.ts";
import {
  LineTagger,
  type PolicyTagger,
  type ReviewRow,
  type TaggingTally,
  type TagRow,
  toTaggable,
} from "./line-tagger.ts";
import { type Cell, createRowValidator, type RejectionReason } from "./validate-budget-row.ts";

/**
 * The row rules of a budget import applied to one part of a file: validation, duplicate
 * chains, totals, labels, tagging and the COPY text of the lines, tags and reviews. The import
 * runs this one implementation in its own thread for small files and in worker threads for
 * large ones (ADR 0044); either way the parts are merged in row order, so the report, the
 * first errors and the rows written are those of reading the file from top to bottom.
 *
 * Pure and synchronous. What needs the whole file is left to the merge: labels seen in earlier
 * parts, and duplicates of chains from earlier parts when the part was read with an index of
 * its own (the part's hashes travel with it).
 */

export const MAX_EXAMPLES = 100;

const encoder = new TextEncoder();

export interface StageTotals {
  lines: number;
  piaCents: number;
  pimCents: number;
  devengadoCents: number;
}

export const zeroTotals = (): StageTotals => ({
  lines: 0,
  piaCents: 0,
  pimCents: 0,
  devengadoCents: 0,
});

export const addTotals = (
  t: StageTotals,
  l: { pia: number; pim: number; devengado: number },
  lines = 1,
) => {
  t.lines += lines;
  t.piaCents += l.pia;
  t.pimCents += l.pim;
  t.devengadoCents += l.devengado;
};

export interface PliegoSums {
  nivel: Level;
  name: string | null;
  lines: number;
  pia: number;
  pim: number;
  devengado: number;
}

/**
 * The names one part gave a code: the first, how many lines gave it, and the others with their
 * counts. Enough for the merge to count conflicts with the name kept from an earlier part
 * exactly as a top-to-bottom reading would.
 */
export interface LabelSeen {
  name: string;
  count: number;
  total: number;
  others: Map<string, number> | null;
}

export interface YearPart {
  year: number;
  totals: StageTotals;
  byLevel: Record<Level, StageTotals>;
  pliegos: Map<string, PliegoSums>;
  /** Per dimension, in DIMENSIONS order. */
  labels: Map<string, LabelSeen>[];
}

export interface ChunkExample {
  row: number;
  reason: RejectionReason;
  message: string;
}

export interface ChunkResult {
  firstRow: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsOtherYears: number;
  byReason: Partial<Record<RejectionReason, number>>;
  /** The part's first rejections, in row order. */
  examples: ChunkExample[];
  years: YearPart[];
  tally: [policyId: number, TaggingTally][];
  /** COPY text of the loaded lines; UTF-8 bytes when `bytes` (they travel between threads). */
  lineText: string | Uint8Array;
  tagText: string;
  tagRows: number;
  reviewText: string;
  reviewRows: number;
  /** With an index of the part's own: the loaded lines' rows and chain hashes, for the merge. */
  chainRows: Int32Array;
  chainHashes: Int32Array;
}

export interface ChunkSettings {
  columns: Partial<Record<ImportField, number>>;
  year: number | null;
  ubigeo: ReadonlySet<string>;
  taggers: readonly PolicyTagger[];
  /** Write the COPY text (not in a dry run, nor once the file is refused). */
  write: boolean;
  /**
   * The lines' text as UTF-8 bytes: a worker thread hands over bytes without a copy, and the
   * import's thread then neither copies nor encodes a million lines (ADR 0044).
   */
  bytes?: boolean;
}

const newYearPart = (year: number): YearPart => ({
  year,
  totals: zeroTotals(),
  byLevel: Object.fromEntries(LEVELS.map((l) => [l, zeroTotals()])) as Record<Level, StageTotals>,
  pliegos: new Map(),
  labels: DIMENSIONS.map(() => new Map<string, LabelSeen>()),
});

export class ChunkProcessor {
  write: boolean;
  private readonly bytes: boolean;
  private readonly validate;
  private readonly tagger: LineTagger;
  private readonly importIds = new Map<number, number>();
  /** The whole file's index (one thread), or null for an index per part (workers). */
  private readonly shared: ChainIndex | null;
  private readonly own = new ChainIndex();
  private result!: ChunkResult;
  private parts = new Map<number, YearPart>();
  private lines: string[] = [];
  private readonly out: { tags: TagRow[]; reviews: ReviewRow[] } = { tags: [], reviews: [] };
  private chainRows: number[] = [];
  private chainHashes = new Int32Array(CHAIN_HASH_LANES * 1024);
  /** A year whose import id is needed before the row can go on (see `run`). */
  needYear: number | null = null;

  constructor(settings: ChunkSettings, chains: ChainIndex | null) {
    this.write = settings.write;
    this.bytes = settings.bytes ?? false;
    this.validate = createRowValidator({
      columns: settings.columns,
      year: settings.year,
      ubigeo: settings.ubigeo,
    });
    this.tagger = new LineTagger(settings.taggers);
    this.shared = chains;
  }

  /** Rows read in the current part. */
  get rowsInPart(): number {
    return this.result.rowsRead;
  }

  setImportId(year: number, importId: number): void {
    this.importIds.set(year, importId);
  }

  /** Starts a part whose first row is number `firstRow` of the file. */
  start(firstRow: number): void {
    this.result = {
      firstRow,
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      rowsOtherYears: 0,
      byReason: {},
      examples: [],
      years: [],
      tally: [],
      lineText: "",
      tagText: "",
      tagRows: 0,
      reviewText: "",
      reviewRows: 0,
      chainRows: new Int32Array(0),
      chainHashes: new Int32Array(0),
    };
    this.parts = new Map();
    this.chainRows = [];
    this.own.clear();
  }

  private reject(row: number, reason: RejectionReason, message: string): void {
    const r = this.result;
    r.byReason[reason] = (r.byReason[reason] ?? 0) + 1;
    if (r.examples.length < MAX_EXAMPLES)
      r.examples.push({ row, reason, message: detach(message) });
  }

  /**
   * Applies the rules to `rows` from index `from`, the row at index i being number
   * firstRow + rowsRead of the file. Returns the index where it stopped: rows.length, or the
   * row of a year without an import id yet (`needYear`); the caller obtains it, calls
   * `setImportId` and runs again from there.
   */
  run(rows: readonly (readonly Cell[])[], from = 0): number {
    const r = this.result;
    this.needYear = null;
    for (let i = from; i < rows.length; i++) {
      const rowNo = r.firstRow + r.rowsRead;
      const verdict = this.validate(rows[i] as readonly Cell[], rowNo);
      if (!verdict.ok) {
        r.rowsRead += 1;
        if (verdict.problems.some((p) => p.reason === "anio_distinto")) {
          r.rowsOtherYears += 1;
          continue;
        }
        r.rowsRejected += 1;
        for (const p of verdict.problems) this.reject(rowNo, p.reason, p.message);
        continue;
      }
      const line = verdict.line;
      const importId = this.importIds.get(line.year);
      if (importId === undefined) {
        // Nothing of this row is counted yet: it is read again once the id is known.
        this.needYear = line.year;
        return i;
      }
      r.rowsRead += 1;
      let first: number | undefined;
      if (this.shared) first = this.shared.add(line, rowNo);
      else {
        // The hash is kept for the merge, which looks for it in the earlier parts.
        const at = this.chainRows.length * CHAIN_HASH_LANES;
        if (at + CHAIN_HASH_LANES > this.chainHashes.length) {
          const grown = new Int32Array(this.chainHashes.length * 2);
          grown.set(this.chainHashes);
          this.chainHashes = grown;
        }
        this.own.hashInto(line, this.chainHashes, at);
        first = this.own.addHash(this.chainHashes, at, rowNo);
        if (first === undefined) this.chainRows.push(rowNo);
      }
      if (first !== undefined) {
        r.rowsRejected += 1;
        this.reject(rowNo, "duplicada", `misma cadena presupuestal que la fila ${first}`);
        continue;
      }
      let part = this.parts.get(line.year);
      if (!part) {
        part = newYearPart(line.year);
        this.parts.set(line.year, part);
        r.years.push(part);
      }
      addTotals(part.totals, line);
      addTotals(part.byLevel[line.nivel], line);
      const pliego = line.codes.pliego ?? "";
      let p = part.pliegos.get(pliego);
      if (!p) {
        p = {
          nivel: line.nivel,
          name: detach(line.names.pliego),
          lines: 0,
          pia: 0,
          pim: 0,
          devengado: 0,
        };
        part.pliegos.set(pliego, p);
      }
      p.lines += 1;
      p.pia += line.pia;
      p.pim += line.pim;
      p.devengado += line.devengado;
      for (let d = 0; d < DIMENSIONS.length; d++) {
        const code = line.codes[DIMENSIONS[d] as Dimension];
        const name = line.names[DIMENSIONS[d] as Dimension];
        if (!code || !name) continue;
        const seen = part.labels[d] as Map<string, LabelSeen>;
        const known = seen.get(code);
        if (known === undefined) {
          seen.set(code, { name: detach(name), count: 1, total: 1, others: null });
          continue;
        }
        known.total += 1;
        if (known.name === name) known.count += 1;
        else {
          known.others ??= new Map();
          known.others.set(name, (known.others.get(name) ?? 0) + 1);
        }
      }
      r.rowsLoaded += 1;
      if (this.write) this.lines.push(lineCopyText(importId, line));
      this.tagger.tag(importId, rowNo, toTaggable(line), this.out);
    }
    return rows.length;
  }

  /** The part's result; the processor is ready for `start` again. */
  finish(): ChunkResult {
    const r = this.result;
    if (this.write) {
      const text = this.lines.join("");
      r.lineText = this.bytes ? encoder.encode(text) : text;
      for (const t of this.out.tags) r.tagText += tagCopyText(t);
      for (const v of this.out.reviews) r.reviewText += reviewCopyText(v);
    }
    r.tagRows = this.write ? this.out.tags.length : 0;
    r.reviewRows = this.write ? this.out.reviews.length : 0;
    this.lines = [];
    this.out.tags = [];
    this.out.reviews = [];
    for (const [policyId, t] of this.tagger.tally) {
      r.tally.push([policyId, { ...t }]);
      t.tagged = 0;
      t.review = 0;
      t.overAllocated = 0;
    }
    if (!this.shared) {
      r.chainRows = Int32Array.from(this.chainRows);
      r.chainHashes = this.chainHashes.slice(0, this.chainRows.length * CHAIN_HASH_LANES);
    }
    return r;
  }
}
