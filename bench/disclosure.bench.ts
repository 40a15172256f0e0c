/**
 * npm run bench:disclosure — disclosure control of a public table of about 2,000 cells: the
 * suppression (primary, complementary, and the audit-and-repair rounds protectTable runs) and
 * the independent LP audit of the result, against the goal of ≤ 2 s for both (issue 13). Prints
 * figures; never fails on a slow one (timings depend on the machine and on what else runs on
 * it, so the load average is printed beside them).
 *
 *   BENCH_ROWS     rows of the synthetic table (default 40)
 *   BENCH_COLUMNS  columns (default 50): 40 × 50 with margins is 2,091 cells
 *   BENCH_RUNS     warm runs after the first (default 5)
 *   BENCH_SEED     PRNG seed (default 2021)
 *   BENCH_ZEROS    percent of empty cells (default 20)
 *   BENCH_SMALL    percent of cells between 1 and 10 (default 15)
 *
 * Then the information loss on tables transcribed from the seeds.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { loadLpSolver } from "../src/server/lib/lp-solver.ts";
import { auditProtectedTable } from "../src/shared/disclosure/audit-table.ts";
import {
  type CountTable,
  oneWayTable,
  type TwoWayTable,
} from "../src/shared/disclosure/count-table.ts";
import { type ProtectedTable, protectTable } from "../src/shared/disclosure/protect-table.ts";
import { positiveInt } from "./bench-options.ts";

const options = {
  rows: positiveInt("BENCH_ROWS", 40),
  columns: positiveInt("BENCH_COLUMNS", 50),
  runs: positiveInt("BENCH_RUNS", 5),
  seed: positiveInt("BENCH_SEED", 2021),
  zeros: percent("BENCH_ZEROS", 20),
  small: percent("BENCH_SMALL", 15),
};
const GOAL_MS = 2000;

function percent(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    console.error(`${name} must be a percentage, got "${raw}".`);
    process.exit(2);
  }
  return n / 100;
}

/** mulberry32: small, seeded, good enough to draw counts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Counts as a register by province and month, or by district and nationality, gives them: empty
 * cells, small ones between 1 and 10 (what disclosure control is for) and a long tail
 * (log-uniform from 11 to about 2,000). The defaults, one cell in five empty and 15 % small,
 * make complementary suppression do real work; with many more small cells they protect each
 * other and few complements are needed (BENCH_SMALL=35 shows it).
 */
