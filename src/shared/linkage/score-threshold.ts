/**
 * Choosing the match threshold from the candidate pairs' Dice scores. Blocked candidates are a
 * mixture: most are different people with middling scores, a minority the same person with
 * scores near 1. The histogram then has two modes, and the threshold is the emptiest bin
 * between them (the valley), where moving it changes the fewest decisions. Without a clear
 * valley the documented default is used and the caller says so (docs/linkage.md).
 */

export const HISTOGRAM_BINS = 50;
export const DEFAULT_THRESHOLD = 0.7;
/** Modes closer than this (in bins) are one mode with noise, not two populations. */
const MIN_MODE_DISTANCE = 5;

export interface ScoreHistogram {
  /** Bin i counts scores in [i/bins, (i+1)/bins); a score of exactly 1 goes in the last. */
  counts: number[];
  binWidth: number;
}

export function scoreHistogram(scores: ArrayLike<number>, bins = HISTOGRAM_BINS): ScoreHistogram {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? 0;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return { counts, binWidth: 1 / bins };
}

export interface ThresholdChoice {
  threshold: number;
  /** False when the histogram has no valley between two modes: the default was used. */
  fromValley: boolean;
}

/**
 * The valley between the two highest modes of the log-counts (smoothed over three bins, so a
 * single empty bin in a sparse tail is not a valley), rounded to the bin's centre. On large
 * lists the different-people tail is so heavy that it buries the valley: the counts keep falling
 * until the same-people mode, and the lowest bin lies well above where same-people pairs start
 * to outnumber the others. So the threshold is also capped at the knee of that tail, the first
 * bin after its steepest descent where the log-count falls less than half as fast (on the
 * synthetic lists, seed 2019: 0.69 at 900 records, 0.75 at 20,000, 0.81 at 100,000, where the
 * lowest bin is 0.87 and the crossing of the two populations, known from the truth, about 0.78).
 */
export function valleyThreshold(histogram: ScoreHistogram): ThresholdChoice {
  const { counts, binWidth } = histogram;
  const n = counts.length;
  const log = counts.map((c) => Math.log1p(c));
  const smooth = log.map((_, i) => {
    let sum = 0;
    let k = 0;
    for (let j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) {
      sum += log[j] ?? 0;
      k++;
    }
    return sum / k;
  });
  const at = (i: number) => smooth[i] ?? 0;
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) {
    if (at(i) > 0 && at(i) >= at(i - 1) && at(i) >= at(i + 1)) peaks.push(i);
  }
  peaks.sort((a, b) => at(b) - at(a) || a - b);
  const first = peaks[0];
  if (first === undefined) return { threshold: DEFAULT_THRESHOLD, fromValley: false };
  const centre = (bin: number) => Math.round((bin + 0.5) * binWidth * 1000) / 1000;
  const knee = (from: number, to: number): number => {
    let steepest = 0;
    let at_ = from;
    for (let i = from; i < to; i++) {
      const d = at(i + 1) - at(i);
      if (d < steepest) {
        steepest = d;
        at_ = i;
      }
    }
    for (let i = at_ + 1; i < to; i++) if (at(i + 1) - at(i) > steepest / 2) return i + 1;
    return to;
  };
  for (const second of peaks.slice(1)) {
    if (Math.abs(second - first) < MIN_MODE_DISTANCE) continue;
    const [lo, hi] = first < second ? [first, second] : [second, first];
    let valley = lo + 1;
    for (let i = lo + 1; i < hi; i++) if (at(i) < at(valley)) valley = i;
    // A valley no deeper than the lower mode's shoulder is not a separation.
    if (at(valley) >= Math.min(at(lo), at(hi))) continue;
    return { threshold: centre(Math.min(valley, knee(lo, valley))), fromValley: true };
  }
  return { threshold: DEFAULT_THRESHOLD, fromValley: false };
}
