import assert from "node:assert/strict";
import { test } from "node:test";
import { shareQuery } from "./read-cache.ts";

/** A query whose runs finish when the test says so, recording when each one started. */
function controllableQuery() {
  const runs: { started: number; finish: (v: number) => void }[] = [];
  let clock = 0;
  const run = () =>
    new Promise<number>((resolve) => {
      runs.push({ started: clock, finish: resolve });
    });
  return { runs, run, tick: () => ++clock };
}

test("callers arriving during a run share the next run, never the one already under way", async () => {
  const q = controllableQuery();
  const read = shareQuery(q.run);
  const a = read();
  assert.equal(q.runs.length, 1);
  q.tick(); // a commit happens after run 1 started
  const b = read();
  const c = read();
  assert.equal(b, c, "b and c share one queued run");
  assert.equal(q.runs.length, 1, "the queued run waits for the running one");
  q.runs[0]?.finish(1);
  assert.equal(await a, 1);
  await new Promise((r) => setImmediate(r));
  assert.equal(q.runs.length, 2);
  assert.equal(q.runs[1]?.started, 1, "run 2 started after b and c arrived");
  q.runs[1]?.finish(2);
  assert.equal(await b, 2);
  assert.equal(await c, 2);
  const d = read();
  assert.equal(q.runs.length, 3, "idle again: a new caller starts a run at once");
  q.runs[2]?.finish(3);
  assert.equal(await d, 3);
});

test("a failed run rejects its callers and does not block the next ones", async () => {
  let n = 0;
  const read = shareQuery(async () => {
    n += 1;
    if (n === 1) throw new Error("down");
    return n;
  });
  const first = read();
  const second = read();
  await assert.rejects(first, /down/);
  assert.equal(await second, 2);
  assert.equal(await read(), 3);
});
