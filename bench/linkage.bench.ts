/**
 * npm run bench:linkage — privacy-preserving record linkage on three synthetic lists with
 * known truth (issue 15 §5): generate, encode (keyed Bloom filters, as each institution
 * would), link (blocking → Dice → greedy clustering), then precision, recall and F1, records/s
 * and Dice comparisons/s, beside the goals (100,000 records linked in ≤ 30 s) and, when pip can
 * install them into a throwaway virtualenv, Splink (DuckDB) on the same plaintext and anonlink
 * on the same encodings. Prints figures; never fails on a slow one (the load average is
 * printed beside them).
 *
 *   BENCH_LINKAGE_RECORDS  records across the three lists (default 100000)
 *   BENCH_SEED             generator seed (default 2019)
 *   BENCH_THRESHOLD        Dice threshold (default 0.7)
 *   BENCH_PEERS            0 to skip the Python peers
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { encodeVictimRows } from "../src/server/features/linkage/encode-victims.ts";
import { bitMatrix, scorePairs } from "../src/shared/linkage/dice.ts";
import { decodeEncodingFiles } from "../src/shared/linkage/encodings-file.ts";
import {
  candidatePairs,
  clusterPairs,
  scoreCandidates,
} from "../src/shared/linkage/link-encodings.ts";
import { clusterQuality, duplicateQuality } from "../src/shared/linkage/linkage-quality.ts";
import { LinkageSchemaSchema } from "../src/shared/linkage/linkage-schema.ts";
import { rowsToCsv, syntheticLists, truthToCsv } from "../src/shared/linkage/synthetic-lists.ts";
import { positiveInt } from "./bench-options.ts";

const RECORDS = positiveInt("BENCH_LINKAGE_RECORDS", 100_000);
const SEED = positiveInt("BENCH_SEED", 2019);
const THRESHOLD = Number(process.env.BENCH_THRESHOLD ?? 0.7);
const GOAL_LINK_S = 30;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const out = fn();
  return [out, (performance.now() - t) / 1000];
};

console.log(
  `bench:linkage — ${fmt(RECORDS)} records, seed ${SEED}, threshold ${THRESHOLD}; ${cpus().length} cores, load ${load()}`,
);
const schema = LinkageSchemaSchema.parse(
  JSON.parse(readFileSync("reference/linkage/schema-v1.json", "utf8")),
);
const secret = Buffer.from("bench: a secret only the institutions hold, 32 B+");

const [lists, genS] = time(() => syntheticLists({ records: RECORDS, seed: SEED }));
console.log(
  `generate  ${lists.sources.map((s) => `${s.source} ${fmt(s.rows.length)}`).join(", ")}  ${genS.toFixed(2)} s`,
);
const [files, encS] = time(() =>
  lists.sources.map((s) =>
    encodeVictimRows(s.rows, { schema, secret, source: s.source, file: s.source }),
  ),
);
console.log(
  `encode    ${encS.toFixed(2)} s  ${fmt(RECORDS / encS)} records/s (at the institutions)`,
);

const [records, decS] = time(() => decodeEncodingFiles(files));
const [pairs, blockS] = time(() => candidatePairs(records));
const [scored, diceS] = time(() => scoreCandidates(records.matrix, pairs, THRESHOLD));
const [clusters, clusterS] = time(() => clusterPairs(records, scored, THRESHOLD));
const linkS = decS + blockS + diceS + clusterS;
const entity = new Map(lists.truth.map((t) => [t.id, t.entity]));
const entityOf = records.ids.map((id) => entity.get(id) ?? "");
const q = clusterQuality(clusters.clusters, entityOf, records.sourceOf);
const d = duplicateQuality(clusters.withinSource, entityOf, records.sourceOf);
console.log(
  `link      ${linkS.toFixed(2)} s (decode ${decS.toFixed(2)}, blocking ${blockS.toFixed(2)}, Dice ${diceS.toFixed(2)}, clusters ${clusterS.toFixed(2)})  goal ≤ ${GOAL_LINK_S} s  ${linkS <= GOAL_LINK_S ? "met" : "NOT met"}`,
);
console.log(
  `          ${fmt(RECORDS / linkS)} records/s; ${fmt(pairs.left.length)} candidate pairs, ${fmt(pairs.left.length / diceS)} Dice comparisons/s (blocked); ${pairs.oversizedBlocks} oversized blocks skipped`,
);
console.log(
  `quality   precision ${q.precision.toFixed(4)}  recall ${q.recall.toFixed(4)}  F1 ${q.f1.toFixed(4)}  (${fmt(q.truePairs)} true cross-source pairs)`,
);
console.log(
  `          within-source duplicates: ${fmt(clusters.withinSource.length)} reported, precision ${d.precision.toFixed(3)}, recall ${d.recall.toFixed(3)}`,
);

// Raw Dice rate, all pairs of two blocks of encodings: the figure anonlink reports.
const side = Math.min(2000, Math.floor(records.ids.length / 2));
const n = side * 2;
const width = records.matrix.width;
const sub = bitMatrix(records.matrix.words.slice(0, n * width), width);
const left = new Uint32Array(side * side);
const right = new Uint32Array(side * side);
for (let i = 0, p = 0; i < side; i++) {
  for (let j = 0; j < side; j++, p++) {
    left[p] = i;
    right[p] = side + j;
  }
}
const outIndex = new Uint32Array(side * side);
const outScore = new Float32Array(side * side);
scorePairs(sub, left, right, 0, 0, left.length, outIndex, outScore); // warm-up
const [, rawS] = time(() => scorePairs(sub, left, right, 0, 0, left.length, outIndex, outScore));
const ours = left.length / rawS;
console.log(
  `dice      all pairs ${fmt(side)}×${fmt(side)}: ${fmt(ours / 1e6, 1)} M comparisons/s on one thread (${width * 32} bits)  load ${load()}`,
);

if (process.env.BENCH_PEERS === "0") {
  console.log("peers     skipped (BENCH_PEERS=0)");
} else {
  runPeers();
}

/** Splink and anonlink in a throwaway virtualenv, on the same CSVs and encodings. */
function runPeers(): void {
  const dir = mkdtempSync(join(tmpdir(), "vigia-linkage-bench-"));
  try {
    const venv = join(dir, "venv");
    const made = spawnSync("python3", ["-m", "venv", venv], { encoding: "utf8", timeout: 120_000 });
    if (made.status !== 0) {
      console.log(
        `peers     skipped: python3 -m venv failed (${(made.stderr || made.error?.message || "").trim().split("\n").pop()})`,
      );
      return;
    }
    const pip = join(venv, "bin", "pip");
    const python = join(venv, "bin", "python");
    const install = (pkgs: string[]) => {
      const r = spawnSync(pip, ["install", "--disable-pip-version-check", "-q", ...pkgs], {
        encoding: "utf8",
        timeout: 300_000,
      });
      const why = `${r.stderr ?? ""}${r.error?.message ?? ""}`
        .trim()
        .split("\n")
        .filter(Boolean)
        .pop();
      return r.status === 0 ? null : (why ?? `exit ${r.status}`);
    };
    for (const list of lists.sources)
      writeFileSync(join(dir, `${list.source}.csv`), rowsToCsv(list.rows));
    writeFileSync(join(dir, "truth.csv"), truthToCsv(lists.truth));
    const splinkFailure = install(["splink", "duckdb"]);
    if (splinkFailure)
      console.log(`splink    skipped: pip could not install splink/duckdb: ${splinkFailure}`);
    else runPython(python, "splink", splinkScript(dir));
    const anonlinkFailure = install(["anonlink"]);
    if (anonlinkFailure) {
      console.log(`anonlink  skipped: pip could not install anonlink: ${anonlinkFailure}`);
    } else {
      for (const f of files)
        writeFileSync(
          join(dir, `${f.source}.clks.json`),
          JSON.stringify(f.records.map((r) => r.clk)),
        );
      runPython(python, "anonlink", anonlinkScript(dir, side));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runPython(python: string, name: string, script: string): void {
  const r = spawnSync(python, ["-c", script], { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) {
    console.log(
      `${name.padEnd(9)} failed: ${(r.stderr || r.error?.message || "").trim().split("\n").pop()}`,
    );
    return;
  }
  for (const line of r.stdout.trim().split("\n")) console.log(`${name.padEnd(9)} ${line}`);
  console.log(
    `          (ours: F1 ${q.f1.toFixed(4)}, link ${linkS.toFixed(2)} s, ${fmt(ours / 1e6, 1)} M Dice/s)  load ${load()}`,
  );
}

/** Splink 4+ on DuckDB: the same three lists, plaintext, with the usual name/date comparisons. */
function splinkScript(dir: string): string {
  return `
import time, itertools, pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
frames = []
for s in ["PNP", "MP", "MIMP"]:
    df = pd.read_csv("${dir}/" + s + ".csv", dtype=str).fillna("")
    df["source_dataset"] = s
    df["unique_id"] = df["id"]
    df = df.replace("", None)
    frames.append(df)
truth = pd.read_csv("${dir}/truth.csv", dtype=str)
entity = dict(zip(truth["id"], truth["entity"]))
t = time.time()
settings = SettingsCreator(
    link_type="link_only",
    comparisons=[
        cl.JaroWinklerAtThresholds("nombres", [0.9, 0.8]),
        cl.JaroWinklerAtThresholds("apellido_paterno", [0.9, 0.8]),
        cl.JaroWinklerAtThresholds("apellido_materno", [0.9, 0.8]),
        cl.DateOfBirthComparison("fecha_nacimiento", input_is_string=True),
        cl.ExactMatch("sexo"),
        cl.ExactMatch("numero_documento"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("apellido_paterno"), block_on("apellido_materno"), block_on("nombres"),
        block_on("numero_documento"),
    ],
)
linker = Linker(frames, settings, db_api=DuckDBAPI())
linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("apellido_paterno", "apellido_materno"))
pred = linker.inference.predict(threshold_match_probability=0.9)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.9).as_pandas_dataframe()
elapsed = time.time() - t
pairs = correct = 0
for _, g in clusters.groupby("cluster_id"):
    ids = list(g["unique_id"]); srcs = list(g["source_dataset"])
    for (a, sa), (b, sb) in itertools.combinations(zip(ids, srcs), 2):
        if sa != sb:
            pairs += 1; correct += entity[a] == entity[b]
true_pairs = 0
for _, g in truth.groupby("entity"):
    c = g["source"].value_counts()
    n = len(g); true_pairs += n * (n - 1) // 2 - sum(int(k) * (int(k) - 1) // 2 for k in c)
p = correct / pairs if pairs else 1; r = correct / true_pairs if true_pairs else 1
print(f"precision {p:.4f}  recall {r:.4f}  F1 {2*p*r/(p+r) if p+r else 0:.4f}  in {elapsed:.2f} s (plaintext)")
`;
}

function anonlinkScript(dir: string, side: number): string {
  return `
import json, time, base64, anonlink
from bitarray import bitarray
def load(s):
    out = []
    for c in json.load(open("${dir}/" + s + ".clks.json")):
        b = bitarray(endian="little"); b.frombytes(base64.b64decode(c)); out.append(b)
    return out
a, b = load("PNP")[:${side}], load("MP")[:${side}]
t = time.time()
anonlink.similarities.dice_coefficient_accelerated([a, b], threshold=0.0)
el = time.time() - t
print(f"all pairs {len(a)}x{len(b)}: {len(a)*len(b)/el/1e6:.1f} M comparisons/s")
`;
}