function syntheticTable(rows: number, columns: number, seed: number): TwoWayTable {
  const random = prng(seed);
  const draw = () => {
    const u = random();
    if (u < options.zeros) return 0;
    if (u < options.zeros + options.small) return 1 + Math.floor(random() * 10);
    return Math.floor(11 * Math.exp(random() * Math.log(180)));
  };
  return {
    kind: "two-way",
    rows: Array.from({ length: rows }, (_, r) => `fila-${r + 1}`),
    columns: Array.from({ length: columns }, (_, c) => `columna-${c + 1}`),
    counts: Array.from({ length: rows }, () => Array.from({ length: columns }, draw)),
  };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const pct = (n: number) => `${(100 * n).toFixed(1)} %`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

function describeLoss(p: ProtectedTable): string {
  const l = p.informationLoss;
  const complementary = p.suppressions.filter((s) => s.rule === "complementaria").length;
  return [
    `${l.cellsSuppressed} of ${l.cellsTotal} cells suppressed (${pct(l.cellsSuppressed / l.cellsTotal)}):`,
    `${l.cellsSuppressed - complementary} primary, ${complementary} complementary, ${l.marginsSuppressed} of them totals;`,
    `${l.valueSuppressed} of ${l.valueTotal} counted (${pct(l.shareSuppressed)}) hidden`,
  ].join(" ");
}

const solverStart = performance.now();
const solver = await loadLpSolver();
const solverMs = performance.now() - solverStart;

const table = syntheticTable(options.rows, options.columns, options.seed);
const runs: { protect: number; audit: number }[] = [];
let last: ProtectedTable | null = null;
let auditSolves = 0;
let auditPassed = true;
for (let i = 0; i <= options.runs; i++) {
  const start = performance.now();
  const p = protectTable(table, { audience: "public", solver });
  const mid = performance.now();
  const report = auditProtectedTable(table, p, { solver });
  const end = performance.now();
  runs.push({ protect: mid - start, audit: end - mid });
  auditPassed &&= report.passed;
  auditSolves = report.lpSolves;
  last = p;
}
const [load1, load5, load15] = loadavg();
const cold = runs[0] ?? { protect: 0, audit: 0 };
const warm = runs.slice(1);
const warmProtect = median(warm.map((r) => r.protect));
const warmAudit = median(warm.map((r) => r.audit));
const warmTotal = median(warm.map((r) => r.protect + r.audit));

console.log(
  `bench:disclosure — ${options.rows} × ${options.columns} table with margins (${pct(options.zeros)} empty, ${pct(options.small)} between 1 and 10), k = 11, protection width 11`,
);
console.log(
  `machine: ${cpus().length} cores, load average ${load1?.toFixed(2)} / ${load5?.toFixed(2)} / ${load15?.toFixed(2)} (1 / 5 / 15 min)`,
);
console.log(`HiGHS (WebAssembly) loaded in ${ms(solverMs)}`);
if (last) {
  console.log(`loss: ${describeLoss(last)}`);
  console.log(
    `suppression: ${last.verification.rounds} audit round(s), ${last.verification.repairs} repair(s), ${last.verification.lpSolves} LPs; independent audit: ${auditSolves} LPs, ${auditPassed ? "passed" : "FAILED"} on every run`,
  );
}
console.log("");
console.log("                       suppression      audit      total   ratio to goal (2 s)");
const line = (label: string, p: number, a: number, t: number) =>
  console.log(
    `${label.padEnd(22)} ${ms(p).padStart(11)} ${ms(a).padStart(10)} ${ms(t).padStart(10)}   ${(t / GOAL_MS).toFixed(2)}`,
  );
line("first run (cold)", cold.protect, cold.audit, cold.protect + cold.audit);
line(`warm, median of ${warm.length}`, warmProtect, warmAudit, warmTotal);
line(
  "first run + loading",
  cold.protect + solverMs,
  cold.audit,
  cold.protect + cold.audit + solverMs,
);
console.log(
  "(the first run pays V8's compilation of the WebAssembly code as it is first used; a server pays it once)",
);

// Tables transcribed from the seeds (docs/disclosure.md): the loss disclosure control costs them.
const seedTables: [string, CountTable][] = [
  [
    "police officers trained 2021–2023 by region (seed 003:164-179)",
    oneWayTable("Total", { Arequipa: 350, Cusco: 370, Puno: 420, Tacna: 320, Moquegua: 250 }, 1710),
  ],
  [
    "foreign victims 2019 by nationality (seed 002:481-491)",
    {
      kind: "hierarchy",
      root: {
        key: "Total",
        value: 454,
        parts: [
          {
            key: "Venezuela",
            parts: [
              { key: "Venezuela, adultos", value: 270 },
              { key: "Venezuela, NNA", value: 31 },
            ],
          },
          { key: "Colombia", value: 55 },
          { key: "Ecuador", value: 96 },
          { key: "Panamá", value: 1 },
          { key: "Bolivia", value: 1 },
        ],
      },
    },
  ],
  [
    "victims 2019, PNP–RETA, by sex and age (seed 002:326-342)",
    oneWayTable("Total", { Niñas: 148, Niños: 38, Adultos: 579 }, 765),
  ],
];
console.log("");
console.log("seed tables, public, k = 11:");
for (const [name, t] of seedTables) {
  const p = protectTable(t, { audience: "public", solver });
  const passed = auditProtectedTable(t, p, { solver }).passed;
  const hidden = p.suppressions.map((s) => `${s.key} (${s.rule})`).join(", ") || "nothing";
  console.log(
    `  ${name}: ${describeLoss(p)}; suppressed: ${hidden}; audit ${passed ? "passed" : "FAILED"}`,
  );
}
