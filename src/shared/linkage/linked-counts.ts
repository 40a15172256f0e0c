/**
 * Deduplicated counts by attribute (issue 15 §3): once a linkage has put each person in one
 * cluster, the person's region, sex, age band and form of exploitation come from the
 * pseudonymous victim records (stat_victim_record) that the sources hold under the same record
 * ids they encoded. The encodings carry none of these attributes, by design: the linkage sees
 * no plaintext, and the attributes are joined afterwards, inside Vigía, by record id.
 *
 * Sources disagree (police record a girl as 17, the prosecutor as 18). A cluster's value for an
 * attribute is the most frequent non-empty value among its records; a tie goes to the source
 * listed first in the run (the order is the run's, so the rule is stable and stated). Clusters
 * whose records disagree are counted per attribute, so the reader knows how much the rule
 * decided. Pure: usable in the browser and the server.
 */

export interface ClusterRecordAttributes {
  cluster: number;
  /** Index of the record's source in the run's source list (the tie-break order). */
  sourceRank: number;
  /** Whether a victim record with this source and record id exists in the register. */
  hasVictimRecord: boolean;
  department: string | null;
  sex: string | null;
  ageBand: string | null;
  exploitationForm: string | null;
}

export type LinkedAttribute = "department" | "sex" | "ageBand" | "exploitationForm";
const ATTRIBUTES: readonly LinkedAttribute[] = ["department", "sex", "ageBand", "exploitationForm"];

export interface LinkedCount {
  /** The attribute's code; `null` where no record of the cluster says it. */
  code: string | null;
  count: number;
}

export interface LinkedCounts {
  /** People (clusters) in the run. */
  people: number;
  /** People with at least one victim record in the register to take attributes from. */
  withVictimRecord: number;
  byDepartment: LinkedCount[];
  bySex: LinkedCount[];
  byAgeBand: LinkedCount[];
  bySexAndAge: { sex: string | null; ageBand: string | null; count: number }[];
  byExploitationForm: LinkedCount[];
  /** Clusters whose records give two or more different values, per attribute. */
  conflicts: Record<LinkedAttribute, number>;
}

/** The most frequent non-empty value; ties to the lowest source rank. */
function resolve(
  records: readonly ClusterRecordAttributes[],
  attribute: LinkedAttribute,
): { value: string | null; conflicting: boolean } {
  const tally = new Map<string, { n: number; rank: number }>();
  for (const r of records) {
    const v = r[attribute];
    if (v === null || v === "") continue;
    const t = tally.get(v);
    if (t) {
      t.n++;
      t.rank = Math.min(t.rank, r.sourceRank);
    } else tally.set(v, { n: 1, rank: r.sourceRank });
  }
  let best: string | null = null;
  let bestN = 0;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const [v, t] of tally) {
    if (t.n > bestN || (t.n === bestN && t.rank < bestRank)) {
      best = v;
      bestN = t.n;
      bestRank = t.rank;
    }
  }
  return { value: best, conflicting: tally.size > 1 };
}

const sortCounts = (m: Map<string | null, number>): LinkedCount[] =>
  [...m.entries()]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || String(a.code).localeCompare(String(b.code)));

/** Counts of people by attribute, from every record of every cluster of a run. */
export function countLinkedPeople(records: readonly ClusterRecordAttributes[]): LinkedCounts {
  const byCluster = new Map<number, ClusterRecordAttributes[]>();
  for (const r of records) {
    const list = byCluster.get(r.cluster);
    if (list) list.push(r);
    else byCluster.set(r.cluster, [r]);
  }
  const tallies = Object.fromEntries(
    ATTRIBUTES.map((a) => [a, new Map<string | null, number>()]),
  ) as Record<LinkedAttribute, Map<string | null, number>>;
  const conflicts = Object.fromEntries(ATTRIBUTES.map((a) => [a, 0])) as Record<
    LinkedAttribute,
    number
  >;
  const sexAge = new Map<string, { sex: string | null; ageBand: string | null; count: number }>();
  let withVictimRecord = 0;
  for (const members of byCluster.values()) {
    if (members.some((m) => m.hasVictimRecord)) withVictimRecord++;
    const resolved = {} as Record<LinkedAttribute, string | null>;
    for (const a of ATTRIBUTES) {
      const { value, conflicting } = resolve(members, a);
      resolved[a] = value;
      if (conflicting) conflicts[a]++;
      tallies[a].set(value, (tallies[a].get(value) ?? 0) + 1);
    }
    const key = `${resolved.sex}|${resolved.ageBand}`;
    const cell = sexAge.get(key) ?? { sex: resolved.sex, ageBand: resolved.ageBand, count: 0 };
    cell.count++;
    sexAge.set(key, cell);
  }
  return {
    people: byCluster.size,
    withVictimRecord,
    byDepartment: sortCounts(tallies.department),
    bySex: sortCounts(tallies.sex),
    byAgeBand: sortCounts(tallies.ageBand),
    bySexAndAge: [...sexAge.values()].sort(
      (a, b) =>
        String(a.sex).localeCompare(String(b.sex)) ||
        String(a.ageBand).localeCompare(String(b.ageBand)),
    ),
    byExploitationForm: sortCounts(tallies.exploitationForm),
    conflicts,
  };
}
