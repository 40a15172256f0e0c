import { type BitMatrix, bitMatrix, dice, scorePairs } from "./dice.ts";

/**
 * Linking encoded records of several sources (docs/linkage.md, "Enlace"): blocking on the keyed
 * blocking keys, Dice on the candidate pairs, a threshold, then clusters built greedily from
 * the best pair down, never putting two records of one source in a cluster. Pure: it sees only
 * encodings and opaque keys, never plaintext.
 */

export interface EncodedRecords {
  /** Source (institution) of each record, an index into `sources`. */
  sourceOf: Uint8Array;
  sources: string[];
  ids: string[];
  /** All encodings packed, `width` words each. */
  matrix: BitMatrix;
  /** Keyed blocking keys of each record. */
  blocks: string[][];
}

export interface CandidatePairs {
  left: Uint32Array;
  right: Uint32Array;
  /** Blocks left out because they held more records than `maxBlockSize`. */
  oversizedBlocks: number;
}

export interface ScoredPairs {
  left: Uint32Array;
  right: Uint32Array;
  score: Float32Array;
}

export interface LinkOptions {
  /** Dice at or above which a pair is a match candidate. */
  threshold: number;
  /** A block larger than this is skipped (and counted): it would cost n² comparisons. */
  maxBlockSize?: number;
}

export interface LinkResult {
  /** Record indices per cluster, singletons included; at most one record per source each. */
  clusters: number[][];
  /** Pairs of one source above the threshold: possible duplicates inside a source, reported. */
  withinSource: { a: number; b: number; score: number }[];
  candidatePairs: number;
  pairsAboveThreshold: number;
  oversizedBlocks: number;
}

/** Packs several sources' encodings into one matrix. Sources: at most 31. */
export function packSources(
  sources: { source: string; ids: string[]; encodings: Uint32Array[]; blocks: string[][] }[],
): EncodedRecords {
  if (sources.length > 31) throw new Error("at most 31 sources can be linked at once");
  const total = sources.reduce((n, s) => n + s.ids.length, 0);
  const width = sources.find((s) => s.encodings.length > 0)?.encodings[0]?.length ?? 1;
  const words = new Uint32Array(total * width);
  const sourceOf = new Uint8Array(total);
  const ids: string[] = [];
  const blocks: string[][] = [];
  let r = 0;
  sources.forEach((s, si) => {
    s.encodings.forEach((e, i) => {
      if (e.length !== width) throw new Error("encodings of different lengths");
      words.set(e, r * width);
      sourceOf[r] = si;
      ids.push(s.ids[i] ?? "");
      blocks.push(s.blocks[i] ?? []);
      r++;
    });
  });
  return {
    sourceOf,
    sources: sources.map((s) => s.source),
    ids,
    matrix: bitMatrix(words, width),
    blocks,
  };
}

/** Every pair of records sharing at least one blocking key, each pair once (left < right). */
export function candidatePairs(records: EncodedRecords, maxBlockSize = 1000): CandidatePairs {
  const index = new Map<string, number[]>();
  records.blocks.forEach((keys, r) => {
    for (const key of keys) {
      const list = index.get(key);
      if (list) list.push(r);
      else index.set(key, [r]);
    }
  });
  const n = records.ids.length;
  let keys = new Float64Array(1 << 16);
  let size = 0;
  let oversizedBlocks = 0;
  for (const list of index.values()) {
    if (list.length < 2) continue;
    if (list.length > maxBlockSize) {
      oversizedBlocks++;
      continue;
    }
    const pairs = (list.length * (list.length - 1)) / 2;
    if (size + pairs > keys.length) {
      const grown = new Float64Array(Math.max(keys.length * 2, size + pairs));
      grown.set(keys.subarray(0, size));
      keys = grown;
    }
    for (let i = 0; i < list.length; i++) {
      const a = list[i] ?? 0;
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j] ?? 0;
        keys[size++] = a < b ? a * n + b : b * n + a;
      }
    }
  }
  // A pair found by several keys is compared once: sort the pair codes and drop repeats.
  const sorted = keys.subarray(0, size).sort();
  const left = new Uint32Array(size);
  const right = new Uint32Array(size);
  let unique = 0;
  let previous = -1;
  for (let i = 0; i < size; i++) {
    const key = sorted[i] ?? 0;
    if (key === previous) continue;
    previous = key;
    left[unique] = Math.floor(key / n);
    right[unique] = key % n;
    unique++;
  }
  return {
    left: left.slice(0, unique),
    right: right.slice(0, unique),
    oversizedBlocks,
  };
}

/** The pairs at or above the threshold, scored on this thread. */
export function scoreCandidates(
  matrix: BitMatrix,
  pairs: CandidatePairs,
  threshold: number,
): ScoredPairs {
  const count = pairs.left.length;
  const index = new Uint32Array(count);
  const score = new Float32Array(count);
  const kept = scorePairs(matrix, pairs.left, pairs.right, threshold, 0, count, index, score);
  const left = new Uint32Array(kept);
  const right = new Uint32Array(kept);
  for (let i = 0; i < kept; i++) {
    left[i] = pairs.left[index[i] ?? 0] ?? 0;
    right[i] = pairs.right[index[i] ?? 0] ?? 0;
  }
  return { left, right, score: score.slice(0, kept) };
}

