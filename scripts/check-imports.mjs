#!/usr/bin/env node
// Import rules that neither tsc nor Biome checks (npm run check:imports):
// - no import cycle between modules, type-only imports included: two modules that need each
//   other's types cannot be read, moved or tested apart either;
// - no two features that import each other (src/server/features/A importing B and B importing
//   A), nor two folders of src/shared: a feature is the unit a newcomer changes alone, and a
//   mutual pair is one feature in two folders. Tests may reach across (a data-entry test that
//   opens a period); product code may not.
// The graph comes from dpdm, which resolves imports as TypeScript does.
import { parseCircular, parseDependencyTree } from "dpdm";

const SOURCES = ["src/**/*.ts", "src/**/*.tsx", "test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"];

/** The unit a file belongs to for the mutual-import rule, or null when it is not in one. */
function unitOf(file) {
  const feature = /^src\/server\/features\/([^/]+)\//.exec(file);
  if (feature) return `src/server/features/${feature[1]}`;
  const shared = /^src\/shared\/([^/]+)\//.exec(file);
  if (shared) return `src/shared/${shared[1]}`;
  return null;
}

const isTest = (file) => /\.test\.tsx?$/.test(file) || file.startsWith("test/");

const tree = await parseDependencyTree(SOURCES, {
  context: process.cwd(),
  transform: false,
  skipDynamicImports: false,
});

const problems = [];

for (const cycle of parseCircular(tree)) {
  problems.push(`cycle: ${[...cycle, cycle[0]].join(" → ")}`);
}

// unit → unit → one example edge, from product code only.
const edges = new Map();
for (const [issuer, deps] of Object.entries(tree)) {
  if (!deps || isTest(issuer)) continue;
  const from = unitOf(issuer);
  if (!from) continue;
  for (const dep of deps) {
    const to = dep.id ? unitOf(dep.id) : null;
    if (!to || to === from) continue;
    const out = edges.get(from) ?? new Map();
    if (!out.has(to)) out.set(to, `${issuer} → ${dep.id}`);
    edges.set(from, out);
  }
}
for (const [a, out] of edges) {
  for (const [b, example] of out) {
    const back = edges.get(b)?.get(a);
    if (back && a < b) problems.push(`mutual imports: ${a} ↔ ${b}\n    ${example}\n    ${back}`);
  }
}

const files = Object.keys(tree).filter((f) => !f.startsWith("node_modules/")).length;
if (problems.length > 0) {
  console.error(`check:imports: ${problems.length} problem(s) in ${files} files`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`check:imports: no cycle, no mutual feature imports (${files} files)`);
