/**
 * Dice similarity of Bloom-filter encodings, 2·|A∧B| / (|A| + |B|), on bit vectors stored as
 * 32-bit words. All encodings of a run live in one Uint32Array (record r at words r·w … r·w+w−1),
 * so a comparison reads two contiguous runs of memory and popcounts the AND with the SWAR
 * method (no table, no branch), which V8 compiles to a handful of integer instructions.
 */

/** Set bits of a 32-bit word. */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Encodings of equal length, packed, with each one's popcount computed once. */
export interface BitMatrix {
  words: Uint32Array;
  /** Words per encoding. */
  width: number;
  count: number;
  popcounts: Uint16Array;
}

export function bitMatrix(words: Uint32Array, width: number): BitMatrix {
  const count = words.length / width;
  if (!Number.isInteger(count)) throw new Error("words is not a whole number of encodings");
  const popcounts = new Uint16Array(count);
  for (let r = 0; r < count; r++) {
    let c = 0;
    for (let i = r * width, end = i + width; i < end; i++) c += popcount32(words[i] ?? 0);
    popcounts[r] = c;
  }
  return { words, width, count, popcounts };
}

/** Dice coefficient of encodings a and b of the matrix; 0 when both are empty. */
export function dice(m: BitMatrix, a: number, b: number): number {
  const { words, width } = m;
  let common = 0;
  const oa = a * width;
  const ob = b * width;
  for (let i = 0; i < width; i++) common += popcount32((words[oa + i] ?? 0) & (words[ob + i] ?? 0));
  const total = (m.popcounts[a] ?? 0) + (m.popcounts[b] ?? 0);
  return total === 0 ? 0 : (2 * common) / total;
}

/** Dice of two loose encodings of the same length. */
export function diceOf(a: Uint32Array, b: Uint32Array): number {
  let common = 0;
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    common += popcount32(x & y);
    total += popcount32(x) + popcount32(y);
  }
  return total === 0 ? 0 : (2 * common) / total;
}

/**
 * Scores the candidate pairs (left[i], right[i]) and keeps those ≥ threshold, written into
 * `out` (pair index and score); returns how many were kept. Both the worker threads and the
 * single-threaded path run this same loop over their slice.
 */
export function scorePairs(
  m: BitMatrix,
  left: Uint32Array,
  right: Uint32Array,
  threshold: number,
  from: number,
  to: number,
  outIndex: Uint32Array,
  outScore: Float32Array,
): number {
  const { words, width, popcounts } = m;
  let kept = 0;
  for (let p = from; p < to; p++) {
    const a = left[p] ?? 0;
    const b = right[p] ?? 0;
    const total = (popcounts[a] ?? 0) + (popcounts[b] ?? 0);
    if (total === 0) continue;
    // Dice ≤ 2·min/total: a pair whose popcounts are too far apart cannot reach the threshold.
    const min = Math.min(popcounts[a] ?? 0, popcounts[b] ?? 0);
    if ((2 * min) / total < threshold) continue;
    let common = 0;
    const oa = a * width;
    const ob = b * width;
    for (let i = 0; i < width; i++) {
      common += popcount32((words[oa + i] ?? 0) & (words[ob + i] ?? 0));
    }
    const score = (2 * common) / total;
    if (score >= threshold) {
      outIndex[kept] = p;
      outScore[kept] = score;
      kept++;
    }
  }
  return kept;
}
