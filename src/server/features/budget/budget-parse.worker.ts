import { parentPort, workerData } from "node:worker_threads";
import type { RecordRange } from "../../../shared/budget/csv-boundaries.ts";
import { ChunkProcessor, type ChunkSettings } from "../../../shared/budget/import-chunk.ts";
import { DomainError } from "../../errors.ts";
import { readRecordRange } from "./budget-source.service.ts";

/**
 * A worker thread of a budget import (ADR 0044): reads the ranges of the file it is given and
 * applies the import's row rules to them (ChunkProcessor, the same code the import runs in its
 * own thread), with a duplicate index of each range's own; the import merges the results in
 * row order and checks their chains against the earlier ranges.
 */

export interface WorkerSetup {
  path: string;
  fileName: string;
  encoding: "utf8" | "latin1";
  delimiter: string;
  settings: ChunkSettings;
}

export type ToWorker =
  | { type: "range"; index: number; range: RecordRange }
  | { type: "import-id"; year: number; importId: number }
  | { type: "stop-writing" };

export type FromWorker =
  | { type: "year"; year: number }
  | {
      type: "result";
      index: number;
      result: import("../../../shared/budget/import-chunk.ts").ChunkResult;
    }
  | { type: "failed"; index: number; message: string; stack: string | undefined }
  /** The range is not valid CSV (the strict reader's refusal, ADR 0041). */
  | {
      type: "refused";
      index: number;
      message: string;
      issues: { path: string; message: string }[];
    };

const port = parentPort;
if (!port) throw new Error("budget-parse.worker.ts runs only as a worker thread");
const setup = workerData as WorkerSetup;
const processor = new ChunkProcessor({ ...setup.settings, bytes: true }, null);
const ranges: { index: number; range: RecordRange }[] = [];
const ids = new Map<number, (importId: number) => void>();
let wake: (() => void) | null = null;

port.on("message", (m: ToWorker) => {
  if (m.type === "range") ranges.push(m);
  else if (m.type === "import-id") {
    processor.setImportId(m.year, m.importId);
    ids.get(m.year)?.(m.importId);
    ids.delete(m.year);
  } else processor.write = false;
  wake?.();
});

const importIdOf = (year: number) =>
  new Promise<number>((resolve) => {
    ids.set(year, resolve);
    port.postMessage({ type: "year", year } satisfies FromWorker);
  });

for (;;) {
  const next = ranges.shift();
  if (!next) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = null;
    continue;
  }
  try {
    const rows = await readRecordRange(
      setup.path,
      setup.fileName,
      setup.encoding,
      setup.delimiter,
      next.range,
    );
    processor.start(next.range.firstRow);
    for (let i = processor.run(rows, 0); i < rows.length; i = processor.run(rows, i)) {
      const year = processor.needYear as number;
      processor.setImportId(year, await importIdOf(year));
    }
    const result = processor.finish();
    const transfer = [result.chainRows.buffer, result.chainHashes.buffer] as ArrayBuffer[];
    if (typeof result.lineText !== "string") transfer.push(result.lineText.buffer as ArrayBuffer);
    port.postMessage({ type: "result", index: next.index, result } satisfies FromWorker, transfer);
  } catch (err) {
    if (err instanceof DomainError) {
      port.postMessage({
        type: "refused",
        index: next.index,
        message: err.message,
        issues: [...err.issues],
      } satisfies FromWorker);
      continue;
    }
    const e = err as Error;
    port.postMessage({
      type: "failed",
      index: next.index,
      message: e.message,
      stack: e.stack,
    } satisfies FromWorker);
  }
}
