/**
 * Quality of a linkage against known truth (the synthetic lists' entity of each record):
 * pairwise precision, recall and F1 over pairs of records of different sources, the pairs a
 * clustering can link. Duplicates inside one source are scored apart (`withinSource`).
 */

export interface PairQuality {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

function quality(truePairs: number, predictedPairs: number, correctPairs: number): PairQuality {
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

const pairsOf = (n: number) => (n * (n - 1)) / 2;

/** Counts per key, as a map. */
function tally<T>(items: Iterable<T>): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/**
 * Cross-source pair quality of clusters. `entityOf[r]` is record r's true entity, `sourceOf[r]`
 * its source; pairs of one source inside a cluster (none, from clusterPairs) are not counted.
 */
export function clusterQuality(
  clusters: number[][],
  entityOf: readonly string[],
  sourceOf: ArrayLike<number>,
): PairQuality {
  const crossPairs = (records: number[]) => {
    const bySource = tally(records.map((r) => sourceOf[r] ?? 0));
    let within = 0;
    for (const c of bySource.values()) within += pairsOf(c);
    return pairsOf(records.length) - within;
  };
  const entities = new Map<string, number[]>();
  entityOf.forEach((e, r) => {
    const list = entities.get(e);
    if (list) list.push(r);
    else entities.set(e, [r]);
  });
  let truePairs = 0;
  for (const records of entities.values()) truePairs += crossPairs(records);
  let predicted = 0;
  let correct = 0;
  for (const cluster of clusters) {
    predicted += crossPairs(cluster);
    const byEntity = new Map<string, number[]>();
    for (const r of cluster) {
      const e = entityOf[r] ?? "";
      const list = byEntity.get(e);
      if (list) list.push(r);
      else byEntity.set(e, [r]);
    }
    for (const records of byEntity.values()) correct += crossPairs(records);
  }
  return quality(truePairs, predicted, correct);
}

/** Quality of the reported within-source duplicate pairs. */
export function duplicateQuality(
  reported: readonly { a: number; b: number }[],
  entityOf: readonly string[],
  sourceOf: ArrayLike<number>,
): PairQuality {
  const groups = tally(entityOf.map((e, r) => `${sourceOf[r] ?? 0}\u0000${e}`));
  let truePairs = 0;
  for (const c of groups.values()) truePairs += pairsOf(c);
  const correct = reported.filter((p) => entityOf[p.a] === entityOf[p.b]).length;
  return quality(truePairs, reported.length, correct);
}