/**
 * Greedy clustering without chaining: pairs from the highest Dice down; a pair joins two
 * clusters only if no source has a record in both. So a cluster never holds two records of
 * one source, and a chain A≈B≈C of weak links cannot pull in a second record of A's source.
 * Pairs inside one source are not merged: they are reported as possible duplicates.
 */
export function clusterPairs(
  records: EncodedRecords,
  scored: ScoredPairs,
  threshold: number,
  /**
   * Clusters to start from (record indices, singletons included), as an earlier run left them:
   * an incremental linkage adds new records to them but never merges two of them (a new record
   * like two old people joins the closer one) and never splits one. Each must hold at most one
   * record per source.
   */
  initial: readonly (readonly number[])[] = [],
): Pick<LinkResult, "clusters" | "withinSource"> {
  const n = records.ids.length;
  const parent = new Int32Array(n);
  const mask = new Uint32Array(n);
  // 1 on the root of a cluster holding an earlier run's record: two such are never merged.
  const settled = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    parent[r] = r;
    mask[r] = 1 << (records.sourceOf[r] ?? 0);
  }
  const members = new Map<number, number[]>();
  for (const cluster of initial) {
    const root = cluster[0];
    if (root === undefined) continue;
    settled[root] = 1;
    if (cluster.length < 2) continue;
    for (const r of cluster.slice(1)) {
      parent[r] = root;
      mask[root] = (mask[root] ?? 0) | (mask[r] ?? 0);
    }
    members.set(root, [...cluster]);
  }
  const find = (x: number): number => {
    let root = x;
    while ((parent[root] ?? root) !== root) root = parent[root] ?? root;
    while ((parent[x] ?? x) !== root) {
      const next = parent[x] ?? x;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  const order = Array.from({ length: scored.score.length }, (_, i) => i);
  // Highest score first; equal scores by record indices, so the result does not depend on sort.
  order.sort(
    (i, j) =>
      (scored.score[j] ?? 0) - (scored.score[i] ?? 0) ||
      (scored.left[i] ?? 0) - (scored.left[j] ?? 0) ||
      (scored.right[i] ?? 0) - (scored.right[j] ?? 0),
  );
  const withinSource: LinkResult["withinSource"] = [];
  for (const p of order) {
    const a = scored.left[p] ?? 0;
    const b = scored.right[p] ?? 0;
    if (records.sourceOf[a] === records.sourceOf[b]) {
      withinSource.push({ a, b, score: scored.score[p] ?? 0 });
      continue;
    }
    const ra = find(a);
    const rb = find(b);
    if (ra === rb || ((mask[ra] ?? 0) & (mask[rb] ?? 0)) !== 0) continue;
    if (settled[ra] && settled[rb]) continue;
    const ma = members.get(ra) ?? [ra];
    const mb = members.get(rb) ?? [rb];
    // Average linkage: a record joins a cluster only if it is like the cluster as a whole,
    // not just like its best member (which is how chaining would start).
    if (ma.length + mb.length > 2) {
      let sum = 0;
      for (const x of ma) for (const y of mb) sum += dice(records.matrix, x, y);
      if (sum / (ma.length * mb.length) < threshold) continue;
    }
    parent[rb] = ra;
    mask[ra] = (mask[ra] ?? 0) | (mask[rb] ?? 0);
    settled[ra] = (settled[ra] ?? 0) | (settled[rb] ?? 0);
    members.set(ra, [...ma, ...mb]);
    members.delete(rb);
  }
  const byRoot = new Map<number, number[]>();
  for (let r = 0; r < n; r++) {
    const root = find(r);
    const list = byRoot.get(root);
    if (list) list.push(r);
    else byRoot.set(root, [r]);
  }
  return { clusters: [...byRoot.values()], withinSource };
}

/** Blocking → Dice → threshold → clusters, on one thread. */
export function linkEncodings(records: EncodedRecords, options: LinkOptions): LinkResult {
  const pairs = candidatePairs(records, options.maxBlockSize);
  const scored = scoreCandidates(records.matrix, pairs, options.threshold);
  return {
    ...clusterPairs(records, scored, options.threshold),
    candidatePairs: pairs.left.length,
    pairsAboveThreshold: scored.score.length,
    oversizedBlocks: pairs.oversizedBlocks,
  };
}

/**
 * The overlap table of a linkage: how many clusters each combination of sources has, the
 * input of multiple systems estimation (src/shared/mse/). Rows: one 0/1 per source, then count.
 */
export function overlapTable(records: EncodedRecords, clusters: number[][]): number[][] {
  const counts = new Map<number, number>();
  for (const cluster of clusters) {
    let m = 0;
    for (const r of cluster) m |= 1 << (records.sourceOf[r] ?? 0);
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([m, count]) => [...records.sources.map((_, s) => (m >> s) & 1), count]);
}
